import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Db } from '../../db/client.ts';
import { ctxOf } from '../../http/context.ts';
import { hashEtag, notModified, sendJsonText } from '../../http/etag.ts';
import { setNextLink } from '../../http/pagination.ts';
import { problemResponses } from '../../http/problem.ts';
import { Skill, SkillListQuery, SkillPage, SkillParams } from './schemas.ts';
import { getSkill, listSkills } from './service.ts';

const tags = ['Skills'];

export const skillRoutes: FastifyPluginAsyncTypebox<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/api/v1/skills',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'List or search the skills taxonomy',
        description: '`q` matches names and aliases ("postgres" finds PostgreSQL) and tolerates typos.',
        querystring: SkillListQuery,
        response: { 200: SkillPage, ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const page = await listSkills(ctxOf(request, db), request.query);
      setNextLink(request, reply, page.nextCursor);
      const body = JSON.stringify(page);
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );

  app.get(
    '/api/v1/skills/:id',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Get one skill',
        params: SkillParams,
        response: { 200: Skill, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const body = JSON.stringify(await getSkill(ctxOf(request, db), request.params.id));
      if (notModified(request, reply, hashEtag(body))) return reply;
      return sendJsonText(reply, body);
    },
  );
};
