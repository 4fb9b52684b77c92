// The status actions a posting allows (publish, close, reopen, archive, delete), each confirmed in
// a dialog when it takes the posting off the career site or away for good.
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Dialog, Field } from '../../ui/components';
import { useToast } from '../../ui/toast';
import type { Posting, Transition } from './api';
import { RefusalAlert } from './ReviewPanels';
import { TRANSITION_LABELS, useDeleteDraft, useTransition } from './useLifecycle';

type Action = Transition | 'delete';

const ALLOWED: Record<Posting['status'], Action[]> = {
  draft: ['publish', 'archive', 'delete'],
  published: ['close'],
  closed: ['reopen', 'archive'],
  archived: ['reopen'],
};

const CONFIRM: Partial<Record<Action, { title: string; body: string; confirm: string; reason: boolean }>> = {
  close: {
    title: 'Close this posting?',
    body: 'It leaves the career site and job feeds; its page answers “gone”. Applications already received stay in the pipeline. You can reopen it later.',
    confirm: 'Close posting',
    reason: true,
  },
  archive: {
    title: 'Archive this posting?',
    body: 'It becomes read-only and leaves your active lists. You can reopen it later.',
    confirm: 'Archive posting',
    reason: true,
  },
  delete: {
    title: 'Delete this draft?',
    body: 'The draft and its versions are deleted for good. This cannot be undone.',
    confirm: 'Delete draft',
    reason: false,
  },
};

export function LifecycleActions({ posting, onError }: { posting: Posting; onError: (e: unknown) => void }) {
  const transition = useTransition(posting.id);
  const remove = useDeleteDraft(posting.id);
  const navigate = useNavigate();
  const toast = useToast();
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const run = (action: Action) => {
    onError(null);
    if (action === 'delete') {
      remove.mutate(undefined, {
        onSuccess: () => {
          toast.show(`Deleted the draft “${posting.content.title}”`);
          navigate('/postings', { replace: true });
        },
        onError: (e) => {
          setConfirming(null);
          onError(e);
        },
      });
      return;
    }
    transition.mutate(
      { name: action, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      {
        onSuccess: () => {
          setConfirming(null);
          setReason('');
          toast.show(`${TRANSITION_LABELS[action].done}: “${posting.content.title}”`);
        },
        onError: (e) => {
          setConfirming(null);
          onError(e);
        },
      },
    );
  };
  const start = (action: Action) => (CONFIRM[action] ? setConfirming(action) : run(action));
  const busy = transition.isPending || remove.isPending;
  const dialog = confirming ? CONFIRM[confirming] : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (confirming) run(confirming);
  };
  return (
    <>
      {ALLOWED[posting.status].map((action) => (
        <Button
          key={action}
          variant={
            action === 'publish' || action === 'reopen'
              ? 'primary'
              : action === 'delete'
                ? 'danger'
                : 'default'
          }
          busy={busy && (transition.variables?.name === action || (action === 'delete' && remove.isPending))}
          disabled={busy}
          onClick={() => start(action)}
        >
          {action === 'delete' ? 'Delete draft' : TRANSITION_LABELS[action].verb}
        </Button>
      ))}
      <Dialog open={dialog !== undefined} title={dialog?.title ?? ''} onClose={() => setConfirming(null)}>
        {dialog && (
          <form className="stack" onSubmit={submit}>
            <p>{dialog.body}</p>
            {dialog.reason && (
              <Field label="Reason (optional)" hint="Kept in the posting's history.">
                <textarea
                  rows={2}
                  maxLength={500}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </Field>
            )}
            <div className="row">
              <Button type="submit" variant="danger" busy={busy}>
                {dialog.confirm}
              </Button>
              <Button onClick={() => setConfirming(null)} disabled={busy}>
                Cancel
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}

/** A refused action: the problem detail, and for a refused publish every failing rule. */
export function LifecycleProblem({ error, hrefOf }: { error: unknown; hrefOf: (step: string) => string }) {
  if (!error) return null;
  return <RefusalAlert error={error} title="The posting could not change status" hrefOf={hrefOf} />;
}
