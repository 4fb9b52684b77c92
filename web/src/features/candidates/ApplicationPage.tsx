// One application, at /applications/:id (the link mention emails point to): who applied for what,
// where it stands, the match score, and the team's work on it in sections kept in the URL.
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useCan } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Badge, EmptyState, Loading, PageHeader, ProblemAlert, formatDate } from '../../ui/components';
import { AnswersSection } from './AnswersSection';
import { InterviewersSection } from './InterviewersSection';
import { MatchScore } from './MatchScore';
import { NotesSection } from './NotesSection';
import { type Application, useApplication } from './queries';
import { ResumeSection } from './ResumeSection';
import { ScorecardsSection } from './ScorecardsSection';
import { StageControl } from './StageControl';
import { type TabDef, TabLinks, useTab } from './TabLinks';
import { TimelineSection } from './TimelineSection';
import { STATUS_LABELS, formatDuration, statusTone } from './words';
import './candidates.css';

type Tab = 'resume' | 'answers' | 'timeline' | 'notes' | 'scorecards' | 'interviewers';

const BASE_TABS: TabDef<Tab>[] = [
  { id: 'resume', label: 'Resume' },
  { id: 'answers', label: 'Answers' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'notes', label: 'Notes' },
  { id: 'scorecards', label: 'Scorecards' },
];

export function ApplicationPage() {
  const { id = '' } = useParams();
  const application = useApplication(id);
  useDocumentTitle(application.data ? `${application.data.candidate.name} · Application` : 'Application');
  if (application.isPending) return <Loading label="Loading the application…" />;
  if (application.isError) {
    const missing = application.error instanceof ApiProblem && application.error.status === 404;
    return (
      <div className="stack">
        <PageHeader title={missing ? 'Application not found' : 'Application'} />
        {missing ? (
          <EmptyState title="This application does not exist or you may not see it">
            <p>
              Interviewers see only the applications they are assigned to.{' '}
              <Link to="/candidates">Back to candidates</Link>
            </p>
          </EmptyState>
        ) : (
          <ProblemAlert error={application.error} title="Could not load the application" />
        )}
      </div>
    );
  }
  return <ApplicationView application={application.data} />;
}

function ApplicationView({ application }: { application: Application }) {
  const canWrite = useCan('applications.write');
  const tabs = canWrite ? [...BASE_TABS, { id: 'interviewers' as const, label: 'Interviewers' }] : BASE_TABS;
  const tab = useTab(tabs);
  const secondsInStage = Math.max(0, (Date.now() - new Date(application.stageEnteredAt).getTime()) / 1000);
  return (
    <div className="stack">
      <PageHeader
        title={application.candidate.name}
        description={
          <>
            Applied for <Link to={`/postings/${application.posting.id}`}>{application.posting.title}</Link> on{' '}
            {formatDate(application.createdAt)}
          </>
        }
        actions={
          <Link className="btn" to={`/candidates/${application.candidate.id}`}>
            Candidate profile
          </Link>
        }
      />
      <div className="grid-2">
        <section className="card top stack-sm" aria-labelledby="stage-heading">
          <h2 id="stage-heading">Stage and status</h2>
          <p className="row">
            <span>
              Stage: <strong>{application.stage.name}</strong>
            </span>
            <span>
              Status:{' '}
              <Badge tone={statusTone(application.status)}>
                {STATUS_LABELS[application.status] ?? application.status}
              </Badge>
            </span>
          </p>
          <p className="small muted">
            In this stage for {formatDuration(secondsInStage)}
            {application.rejectionReason ? `. Rejection reason: ${application.rejectionReason}` : ''}
          </p>
          {application.knockouts.length > 0 && (
            <p>
              <Badge tone="warning">Knock-out answer</Badge> <span className="small">See Answers.</span>
            </p>
          )}
          {canWrite && (
            <StageControl key={`${application.id}-${application.stage.id}`} application={application} />
          )}
          <p className="small muted">
            {application.candidate.email}
            {application.phone ? ` · ${application.phone}` : ''}
          </p>
          {application.otherApplications.length > 0 && (
            <div className="small">
              Also applied to:{' '}
              {application.otherApplications.map((o, i) => (
                <span key={o.id}>
                  {i > 0 && ', '}
                  <Link to={`/applications/${o.id}`}>{o.postingTitle}</Link> (
                  {STATUS_LABELS[o.status] ?? o.status})
                </span>
              ))}
            </div>
          )}
        </section>
        <section className="card top" aria-labelledby="match-heading">
          <h2 id="match-heading">Match</h2>
          <MatchScore application={application} />
        </section>
      </div>
      <TabLinks tabs={tabs} current={tab} label="Application sections" />
      {tab === 'resume' && <ResumeSection application={application} />}
      {tab === 'answers' && <AnswersSection application={application} />}
      {tab === 'timeline' && <TimelineSection application={application} />}
      {tab === 'notes' && <NotesSection applicationId={application.id} />}
      {tab === 'scorecards' && <ScorecardsSection applicationId={application.id} />}
      {tab === 'interviewers' && canWrite && (
        <InterviewersSection
          key={`${application.id}-${application.assignedTo.join()}`}
          application={application}
        />
      )}
    </div>
  );
}
