import { type Static, Type } from '@sinclair/typebox';
import { PageQuery, pageOf } from '../../http/pagination.ts';

export const Skill = Type.Object({
  id: Type.String({ description: 'Stable canonical id, e.g. postgresql' }),
  name: Type.String(),
  category: Type.String(),
  aliases: Type.Array(Type.String()),
});

export const SkillPage = pageOf(Skill);

export const SkillListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Name or alias, typos tolerated' })),
    category: Type.Optional(Type.String({ maxLength: 40 })),
    ...PageQuery,
  },
  { additionalProperties: false },
);
export type SkillListQuery = Static<typeof SkillListQuery>;

export const SkillParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
