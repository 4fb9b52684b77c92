// Wizard step "Review": the quality analysis and the publishing checks, then Publish. A refusal
// shows the problem detail and every reason (the pay-transparency rule and its source).
import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { useToast } from '../../ui/toast';
import type { StepProps } from './EditPosting';
import { AnalysisPanel, ChecksPanel, RefusalAlert } from './ReviewPanels';
import { StepForm } from './StepForm';
import { useTransition } from './useLifecycle';

export function ReviewStep({ tagged, hrefOf, reload }: StepProps) {
  const { posting } = tagged;
  const navigate = useNavigate();
  const toast = useToast();
  const publish = useTransition(posting.id);
  const refusal = useRef<HTMLDivElement>(null);
  const isDraft = posting.status === 'draft';
  const onContinue = () => {
    if (!isDraft) {
      navigate(hrefOf('posting'));
      return;
    }
    publish.mutate(
      { name: 'publish' },
      {
        onSuccess: () => {
          toast.show(`Published “${posting.content.title}”`);
          navigate(hrefOf('posting'));
        },
        onError: () => requestAnimationFrame(() => refusal.current?.focus()),
      },
    );
  };
  const error = publish.error;
  return (
    <StepForm
      heading="Review"
      intro={
        isDraft
          ? 'Check the quality and the publishing rules, then publish to the career site.'
          : 'Your edits are saved. The checks below apply to the live posting.'
      }
      error={undefined}
      saving={publish.isPending}
      onBack={() => navigate(hrefOf('questions'))}
      onContinue={onContinue}
      onReload={reload}
      continueLabel={isDraft ? 'Publish' : 'Done'}
    >
      {error && (
        <div ref={refusal} tabIndex={-1} className="stack-sm">
          <RefusalAlert error={error} title="Could not publish" hrefOf={hrefOf} />
        </div>
      )}
      <ChecksPanel id={posting.id} hrefOf={hrefOf} />
      <AnalysisPanel id={posting.id} hrefOf={hrefOf} />
    </StepForm>
  );
}
