// Editing one candidate email: subject and body with {{variables}}, a preview rendered by the API
// (with the unsaved text), saving, and going back to the built-in text.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { Badge, Button, Field, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { ConfirmDialog } from './ConfirmDialog';
import { EMAIL_KIND_INFO, type EmailTemplate, VARIABLE_INFO } from './emails';
import { settingsKeys } from './keys';
import { FormProblem, fieldProblem } from './FormProblem';

export function EmailTemplateEditor({ template }: { template: EmailTemplate }) {
  const canEdit = useCan('pipeline.manage');
  const toast = useToast();
  const client = useQueryClient();
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const [confirmReset, setConfirmReset] = useState(false);
  const info = EMAIL_KIND_INFO[template.kind];
  const path = { params: { path: { kind: template.kind } } };
  const changed = () => {
    void client.invalidateQueries({ queryKey: settingsKeys.emails });
    void client.invalidateQueries({ queryKey: settingsKeys.audit });
  };

  const preview = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/org/email-templates/{kind}/preview', { ...path, body: { subject, body } })),
  });
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PUT('/api/v1/org/email-templates/{kind}', { ...path, body: { subject, body } })),
    onSuccess: () => {
      toast.show(`“${info.label}” email saved`);
      changed();
    },
  });
  const reset = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/org/email-templates/{kind}', path)),
    onSuccess: (fresh) => {
      setConfirmReset(false);
      setSubject(fresh.subject);
      setBody(fresh.body);
      preview.reset();
      toast.show(`“${info.label}” email reset to the built-in text`);
      changed();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <section className="stack" aria-labelledby="email-editor-heading">
      <div className="row">
        <h2 id="email-editor-heading">{info.label}</h2>
        <Badge tone={template.custom ? 'primary' : 'neutral'}>
          {template.custom ? 'Your text' : 'Built-in text'}
        </Badge>
      </div>
      <p className="muted">{info.when}</p>
      <form className="card stack" onSubmit={submit} noValidate>
        {save.error ? (
          <FormProblem
            error={save.error}
            title="Could not save the email"
            labels={{ subject: 'Subject', body: 'Body' }}
          />
        ) : null}
        <Field label="Subject" error={fieldProblem(save.error, 'subject')}>
          <input
            required
            maxLength={200}
            value={subject}
            readOnly={!canEdit}
            onChange={(e) => setSubject(e.target.value)}
          />
        </Field>
        <Field
          label="Body"
          error={fieldProblem(save.error, 'body')}
          hint="Plain text. Blank lines separate paragraphs."
        >
          <textarea
            required
            rows={12}
            maxLength={20_000}
            value={body}
            readOnly={!canEdit}
            onChange={(e) => setBody(e.target.value)}
          />
        </Field>
        <details>
          <summary>Placeholders you can use</summary>
          <ul className="small">
            {template.variables.map((v) => (
              <li key={v}>
                <code>{`{{${v}}}`}</code> — {VARIABLE_INFO[v] ?? v}
              </li>
            ))}
          </ul>
        </details>
        <div className="row">
          <Button busy={preview.isPending} onClick={() => preview.mutate()}>
            Preview
          </Button>
          {canEdit && (
            <>
              <Button type="submit" variant="primary" busy={save.isPending}>
                Save
              </Button>
              <Button
                disabled={!template.custom}
                onClick={() => {
                  reset.reset();
                  setConfirmReset(true);
                }}
              >
                Reset to built-in
              </Button>
            </>
          )}
        </div>
      </form>
      <div aria-live="polite">
        {preview.error ? <ProblemAlert error={preview.error} title="Could not preview the email" /> : null}
        {preview.data && (
          <section className="card stack email-preview" aria-labelledby="email-preview-heading">
            <h3 id="email-preview-heading">Preview</h3>
            <p className="small muted">With sample values; the status link is a placeholder.</p>
            <p>
              <span className="label">Subject:</span> {preview.data.subject}
            </p>
            <pre className="email-preview-body">{preview.data.body}</pre>
          </section>
        )}
      </div>
      <ConfirmDialog
        open={confirmReset}
        title="Reset to the built-in text?"
        confirmLabel="Reset email"
        busy={reset.isPending}
        error={reset.error}
        onConfirm={() => reset.mutate()}
        onClose={() => setConfirmReset(false)}
      >
        <p>
          Your subject and text for “{info.label}” are deleted and Rolecraft's built-in text is used again.
        </p>
      </ConfirmDialog>
    </section>
  );
}
