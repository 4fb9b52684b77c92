// The member list: a role select per member (saved at once, optimistically) and removal after a
// confirmation. The API refuses to leave the organization without an owner; its reason is shown.
import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, type Schemas, unwrap } from '../../api/client';
import { ME_KEY, useCan, useSession } from '../../app/session';
import { Badge, Button, EmptyState, Loading, ProblemAlert, formatDate } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { ConfirmDialog } from './ConfirmDialog';
import { settingsKeys } from './keys';
import { ROLE_OPTIONS, type Role, roleLabel } from './roles';
import { type Page, usePaged } from './usePaged';

type Member = Schemas['Member'];
type Pages = InfiniteData<Page<Member>, string | undefined>;

export function MembersSection() {
  const me = useSession();
  const canManage = useCan('members.manage');
  const toast = useToast();
  const client = useQueryClient();
  const members = usePaged<Member>(settingsKeys.members, (cursor) =>
    unwrap(
      api.GET('/api/v1/org/members', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }),
    ),
  );
  const [removing, setRemoving] = useState<Member | null>(null);

  const setRole = (userId: string, role: Role) =>
    client.setQueryData<Pages>(
      settingsKeys.members,
      (old) =>
        old && {
          ...old,
          pages: old.pages.map((p) => ({
            ...p,
            data: p.data.map((m) => (m.userId === userId ? { ...m, role } : m)),
          })),
        },
    );

  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: Role }) =>
      unwrap(
        api.PATCH('/api/v1/org/members/{userId}', {
          params: { path: { userId: member.userId } },
          body: { role },
        }),
      ),
    onMutate: async ({ member, role }) => {
      await client.cancelQueries({ queryKey: settingsKeys.members });
      setRole(member.userId, role);
    },
    onError: (_error, { member }) => setRole(member.userId, member.role),
    onSuccess: (updated) => {
      toast.show(`${updated.email} is now ${roleLabel(updated.role).toLowerCase()}`);
      // One's own role decides what this app shows.
      if (updated.userId === me.id) void client.invalidateQueries({ queryKey: ME_KEY });
    },
    onSettled: () => {
      void client.invalidateQueries({ queryKey: settingsKeys.members });
      void client.invalidateQueries({ queryKey: settingsKeys.audit });
    },
  });

  const remove = useMutation({
    mutationFn: (member: Member) =>
      unwrap(api.DELETE('/api/v1/org/members/{userId}', { params: { path: { userId: member.userId } } })),
    onSuccess: (_data, member) => {
      setRemoving(null);
      toast.show(`${member.email} was removed from the organization`);
      void client.invalidateQueries({ queryKey: settingsKeys.members });
      void client.invalidateQueries({ queryKey: settingsKeys.audit });
    },
  });

  return (
    <section className="stack" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      {changeRole.error ? <ProblemAlert error={changeRole.error} title="Could not change the role" /> : null}
      {members.isPending ? (
        <Loading label="Loading members…" />
      ) : members.error ? (
        <ProblemAlert error={members.error} title="Could not load the members" />
      ) : members.items.length === 0 ? (
        <EmptyState title="No members yet" />
      ) : (
        <ul className="list">
          {members.items.map((m) => (
            <li key={m.userId} className="list-item member-row">
              <div className="member-who">
                <strong>{m.name || m.email}</strong>
                {m.userId === me.id && <Badge tone="primary">You</Badge>}
                {m.name && <div className="small muted">{m.email}</div>}
                <div className="small muted">
                  Joined {formatDate(m.joinedAt)} ·{' '}
                  {m.mfaEnabled ? 'Two-factor authentication on' : 'Two-factor authentication off'}
                </div>
              </div>
              {canManage ? (
                <div className="row">
                  <label className="sr-only" htmlFor={`role-${m.userId}`}>
                    Role of {m.email}
                  </label>
                  <select
                    id={`role-${m.userId}`}
                    className="role-select"
                    value={m.role}
                    disabled={changeRole.isPending}
                    onChange={(e) => changeRole.mutate({ member: m, role: e.target.value as Role })}
                  >
                    {ROLE_OPTIONS.map((r) => (
                      <option key={r.value} value={r.value}>
                        {r.label}
                      </option>
                    ))}
                  </select>
                  <Button
                    small
                    variant="danger"
                    aria-label={`Remove ${m.email}`}
                    onClick={() => {
                      remove.reset();
                      setRemoving(m);
                    }}
                  >
                    Remove
                  </Button>
                </div>
              ) : (
                <Badge>{roleLabel(m.role)}</Badge>
              )}
            </li>
          ))}
        </ul>
      )}
      {members.hasNextPage && (
        <div>
          <Button busy={members.isFetchingNextPage} onClick={() => void members.fetchNextPage()}>
            Load more members
          </Button>
        </div>
      )}
      <details className="small">
        <summary>What each role may do</summary>
        <ul>
          {ROLE_OPTIONS.map((r) => (
            <li key={r.value}>
              <strong>{r.label}</strong>: {r.summary}
            </li>
          ))}
        </ul>
      </details>
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.email ?? 'this member'}?`}
        confirmLabel="Remove member"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      >
        <p>
          They lose access to this organization at once. API tokens they created and invitations they sent are
          revoked too. You can invite them again later.
        </p>
      </ConfirmDialog>
    </section>
  );
}
