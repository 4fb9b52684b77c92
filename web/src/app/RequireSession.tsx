import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading, ProblemAlert } from '../ui/components';
import { useMe } from './session';

/** Signed-in routes: anyone else goes to the log-in with a way back here. */
export function RequireSession({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading label="Loading your account…" />;
  if (me.error) return <ProblemAlert error={me.error} />;
  if (!me.data) {
    const next = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}

/** Screens about an organization's data need one to act in: create one first. */
export function RequireOrganization({ children }: { children: ReactNode }) {
  const me = useMe();
  // /orgs/new also lists the organizations one may switch to.
  if (!me.data?.activeOrganization) return <Navigate to="/orgs/new" replace />;
  return <>{children}</>;
}
