// Two-factor authentication is on: turning it off (password and a code) and replacing the recovery
// codes (password), each in a dialog so that its password field is the only one on screen.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ME_KEY } from '../../app/session';
import { Button, Dialog, Field, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { fieldProblem, WRONG_CODE, WRONG_PASSWORD } from './problems';
import { useFocusOnMount } from './useFocusOnMount';
import { useSignedOutGuard } from './useSignedOutGuard';

export function MfaOnPanel({ focus, onNewCodes }: { focus: boolean; onNewCodes: (codes: string[]) => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>(focus);
  const [open, setOpen] = useState<'off' | 'codes' | null>(null);
  return (
    <>
      <section className="card stack" aria-labelledby="mfa-on">
        <h2 id="mfa-on" tabIndex={-1} ref={heading}>
          Two-factor authentication is on
        </h2>
        <p>
          Signing in asks for a code from your authenticator app. Lost your phone? Use one of your recovery
          codes instead, once each.
        </p>
      </section>
      <div className="grid-2">
        <section className="card stack" aria-labelledby="mfa-codes">
          <h2 id="mfa-codes">Recovery codes</h2>
          <p className="muted">Used some, or not sure where they are? New codes replace all the old ones.</p>
          <div>
            <Button onClick={() => setOpen('codes')}>Replace recovery codes</Button>
          </div>
        </section>
        <section className="card stack" aria-labelledby="mfa-turn-off">
          <h2 id="mfa-turn-off">Turn off</h2>
          <p className="muted">
            Your password alone will sign you in again. Organizations that require two-factor authentication
            will refuse you until you turn it back on.
          </p>
          <div>
            <Button variant="danger" onClick={() => setOpen('off')}>
              Turn off two-factor authentication
            </Button>
          </div>
        </section>
      </div>
      <Dialog open={open === 'codes'} title="Replace recovery codes" onClose={() => setOpen(null)}>
        <ReplaceCodesForm
          onCancel={() => setOpen(null)}
          onReplaced={(codes) => {
            setOpen(null);
            onNewCodes(codes);
          }}
        />
      </Dialog>
      <Dialog open={open === 'off'} title="Turn off two-factor authentication" onClose={() => setOpen(null)}>
        <TurnOffForm onCancel={() => setOpen(null)} onDone={() => setOpen(null)} />
      </Dialog>
    </>
  );
}

function ReplaceCodesForm({
  onCancel,
  onReplaced,
}: {
  onCancel: () => void;
  onReplaced: (codes: string[]) => void;
}) {
  const guard = useSignedOutGuard();
  const [password, setPassword] = useState('');
  const replace = useMutation({
    mutationFn: (pw: string) => unwrap(api.POST('/api/v1/me/mfa/recovery-codes', { body: { password: pw } })),
    onSuccess: ({ recoveryCodes }) => onReplaced(recoveryCodes),
    onError: guard,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    replace.mutate(password);
  };
  const passwordError = fieldProblem(replace.error, WRONG_PASSWORD, '/password');
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p>The codes you have now stop working, and ten new ones are shown once.</p>
      {!!replace.error && !passwordError && (
        <ProblemAlert error={replace.error} title="Could not replace the codes" />
      )}
      <Field label="Password" hint="Your current password." error={passwordError}>
        <input
          type="password"
          autoComplete="current-password"
          required
          // biome-ignore lint/a11y/noAutofocus: the dialog's only field, opened by the person's own click
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <div className="row">
        <Button type="submit" variant="primary" busy={replace.isPending}>
          Replace codes
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function TurnOffForm({ onCancel, onDone }: { onCancel: () => void; onDone: () => void }) {
  const client = useQueryClient();
  const toast = useToast();
  const guard = useSignedOutGuard();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const turnOff = useMutation({
    mutationFn: (body: { password: string; code: string }) =>
      unwrap(api.POST('/api/v1/me/mfa/totp/disable', { body })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ME_KEY });
      onDone();
      toast.show('Two-factor authentication is off.');
    },
    onError: guard,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    turnOff.mutate({ password, code: code.trim() });
  };
  const passwordError = fieldProblem(turnOff.error, WRONG_PASSWORD, '/password');
  const codeError = fieldProblem(turnOff.error, WRONG_CODE, '/code');
  return (
    <form className="stack" onSubmit={submit} noValidate>
      {!!turnOff.error && !passwordError && !codeError && (
        <ProblemAlert error={turnOff.error} title="Could not turn it off" />
      )}
      <Field label="Password" hint="Your current password." error={passwordError}>
        <input
          type="password"
          autoComplete="current-password"
          required
          // biome-ignore lint/a11y/noAutofocus: the dialog's first field, opened by the person's own click
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <Field
        label="Authentication code"
        hint="The 6-digit code from your app, or one of your recovery codes."
        error={codeError}
      >
        <input
          autoComplete="one-time-code"
          required
          maxLength={40}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </Field>
      <div className="row">
        <Button type="submit" variant="danger" busy={turnOff.isPending}>
          Turn off
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
