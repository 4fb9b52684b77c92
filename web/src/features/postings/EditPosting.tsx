// The wizard after the template: /postings/:id/edit?step=content|details|questions|review.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { useCan } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { type Tagged, fetchPosting, postingKeys } from './api';
import { ContentStep } from './ContentStep';
import { DetailsStep } from './DetailsStep';
import { QuestionsStep } from './QuestionsStep';
import { ReviewStep } from './ReviewStep';
import { STEPS, WizardSteps, isEditStep } from './WizardSteps';

export function usePosting(id: string) {
  return useQuery({ queryKey: postingKeys.detail(id), queryFn: () => fetchPosting(id) });
}

export interface StepProps {
  tagged: Tagged;
  /** The wizard's address of a step (or of the posting page). */
  hrefOf: (step: string) => string;
  reload: () => void;
}

export function EditPosting() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const raw = params.get('step');
  const step = isEditStep(raw) ? raw : 'content';
  const posting = usePosting(id);
  const client = useQueryClient();
  const canWrite = useCan('postings.write');
  // Bumped after a 412 so the step's form starts again from the version just read.
  const [generation, setGeneration] = useState(0);
  const stepLabel = STEPS.find((s) => s.id === step)?.label ?? '';
  useDocumentTitle(`${stepLabel} · ${posting.data?.posting.content.title ?? 'Edit posting'}`);
  if (raw !== step) return <Navigate to={`/postings/${id}/edit?step=content`} replace />;
  if (posting.isPending) return <Loading label="Loading the posting…" />;
  if (posting.isError) return <ProblemAlert error={posting.error} title="Could not load the posting" />;
  const { content, status } = posting.data.posting;
  const hrefOf = (s: string) => (s === 'posting' ? `/postings/${id}` : `/postings/${id}/edit?step=${s}`);
  const reload = async () => {
    await client.refetchQueries({ queryKey: postingKeys.detail(id), exact: true });
    setGeneration((g) => g + 1);
  };
  const props: StepProps = { tagged: posting.data, hrefOf, reload };
  return (
    <div className="stack narrow-wide">
      <PageHeader
        title={status === 'draft' ? 'New posting' : 'Edit posting'}
        description={
          <>
            {content.title} · <Link to={`/postings/${id}`}>Back to the posting</Link>
          </>
        }
      />
      <WizardSteps current={step} />
      {!canWrite ? (
        <ProblemAlert
          error={new Error('Your role can read postings but not edit them.')}
          title="Not allowed"
        />
      ) : status === 'archived' ? (
        <div className="alert alert-warning" role="status">
          <h2>This posting is archived</h2>
          <p>
            An archived posting is read-only. Reopen it from{' '}
            <Link to={`/postings/${id}`}>the posting page</Link> to edit it.
          </p>
        </div>
      ) : step === 'content' ? (
        <ContentStep key={`content-${generation}`} {...props} />
      ) : step === 'details' ? (
        <DetailsStep key={`details-${generation}`} {...props} />
      ) : step === 'questions' ? (
        <QuestionsStep key={`questions-${generation}`} {...props} />
      ) : (
        <ReviewStep key={`review-${generation}`} {...props} />
      )}
    </div>
  );
}
