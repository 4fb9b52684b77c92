// Browse and search the global library and the organization's: filters and the query live in the
// URL, results page with "Load more" (cursor).
import { useInfiniteQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useCan, useSession } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Badge, Button, EmptyState, Field, Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { type LibraryFilter, type ListFilters, listTemplates, templateKeys } from './api';
import {
  CATEGORIES,
  humanize,
  isCategory,
  isSeniority,
  libraryParamOf,
  SENIORITIES,
  type TemplateSummary,
} from './types';

const LIBRARIES: { value: LibraryFilter; label: string }[] = [
  { value: 'all', label: 'All templates' },
  { value: 'global', label: 'Built-in only' },
  { value: 'organization', label: 'Ours only' },
];

function filtersOf(params: URLSearchParams): ListFilters {
  const category = params.get('category');
  const seniority = params.get('seniority');
  const library = params.get('library');
  return {
    q: params.get('q')?.trim() ?? '',
    category: isCategory(category) ? category : undefined,
    seniority: isSeniority(seniority) ? seniority : undefined,
    library: library === 'global' || library === 'organization' ? library : 'all',
  };
}

/** About two lines of the summary, cut at a word: enough to tell templates apart in a list. */
function shortSummary(summary: string, max = 180) {
  if (summary.length <= max) return summary;
  const cut = summary.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : max).replace(/[\s,;:.]+$/, '')}…`;
}

function TemplateRow({ template, orgName }: { template: TemplateSummary; orgName: string }) {
  const library = libraryParamOf(template.library);
  return (
    <li className="list-item template-row">
      <h2 className="template-row-title">
        <Link to={`/templates/${library}/${template.slug}`}>{template.role}</Link>
      </h2>
      <p className="row small template-row-meta">
        <Badge tone={template.library === 'global' ? 'neutral' : 'primary'}>
          <span className="sr-only">Library: </span>
          {template.library === 'global' ? 'Built-in' : orgName}
        </Badge>
        <span>
          <span className="sr-only">Category: </span>
          {humanize(template.category)}
        </span>
        <span aria-hidden="true">·</span>
        <span>
          <span className="sr-only">Seniority: </span>
          {humanize(template.seniority)}
        </span>
        {template.forkedFrom && <span className="muted">Forked from {template.forkedFrom}</span>}
      </p>
      {template.summary && <p className="muted template-row-summary">{shortSummary(template.summary)}</p>}
    </li>
  );
}

export function TemplateLibrary() {
  useDocumentTitle('Templates');
  const me = useSession();
  const canWrite = useCan('templates.write');
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [draft, setDraft] = useState(filters.q);
  // Back/forward changes the URL's query: the box follows it.
  useEffect(() => setDraft(filters.q), [filters.q]);

  const results = useInfiniteQuery({
    queryKey: templateKeys.list(filters),
    queryFn: ({ pageParam }) => listTemplates(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const update = (changes: Partial<Record<'q' | 'category' | 'seniority' | 'library', string>>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value && !(key === 'library' && value === 'all')) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    update({ q: draft.trim() });
  };

  const templates = results.data?.pages.flatMap((p) => p.data) ?? [];
  const corrected = results.data?.pages[0]?.correctedQuery;
  const orgName = me.activeOrganization?.name ?? 'Your organization';
  const filtered = Boolean(filters.q || filters.category || filters.seniority || filters.library !== 'all');

  return (
    <div className="stack">
      <PageHeader
        title="Templates"
        description="Job description templates: the built-in library and your organization’s own. Start a posting from one, or fork it and make it yours."
        actions={
          canWrite && (
            <>
              <Link className="btn btn-primary" to="/templates/new">
                New template
              </Link>
              <Link className="btn" to="/templates/import">
                Import
              </Link>
            </>
          )
        }
      />
      <section className="card stack-sm" aria-label="Search and filters">
        <form className="template-search" onSubmit={search}>
          <Field
            label="Search templates"
            hint="Role, skill or words from the description, e.g. backend or “data analyst”."
          >
            <input type="search" className="input" value={draft} onChange={(e) => setDraft(e.target.value)} />
          </Field>
          <Button type="submit" variant="primary">
            Search
          </Button>
        </form>
        <div className="template-filters">
          <Field label="Category">
            <select value={filters.category ?? ''} onChange={(e) => update({ category: e.target.value })}>
              <option value="">Any category</option>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {humanize(c)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Seniority">
            <select value={filters.seniority ?? ''} onChange={(e) => update({ seniority: e.target.value })}>
              <option value="">Any seniority</option>
              {SENIORITIES.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Library">
            <select value={filters.library} onChange={(e) => update({ library: e.target.value })}>
              {LIBRARIES.map((l) => (
                <option key={l.value} value={l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        {filtered && (
          <div>
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setDraft('');
                setParams(new URLSearchParams());
              }}
            >
              Clear search and filters
            </button>
          </div>
        )}
      </section>

      <p role="status" className="muted small">
        {results.isSuccess &&
          (templates.length === 0
            ? 'No templates found.'
            : `${templates.length}${results.hasNextPage ? '+' : ''} template${templates.length === 1 ? '' : 's'} shown${filters.q ? ` for “${filters.q}”` : ''}.`)}
        {corrected && ` No exact matches: showing results for “${corrected}”.`}
      </p>

      {results.isPending && <Loading label="Loading templates…" />}
      {results.isError && <ProblemAlert error={results.error} title="Could not load the templates" />}
      {results.isSuccess && templates.length === 0 && (
        <EmptyState title={filtered ? 'No templates match' : 'No templates yet'}>
          <p>
            {filtered ? 'Try other words, or clear the filters.' : 'Create or import one to get started.'}
          </p>
        </EmptyState>
      )}
      {templates.length > 0 && (
        <ul className="list" aria-label="Templates">
          {templates.map((t) => (
            <TemplateRow key={t.id} template={t} orgName={orgName} />
          ))}
        </ul>
      )}
      {results.isFetchNextPageError && <ProblemAlert error={results.error} title="Could not load more" />}
      {results.hasNextPage && (
        <div>
          <Button onClick={() => results.fetchNextPage()} busy={results.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      )}
    </div>
  );
}
