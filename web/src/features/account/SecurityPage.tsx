// /account/security: two-factor authentication with an authenticator app. New recovery codes
// live only in this component's state: shown once, never cached or stored.
import { useEffect, useRef, useState } from 'react';
import { useSession } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Badge, PageHeader } from '../../ui/components';
import { MfaOnPanel } from './MfaOnPanel';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { TotpSetup } from './TotpSetup';

export function SecurityPage() {
  useDocumentTitle('Two-factor authentication · Your account');
  const me = useSession();
  const [codes, setCodes] = useState<{ codes: string[]; replaced: boolean } | null>(null);
  // After the first render, every change of panel comes from the person's own action: the new
  // panel takes the focus (the button they used is gone).
  const loaded = useRef(false);
  useEffect(() => {
    loaded.current = true;
  }, []);
  return (
    <>
      <PageHeader
        title="Two-factor authentication"
        description="With two-factor authentication on, signing in needs a code from an authenticator app on your phone as well as your password."
        actions={
          me.mfaEnabled ? <Badge tone="success">Status: on</Badge> : <Badge tone="warning">Status: off</Badge>
        }
      />
      {codes ? (
        <RecoveryCodesPanel codes={codes.codes} replaced={codes.replaced} onDone={() => setCodes(null)} />
      ) : me.mfaEnabled ? (
        <MfaOnPanel
          focus={loaded.current}
          onNewCodes={(fresh) => setCodes({ codes: fresh, replaced: true })}
        />
      ) : (
        <TotpSetup
          focus={loaded.current}
          onEnabled={(fresh) => setCodes({ codes: fresh, replaced: false })}
        />
      )}
    </>
  );
}
