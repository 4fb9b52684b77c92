// A candidate's profile at /candidates/:id: applications, skills, retention, privacy requests and
// the timeline of all their applications; export and erasure for administrators.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useCan } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import {
  Badge,
  Button,
  EmptyState,
  Loading,
  PageHeader,
  ProblemAlert,
  formatDate,
  formatDateTime,
} from '../../ui/components';
import { download } from './download';
import { EraseDialog } from './EraseDialog';
import { type Candidate, useCandidate, useMembers } from './queries';
import { STATUS_LABELS, describeEvent, statusTone } from './words';
import './candidates.css';

export function CandidateProfile() {
  const { id = '' } = useParams();
  const candidate = useCandidate(id);
  useDocumentTitle(candidate.data ? `${candidate.data.name} · Candidate` : 'Candidate');
  if (candidate.isPending) return <Loading label="Loading the candidate…" />;
  if (candidate.isError) {
    const missing = candidate.error instanceof ApiProblem && candidate.error.status === 404;
    return (
      <div className="stack">
        <PageHeader title={missing ? 'Candidate not found' : 'Candidate'} />
        {missing ? (
          <EmptyState title="This candidate does not exist, was erased, or you may not see them">
            <p>
              <Link to="/candidates">Back to candidates</Link>
            </p>
          </EmptyState>
        ) : (
          <ProblemAlert error={candidate.error} title="Could not load the candidate" />
        )}
      </div>
    );
  }
  return <ProfileView candidate={candidate.data} />;
}

function ExportButton({ candidate }: { candidate: Candidate }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const run = async () => {
    setBusy(true);
    setError(null);
    setSaved('');
    try {
      const name = await download(
        `/api/v1/org/candidates/${candidate.id}/export`,
        `candidate-${candidate.id}.zip`,
      );
      setSaved(`Downloaded ${name}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button onClick={run} busy={busy}>
        Export data
      </Button>
      <span className="small" role="status">
        {saved}
      </span>
      {error ? <ProblemAlert error={error} title="Could not export the data" /> : null}
    </>
  );
}

function ProfileView({ candidate }: { candidate: Candidate }) {
  const canExport = useCan('candidates.export');
  const canErase = useCan('candidates.erase');
  const [erasing, setErasing] = useState(false);
  const members = useMembers();
  const nameOf = (userId: string) => {
    const m = members.data?.find((x) => x.userId === userId);
    return m ? m.name || m.email : 'a former member';
  };
  const titles = new Map(candidate.applications.map((a) => [a.id, a.posting.title]));
  const contact = [candidate.email, candidate.phone].filter(Boolean).join(' · ');
  return (
    <div className="stack">
      <PageHeader
        title={candidate.name}
        description={contact || 'No contact details'}
        actions={
          (canExport || canErase) && (
            <>
              {canExport && <ExportButton candidate={candidate} />}
              {canErase && (
                <Button variant="danger" onClick={() => setErasing(true)}>
                  Erase candidate
                </Button>
              )}
            </>
          )
        }
      />
      {candidate.requests.erasureRequestedAt && (
        <div className="alert alert-warning">
          <h2>Erasure requested</h2>
          <p>
            The candidate asked on {formatDate(candidate.requests.erasureRequestedAt)} for their data to be
            erased.
            {canErase ? ' Confirm it with “Erase candidate”.' : ' An administrator confirms erasure.'}
          </p>
        </div>
      )}
      <div className="grid-2">
        <section className="card top stack-sm" aria-labelledby="apps-heading">
          <h2 id="apps-heading">Applications</h2>
          {candidate.applications.length === 0 ? (
            <p className="muted">No applications you can see.</p>
          ) : (
            <ul className="list">
              {candidate.applications.map((a) => (
                <li key={a.id} className="list-item stack-sm">
                  <Link to={`/applications/${a.id}`}>{a.posting.title}</Link>
                  <span className="row small">
                    <span>Stage: {a.stage.name}</span>
                    <Badge tone={statusTone(a.status)}>{STATUS_LABELS[a.status] ?? a.status}</Badge>
                    <span>{a.score === null ? 'No match score' : `Match score ${a.score}%`}</span>
                    <span className="muted">Applied {formatDate(a.createdAt)}</span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card top stack-sm" aria-labelledby="privacy-heading">
          <h2 id="privacy-heading">Retention and privacy</h2>
          <dl className="dl">
            <dt>Kept until</dt>
            <dd>{formatDate(candidate.retention.keptUntil)}</dd>
            <dt>Consent renewed</dt>
            <dd>
              {candidate.retention.consentRenewedAt
                ? formatDate(candidate.retention.consentRenewedAt)
                : 'Not yet'}
            </dd>
            <dt>Export requested</dt>
            <dd>
              {candidate.requests.exportRequestedAt
                ? formatDateTime(candidate.requests.exportRequestedAt)
                : 'No'}
            </dd>
            <dt>Erasure requested</dt>
            <dd>
              {candidate.requests.erasureRequestedAt
                ? formatDateTime(candidate.requests.erasureRequestedAt)
                : 'No'}
            </dd>
            <dt>First applied</dt>
            <dd>{formatDate(candidate.createdAt)}</dd>
            <dt>Last activity</dt>
            <dd>{formatDateTime(candidate.lastActivityAt)}</dd>
          </dl>
          <p className="small muted">
            Data is anonymized after the retention date unless there is activity or renewed consent.
          </p>
        </section>
      </div>
      <section className="card stack-sm" aria-labelledby="skills-heading">
        <h2 id="skills-heading">Skills</h2>
        {candidate.skills.length === 0 ? (
          <p className="muted">No known skills found in the resumes.</p>
        ) : (
          <ul className="chips">
            {candidate.skills.map((s) => (
              <li key={s.id} className="chip">
                {s.name}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card stack-sm" aria-labelledby="history-heading">
        <h2 id="history-heading">Timeline</h2>
        {candidate.timeline.length === 0 ? (
          <p className="muted">Nothing has happened yet.</p>
        ) : (
          <ol className="timeline" aria-label="Events, newest first">
            {candidate.timeline.map((e) => (
              <li key={e.id}>
                <span>{describeEvent(e, nameOf)}</span>{' '}
                <span className="small">
                  (
                  <Link to={`/applications/${e.applicationId}?tab=timeline`}>
                    {titles.get(e.applicationId) ?? 'application'}
                  </Link>
                  )
                </span>
                <br />
                <time className="small muted" dateTime={e.at}>
                  {formatDateTime(e.at)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </section>
      {canErase && <EraseDialog candidate={candidate} open={erasing} onClose={() => setErasing(false)} />}
    </div>
  );
}
