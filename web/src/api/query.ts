// The data layer: one QueryClient with defaults that suit a recruiter's day (fresh for 30 s,
// no retries of 4xx answers, sign-in again on 401).
import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiProblem } from './client';

/** Called when any query answers 401: the session ended (idle timeout, sign-out elsewhere). */
let onUnauthenticated: () => void = () => {};
export const whenUnauthenticated = (handler: () => void) => {
  onUnauthenticated = handler;
};

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => {
      if (error instanceof ApiProblem && error.status === 401) onUnauthenticated();
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      retry: (count, error) =>
        !(error instanceof ApiProblem && error.status >= 400 && error.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});
