// Turning two-factor authentication on, in two steps: the password, then the key for the app with
// a code from it to prove it works. The key is kept in memory only, so the steps are not in the
// URL: a reload starts again, and the next set-up issues a fresh key.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ME_KEY } from '../../app/session';
import { Button, Field, ProblemAlert } from '../../ui/components';
import { CopyButton } from './CopyButton';
import { QrCode } from './QrCode';
import { SESSIONS_KEY } from './keys';
import { fieldProblem, WRONG_CODE, WRONG_PASSWORD } from './problems';
import { useFocusOnMount } from './useFocusOnMount';
import { useSignedOutGuard } from './useSignedOutGuard';

type Setup = { secret: string; otpauthUri: string };

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to read and type into an app. */
export const groupInFours = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export function TotpSetup({ focus, onEnabled }: { focus: boolean; onEnabled: (codes: string[]) => void }) {
  const [step, setStep] = useState<'off' | 'password' | 'verify'>('off');
  // Back from a cancelled step, the off panel is new on screen: it takes the focus.
  const [cancelled, setCancelled] = useState(false);
  const cancel = () => {
    setCancelled(true);
    setStep('off');
  };
  const [setup, setSetup] = useState<Setup | null>(null);
  if (step === 'verify' && setup) {
    return <VerifyStep setup={setup} onCancel={cancel} onEnabled={onEnabled} />;
  }
  if (step === 'password') {
    return (
      <PasswordStep
        onCancel={cancel}
        onReady={(s) => {
          setSetup(s);
          setStep('verify');
        }}
      />
    );
  }
  return <MfaOff focus={focus || cancelled} onStart={() => setStep('password')} />;
}

function MfaOff({ focus, onStart }: { focus: boolean; onStart: () => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>(focus);
  return (
    <section className="card stack" aria-labelledby="mfa-off">
      <h2 id="mfa-off" tabIndex={-1} ref={heading}>
        Two-factor authentication is off
      </h2>
      <p>
        Anyone with your password can sign in. Add an authenticator app (such as 1Password, Google
        Authenticator, Microsoft Authenticator or Aegis) so that a stolen password is not enough.
      </p>
      <p className="small muted">Turning it on signs out your other sessions.</p>
      <div>
        <Button variant="primary" onClick={onStart}>
          Set up two-factor authentication
        </Button>
      </div>
    </section>
  );
}

function PasswordStep({ onCancel, onReady }: { onCancel: () => void; onReady: (setup: Setup) => void }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const guard = useSignedOutGuard();
  const [password, setPassword] = useState('');
  const start = useMutation({
    mutationFn: (pw: string) => unwrap(api.POST('/api/v1/me/mfa/totp/setup', { body: { password: pw } })),
    onSuccess: onReady,
    onError: guard,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate(password);
  };
  const passwordError = fieldProblem(start.error, WRONG_PASSWORD, '/password');
  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="mfa-password">
      <h2 id="mfa-password" tabIndex={-1} ref={heading}>
        Step 1 of 2: confirm it is you
      </h2>
      {!!start.error && !passwordError && (
        <ProblemAlert error={start.error} title="Could not start the set-up" />
      )}
      <Field label="Password" hint="Your current password." error={passwordError}>
        <input
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </Field>
      <div className="row">
        <Button type="submit" variant="primary" busy={start.isPending}>
          Continue
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function VerifyStep({
  setup,
  onCancel,
  onEnabled,
}: {
  setup: Setup;
  onCancel: () => void;
  onEnabled: (codes: string[]) => void;
}) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const client = useQueryClient();
  const guard = useSignedOutGuard();
  const [code, setCode] = useState('');
  const enable = useMutation({
    mutationFn: (c: string) => unwrap(api.POST('/api/v1/me/mfa/totp/enable', { body: { code: c } })),
    onSuccess: ({ recoveryCodes }) => {
      onEnabled(recoveryCodes);
      void client.invalidateQueries({ queryKey: ME_KEY });
      void client.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: guard,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    enable.mutate(code.replace(/\s/g, ''));
  };
  const codeError = fieldProblem(enable.error, WRONG_CODE, '/code');
  const grouped = groupInFours(setup.secret);
  return (
    <section className="card stack" aria-labelledby="mfa-verify">
      <h2 id="mfa-verify" tabIndex={-1} ref={heading}>
        Step 2 of 2: add Rolecraft to your authenticator app
      </h2>
      <ol className="stack steps">
        <li className="stack-sm">
          <p>
            Scan this code with your authenticator app, or choose to add an account by entering a key and
            enter the key below (spaces do not matter). It is time-based, with 6 digits.
          </p>
          <QrCode text={setup.otpauthUri} label="QR code for your authenticator app" />
          <p className="secret-line">
            <span className="sr-only">Key: </span>
            <code className="totp-secret">{grouped}</code>
          </p>
          <CopyButton text={setup.secret} label="Copy key" />
          <details>
            <summary>Use a setup link instead</summary>
            <div className="stack-sm">
              <p className="small">
                Apps that accept an <code>otpauth://</code> link can import this one. On a phone with an
                authenticator app, <a href={setup.otpauthUri}>open the setup link in your app</a>.
              </p>
              <code className="otpauth-uri">{setup.otpauthUri}</code>
              <CopyButton text={setup.otpauthUri} label="Copy setup link" />
            </div>
          </details>
        </li>
        <li>
          <form className="stack" onSubmit={submit} noValidate>
            <Field
              label="Authentication code"
              hint="The 6-digit code your app now shows for Rolecraft."
              error={codeError}
            >
              <input
                autoComplete="one-time-code"
                inputMode="numeric"
                required
                maxLength={12}
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            </Field>
            {!!enable.error && !codeError && (
              <ProblemAlert error={enable.error} title="Could not turn on two-factor authentication" />
            )}
            <div className="row">
              <Button type="submit" variant="primary" busy={enable.isPending}>
                Turn on two-factor authentication
              </Button>
              <Button variant="ghost" onClick={onCancel}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </section>
  );
}
