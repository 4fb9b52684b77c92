import type { Db } from '../db/client.ts';
import { AppError } from './errors.ts';

/** Who is acting: until accounts exist, the operator's admin token, the CLI (system) or anyone. */
export type Actor = { kind: 'anonymous' } | { kind: 'admin' } | { kind: 'system' };

export interface Ctx {
  db: Db;
  actor: Actor;
  requestId: string;
}

export const systemCtx = (db: Db): Ctx => ({ db, actor: { kind: 'system' }, requestId: 'system' });

/** Library writes: the admin token or the CLI. Routes check too; this is the rule's one home. */
export function assertCanWriteTemplates(ctx: Ctx) {
  if (ctx.actor.kind === 'anonymous') {
    throw new AppError(401, 'unauthenticated', 'Writing templates needs the admin token.');
  }
}
