// Inviting people by email (a single-use link valid for 7 days) and revoking pending invitations.
import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { useSession } from '../../app/session';
import { Button, Field, Loading, ProblemAlert, formatDate } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { settingsKeys } from './keys';
import { ROLE_OPTIONS, type Role, roleLabel } from './roles';
import { type Page, usePaged } from './usePaged';
import { FormProblem, fieldProblem } from './FormProblem';

type Invitation = Schemas['Invitation'];
type Pages = InfiniteData<Page<Invitation>, string | undefined>;

export function InvitationsSection() {
  const me = useSession();
  const toast = useToast();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('recruiter');
  const invitations = usePaged<Invitation>(settingsKeys.invitations, (cursor) =>
    unwrap(
      api.GET('/api/v1/org/invitations', {
        params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  // Only owners may invite owners (the API says so too).
  const roles = ROLE_OPTIONS.filter((r) => r.value !== 'owner' || me.activeOrganization?.role === 'owner');

  const invite = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/org/invitations', { body: { email: email.trim(), role } })),
    onSuccess: (created) => {
      toast.show(`Invitation sent to ${created.email}`);
      setEmail('');
      void client.invalidateQueries({ queryKey: settingsKeys.invitations });
      void client.invalidateQueries({ queryKey: settingsKeys.audit });
    },
  });

  const revoke = useMutation({
    mutationFn: (invitation: Invitation) =>
      unwrap(api.DELETE('/api/v1/org/invitations/{id}', { params: { path: { id: invitation.id } } })),
    // Safe to hide at once: on failure the list comes back from the server.
    onMutate: async (invitation) => {
      await client.cancelQueries({ queryKey: settingsKeys.invitations });
      client.setQueryData<Pages>(
        settingsKeys.invitations,
        (old) =>
          old && {
            ...old,
            pages: old.pages.map((p) => ({ ...p, data: p.data.filter((i) => i.id !== invitation.id) })),
          },
      );
    },
    onSuccess: (_data, invitation) => toast.show(`Invitation to ${invitation.email} revoked`),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: settingsKeys.invitations });
      void client.invalidateQueries({ queryKey: settingsKeys.audit });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };

  return (
    <section className="stack" aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invitations</h2>
      <form className="card stack" onSubmit={submit} noValidate aria-labelledby="invite-heading">
        <h3 id="invite-heading">Invite someone</h3>
        {invite.error ? (
          <FormProblem
            error={invite.error}
            title="Could not send the invitation"
            labels={{ email: 'Email address', role: 'Role' }}
          />
        ) : null}
        <div className="grid-2">
          <Field label="Email address" error={fieldProblem(invite.error, 'email')}>
            <input
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </Field>
          <Field label="Role" error={fieldProblem(invite.error, 'role')}>
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}: {r.summary}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <p className="small muted">
          We email a link valid for 7 days. They sign in (or sign up) with this address to join.
        </p>
        <div>
          <Button type="submit" variant="primary" busy={invite.isPending}>
            Send invitation
          </Button>
        </div>
      </form>
      <h3>Pending invitations</h3>
      {revoke.error ? <ProblemAlert error={revoke.error} title="Could not revoke the invitation" /> : null}
      {invitations.isPending ? (
        <Loading label="Loading invitations…" />
      ) : invitations.error ? (
        <ProblemAlert error={invitations.error} title="Could not load the invitations" />
      ) : invitations.items.length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <ul className="list" aria-label="Pending invitations">
          {invitations.items.map((i) => (
            <li key={i.id} className="list-item member-row">
              <div>
                <strong>{i.email}</strong> <span className="muted">as {roleLabel(i.role)}</span>
                <div className="small muted">
                  Sent {formatDate(i.createdAt)} · expires {formatDate(i.expiresAt)}
                </div>
              </div>
              <Button small aria-label={`Revoke invitation to ${i.email}`} onClick={() => revoke.mutate(i)}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      {invitations.hasNextPage && (
        <div>
          <Button busy={invitations.isFetchingNextPage} onClick={() => void invitations.fetchNextPage()}>
            Load more invitations
          </Button>
        </div>
      )}
    </section>
  );
}
