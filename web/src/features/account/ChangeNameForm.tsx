// The name colleagues see on notes, scorecards, mentions and the audit log.
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useResetSession } from '../../app/session';
import { Button, Field, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';

export function ChangeNameForm({ currentName }: { currentName: string }) {
  const [name, setName] = useState(currentName);
  const reset = useResetSession();
  const toast = useToast();
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/me', { body: { name } })),
    onSuccess: (me) => {
      reset(me);
      toast.show('Your name is saved.');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="change-name">
      <h2 id="change-name">Your name</h2>
      {save.error && <ProblemAlert error={save.error} title="Could not save the name" />}
      <Field label="Name" hint="Colleagues see it on notes, scorecards, mentions and the audit log.">
        <input autoComplete="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <div>
        <Button type="submit" busy={save.isPending} disabled={name.trim() === '' || name === currentName}>
          Save name
        </Button>
      </div>
    </form>
  );
}
