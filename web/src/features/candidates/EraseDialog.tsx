// Erasing a candidate cannot be undone, so the dialog says what goes and asks for the name typed
// again before the button works (the API itself wants the id as confirmation).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useToast } from '../../ui/toast';
import { Button, Dialog, Field, ProblemAlert } from '../../ui/components';

export function EraseDialog({
  candidate,
  open,
  onClose,
}: {
  candidate: { id: string; name: string };
  open: boolean;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/org/candidates/{id}/erase', {
          params: { path: { id: candidate.id } },
          body: { confirm: candidate.id },
        }),
      ),
    onSuccess: (result) => {
      client.removeQueries({ queryKey: ['candidates', candidate.id] });
      void client.invalidateQueries({ queryKey: ['candidates'] });
      void client.invalidateQueries({ queryKey: ['applications'] });
      toast.show(
        `${candidate.name} was erased (${result.files} ${result.files === 1 ? 'file' : 'files'} deleted). The audit log now calls them ${result.pseudonym}.`,
      );
      navigate('/candidates', { replace: true });
    },
  });
  const matches = typed.trim() === candidate.name.trim();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (matches) erase.mutate();
  };
  const close = () => {
    setTyped('');
    erase.reset();
    onClose();
  };
  return (
    <Dialog open={open} title="Erase candidate" onClose={close}>
      <form className="stack" onSubmit={submit} noValidate>
        <p>
          This permanently deletes <strong>{candidate.name}</strong>’s applications, answers, files, notes and
          scorecards. <strong>It cannot be undone.</strong> The audit log keeps only a pseudonymous id.
        </p>
        {erase.error && <ProblemAlert error={erase.error} title="Could not erase the candidate" />}
        <Field label="Type the candidate’s name to confirm" hint={`Type: ${candidate.name}`}>
          <input autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </Field>
        <div className="row">
          <Button type="submit" variant="danger" disabled={!matches} busy={erase.isPending}>
            Erase permanently
          </Button>
          <Button onClick={close}>Cancel</Button>
        </div>
      </form>
    </Dialog>
  );
}
