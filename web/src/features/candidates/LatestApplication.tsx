// Each candidate's latest application for the list. The candidate list does not carry it (an API
// gap), so it comes from the organization's newest applications: one request, and the list is
// ordered by recent activity, so the rows on screen are nearly always covered; older ones link to
// the profile instead.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';

export interface Latest {
  id: string;
  postingTitle: string;
  stageName: string;
}

export function useLatestApplications(): Map<string, Latest> {
  const newest = useQuery({
    queryKey: ['applications', 'list', 'newest-100'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/org/applications', { params: { query: { limit: 100, sort: 'newest' } } })),
  });
  const byCandidate = new Map<string, Latest>();
  for (const a of newest.data?.data ?? []) {
    if (!byCandidate.has(a.candidate.id)) {
      byCandidate.set(a.candidate.id, { id: a.id, postingTitle: a.posting.title, stageName: a.stage.name });
    }
  }
  return byCandidate;
}

export function LatestApplication({ latest, count }: { latest: Latest | undefined; count: number }) {
  const total = `${count} ${count === 1 ? 'application' : 'applications'}`;
  if (!latest) return <span className="small">{total}</span>;
  return (
    <>
      <Link to={`/applications/${latest.id}`}>{latest.postingTitle}</Link>
      <br />
      <span className="small">
        {latest.stageName} · {total}
      </span>
    </>
  );
}
