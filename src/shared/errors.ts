/**
 * Typed application errors. Actions throw these; http/problem.ts maps them to RFC 9457
 * responses and the CLI prints their message on one line.
 */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} was not found.`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const invalid = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(422, code, message, extra);
export const preconditionFailed = () =>
  new AppError(
    412,
    'precondition_failed',
    'The resource has changed since you read it (If-Match does not match).',
  );
