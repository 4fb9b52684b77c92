// The ten recovery codes, shown once: each signs in once when the phone is lost. The panel stays
// until the person says the codes are saved, so they are not lost to a stray click.
import { useState } from 'react';
import { Button } from '../../ui/components';
import { CopyButton } from './CopyButton';
import { useFocusOnMount } from './useFocusOnMount';

export function RecoveryCodesPanel({
  codes,
  replaced,
  onDone,
}: {
  codes: string[];
  replaced: boolean;
  onDone: () => void;
}) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [saved, setSaved] = useState(false);
  const [nudge, setNudge] = useState(false);
  return (
    <section className="card stack" aria-labelledby="recovery-codes">
      <div role="status" className="alert alert-success">
        <p>
          {replaced
            ? 'New recovery codes are ready. The old ones no longer work.'
            : 'Two-factor authentication is on. Your other sessions were signed out.'}
        </p>
      </div>
      <h2 id="recovery-codes" tabIndex={-1} ref={heading}>
        Save your recovery codes
      </h2>
      <p>
        If you lose your phone, each of these codes signs you in once instead of an authentication code. Keep
        them somewhere safe, such as a password manager. <strong>They are shown only now.</strong>
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <CopyButton text={codes.join('\n')} label="Copy recovery codes" />
      <label className="check">
        <input
          type="checkbox"
          checked={saved}
          onChange={(e) => {
            setSaved(e.target.checked);
            setNudge(false);
          }}
        />
        <span>I have saved these codes</span>
      </label>
      {nudge && (
        <p className="alert alert-warning" role="alert">
          Confirm that you have saved the codes first: they cannot be shown again.
        </p>
      )}
      <div>
        <Button variant="primary" onClick={() => (saved ? onDone() : setNudge(true))}>
          Done
        </Button>
      </div>
    </section>
  );
}
