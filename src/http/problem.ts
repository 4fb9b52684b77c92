// Every error leaves the server as RFC 9457 problem+json with a stable `code`; never a stack trace.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.ts';

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String({ description: 'Stable, snake_case error code' }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String(),
          message: Type.String(),
          code: Type.Optional(
            Type.String({ description: 'Stable code of this one problem, when it has one' }),
          ),
        }),
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);
export type ProblemBody = Static<typeof Problem>;

/** Route response schemas for these error statuses, documented as application/problem+json. */
export function problemResponses(...statuses: number[]) {
  const response = {
    description: 'Problem details (RFC 9457)',
    content: { 'application/problem+json': { schema: Type.Ref(Problem) } },
  };
  return Object.fromEntries(statuses.map((status) => [status, response]));
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const body: ProblemBody = {
    type: `https://rolecraft.dev/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0]!,
    code,
    ...extra,
  };
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body);
}

/** Fastify's own error codes mapped to ours. */
const FASTIFY_CODES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'This content type is not accepted here.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_body', 'The JSON body is empty.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_body', 'The body is not valid JSON.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'malformed_body', 'Content-Length does not match the body.'],
};

/**
 * Connection failures mean the database is down: tell the client to retry, do not blame it.
 * ("not queryable": the rollback of a transaction whose connection died replaces the first error.)
 */
const DB_DOWN =
  /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|57P0[123]|PGlite is closed|Cannot use a pool after calling end|not queryable/;

/** Drizzle wraps driver errors, so look through the whole cause chain. */
function causeMatches(error: unknown, pattern: RegExp): boolean {
  for (
    let e = error as { message?: string; code?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (pattern.test(`${e.message ?? ''} ${e.code ?? ''}`)) return true;
    e = e.cause as typeof e;
  }
  return false;
}
const isDatabaseDown = (error: unknown) => causeMatches(error, DB_DOWN);

/**
 * PostgreSQL refuses NUL characters in text (22021, or 22P05 inside jsonb) and out-of-range
 * numbers (22003). Any input that reaches it with one is the caller's mistake, not a server error.
 */
const UNSTORABLE = /\b(22021|22P05|22003)\b/;

/**
 * What of an unexpected error may be logged. Drizzle's messages carry the query's parameters
 * ("Failed query: … params: …"), which can be secrets (a TOTP secret, a token hash, an email):
 * keep the SQL, drop the parameters, here and down the cause chain.
 */
export function loggable(error: unknown, depth = 0): Record<string, unknown> {
  const e = error as { name?: string; message?: string; code?: string; stack?: string; cause?: unknown };
  const message = String(e?.message ?? error).replace(/\nparams:[\s\S]*$/, '\nparams: [redacted]');
  return {
    type: e?.name ?? typeof error,
    message,
    ...(e?.code ? { code: e.code } : {}),
    ...(e?.stack
      ? { stack: e.stack.replace(/\nparams:[\s\S]*?\n(\s+at )/, '\nparams: [redacted]\n$1') }
      : {}),
    ...(e?.cause && depth < 3 ? { cause: loggable(e.cause, depth + 1) } : {}),
  };
}

export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      reply.headers(error.headers);
      return sendProblem(request, reply, error.status, error.code, error.message, error.extra);
    }
    if (error.validation) {
      const errors = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath || ''}`,
        message: v.message ?? 'is invalid',
      }));
      return sendProblem(request, reply, 400, 'validation_failed', 'The request is not valid.', { errors });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendProblem(request, reply, known[0], known[1], known[2]);
    if (error instanceof SyntaxError && error.statusCode === 400) {
      return sendProblem(request, reply, 400, 'malformed_body', 'The body is not valid JSON.');
    }
    if (isDatabaseDown(error)) {
      request.log.warn({ err: loggable(error) }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblem(
        request,
        reply,
        503,
        'service_unavailable',
        'The database is unavailable; retry shortly.',
      );
    }
    if (causeMatches(error, UNSTORABLE)) {
      return sendProblem(
        request,
        reply,
        422,
        'unprocessable_value',
        'A value cannot be stored or looked up: text must not contain NUL characters, and numbers must be in range.',
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = (error.code ?? 'bad_request').replace(/^FST_ERR_/, '').toLowerCase();
      return sendProblem(request, reply, status, code, error.message);
    }
    request.log.error({ err: loggable(error) }, 'unhandled error');
    return sendProblem(request, reply, 500, 'internal_error', 'Something went wrong on our side.');
  });
}
