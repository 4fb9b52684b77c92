// The organization's candidates, most recently active first, with a search kept in the URL
// (?q=) and a "Load more" cursor.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useDocumentTitle } from '../../app/title';
import {
  Badge,
  Button,
  EmptyState,
  Field,
  Loading,
  PageHeader,
  ProblemAlert,
  formatDate,
  formatDateTime,
} from '../../ui/components';
import { LatestApplication, useLatestApplications } from './LatestApplication';
import { keys } from './queries';
import { ScrollTable } from '../../ui/ScrollTable';
import './candidates.css';

const PAGE = 25;

export function CandidateList() {
  useDocumentTitle('Candidates');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [typed, setTyped] = useState(q);
  // Searching as you type, once typing pauses; the URL keeps the search for sharing and Back.
  useEffect(() => {
    const t = setTimeout(() => {
      if (typed.trim() === q) return;
      const next = new URLSearchParams(params);
      if (typed.trim()) next.set('q', typed.trim());
      else next.delete('q');
      setParams(next, { replace: true });
    }, 300);
    return () => clearTimeout(t);
  }, [typed, q, params, setParams]);

  const list = useInfiniteQuery({
    queryKey: keys.candidates(q),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/org/candidates', {
          params: {
            query: { limit: PAGE, ...(q ? { q } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const latest = useLatestApplications();

  return (
    <div className="stack">
      <PageHeader title="Candidates" description="Everyone who applied, most recently active first." />
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is too new for every browser we support. */}
      <form role="search" onSubmit={(e) => e.preventDefault()} className="narrow">
        <Field label="Search candidates" hint="The start of a name or an email address.">
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} maxLength={200} />
        </Field>
      </form>
      {list.isPending ? (
        <Loading label="Loading candidates…" />
      ) : rows.length === 0 && list.isError ? (
        <ProblemAlert error={list.error} title="Could not load the candidates" />
      ) : rows.length === 0 ? (
        <EmptyState title={q ? 'No candidate matches' : 'No candidates yet'}>
          <p>
            {q
              ? `Nobody’s name or email starts with “${q}”.`
              : 'Candidates appear here when they apply to a published posting.'}
          </p>
        </EmptyState>
      ) : (
        <>
          <p className="small muted" role="status">
            {rows.length} {rows.length === 1 ? 'candidate' : 'candidates'} shown
            {list.hasNextPage ? ', more to load' : ''}
            {q ? ` for “${q}”` : ''}
          </p>
          <ScrollTable label="Candidates, most recently active first">
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Latest application</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/candidates/${c.id}`}>{c.name}</Link>
                    {c.erasureRequestedAt && (
                      <>
                        {' '}
                        <Badge tone="danger">Asked for erasure</Badge>
                      </>
                    )}
                    <br />
                    <span className="small">{c.email ?? 'No email'}</span>
                  </td>
                  <td>
                    <LatestApplication latest={latest.get(c.id)} count={c.applications} />
                  </td>
                  <td>
                    <time dateTime={c.lastActivityAt} title={formatDateTime(c.lastActivityAt)}>
                      {formatDate(c.lastActivityAt)}
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          {list.hasNextPage && (
            <div>
              <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>
                Load more
              </Button>
            </div>
          )}
          {list.isFetchNextPageError && (
            <ProblemAlert error={list.error} title="Could not load more candidates" />
          )}
        </>
      )}
    </div>
  );
}
