// A new secret (an API token, a webhook signing secret), shown once: copy it now, it cannot be
// shown again.
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Button } from '../../ui/components';
import type { CreatedToken } from './TokensSettings';

export function TokenSecret({
  created,
  onDone,
  label = 'API token',
  usage = (
    <>
      Send it as <code>Authorization: Bearer &lt;token&gt;</code>.
    </>
  ),
}: {
  created: CreatedToken;
  onDone: () => void;
  label?: string;
  usage?: ReactNode;
}) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // Focus moves to the news, so keyboard and screen-reader users land on the secret.
  useEffect(() => heading.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section className="card stack token-secret" aria-labelledby="token-secret-heading">
      <h2 id="token-secret-heading" ref={heading} tabIndex={-1}>
        Your new {label === 'API token' ? 'token' : label.toLowerCase()} “{created.name}”
      </h2>
      <div className="alert alert-warning">
        <p>
          <strong>Copy it now: it will not be shown again.</strong> Store it in your integration's secret
          settings. If you lose it, revoke it and create another.
        </p>
      </div>
      <label htmlFor="token-secret-value" className="label">
        {label}
      </label>
      <div className="row">
        <input
          id="token-secret-value"
          className="input secret-input"
          readOnly
          value={created.token}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <Button variant="primary" onClick={() => void copy()}>
          Copy
        </Button>
      </div>
      <p role="status" className="small">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'Could not copy automatically: select the token and copy it yourself.'}
      </p>
      <p className="small muted">{usage}</p>
      <div>
        <Button onClick={onDone}>I have stored it</Button>
      </div>
    </section>
  );
}
