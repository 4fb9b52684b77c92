import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Button, Field, ProblemAlert } from '../../ui/components';
import { AuthLayout, useHashToken } from './AuthLayout';

/** Without a token: ask for the link. With the emailed #token: choose the new password. */
export function ResetPassword() {
  const token = useHashToken();
  return token ? <ChooseNewPassword key={token} token={token} /> : <AskForLink />;
}

function AskForLink() {
  const [email, setEmail] = useState('');
  const ask = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate();
  };
  if (ask.isSuccess) {
    return (
      <AuthLayout title="Check your email">
        <div className="alert alert-success" role="status">
          <p>
            If <strong>{email}</strong> has an account, a link to choose a new password is on its way. It
            works once, for 30 minutes.
          </p>
        </div>
        <Link to="/login">Back to sign in</Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Reset your password">
      {ask.error && <ProblemAlert error={ask.error} />}
      <form className="stack" onSubmit={submit} noValidate>
        <Field label="Email">
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Button type="submit" variant="primary" busy={ask.isPending}>
          Email me a link
        </Button>
      </form>
      <Link to="/login">Back to sign in</Link>
    </AuthLayout>
  );
}

function ChooseNewPassword({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const confirm = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate();
  };
  if (confirm.isSuccess) {
    return (
      <AuthLayout title="Password changed">
        <div className="alert alert-success" role="status">
          <p>Your new password is set, and every session was signed out.</p>
        </div>
        <Link className="btn btn-primary" to="/login">
          Sign in
        </Link>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Choose a new password">
      {confirm.error && <ProblemAlert error={confirm.error} title="Could not change the password" />}
      <form className="stack" onSubmit={submit} noValidate>
        <Field label="New password" hint="At least 8 characters.">
          <input
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Button type="submit" variant="primary" busy={confirm.isPending}>
          Set password
        </Button>
      </form>
    </AuthLayout>
  );
}
