// /pipeline: which posting's board to open. Every posting is listed (drafts included) because
// applications stay on the board after a posting closes.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useDocumentTitle } from '../../app/title';
import {
  Badge,
  Button,
  EmptyState,
  Loading,
  PageHeader,
  ProblemAlert,
  formatDate,
} from '../../ui/components';
import { fetchPostingsPage, pipelineKeys } from './api';

const STATUS_TONE = {
  published: 'success',
  draft: 'neutral',
  closed: 'warning',
  archived: 'neutral',
} as const;

export function PostingPicker() {
  useDocumentTitle('Pipeline');
  const postings = useInfiniteQuery({
    queryKey: pipelineKeys.postings,
    queryFn: ({ pageParam }) => fetchPostingsPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = postings.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div className="stack">
      <PageHeader title="Pipeline" description="Choose a posting to see its candidates, stage by stage." />
      {postings.isPending && <Loading label="Loading postings…" />}
      {postings.error && <ProblemAlert error={postings.error} title="Could not load the postings" />}
      {postings.isSuccess && items.length === 0 && (
        <EmptyState title="No postings yet">
          <p>
            A board appears for each posting. <Link to="/postings">Create a posting</Link> to start receiving
            applications.
          </p>
        </EmptyState>
      )}
      {items.length > 0 && (
        <ul className="list" aria-label="Postings">
          {items.map((p) => (
            <li key={p.id} className="list-item pipeline-posting">
              <Link to={`/pipeline/${p.id}`} className="pipeline-posting-link">
                {p.title}
              </Link>
              <span className="muted small">
                {[p.department, p.referenceNumber].filter(Boolean).join(' · ')}
                {p.publishedAt ? ` · published ${formatDate(p.publishedAt)}` : ''}
              </span>
              <Badge tone={STATUS_TONE[p.status]}>{p.status}</Badge>
            </li>
          ))}
        </ul>
      )}
      {postings.hasNextPage && (
        <div>
          <Button onClick={() => postings.fetchNextPage()} busy={postings.isFetchingNextPage}>
            Show more postings
          </Button>
        </div>
      )}
    </div>
  );
}
