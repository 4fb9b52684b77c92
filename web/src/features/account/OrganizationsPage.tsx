// /account/organizations: the organizations one belongs to, with one's role in each, and
// switching which one this session works in.
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { fetchMe, type Me, useResetSession, useSession } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Badge, Button, EmptyState, PageHeader, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { useSignedOutGuard } from './useSignedOutGuard';

type Membership = Me['organizations'][number];

/** "hiring_manager" → "Hiring manager". */
export const roleLabel = (role: Membership['role']) => {
  const words = role.replace('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

export function OrganizationsPage() {
  useDocumentTitle('Organizations · Your account');
  const me = useSession();
  const reset = useResetSession();
  const toast = useToast();
  const guard = useSignedOutGuard();
  const switchTo = useMutation({
    mutationFn: async (org: Membership) => {
      await unwrap(api.PUT('/api/v1/me/organization', { body: { organization: org.slug } }));
      return fetchMe();
    },
    // Everything cached belonged to the previous organization: reset drops it and stores the new Me.
    onSuccess: (fresh, org) => {
      reset(fresh);
      toast.show(`You are now working in ${org.name}.`);
    },
    onError: guard,
  });
  const active = me.activeOrganization?.id;
  return (
    <>
      <PageHeader
        title="Organizations"
        description="The organizations you belong to and your role in each. You work in one at a time; switching changes what you see everywhere in this browser."
        actions={
          <Link className="btn btn-primary" to="/orgs/new">
            Create an organization
          </Link>
        }
      />
      {!!switchTo.error && <ProblemAlert error={switchTo.error} title="Could not switch organization" />}
      {me.organizations.length === 0 ? (
        <EmptyState title="You are not in any organization yet">
          <p>Create one for your company, or open the invitation a colleague emailed you.</p>
        </EmptyState>
      ) : (
        <div className="stack">
          <h2 className="sr-only">Memberships</h2>
          <ul className="list">
            {me.organizations.map((org) => (
              <li key={org.id} className="list-item row org-item">
                <div className="stack-sm org-name">
                  <strong>{org.name}</strong>
                  <span className="small muted">/careers/{org.slug}</span>
                </div>
                <div className="row">
                  <Badge>
                    <span className="sr-only">Your role: </span>
                    {roleLabel(org.role)}
                  </Badge>
                  {org.id === active ? (
                    <Badge tone="success">Current</Badge>
                  ) : (
                    <Button
                      small
                      busy={switchTo.isPending && switchTo.variables?.id === org.id}
                      disabled={switchTo.isPending}
                      onClick={() => switchTo.mutate(org)}
                    >
                      Switch<span className="sr-only"> to {org.name}</span>
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
