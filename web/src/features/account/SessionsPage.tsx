// /account/sessions: every browser signed in to this account, and a way to end the others (a lost
// laptop, a shared computer). Ending one is optimistic: the row goes at once and comes back if
// the server refuses.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { useDocumentTitle } from '../../app/title';
import { Badge, Button, formatDateTime, Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { SESSIONS_KEY } from './keys';
import { describeUserAgent } from './userAgent';
import { useSignedOutGuard } from './useSignedOutGuard';

type SessionList = Awaited<ReturnType<typeof fetchSessions>>;
type Session = SessionList['data'][number];

const fetchSessions = () => unwrap(api.GET('/api/v1/me/sessions'));

export function SessionsPage() {
  useDocumentTitle('Sessions · Your account');
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: fetchSessions, staleTime: 0 });
  const end = useEndSession();
  const endOthers = useEndOtherSessions();
  const list = sessions.data?.data ?? [];
  // The current session first, then the most recently active.
  const ordered = [...list].sort((a, b) => Number(b.current) - Number(a.current));
  return (
    <>
      <PageHeader
        title="Sessions"
        description="The browsers and devices signed in to your account. Sign out any you do not recognise, then change your password."
      />
      {!!end.error && <ProblemAlert error={end.error} title="Could not sign out that session" />}
      {!!endOthers.error && (
        <ProblemAlert error={endOthers.error} title="Could not sign out every other session" />
      )}
      {sessions.isPending ? (
        <Loading label="Loading sessions…" />
      ) : sessions.error ? (
        <ProblemAlert error={sessions.error} title="Could not load your sessions" />
      ) : (
        <section className="stack" aria-labelledby="sessions-heading">
          <h2 id="sessions-heading">
            {ordered.length === 1 ? '1 active session' : `${ordered.length} active sessions`}
          </h2>
          {ordered.length === 1 ? (
            <p className="muted">You are signed in only here.</p>
          ) : (
            <div>
              <Button
                variant="danger"
                busy={endOthers.isPending}
                onClick={() => endOthers.mutate(ordered.filter((o) => !o.current))}
              >
                Sign out all other sessions
              </Button>
            </div>
          )}
          <ul className="list">
            {ordered.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                ending={end.isPending && end.variables?.id === session.id}
                onEnd={() => end.mutate(session)}
              />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function SessionItem({ session, ending, onEnd }: { session: Session; ending: boolean; onEnd: () => void }) {
  const device = describeUserAgent(session.userAgent);
  const headingId = `session-${session.id}`;
  return (
    <li className="list-item stack-sm">
      <div className="row session-head">
        <h3 id={headingId} className="session-device">
          {device}
        </h3>
        {session.current && <Badge tone="primary">This device</Badge>}
      </div>
      <dl className="account-facts session-facts">
        <div>
          <dt>IP address</dt>
          <dd>{session.ip ?? 'Unknown'}</dd>
        </div>
        <div>
          <dt>Signed in</dt>
          <dd>{formatDateTime(session.createdAt)}</dd>
        </div>
        <div>
          <dt>Last active</dt>
          <dd>{formatDateTime(session.lastSeenAt)}</dd>
        </div>
        <div>
          <dt>Expires</dt>
          <dd>{formatDateTime(session.expiresAt)}</dd>
        </div>
      </dl>
      {session.userAgent && (
        <p className="small muted break" title={session.userAgent}>
          {session.userAgent}
        </p>
      )}
      {!session.current && (
        <div>
          <Button small variant="danger" busy={ending} onClick={onEnd}>
            Sign out
            <span className="sr-only">
              {' '}
              {device}, signed in {formatDateTime(session.createdAt)}
            </span>
          </Button>
        </div>
      )}
    </li>
  );
}

function useEndSession() {
  const client = useQueryClient();
  const toast = useToast();
  const guard = useSignedOutGuard();
  return useMutation({
    mutationFn: (session: Session) =>
      unwrap(api.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id: session.id } } })),
    onMutate: async (session) => {
      await client.cancelQueries({ queryKey: SESSIONS_KEY });
      const before = client.getQueryData<SessionList>(SESSIONS_KEY);
      if (before) {
        client.setQueryData<SessionList>(SESSIONS_KEY, {
          data: before.data.filter((s) => s.id !== session.id),
        });
      }
      return { before };
    },
    onError: (error, _session, context) => {
      if (context?.before) client.setQueryData(SESSIONS_KEY, context.before);
      guard(error);
    },
    onSuccess: (_, session) => toast.show(`Signed out ${describeUserAgent(session.userAgent)}.`),
    onSettled: () => client.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

/** One DELETE per session: the API has no "all others" route; each ended one leaves the list. */
function useEndOtherSessions() {
  const client = useQueryClient();
  const toast = useToast();
  const guard = useSignedOutGuard();
  return useMutation({
    mutationFn: async (others: Session[]) => {
      for (const session of others) {
        await unwrap(api.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id: session.id } } }));
        client.setQueryData<SessionList>(SESSIONS_KEY, (list) =>
          list ? { data: list.data.filter((s) => s.id !== session.id) } : list,
        );
      }
      return others.length;
    },
    onSuccess: (count) =>
      toast.show(count === 1 ? 'Signed out 1 other session.' : `Signed out ${count} other sessions.`),
    onError: guard,
    onSettled: () => client.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}
