// The resume: its files to download, its text as the server read it (a safe preview: plain text,
// never the file rendered in the page), and the facts read from it (contacts and skills).
import { useCan } from '../../app/session';
import { FileDownload } from './FileDownload';
import type { Application } from './queries';

interface Contacts {
  name?: string;
  emails: string[];
  phones: string[];
  urls: string[];
  linkedin?: string;
  github?: string;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function contactsOf(raw: unknown): Contacts | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const c: Contacts = { emails: strings(r.emails), phones: strings(r.phones), urls: strings(r.urls) };
  const name = text(r.name);
  const linkedin = text(r.linkedin);
  const github = text(r.github);
  if (name) c.name = name;
  if (linkedin) c.linkedin = linkedin;
  if (github) c.github = github;
  return c;
}

/** Names of the resume's canonical skill ids, from the match where it names them. */
function skillNames(application: Application): string[] {
  const names = new Map<string, string>();
  const m = application.match;
  if (m) {
    for (const s of [...m.required.matched, ...m.preferred.matched, ...m.extra]) names.set(s.id, s.name);
  }
  return application.skills.map((id) => names.get(id) ?? id);
}

const FILE_LABELS = { resume: 'Download resume', cover_letter: 'Download cover letter' } as const;

export function ResumeSection({ application }: { application: Application }) {
  const canOpenFiles = useCan('applications.files');
  const contacts = contactsOf(application.contacts);
  const skills = skillNames(application);
  const resume = application.files.filter((f) => f.role !== 'answer');
  return (
    <section className="card stack" aria-labelledby="resume-heading">
      <h2 id="resume-heading">Resume</h2>
      {!canOpenFiles ? (
        <p className="muted">Your role may not open candidates’ files or what was read from them.</p>
      ) : resume.length === 0 ? (
        <p className="muted">The candidate sent no resume or cover letter.</p>
      ) : (
        <div className="stack-sm">
          {resume.map((f) => (
            <FileDownload
              key={f.id}
              applicationId={application.id}
              file={f}
              label={f.role === 'answer' ? `Download ${f.filename}` : FILE_LABELS[f.role]}
            />
          ))}
        </div>
      )}
      {canOpenFiles && (
        <section className="stack-sm" aria-labelledby="preview-heading">
          <h3 id="preview-heading">Resume preview</h3>
          {application.parseStatus === 'pending' && <p role="status">Reading the resume…</p>}
          {application.parseStatus === 'failed' && (
            <p className="alert alert-warning">
              The resume could not be read{application.parseError ? `: ${application.parseError}` : '.'}
            </p>
          )}
          {application.parseStatus === 'done' && (
            <div className="preview stack-sm">
              <dl className="dl">
                <dt>Name read</dt>
                <dd>{contacts?.name ?? '—'}</dd>
                <dt>Emails</dt>
                <dd>{contacts?.emails.join(', ') || '—'}</dd>
                <dt>Phone numbers</dt>
                <dd>{contacts?.phones.join(', ') || '—'}</dd>
                <dt>Links</dt>
                <dd>
                  {[contacts?.linkedin, contacts?.github, ...(contacts?.urls ?? [])]
                    .filter((u): u is string => Boolean(u))
                    .filter((u, i, all) => all.indexOf(u) === i)
                    .join(', ') || '—'}
                </dd>
                <dt>Skills found</dt>
                <dd>{skills.join(', ') || 'None the skills list knows'}</dd>
              </dl>
              {application.resumeText && (
                // A section (a labelled region) that keyboard users can focus to scroll a long resume.
                // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
                <section className="resume-text" tabIndex={0} aria-label="Resume text">
                  <pre>{application.resumeText}</pre>
                </section>
              )}
            </div>
          )}
        </section>
      )}
    </section>
  );
}
