// A blank template in the organization's library: the essentials here, the rest in the editor.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useCan } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Button, Field, PageHeader, ProblemAlert } from '../../ui/components';
import { createTemplate, templateKeys } from './api';
import {
  CATEGORIES,
  type Category,
  humanize,
  isCategory,
  isSeniority,
  SENIORITIES,
  type Seniority,
} from './types';

export function NewTemplate() {
  useDocumentTitle('New template');
  const canWrite = useCan('templates.write');
  const navigate = useNavigate();
  const client = useQueryClient();
  const [role, setRole] = useState('');
  const [summary, setSummary] = useState('');
  const [category, setCategory] = useState<Category | ''>('');
  const [seniority, setSeniority] = useState<Seniority | ''>('');
  const [roleMissing, setRoleMissing] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      createTemplate({
        role: role.trim(),
        summary: summary.trim(),
        ...(category ? { category } : {}),
        ...(seniority ? { seniority } : {}),
      }),
    onSuccess: (template) => {
      client.invalidateQueries({ queryKey: templateKeys.all });
      navigate(`/templates/org/${template.slug}/edit`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!role.trim()) {
      setRoleMissing(true);
      return;
    }
    create.mutate();
  };
  const problem = create.error instanceof ApiProblem ? create.error : undefined;

  if (!canWrite) {
    return (
      <div className="narrow stack">
        <PageHeader title="New template" />
        <ProblemAlert error={new ApiProblem(403, { detail: 'Your role cannot create templates.' })} />
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
        title="New template"
        description="Start a blank template in your organization’s library. You add responsibilities, qualifications, skills and FAQs in the editor next."
      />
      {create.error && <ProblemAlert error={create.error} title="Could not create the template" />}
      <form className="card stack" onSubmit={submit} noValidate>
        <Field
          label="Role"
          hint="The job as candidates search for it, e.g. Senior Data Analyst."
          error={roleMissing && !role.trim() ? 'Enter the role.' : problem?.fieldError('/role')}
        >
          <input required maxLength={200} value={role} onChange={(e) => setRole(e.target.value)} />
        </Field>
        <Field label="Category" hint="Left blank, it is inferred from the role.">
          <select
            value={category}
            onChange={(e) => setCategory(isCategory(e.target.value) ? e.target.value : '')}
          >
            <option value="">Infer from the role</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {humanize(c)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Seniority" hint="Left blank, it is inferred from the role.">
          <select
            value={seniority}
            onChange={(e) => setSeniority(isSeniority(e.target.value) ? e.target.value : '')}
          >
            <option value="">Infer from the role</option>
            {SENIORITIES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Summary" error={problem?.fieldError('/summary')}>
          <textarea rows={5} maxLength={20000} value={summary} onChange={(e) => setSummary(e.target.value)} />
        </Field>
        <div className="row">
          <Button type="submit" variant="primary" busy={create.isPending}>
            Create and edit
          </Button>
          <Link to="/templates">Cancel</Link>
        </div>
      </form>
    </div>
  );
}
