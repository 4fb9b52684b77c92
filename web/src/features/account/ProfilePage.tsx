// /account: who one is signed in as, whether the address is confirmed, and changing name or address.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Badge, Button, PageHeader, ProblemAlert } from '../../ui/components';
import { ChangeEmailForm } from './ChangeEmailForm';
import { ChangeNameForm } from './ChangeNameForm';

export function ProfilePage() {
  useDocumentTitle('Profile · Your account');
  const me = useSession();
  return (
    <>
      <PageHeader title="Profile" description="The name and email address of your Rolecraft account." />
      <section className="card stack" aria-labelledby="profile-details">
        <h2 id="profile-details">Your details</h2>
        <dl className="account-facts">
          <div>
            <dt>Name</dt>
            <dd>{me.name || <span className="muted">Not given</span>}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd className="row">
              <span className="break">{me.email}</span>
              {me.emailVerified ? (
                <Badge tone="success">Confirmed</Badge>
              ) : (
                <Badge tone="warning">Not confirmed</Badge>
              )}
            </dd>
          </div>
        </dl>
        {!me.emailVerified && <ResendVerification email={me.email} />}
      </section>
      <ChangeNameForm currentName={me.name} />
      <ChangeEmailForm currentEmail={me.email} />
    </>
  );
}

function ResendVerification({ email }: { email: string }) {
  const resend = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/resend-verification', { body: { email } })),
  });
  return (
    <div className="stack-sm">
      {!!resend.error && <ProblemAlert error={resend.error} title="Could not send the link" />}
      <div role="status">
        {resend.isSuccess && (
          <p className="alert alert-success">A new confirmation link is on its way to {email}.</p>
        )}
      </div>
      <div>
        <Button small busy={resend.isPending} onClick={() => resend.mutate()}>
          Send the confirmation link again
        </Button>
      </div>
    </div>
  );
}
