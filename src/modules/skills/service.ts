import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import type { Ctx } from '../../shared/context.ts';
import { notFound } from '../../shared/errors.ts';
import * as repo from './repo.ts';
import type { SkillListQuery } from './schemas.ts';

const MAX_OFFSET = 1000;

export async function listSkills(ctx: Ctx, query: SkillListQuery) {
  const q = query.q?.trim();
  const limit = query.limit;
  if (!q) {
    const after = decodeCursor(
      query.cursor,
      (v): v is { n: string; i: string } => typeof v.n === 'string' && typeof v.i === 'string',
    );
    const rows = await repo.listSkills(ctx.db, query.category, after && [after.n, after.i], limit + 1);
    const data = rows.slice(0, limit);
    const last = data.at(-1);
    return {
      data,
      nextCursor:
        rows.length > limit && last ? encodeCursor({ n: last.name.toLowerCase(), i: last.id }) : null,
    };
  }
  const at = decodeCursor(
    query.cursor,
    (v): v is { o: number } => Number.isInteger(v.o) && (v.o as number) >= 0 && (v.o as number) <= MAX_OFFSET,
  );
  const offset = at?.o ?? 0;
  const rows = await repo.searchSkills(ctx.db, q, query.category, offset, limit + 1);
  const data = rows.slice(0, limit);
  return {
    data,
    nextCursor:
      rows.length > limit && offset + limit <= MAX_OFFSET ? encodeCursor({ o: offset + limit }) : null,
  };
}

export async function getSkill(ctx: Ctx, id: string) {
  const skill = await repo.findSkill(ctx.db, id);
  if (!skill) throw notFound(`Skill "${id}"`);
  return skill;
}
