// One posting: its status and actions, the career page preview, its history and versions.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useCan } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Loading, PageHeader, ProblemAlert, formatDate } from '../../ui/components';
import { usePosting } from './EditPosting';
import { LifecycleActions, LifecycleProblem } from './LifecycleActions';
import { PostingEvents, PostingVersions } from './PostingHistory';
import { PostingPreview } from './PostingPreview';
import { StatusBadge } from './StatusBadge';

export function PostingDetail() {
  const { id = '' } = useParams();
  const posting = usePosting(id);
  const canWrite = useCan('postings.write');
  const [problem, setProblem] = useState<unknown>(null);
  useDocumentTitle(posting.data?.posting.content.title ?? 'Posting');
  if (posting.isPending) return <Loading label="Loading the posting…" />;
  if (posting.isError) {
    return (
      <div className="stack">
        <PageHeader title="Posting" />
        <ProblemAlert error={posting.error} title="Could not load the posting" />
        <p>
          <Link to="/postings">Back to all postings</Link>
        </p>
      </div>
    );
  }
  const p = posting.data.posting;
  const hrefOf = (step: string) =>
    step === 'posting' ? `/postings/${id}` : `/postings/${id}/edit?step=${step}`;
  return (
    <div className="stack">
      <p className="small">
        <Link to="/postings">All postings</Link>
      </p>
      <PageHeader
        title={p.content.title}
        description={
          <>
            <StatusBadge status={p.status} /> · {p.referenceNumber}
            {p.content.department ? ` · ${p.content.department}` : ''} · updated {formatDate(p.updatedAt)}
            {p.publishedAt && p.status === 'published' ? ` · published ${formatDate(p.publishedAt)}` : ''}
          </>
        }
        actions={
          <>
            {canWrite && <LifecycleActions posting={p} onError={setProblem} />}
            {canWrite && p.status !== 'archived' && (
              <Link className="btn" to={hrefOf('content')}>
                Edit
              </Link>
            )}
            <Link className="btn" to={`/pipeline/${id}`}>
              Open pipeline
            </Link>
            {p.status === 'published' && p.url && (
              // The public page is outside the app (and its router), so a plain link.
              <a className="btn btn-ghost" href={p.url} target="_blank" rel="noreferrer">
                View on career site<span className="sr-only"> (opens in a new tab)</span>
              </a>
            )}
          </>
        }
      />
      <div aria-live="polite">
        <LifecycleProblem error={problem} hrefOf={hrefOf} />
      </div>
      {p.status === 'draft' && (
        <div className="alert alert-info">
          <p>
            This draft is not on the career site yet. <Link to={hrefOf('review')}>Review and publish it</Link>
            .
          </p>
        </div>
      )}
      <div className="split">
        <PostingPreview content={p.content} />
        <div className="stack">
          <PostingEvents id={id} />
          <PostingVersions id={id} />
        </div>
      </div>
    </div>
  );
}
