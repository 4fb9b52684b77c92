// The typed API client: openapi-fetch over the generated paths (api/openapi.ts), with the CSRF
// header on every unsafe request and every error turned into an ApiProblem (RFC 9457 details).
import createClient from 'openapi-fetch';
import type { components, paths } from './openapi.ts';

export type Schemas = components['schemas'];
export type ProblemBody = Schemas['Problem'];

/** Kept in memory only (never in browser storage): it comes with GET /api/v1/me on every load. */
let csrfToken: string | undefined;
export const setCsrfToken = (token: string | undefined) => {
  csrfToken = token;
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const api = createClient<paths>({ baseUrl: '' });
api.use({
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
});

/** An error answer of the API, with its stable code and field errors. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: { path: string; message: string; code?: string }[];
  constructor(status: number, body: Partial<ProblemBody> | undefined) {
    super(body?.detail ?? body?.title ?? `The server answered ${status}.`);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = body?.code ?? 'unknown';
    this.detail = body?.detail ?? body?.title ?? `The server answered ${status}.`;
    this.errors = body?.errors ?? [];
  }
  /**
   * The first message about one field, e.g. "salary/min": schema validation names it
   * "body/salary/min", the actions "/salary/min"; both match.
   */
  fieldError(field: string): string | undefined {
    const wanted = fieldName(field);
    return this.errors.find((e) => fieldName(e.path) === wanted)?.message;
  }
}

/** "body/salary/min", "/salary/min" and "salary/min" all name the field "salary/min". */
export function fieldName(path: string): string {
  return path.replace(/^(body|querystring|params|headers)(?=\/|$)/, '').replace(/^\//, '');
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful answer, or an ApiProblem (network failures become status 0). */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch {
    throw new ApiProblem(0, {
      code: 'network_error',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (result.response.ok) return result.data as T;
  throw new ApiProblem(result.response.status, result.error as Partial<ProblemBody> | undefined);
}

/** A plain fetch for what openapi-fetch does not model well (multipart, downloads as blobs). */
export async function rawFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const method = (init.method ?? 'GET').toUpperCase();
  if (csrfToken && UNSAFE.has(method)) headers.set('x-csrf-token', csrfToken);
  const response = await fetch(input, { ...init, headers, credentials: 'same-origin' });
  if (!response.ok) {
    const body = await response.json().catch(() => undefined);
    throw new ApiProblem(response.status, body);
  }
  return response;
}
