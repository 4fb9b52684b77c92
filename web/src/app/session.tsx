// Who is signed in, in which organization, and what their role lets them do (from GET /me).
// The server checks every request; the app only hides what would be refused.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiProblem, api, type Schemas, setCsrfToken, unwrap } from '../api/client';

export type Me = Schemas['Me'];
export type Permission = Me['permissions'][number];

export const ME_KEY = ['me'] as const;

/** The account, or null when nobody is signed in (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await unwrap(api.GET('/api/v1/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** The signed-in account; only for components under <RequireSession>. */
export function useSession(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSession outside a signed-in route');
  return data;
}

export function useCan(permission: Permission): boolean {
  const { data } = useMe();
  return data?.permissions.includes(permission) ?? false;
}

/** After log-in, log-out or an organization switch: everything cached belonged to the old context. */
export function useResetSession() {
  const client = useQueryClient();
  return (me: Me | null) => {
    setCsrfToken(me?.csrfToken);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    client.setQueryData(ME_KEY, me);
  };
}
