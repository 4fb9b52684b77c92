// The posting calls the screens share: typed from the generated paths, with the ETag kept beside
// the posting so every edit and transition can send If-Match (the server answers 412 when someone
// else changed it in between).
import { ApiProblem, api, type ProblemBody, unwrap } from '../../api/client';
import type { paths } from '../../api/openapi';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Posting = Json<paths['/api/v1/org/postings/{id}']['get']['responses'][200]>;
export type PostingContent = Posting['content'];
export type PostingPatch = NonNullable<
  paths['/api/v1/org/postings/{id}']['patch']['requestBody']
>['content']['application/json'];
export type PostingSummary = Json<paths['/api/v1/org/postings']['get']['responses'][200]>['data'][number];
export type PostingStatus = Posting['status'];
export type PublishCheck = Json<paths['/api/v1/org/postings/{id}/checks']['get']['responses'][200]>;
export type CheckItem = PublishCheck['errors'][number];
export type Analysis = Json<paths['/api/v1/org/postings/{id}/analysis']['get']['responses'][200]>;
export type Finding = Analysis['findings'][number];
export type PostingEvent = Json<
  paths['/api/v1/org/postings/{id}/events']['get']['responses'][200]
>['items'][number];
export type PostingVersion = Json<
  paths['/api/v1/org/postings/{id}/versions']['get']['responses'][200]
>['data'][number];
export type Question = PostingContent['questions'][number];
export type Location = PostingContent['locations'][number];
export type Transition = 'publish' | 'close' | 'reopen' | 'archive';

/** A posting with the ETag of the version it was read at. */
export interface Tagged {
  posting: Posting;
  etag: string | undefined;
}

export const postingKeys = {
  all: ['postings'] as const,
  lists: ['postings', 'list'] as const,
  list: (status: string) => ['postings', 'list', status] as const,
  detail: (id: string) => ['postings', 'detail', id] as const,
  /** Derived views of one posting (checks, analysis, events, versions): stale after every change. */
  part: (id: string, part: 'checks' | 'analysis' | 'events' | 'versions') =>
    ['postings', 'detail', id, part] as const,
};

interface Raw<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Like unwrap, but keeps the ETag, and the publish refusal's `reasons` (rule and source). */
async function tagged(call: Promise<Raw<Posting>>): Promise<Tagged> {
  let result: Raw<Posting>;
  try {
    result = await call;
  } catch {
    throw new ApiProblem(0, {
      code: 'network_error',
      detail: 'The server could not be reached. Check your connection and try again.',
    });
  }
  if (!result.response.ok) throw new PostingProblem(result.response.status, result.error);
  return { posting: result.data as Posting, etag: result.response.headers.get('etag') ?? undefined };
}

/** An ApiProblem that also carries the publishing checks a refusal lists. */
export class PostingProblem extends ApiProblem {
  readonly reasons: CheckItem[];
  constructor(status: number, body: unknown) {
    const problem = (body ?? {}) as Partial<ProblemBody> & { reasons?: CheckItem[] };
    super(status, problem);
    this.reasons = Array.isArray(problem.reasons) ? problem.reasons : [];
  }
}

const ifMatch = (etag: string | undefined) => (etag ? { 'If-Match': etag } : undefined);

export const fetchPosting = (id: string) =>
  tagged(api.GET('/api/v1/org/postings/{id}', { params: { path: { id } } }) as Promise<Raw<Posting>>);

export const patchPosting = (id: string, etag: string | undefined, body: PostingPatch) =>
  tagged(
    api.PATCH('/api/v1/org/postings/{id}', {
      params: { path: { id } },
      body,
      headers: ifMatch(etag),
    }) as Promise<Raw<Posting>>,
  );

export function transitionPosting(id: string, etag: string | undefined, name: Transition, reason?: string) {
  const init = { params: { path: { id } }, body: reason ? { reason } : {}, headers: ifMatch(etag) };
  const call =
    name === 'publish'
      ? api.POST('/api/v1/org/postings/{id}/publish', init)
      : name === 'close'
        ? api.POST('/api/v1/org/postings/{id}/close', init)
        : name === 'reopen'
          ? api.POST('/api/v1/org/postings/{id}/reopen', init)
          : api.POST('/api/v1/org/postings/{id}/archive', init);
  return tagged(call as Promise<Raw<Posting>>);
}

export const deletePosting = (id: string, etag: string | undefined) =>
  unwrap(api.DELETE('/api/v1/org/postings/{id}', { params: { path: { id } }, headers: ifMatch(etag) }));

export const fetchChecks = (id: string) =>
  unwrap(api.GET('/api/v1/org/postings/{id}/checks', { params: { path: { id } } }));
export const fetchAnalysis = (id: string) =>
  unwrap(api.GET('/api/v1/org/postings/{id}/analysis', { params: { path: { id } } }));
export const fetchEvents = (id: string) =>
  unwrap(api.GET('/api/v1/org/postings/{id}/events', { params: { path: { id } } }));
export const fetchVersions = (id: string) =>
  unwrap(api.GET('/api/v1/org/postings/{id}/versions', { params: { path: { id }, query: { limit: 20 } } }));

export type PostingCreate = NonNullable<
  paths['/api/v1/org/postings']['post']['requestBody']
>['content']['application/json'];

export const createPosting = (body: PostingCreate) =>
  tagged(api.POST('/api/v1/org/postings', { body }) as Promise<Raw<Posting>>);
