// Changing the sign-in address: the password proves it is you, and the change happens only when
// the link mailed to the new address is opened (the old address is notified either way).
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Button, Field, ProblemAlert } from '../../ui/components';
import { fieldProblem, WRONG_PASSWORD } from './problems';
import { useSignedOutGuard } from './useSignedOutGuard';

export function ChangeEmailForm({ currentEmail }: { currentEmail: string }) {
  const [newEmail, setNewEmail] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [sentTo, setSentTo] = useState('');
  const guard = useSignedOutGuard();
  const change = useMutation({
    mutationFn: (body: { newEmail: string; currentPassword: string }) =>
      unwrap(api.POST('/api/v1/me/email', { body })),
    onSuccess: (_, body) => {
      setSentTo(body.newEmail);
      setNewEmail('');
      setCurrentPassword('');
    },
    onError: guard,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSentTo('');
    change.mutate({ newEmail: newEmail.trim(), currentPassword });
  };
  const passwordError = fieldProblem(change.error, WRONG_PASSWORD, '/currentPassword');
  const emailError = fieldProblem(change.error, [], '/newEmail');
  return (
    <section className="card stack" aria-labelledby="change-email">
      <h2 id="change-email">Change email</h2>
      <p className="muted">
        We send a confirmation link to the new address. Your sign-in email stays{' '}
        <strong className="break">{currentEmail}</strong> until you open that link (within 24 hours), and{' '}
        {currentEmail} gets a notice of the request.
      </p>
      <div role="status">
        {sentTo && (
          <div className="alert alert-success">
            <p>
              Check the inbox of <strong className="break">{sentTo}</strong>: open the link we sent there to
              finish the change. If the address cannot take the change, no link arrives.
            </p>
          </div>
        )}
      </div>
      {!!change.error && !passwordError && !emailError && (
        <ProblemAlert error={change.error} title="Could not change the email" />
      )}
      <form className="stack" onSubmit={submit} noValidate>
        <Field label="New email" error={emailError}>
          <input
            type="email"
            autoComplete="email"
            required
            maxLength={254}
            value={newEmail}
            onChange={(e) => setNewEmail(e.target.value)}
          />
        </Field>
        <Field label="Current password" hint="To confirm that it is you." error={passwordError}>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
          />
        </Field>
        <div>
          <Button type="submit" variant="primary" busy={change.isPending}>
            Send confirmation link
          </Button>
        </div>
      </form>
    </section>
  );
}
