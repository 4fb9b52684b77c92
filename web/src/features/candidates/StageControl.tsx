// Moves an application to another stage of its posting's pipeline. Optimistic: the page shows the
// new stage at once and goes back if the server refuses (with its reason shown).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiProblem, api, unwrap } from '../../api/client';
import { useToast } from '../../ui/toast';
import { Button, Field, ProblemAlert } from '../../ui/components';
import { type Application, keys, useStages } from './queries';

type Stage = Application['stage'];

const statusFor = (kind: Stage['kind']): Application['status'] =>
  kind === 'rejected' ? 'rejected' : kind === 'hired' ? 'hired' : 'active';

export function StageControl({ application }: { application: Application }) {
  const client = useQueryClient();
  const toast = useToast();
  const stages = useStages(application.posting.id);
  const [stageId, setStageId] = useState(application.stage.id);
  const [reason, setReason] = useState('');
  const [notify, setNotify] = useState(false);
  const target = stages.data?.items.find((s) => s.id === stageId);
  const rejecting = target?.kind === 'rejected';
  const detailKey = keys.application(application.id);

  const move = useMutation({
    mutationFn: (body: { stageId: string; reason?: string; notify: boolean }) =>
      unwrap(
        api.POST('/api/v1/org/applications/{id}/move', { params: { path: { id: application.id } }, body }),
      ),
    onMutate: async (body) => {
      await client.cancelQueries({ queryKey: detailKey });
      const before = client.getQueryData<Application>(detailKey);
      const stage = stages.data?.items.find((s) => s.id === body.stageId);
      if (before && stage) {
        client.setQueryData<Application>(detailKey, {
          ...before,
          stage,
          status: statusFor(stage.kind),
          stageEnteredAt: new Date().toISOString(),
        });
      }
      return { before };
    },
    onError: (_error, _body, context) => {
      if (context?.before) client.setQueryData(detailKey, context.before);
    },
    onSuccess: (fresh) => {
      client.setQueryData(detailKey, fresh);
      setReason('');
      toast.show(`Moved to ${fresh.stage.name}`);
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: keys.timeline(application.id) });
      void client.invalidateQueries({ queryKey: ['candidates'] });
      // Lists of applications (pipeline boards, posting lists) show the stage too.
      void client.invalidateQueries({
        predicate: (q) => q.queryKey[0] === 'applications' && q.queryKey[1] !== application.id,
      });
      void client.invalidateQueries({ queryKey: ['pipeline'] });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    move.mutate({ stageId, notify, ...(rejecting && reason.trim() ? { reason: reason.trim() } : {}) });
  };

  if (application.status === 'withdrawn') {
    return <p className="muted">The candidate withdrew this application, so it cannot be moved.</p>;
  }
  if (stages.isError) return <ProblemAlert error={stages.error} title="Could not load the stages" />;

  return (
    <form className="stack-sm" onSubmit={submit} noValidate aria-label="Move to another stage">
      {move.error && <ProblemAlert error={move.error} title="Could not move the application" />}
      <Field label="Stage">
        <select value={stageId} onChange={(e) => setStageId(e.target.value)} disabled={!stages.data}>
          {!stages.data && <option value={stageId}>{application.stage.name}</option>}
          {stages.data?.items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
              {s.id === application.stage.id ? ' (current)' : ''}
            </option>
          ))}
        </select>
      </Field>
      {rejecting && (
        <Field
          label="Reason for rejecting"
          hint="Kept with the application; the candidate only sees it if you email them."
          error={move.error instanceof ApiProblem ? move.error.fieldError('/reason') : undefined}
        >
          <textarea
            required
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
          />
        </Field>
      )}
      <label className="check">
        <input type="checkbox" checked={notify} onChange={(e) => setNotify(e.target.checked)} />
        <span>Email the candidate about the change</span>
      </label>
      <div>
        <Button
          type="submit"
          variant="primary"
          busy={move.isPending}
          disabled={stageId === application.stage.id || (rejecting && !reason.trim())}
        >
          Move
        </Button>
      </div>
    </form>
  );
}
