// Moving to a rejected stage needs a reason (the API keeps it with the application) and may email
// the candidate the organization's rejection message.
import { type FormEvent, useState } from 'react';
import { Button, Dialog, Field } from '../../ui/components';
import type { MoveRequest } from './api';
import { describe, type PendingRejection } from './useMoves';

interface Props {
  pending: PendingRejection | null;
  onConfirm(pending: PendingRejection, body: Omit<MoveRequest, 'stageId'>): Promise<void>;
  onClose(): void;
}

export function RejectDialog({ pending, onConfirm, onClose }: Props) {
  return (
    <Dialog
      open={pending !== null}
      title={pending ? `Move ${describe(pending.applications)} to ${pending.to.name}` : 'Reject'}
      onClose={onClose}
    >
      {pending && <RejectForm pending={pending} onConfirm={onConfirm} onClose={onClose} />}
    </Dialog>
  );
}

function RejectForm({ pending, onConfirm, onClose }: Props & { pending: PendingRejection }) {
  const [reason, setReason] = useState('');
  const [notify, setNotify] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const many = pending.applications.length > 1;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError('Give a reason for rejecting.');
      return;
    }
    setBusy(true);
    await onConfirm(pending, { reason: reason.trim(), notify });
    setBusy(false);
    onClose();
  };
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p>
        {many ? 'These applications' : 'This application'} will be marked rejected. The reason is kept with{' '}
        {many ? 'each application' : 'the application'} for your team; candidates only ever see “not
        selected”.
      </p>
      <Field label="Reason for rejecting" hint="At most 500 characters." error={error}>
        <textarea required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <label className="check">
        <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
        <span>Email {many ? 'the candidates' : 'the candidate'} the rejection message</span>
      </label>
      <div className="row">
        <Button type="submit" variant="danger" busy={busy}>
          Reject
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
