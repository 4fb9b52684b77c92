// The organization's postings, by status (the tab is in the URL: /postings?status=draft).
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import {
  Button,
  EmptyState,
  Field,
  Loading,
  PageHeader,
  ProblemAlert,
  formatDate,
} from '../../ui/components';
import { type PostingStatus, postingKeys } from './api';
import { STATUSES } from './labels';
import { StatusBadge } from './StatusBadge';

const isStatus = (s: string | null): s is PostingStatus =>
  s === 'draft' || s === 'published' || s === 'closed' || s === 'archived';

export function PostingsList() {
  useDocumentTitle('Postings');
  const canWrite = useCan('postings.write');
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  // The URL follows the search box after a pause: shareable, without a request per keystroke.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text.trim() === q) return;
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (text.trim()) next.set('q', text.trim());
          else next.delete('q');
          return next;
        },
        { replace: true },
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [text, q, setParams]);
  const hrefOf = (s: string) => {
    const next = new URLSearchParams();
    if (s !== 'all') next.set('status', s);
    if (q) next.set('q', q);
    const query = next.toString();
    return query ? `/postings?${query}` : '/postings';
  };
  const list = useInfiniteQuery({
    queryKey: [...postingKeys.list(status ?? 'all'), q],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/org/postings', {
          params: {
            query: {
              limit: 50,
              ...(status ? { status } : {}),
              ...(q ? { q } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const current = STATUSES.find((s) => s.value === (status ?? 'all'))?.label ?? 'All';
  const newPosting = canWrite ? (
    <Link className="btn btn-primary" to="/postings/new">
      New posting
    </Link>
  ) : null;
  return (
    <div className="stack">
      <PageHeader
        title="Postings"
        description="Your organization's jobs, from first draft to closed."
        actions={newPosting}
      />
      <nav aria-label="Posting status">
        <div className="tabs">
          {STATUSES.map((s) => (
            <Link
              key={s.value}
              to={hrefOf(s.value)}
              aria-current={(status ?? 'all') === s.value ? 'page' : undefined}
            >
              {s.label}
            </Link>
          ))}
        </div>
      </nav>
      <search className="narrow">
        <Field label="Search postings" hint="Words in the title or department.">
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
      </search>
      {list.isPending ? (
        <Loading label="Loading postings…" />
      ) : list.isError ? (
        <ProblemAlert error={list.error} title="Could not load the postings" />
      ) : rows.length === 0 ? (
        <EmptyState
          title={
            q
              ? `No postings match “${q}”`
              : status
                ? `No ${current.toLowerCase()} postings`
                : 'No postings yet'
          }
        >
          {q ? (
            <p>Try other words, or clear the search.</p>
          ) : status ? (
            <p>
              Postings you mark {current.toLowerCase()} show here.{' '}
              <Link to="/postings">See all postings</Link>
            </p>
          ) : (
            <p>Start your first job posting from a template in the library, or from scratch.</p>
          )}
          {!status && !q && canWrite && (
            <Link className="btn btn-primary" to="/postings/new">
              Create your first posting
            </Link>
          )}
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{current} postings, most recently changed first</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Department</th>
                <th scope="col">Status</th>
                <th scope="col">Reference</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/postings/${p.id}`}>{p.title}</Link>
                  </td>
                  <td>{p.department ?? <span className="muted">—</span>}</td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="small">{p.referenceNumber}</td>
                  <td>{formatDate(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasNextPage && (
        <div>
          <Button onClick={() => list.fetchNextPage()} busy={list.isFetchingNextPage}>
            Show more postings
          </Button>
        </div>
      )}
      <p className="sr-only" role="status">
        {list.isSuccess ? `${rows.length} ${current.toLowerCase()} postings shown` : ''}
      </p>
    </div>
  );
}
