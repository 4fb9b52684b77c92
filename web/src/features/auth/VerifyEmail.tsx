import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Button, Field, ProblemAlert } from '../../ui/components';
import { useMe } from '../../app/session';
import { AuthLayout, useHashToken } from './AuthLayout';

/** The emailed confirmation link: a sign-up's needs its password (so a stranger's link is useless). */
export function VerifyEmail() {
  const token = useHashToken();
  const [password, setPassword] = useState('');
  const signedIn = Boolean(useMe().data);
  const verify = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/auth/verify-email', { body: { token, ...(password ? { password } : {}) } })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate();
  };
  if (!token) {
    return (
      <AuthLayout title="Confirm your email">
        <div className="alert alert-warning" role="alert">
          <p>This link is incomplete. Open the link from the email again, or copy all of it.</p>
        </div>
      </AuthLayout>
    );
  }
  if (verify.isSuccess) {
    return (
      <AuthLayout title="Email confirmed">
        <div className="alert alert-success" role="status">
          <p>Your email address is confirmed.</p>
        </div>
        {signedIn ? (
          <Link className="btn btn-primary" to="/account">
            Back to your account
          </Link>
        ) : (
          <Link className="btn btn-primary" to="/login">
            Sign in
          </Link>
        )}
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Confirm your email">
      {verify.error && <ProblemAlert error={verify.error} title="Could not confirm the address" />}
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          label="Password"
          hint="The password you chose when you signed up. Leave it empty if you are confirming a changed address."
        >
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Button type="submit" variant="primary" busy={verify.isPending}>
          Confirm email
        </Button>
      </form>
    </AuthLayout>
  );
}
