import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import type { Actor, Ctx } from '../shared/context.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

/** The action context for a request: its actor (set by auth), its id, its origin and the database. */
export function ctxOf(request: FastifyRequest, db: Db): Ctx {
  const userAgent = request.headers['user-agent'];
  return {
    db,
    actor: request.actor,
    requestId: request.id,
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 300) : undefined,
  };
}
