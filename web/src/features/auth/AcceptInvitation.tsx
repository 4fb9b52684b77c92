import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { fetchMe, useResetSession, useSession } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Button, PageHeader, ProblemAlert } from '../../ui/components';
import { useHashToken } from './AuthLayout';

/** The emailed invitation: signed in with the invited address, one click joins the organization. */
export function AcceptInvitation() {
  useDocumentTitle('Accept invitation');
  const me = useSession();
  const token = useHashToken();
  const reset = useResetSession();
  const navigate = useNavigate();
  const accept = useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/invitations/accept', { body: { token } }));
      return fetchMe();
    },
    onSuccess: (fresh) => {
      reset(fresh);
      navigate('/postings', { replace: true });
    },
  });
  return (
    <div className="narrow stack">
      <PageHeader title="Accept invitation" />
      {!token ? (
        <div className="alert alert-warning" role="alert">
          <p>This link is incomplete. Open the link from the invitation email again.</p>
        </div>
      ) : (
        <div className="card stack">
          <p>
            You are signed in as <strong>{me.email}</strong>. Invitations work only for the address they were
            sent to.
          </p>
          {accept.error && <ProblemAlert error={accept.error} title="Could not accept the invitation" />}
          <div>
            <Button variant="primary" busy={accept.isPending} onClick={() => accept.mutate()}>
              Join the organization
            </Button>
          </div>
        </div>
      )}
    </div>
  );
}
