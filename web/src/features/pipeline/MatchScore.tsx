// The advisory match score on a card ("Match 72%") and, on request, why: the skills the resume
// matched and missed, read from the application (the list carries only the number).
import { useQuery } from '@tanstack/react-query';
import { Badge, ProblemAlert } from '../../ui/components';
import { type Application, fetchApplicationDetail, pipelineKeys } from './api';

type Tone = 'success' | 'primary' | 'warning';
const toneOf = (score: number): Tone => (score >= 70 ? 'success' : score >= 40 ? 'primary' : 'warning');

export function MatchBadge({ application }: { application: Application }) {
  const { score, parseStatus } = application;
  if (score !== null) return <Badge tone={toneOf(score)}>Match {score}%</Badge>;
  if (parseStatus === 'pending') return <Badge>Scoring…</Badge>;
  if (parseStatus === 'failed') return <Badge tone="warning">Resume unreadable</Badge>;
  return <Badge>No match score</Badge>;
}

const names = (skills: { name: string }[]) =>
  skills.length > 0 ? skills.map((s) => s.name).join(', ') : 'none';

export function MatchExplanation({ applicationId, id }: { applicationId: string; id: string }) {
  const detail = useQuery({
    queryKey: pipelineKeys.detail(applicationId),
    queryFn: () => fetchApplicationDetail(applicationId),
  });
  const match = detail.data?.match;
  return (
    <div className="match-explanation small" id={id}>
      {detail.isPending && <p className="muted">Loading the explanation…</p>}
      {detail.error && <ProblemAlert error={detail.error} title="Could not load the explanation" />}
      {detail.isSuccess && !match && <p>No skills were compared for this application.</p>}
      {match && (
        <>
          <p>{match.explanation}</p>
          <dl>
            <dt>Required, matched</dt>
            <dd>{names(match.required.matched)}</dd>
            <dt>Required, missing</dt>
            <dd>{names(match.required.missing)}</dd>
            <dt>Preferred, matched</dt>
            <dd>{names(match.preferred.matched)}</dd>
            <dt>Preferred, missing</dt>
            <dd>{names(match.preferred.missing)}</dd>
            {match.extra.length > 0 && (
              <>
                <dt>Other skills</dt>
                <dd>{names(match.extra)}</dd>
              </>
            )}
          </dl>
          <p className="muted">Advisory only: people decide, the score never rejects anyone.</p>
        </>
      )}
    </div>
  );
}
