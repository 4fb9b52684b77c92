// The screening questions with the candidate's answers; knock-out answers are flagged in words
// (never only by colour) and never reject anyone by themselves.
import { useCan } from '../../app/session';
import { Badge, formatDateTime } from '../../ui/components';
import { FileDownload } from './FileDownload';
import type { Application } from './queries';

type Answer = Application['answers'][number];

function AnswerValue({ answer, application }: { answer: Answer; application: Application }) {
  const canOpenFiles = useCan('applications.files');
  const v = answer.answer;
  if (answer.type === 'file') {
    const id = v && typeof v === 'object' && 'file' in v ? String((v as { file: unknown }).file) : null;
    const file = application.files.find((f) => f.id === id);
    if (!canOpenFiles || !file) return <span className="muted">A file (your role may not open it)</span>;
    return <FileDownload applicationId={application.id} file={file} label={`Download ${file.filename}`} />;
  }
  if (v === null || v === undefined || v === '') return <span className="muted">Not answered</span>;
  if (typeof v === 'boolean')
    return <>{answer.type === 'consent' ? (v ? 'Agreed' : 'Did not agree') : v ? 'Yes' : 'No'}</>;
  if (Array.isArray(v)) return <>{v.map(String).join(', ') || 'None selected'}</>;
  if (typeof v === 'object') return <>{JSON.stringify(v)}</>;
  return <span style={{ whiteSpace: 'pre-wrap' }}>{String(v)}</span>;
}

export function AnswersSection({ application }: { application: Application }) {
  const flagged = application.answers.filter((a) => a.knockout).length;
  return (
    <section className="card stack" aria-labelledby="answers-heading">
      <h2 id="answers-heading">Answers</h2>
      {flagged > 0 && (
        <p className="alert alert-warning">
          <strong>Knock-out:</strong> {flagged === 1 ? 'one answer matches' : `${flagged} answers match`} a
          knock-out answer. This is a flag for you to review; nobody is rejected automatically.
        </p>
      )}
      {application.answers.length === 0 ? (
        <p className="muted">The posting asked no screening questions.</p>
      ) : (
        <ul className="list">
          {application.answers.map((a) => (
            <li key={a.questionId} className="list-item stack-sm">
              <h3 className="small" style={{ margin: 0 }}>
                {a.label}
              </h3>
              <div>
                <AnswerValue answer={a} application={application} />
              </div>
              {a.knockout && (
                <div>
                  <Badge tone="warning">Knock-out answer</Badge>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="small muted">
        Privacy consent given {formatDateTime(application.consent.at)}: “{application.consent.text}”
      </p>
    </section>
  );
}
