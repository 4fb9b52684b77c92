// Step 1 of the wizard: pick a template (global or the organization's) or start from scratch.
// /postings/new?q=… keeps the search; ?template=<slug>&library=… preselects one.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useDocumentTitle } from '../../app/title';
import { Button, EmptyState, Field, Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { type PostingCreate, createPosting, postingKeys } from './api';
import { fieldError } from './fieldErrors';
import { WizardSteps } from './WizardSteps';

type Library = 'global' | 'organization';

function useCreateDraft() {
  const client = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (body: PostingCreate) => createPosting(body),
    onSuccess: (created) => {
      client.setQueryData(postingKeys.detail(created.posting.id), created);
      client.invalidateQueries({ queryKey: postingKeys.lists });
      navigate(`/postings/${created.posting.id}/edit?step=content`);
    },
  });
}

export function NewPosting() {
  useDocumentTitle('New posting');
  const [params, setParams] = useSearchParams();
  const preselected = params.get('template');
  const library: Library = params.get('library') === 'organization' ? 'organization' : 'global';
  const create = useCreateDraft();
  return (
    <div className="stack">
      <PageHeader title="New posting" description="Start from a proven template, or from a blank page." />
      <WizardSteps current="template" />
      {create.error && <ProblemAlert error={create.error} title="Could not create the draft" />}
      {preselected ? (
        // A link from the template area: confirm that one, or go back to searching.
        <PreselectedTemplate
          slug={preselected}
          library={library}
          busy={create.isPending}
          onUse={() => create.mutate({ template: { slug: preselected, library } })}
          onCancel={() => setParams({}, { replace: true })}
        />
      ) : (
        <>
          <TemplateSearch
            busy={create.isPending}
            onUse={(slug, lib) => create.mutate({ template: { slug, library: lib } })}
          />
          <FromScratch
            busy={create.isPending}
            error={create.error}
            onCreate={(title) => create.mutate({ title })}
          />
        </>
      )}
    </div>
  );
}

function PreselectedTemplate(props: {
  slug: string;
  library: Library;
  busy: boolean;
  onUse: () => void;
  onCancel: () => void;
}) {
  const { slug, library } = props;
  const template = useQuery({
    queryKey: ['postings', 'template', library, slug],
    queryFn: async () => {
      const t =
        library === 'global'
          ? await unwrap(api.GET('/api/v1/templates/{slug}', { params: { path: { slug } } }))
          : await unwrap(api.GET('/api/v1/org/templates/{slug}', { params: { path: { slug } } }));
      // The route can also answer Markdown; the JSON form is the default.
      if (typeof t === 'string') throw new Error('The template came back in an unexpected format.');
      return { role: t.role, summary: t.summary };
    },
  });
  return (
    <section className="card stack-sm" aria-labelledby="chosen-template">
      <h2 id="chosen-template">Chosen template</h2>
      {template.isPending ? (
        <Loading label="Loading the template…" />
      ) : template.isError ? (
        <ProblemAlert error={template.error} title="Could not load this template" />
      ) : (
        <>
          <p>
            <strong>{template.data.role}</strong>{' '}
            <span className="muted">({library === 'global' ? 'built-in library' : 'your library'})</span>
          </p>
          {template.data.summary && <p className="muted">{template.data.summary}</p>}
          <div className="row">
            <Button
              variant="primary"
              busy={props.busy}
              onClick={props.onUse}
              aria-label={`Use the ${template.data.role} template`}
            >
              Use this template
            </Button>
            <Button onClick={props.onCancel}>Choose another template</Button>
          </div>
        </>
      )}
    </section>
  );
}

function TemplateSearch({ busy, onUse }: { busy: boolean; onUse: (slug: string, library: Library) => void }) {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  // The URL follows the box after a pause, so the search is shareable without a request per key.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text.trim() === q) return;
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (text.trim()) next.set('q', text.trim());
          else next.delete('q');
          return next;
        },
        { replace: true },
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [text, q, setParams]);
  const results = useQuery({
    queryKey: ['postings', 'template-search', q],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/org/templates', {
          params: { query: { library: 'all', limit: 12, ...(q ? { q } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const items = results.data?.data ?? [];
  return (
    <section className="card stack" aria-labelledby="template-search">
      <h2 id="template-search">Start from a template</h2>
      <search>
        <Field label="Search templates" hint="A role, a skill or a word, e.g. backend, nurse, PostgreSQL">
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </Field>
      </search>
      <p role="status" className="muted small">
        {results.isSuccess &&
          (results.data.correctedQuery
            ? `No exact match; showing results for “${results.data.correctedQuery}”. ${items.length} templates.`
            : `${items.length} template${items.length === 1 ? '' : 's'}${q ? ` for “${q}”` : ''}.`)}
      </p>
      {results.isPending ? (
        <Loading label="Searching templates…" />
      ) : results.isError ? (
        <ProblemAlert error={results.error} title="Could not search the templates" />
      ) : items.length === 0 ? (
        <EmptyState title="No template matches">
          <p>
            Try another word, <Link to="/templates">browse the template library</Link>, or start from scratch
            below.
          </p>
        </EmptyState>
      ) : (
        <ul className="list">
          {items.map((t) => (
            <li key={`${t.library}:${t.slug}`} className="list-item template-item">
              <div className="template-item-text">
                <h3 className="template-role">{t.role}</h3>
                <p className="muted small">
                  {t.library === 'global' ? 'Built-in library' : 'Your library'} · {t.seniority} ·{' '}
                  {t.category}
                  {t.skills.length > 0 &&
                    ` · ${t.skills
                      .slice(0, 4)
                      .map((k) => k.label)
                      .join(', ')}`}
                </p>
              </div>
              <Button
                small
                busy={busy}
                onClick={() => onUse(t.slug, t.library)}
                aria-label={`Use the ${t.role} template`}
              >
                Use this template
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function FromScratch({
  busy,
  error,
  onCreate,
}: {
  busy: boolean;
  error: unknown;
  onCreate: (title: string) => void;
}) {
  const [title, setTitle] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onCreate(title);
  };
  return (
    <section className="card" aria-labelledby="from-scratch">
      <h2 id="from-scratch">Start from scratch</h2>
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          label="Job title"
          hint="At most 80 characters; pay and location have their own fields."
          error={fieldError(error, 'title')}
        >
          <input required maxLength={80} value={title} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <div>
          <Button type="submit" variant="primary" busy={busy}>
            Start from scratch
          </Button>
        </div>
      </form>
    </section>
  );
}
