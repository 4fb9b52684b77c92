// Import a job description pasted as plain text or Markdown: check the parse first (what was
// found, what is missing), then store it in the organization's library.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useCan } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Button, Field, PageHeader, ProblemAlert } from '../../ui/components';
import { importTemplate, type ParsedTemplate, templateKeys } from './api';

/** What a recruiter should fix in the text before importing: sections the parser did not find. */
function parseWarnings(parsed: ParsedTemplate): string[] {
  const warnings: string[] = [];
  if (!parsed.summary) warnings.push('No summary was found (the text before the first section).');
  if (parsed.responsibilities.length === 0) warnings.push('No responsibilities were found.');
  if (parsed.qualifications.length === 0) warnings.push('No qualifications were found.');
  if (parsed.skills.length === 0) warnings.push('No skills were found.');
  return warnings;
}

function ParsePreview({ parsed }: { parsed: ParsedTemplate }) {
  const warnings = parseWarnings(parsed);
  return (
    <section className="card stack-sm" aria-labelledby="parse-preview">
      <h2 id="parse-preview">What was found</h2>
      <dl className="template-facts">
        <dt>Role</dt>
        <dd>{parsed.role}</dd>
        <dt>Title</dt>
        <dd>{parsed.title}</dd>
        <dt>Responsibilities</dt>
        <dd>{parsed.responsibilities.length}</dd>
        <dt>Qualifications</dt>
        <dd>{parsed.qualifications.length}</dd>
        <dt>Skills</dt>
        <dd>{parsed.skills.length}</dd>
        <dt>FAQ entries</dt>
        <dd>{parsed.faqs?.length ?? 0}</dd>
        <dt>Other sections</dt>
        <dd>{parsed.extraSections?.map((s) => s.heading).join(', ') || 'None'}</dd>
      </dl>
      {warnings.length > 0 ? (
        <div className="alert alert-warning">
          <h3>Check the text</h3>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          <p className="small">
            Use headings such as “Responsibilities”, “Qualifications” and “Skills”, with one bullet per item.
          </p>
        </div>
      ) : (
        <p className="alert alert-success">Every main section was found.</p>
      )}
    </section>
  );
}

export function ImportTemplate() {
  useDocumentTitle('Import a template');
  const canWrite = useCan('templates.write');
  const navigate = useNavigate();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const check = useMutation({ mutationFn: (input: string) => importTemplate(input, true) });
  const save = useMutation({
    mutationFn: (input: string) => importTemplate(input, false),
    onSuccess: (template) => {
      client.invalidateQueries({ queryKey: templateKeys.all });
      navigate(`/templates/org/${template.slug}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) {
      setEmpty(true);
      return;
    }
    save.mutate(text);
  };
  if (!canWrite) {
    return (
      <div className="narrow stack">
        <PageHeader title="Import a template" />
        <ProblemAlert error={new ApiProblem(403, { detail: 'Your role cannot import templates.' })} />
        <Link to="/templates">Back to templates</Link>
      </div>
    );
  }
  return (
    <div className="narrow stack">
      <p>
        <Link to="/templates">← Templates</Link>
      </p>
      <PageHeader
        title="Import a template"
        description="Paste a job description as plain text or Markdown. Check what is recognised, then import it into your organization’s library."
      />
      {check.error && <ProblemAlert error={check.error} title="The text could not be read" />}
      {save.error && <ProblemAlert error={save.error} title="Could not import the template" />}
      <form className="card stack" onSubmit={submit} noValidate>
        <Field
          label="Job description"
          hint="The first line or heading is the role; then a summary and sections with bullets."
          error={empty && !text.trim() ? 'Paste the job description first.' : undefined}
        >
          <textarea
            rows={16}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              check.reset();
            }}
          />
        </Field>
        <div className="row">
          <Button
            busy={check.isPending}
            onClick={() => {
              if (!text.trim()) setEmpty(true);
              else check.mutate(text);
            }}
          >
            Check
          </Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Import
          </Button>
        </div>
      </form>
      <div aria-live="polite">{check.data && <ParsePreview parsed={check.data} />}</div>
    </div>
  );
}
