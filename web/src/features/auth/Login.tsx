import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiProblem, api, unwrap } from '../../api/client';
import { useMe, useResetSession } from '../../app/session';
import { Button, Field, ProblemAlert } from '../../ui/components';
import { safeNext } from '../../app/links';
import { AuthLayout } from './AuthLayout';

export function Login() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const me = useMe();
  const reset = useResetSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const login = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/auth/login', { body: { email, password, ...(needsCode ? { code } : {}) } })),
    onSuccess: (account) => {
      reset(account);
      navigate(next, { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'mfa_required') setNeedsCode(true);
    },
  });
  if (me.data && !login.isPending) return <Navigate to={next} replace />;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  const mfaPrompt = login.error instanceof ApiProblem && login.error.code === 'mfa_required';
  const unverified = login.error instanceof ApiProblem && login.error.code === 'email_not_verified';
  return (
    <AuthLayout title={needsCode ? 'Two-factor authentication' : 'Sign in'}>
      {login.error && !mfaPrompt && <ProblemAlert error={login.error} title="Could not sign in" />}
      {unverified && <ResendVerification email={email} />}
      <form className="stack" onSubmit={submit} noValidate>
        {!needsCode ? (
          <>
            <Field label="Email">
              <input
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </Field>
            <Field label="Password">
              <input
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </Field>
          </>
        ) : (
          <Field
            label="Authentication code"
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
          >
            <input
              autoComplete="one-time-code"
              inputMode="text"
              required
              // biome-ignore lint/a11y/noAutofocus: the only field of this step, reached by submitting the previous one
              autoFocus
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </Field>
        )}
        <Button type="submit" variant="primary" busy={login.isPending}>
          {needsCode ? 'Verify and sign in' : 'Sign in'}
        </Button>
      </form>
      <p className="small">
        <Link to="/reset-password">Forgot your password?</Link> · <Link to="/signup">Create an account</Link>
      </p>
    </AuthLayout>
  );
}

/** A sign-in refused for an unconfirmed address offers the confirmation link again. */
function ResendVerification({ email }: { email: string }) {
  const resend = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/resend-verification', { body: { email } })),
  });
  if (resend.isSuccess) {
    return (
      <p className="alert alert-success" role="status">
        If {email} has an account waiting for confirmation, a new link is on its way.
      </p>
    );
  }
  return (
    <div className="stack-sm">
      {resend.error && <ProblemAlert error={resend.error} />}
      <div>
        <Button onClick={() => resend.mutate()} busy={resend.isPending}>
          Send the confirmation link again
        </Button>
      </div>
    </div>
  );
}
