// Queries answering 401 already send the person to the log-in (api/query.ts); mutations do not,
// so a form submitted after the session ended elsewhere does the same here.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiProblem } from '../../api/client';
import { ME_KEY } from '../../app/session';

export function useSignedOutGuard() {
  const client = useQueryClient();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiProblem && error.status === 401) client.setQueryData(ME_KEY, null);
    },
    [client],
  );
}
