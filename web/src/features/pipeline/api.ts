// The board's data: a posting, its stages, all its applications (page after page), and moves.
// Query keys start with 'pipeline' so a move can update every board view of one posting at once.
import type { InfiniteData } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';
import type { BoardFilters } from './filters';

export type Application = Schemas['ApplicationSummary'];
export type Stage = Schemas['PipelineStage'];
export type ApplicationPage = { data: Application[]; nextCursor: string | null };
export type BoardData = InfiniteData<ApplicationPage, string | undefined>;

/** The API's largest page: 500 cards arrive in five requests. */
export const PAGE_LIMIT = 100;
/** The API's largest bulk move. */
export const BULK_LIMIT = 100;

export const pipelineKeys = {
  postings: ['pipeline', 'postings'] as const,
  posting: (postingId: string) => ['pipeline', postingId, 'posting'] as const,
  stages: (postingId: string) => ['pipeline', postingId, 'stages'] as const,
  applicationsOf: (postingId: string) => ['pipeline', postingId, 'applications'] as const,
  applications: (postingId: string, filters: BoardFilters) =>
    ['pipeline', postingId, 'applications', filters] as const,
  detail: (applicationId: string) => ['pipeline', 'application', applicationId] as const,
};

export const fetchPostingsPage = (cursor: string | undefined) =>
  unwrap(
    api.GET('/api/v1/org/postings', {
      params: { query: { limit: PAGE_LIMIT, ...(cursor ? { cursor } : {}) } },
    }),
  );

export const fetchPosting = (postingId: string) =>
  unwrap(api.GET('/api/v1/org/postings/{id}', { params: { path: { id: postingId } } }));

export const fetchStages = (postingId: string) =>
  unwrap(api.GET('/api/v1/org/postings/{id}/stages', { params: { path: { id: postingId } } }));

export const fetchApplicationDetail = (applicationId: string) =>
  unwrap(api.GET('/api/v1/org/applications/{id}', { params: { path: { id: applicationId } } }));

export function fetchApplicationsPage(
  postingId: string,
  filters: BoardFilters,
  cursor: string | undefined,
): Promise<ApplicationPage> {
  const query = {
    limit: PAGE_LIMIT,
    ...(cursor ? { cursor } : {}),
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.knockout === 'only' ? { knockout: true } : {}),
    ...(filters.knockout === 'hide' ? { knockout: false } : {}),
    ...(filters.scoreMin !== undefined ? { scoreMin: filters.scoreMin } : {}),
    sort: filters.sort,
  };
  return unwrap(
    api.GET('/api/v1/org/postings/{id}/applications', { params: { path: { id: postingId }, query } }),
  );
}

export interface MoveRequest {
  stageId: string;
  reason?: string;
  notify?: boolean;
}

export const moveOne = (applicationId: string, body: MoveRequest) =>
  unwrap(api.POST('/api/v1/org/applications/{id}/move', { params: { path: { id: applicationId } }, body }));

export const moveMany = (ids: string[], body: MoveRequest) =>
  unwrap(api.POST('/api/v1/org/applications/bulk-move', { body: { ...body, ids } }));

/** The same applications with `change` applied to those in `ids`. */
export function mapApplications(
  data: BoardData | undefined,
  ids: ReadonlySet<string>,
  change: (application: Application) => Application,
): BoardData | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      data: page.data.map((a) => (ids.has(a.id) ? change(a) : a)),
    })),
  };
}
