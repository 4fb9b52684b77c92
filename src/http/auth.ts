// Until accounts exist, writes need the operator's admin token; reads are public.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function makeRequireAdmin(adminToken: string | undefined) {
  const expected = adminToken ? digest(adminToken) : undefined;
  return async function requireAdmin(request: FastifyRequest) {
    if (!expected) {
      throw new AppError(
        403,
        'writes_disabled',
        'Writes are disabled: the server has no ROLECRAFT_ADMIN_TOKEN.',
      );
    }
    const header = request.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    // Comparing digests keeps the comparison constant-time whatever the token's length.
    if (token && timingSafeEqual(digest(token), expected)) {
      request.actor = { kind: 'admin' };
      return;
    }
    throw new AppError(
      401,
      'unauthenticated',
      'A valid admin token is required: Authorization: Bearer <token>.',
      {},
      { 'www-authenticate': 'Bearer realm="rolecraft"' },
    );
  };
}
