// Query keys and loaders of the applications and candidates screens, in one place so that every
// mutation invalidates exactly what it changed.
import { useQuery } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../../api/client';

export type Application = Schemas['ApplicationDetail'];
export type Candidate = Schemas['CandidateProfile'];
export type CandidateSummary = Schemas['CandidateSummary'];
export type Member = Schemas['Member'];

export const keys = {
  application: (id: string) => ['applications', id] as const,
  timeline: (id: string) => ['applications', id, 'timeline'] as const,
  notes: (id: string) => ['applications', id, 'notes'] as const,
  scorecards: (id: string) => ['applications', id, 'scorecards'] as const,
  criteria: (id: string) => ['applications', id, 'criteria'] as const,
  stages: (postingId: string) => ['postings', postingId, 'stages'] as const,
  members: ['org', 'members'] as const,
  candidates: (q: string) => ['candidates', 'list', q] as const,
  candidate: (id: string) => ['candidates', id] as const,
};

const path = (id: string) => ({ params: { path: { id } } });

export function useApplication(id: string) {
  return useQuery({
    queryKey: keys.application(id),
    queryFn: () => unwrap(api.GET('/api/v1/org/applications/{id}', path(id))),
    // The resume is read in the background: look again until the score is there.
    refetchInterval: (query) => (query.state.data?.parseStatus === 'pending' ? 3_000 : false),
  });
}

export function useTimeline(id: string) {
  return useQuery({
    queryKey: keys.timeline(id),
    queryFn: () => unwrap(api.GET('/api/v1/org/applications/{id}/timeline', path(id))),
  });
}

export function useNotes(id: string) {
  return useQuery({
    queryKey: keys.notes(id),
    queryFn: () => unwrap(api.GET('/api/v1/org/applications/{id}/notes', path(id))),
  });
}

export function useScorecards(id: string) {
  return useQuery({
    queryKey: keys.scorecards(id),
    queryFn: () => unwrap(api.GET('/api/v1/org/applications/{id}/scorecards', path(id))),
  });
}

export function useCriteria(id: string) {
  return useQuery({
    queryKey: keys.criteria(id),
    queryFn: () => unwrap(api.GET('/api/v1/org/applications/{id}/scorecards/criteria', path(id))),
  });
}

export function useStages(postingId: string | undefined) {
  return useQuery({
    queryKey: keys.stages(postingId ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/org/postings/{id}/stages', path(postingId ?? ''))),
    enabled: Boolean(postingId),
    staleTime: 5 * 60_000,
  });
}

/** Every member of the organization (pages of 100; organizations are small). */
export function useMembers() {
  return useQuery({
    queryKey: keys.members,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const all: Member[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(
          api.GET('/api/v1/org/members', {
            params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } },
          }),
        );
        all.push(...page.data);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && all.length < 1000);
      return all;
    },
  });
}

export function useCandidate(id: string) {
  return useQuery({
    queryKey: keys.candidate(id),
    queryFn: () => unwrap(api.GET('/api/v1/org/candidates/{id}', path(id))),
  });
}
