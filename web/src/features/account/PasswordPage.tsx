// /account/password: a new password needs the current one; every other session ends with it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useDocumentTitle } from '../../app/title';
import { Button, Field, PageHeader, ProblemAlert } from '../../ui/components';
import { SESSIONS_KEY } from './keys';
import { fieldProblem, WEAK_PASSWORD, WRONG_PASSWORD } from './problems';
import { useSignedOutGuard } from './useSignedOutGuard';

export function PasswordPage() {
  useDocumentTitle('Password · Your account');
  const client = useQueryClient();
  const guard = useSignedOutGuard();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(api.POST('/api/v1/me/password', { body })),
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      void client.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: guard,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ currentPassword, newPassword });
  };
  const currentError = fieldProblem(change.error, WRONG_PASSWORD, '/currentPassword');
  const newError = fieldProblem(change.error, WEAK_PASSWORD, '/newPassword');
  return (
    <>
      <PageHeader
        title="Password"
        description="Changing your password signs out every other session: other browsers and devices have to sign in again with the new one. This one stays signed in."
      />
      <div role="status">
        {change.isSuccess && (
          <div className="alert alert-success">
            <p>Your password is changed, and your other sessions were signed out.</p>
          </div>
        )}
      </div>
      {!!change.error && !currentError && !newError && (
        <ProblemAlert error={change.error} title="Could not change the password" />
      )}
      <form className="card stack narrow-form" onSubmit={submit} noValidate>
        <h2>Change password</h2>
        <Field label="Current password" error={currentError}>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrentPassword(e.target.value)}
          />
        </Field>
        <Field
          label="New password"
          hint="8 to 128 characters; long passphrases are welcome. Common passwords, your email and your name are refused."
          error={newError}
        >
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={128}
            value={newPassword}
            onChange={(e) => setNewPassword(e.target.value)}
          />
        </Field>
        <div>
          <Button type="submit" variant="primary" busy={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </>
  );
}
