// Reads and writes of the template library, and their query keys. Global templates live at
// /api/v1/templates, the organization's at /api/v1/org/templates.
import { ApiProblem, api, rawFetch, unwrap } from '../../api/client';
import type {
  Analysis,
  AnalysisDocument,
  Category,
  LibraryParam,
  Seniority,
  Template,
  TemplateCreate,
  TemplatePage,
  TemplatePatch,
  TemplateVersion,
  VersionPage,
} from './types';

export const PAGE_SIZE = 20;

export type LibraryFilter = 'all' | 'global' | 'organization';

export interface ListFilters {
  q: string;
  category: Category | undefined;
  seniority: Seniority | undefined;
  library: LibraryFilter;
}

export const templateKeys = {
  all: ['templates'] as const,
  list: (filters: ListFilters) => ['templates', 'list', filters] as const,
  detail: (library: LibraryParam, slug: string) => ['templates', 'detail', library, slug] as const,
  analysis: (library: LibraryParam, slug: string) => ['templates', 'analysis', library, slug] as const,
  versions: (library: LibraryParam, slug: string) => ['templates', 'versions', library, slug] as const,
  version: (library: LibraryParam, slug: string, version: number) =>
    ['templates', 'version', library, slug, version] as const,
  live: (documentJson: string) => ['templates', 'live-analysis', documentJson] as const,
};

export async function listTemplates(filters: ListFilters, cursor: string | undefined): Promise<TemplatePage> {
  const query = {
    limit: PAGE_SIZE,
    ...(filters.q ? { q: filters.q } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.seniority ? { seniority: filters.seniority } : {}),
    ...(cursor ? { cursor } : {}),
  };
  if (filters.library === 'global') return unwrap(api.GET('/api/v1/templates', { params: { query } }));
  return unwrap(
    api.GET('/api/v1/org/templates', { params: { query: { ...query, library: filters.library } } }),
  );
}

/** A template with the ETag it was read at (sent back as If-Match when saving). */
export interface Loaded {
  template: Template;
  etag: string | undefined;
}

async function withEtag(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<Loaded> {
  const template = (await unwrap(call)) as Template;
  const { response } = await call;
  return { template, etag: response.headers.get('etag') ?? undefined };
}

export function getTemplate(library: LibraryParam, slug: string): Promise<Loaded> {
  const params = { path: { slug } };
  return withEtag(
    library === 'global'
      ? api.GET('/api/v1/templates/{slug}', { params })
      : api.GET('/api/v1/org/templates/{slug}', { params }),
  );
}

export function getAnalysis(library: LibraryParam, slug: string): Promise<Analysis> {
  const params = { path: { slug } };
  return unwrap(
    library === 'global'
      ? api.GET('/api/v1/templates/{slug}/analysis', { params })
      : api.GET('/api/v1/org/templates/{slug}/analysis', { params }),
  );
}

export function analyzeDocument(document: AnalysisDocument, signal?: AbortSignal): Promise<Analysis> {
  return unwrap(api.POST('/api/v1/analyze', { body: { document }, ...(signal ? { signal } : {}) }));
}

export async function listAllVersions(library: LibraryParam, slug: string): Promise<TemplateVersion[]> {
  const all: TemplateVersion[] = [];
  let cursor: string | undefined;
  // Templates rarely have more than a few dozen versions; a cap keeps a runaway loop impossible.
  for (let page = 0; page < 20; page++) {
    const params = { path: { slug }, query: { limit: 100, ...(cursor ? { cursor } : {}) } };
    const result: VersionPage = await unwrap(
      library === 'global'
        ? api.GET('/api/v1/templates/{slug}/versions', { params })
        : api.GET('/api/v1/org/templates/{slug}/versions', { params }),
    );
    all.push(...result.data);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return all;
}

export function getVersion(library: LibraryParam, slug: string, version: number): Promise<TemplateVersion> {
  const params = { path: { slug, version } };
  return unwrap(
    library === 'global'
      ? api.GET('/api/v1/templates/{slug}/versions/{version}', { params })
      : api.GET('/api/v1/org/templates/{slug}/versions/{version}', { params }),
  );
}

export function forkTemplate(slug: string, newSlug?: string): Promise<Template> {
  return unwrap(
    api.POST('/api/v1/templates/{slug}/fork', {
      params: { path: { slug } },
      body: newSlug ? { slug: newSlug } : {},
    }),
  );
}

export function createTemplate(body: TemplateCreate): Promise<Template> {
  return unwrap(api.POST('/api/v1/org/templates', { body }));
}

export function updateTemplate(
  library: LibraryParam,
  slug: string,
  body: TemplatePatch,
  etag: string | undefined,
): Promise<Loaded> {
  const options = {
    params: { path: { slug } },
    body,
    ...(etag ? { headers: { 'if-match': etag } } : {}),
  };
  return withEtag(
    library === 'global'
      ? api.PATCH('/api/v1/templates/{slug}', options)
      : api.PATCH('/api/v1/org/templates/{slug}', options),
  );
}

export type ParsedTemplate = Omit<TemplateCreate, 'slug' | 'category' | 'seniority'> & {
  title: string;
  summary: string;
  responsibilities: string[];
  qualifications: string[];
  skills: string[];
};

/** Imports text into the organization's library; with dryRun only parses it. */
export async function importTemplate(text: string, dryRun: true): Promise<ParsedTemplate>;
export async function importTemplate(text: string, dryRun: false): Promise<Template>;
export async function importTemplate(text: string, dryRun: boolean): Promise<ParsedTemplate | Template> {
  const response = await rawFetch(`/api/v1/org/templates/import?dryRun=${dryRun}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: text,
  });
  return response.json();
}

export const isPreconditionFailed = (error: unknown) => error instanceof ApiProblem && error.status === 412;
export const isConflict = (error: unknown) => error instanceof ApiProblem && error.status === 409;
