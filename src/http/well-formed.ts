// JSON can carry lone UTF-16 surrogates ("\ud800"), which no database text or jsonb column can
// store: they would reach PostgreSQL and fail there as a server error. Bodies are checked once,
// before validation, and refused with a clear 400 instead.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../shared/errors.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) in value with a lone surrogate, or null. */
export function illFormedPath(value: unknown, path = 'body', depth = 0): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) return path;
    const found = illFormedPath(item, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

export function registerWellFormedBodies(app: FastifyInstance) {
  app.addHook('preValidation', (request, _reply, done) => {
    const path = request.body === undefined ? null : illFormedPath(request.body);
    if (!path) return done();
    done(
      new AppError(400, 'invalid_text', 'Text must be valid Unicode: it holds a lone surrogate.', {
        errors: [{ path, message: 'Holds a lone UTF-16 surrogate.' }],
      }),
    );
  });
}
