import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import type { Actor, Ctx } from '../shared/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

/** The action context for a request: its actor (set by auth), its id and the database. */
export function ctxOf(request: FastifyRequest, db: Db): Ctx {
  return { db, actor: request.actor, requestId: request.id };
}
