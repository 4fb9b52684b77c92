import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Button, Field, ProblemAlert } from '../../ui/components';
import { AuthLayout } from './AuthLayout';

export function Signup() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signup = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/signup', { body: { name, email, password } })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signup.mutate();
  };
  if (signup.isSuccess) {
    return (
      <AuthLayout title="Check your email">
        <div className="alert alert-success" role="status">
          <p>
            We sent a link to <strong>{email}</strong>. Open it within 24 hours and enter your password to
            confirm the address.
          </p>
        </div>
        <p className="small">
          Already confirmed? <Link to="/login">Sign in</Link>
        </p>
      </AuthLayout>
    );
  }
  const problem = signup.error;
  return (
    <AuthLayout title="Create your account">
      {problem && <ProblemAlert error={problem} title="Could not create the account" />}
      <form className="stack" onSubmit={submit} noValidate>
        <Field label="Your name">
          <input autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Work email">
          <input
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field label="Password" hint="At least 8 characters. Long passphrases are welcome.">
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Button type="submit" variant="primary" busy={signup.isPending}>
          Create account
        </Button>
      </form>
      <p className="small">
        Have an account? <Link to="/login">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
