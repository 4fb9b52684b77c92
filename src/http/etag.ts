import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { preconditionFailed } from '../shared/errors.ts';

export function hashEtag(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 27)}"`;
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const weak = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || weak(t) === weak(etag));
}

/** Sets the ETag; answers 304 (and returns true) when the client already has this version. */
export function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag);
  if (!matches(request.headers['if-none-match'], etag)) return false;
  reply.code(304).send();
  return true;
}

/** Throws 412 when If-Match is present and names none of the current representations' ETags. */
export function checkIfMatch(request: FastifyRequest, currentEtags: string[]) {
  const header = request.headers['if-match'];
  if (header !== undefined && !currentEtags.some((etag) => matches(header, etag))) throw preconditionFailed();
}

/** Sends JSON that is already serialised (cached bodies, or bodies hashed for an ETag). */
export function sendJsonText(reply: FastifyReply, json: string) {
  return reply.type('application/json; charset=utf-8').send(json as never);
}
