// The template editor: every field of the template, lists as one item per line, a live quality
// analysis beside it with the findings highlighted in a preview, and a save that refuses to
// overwrite someone else's change (If-Match → 412).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useBlocker } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useCan, useSession } from '../../app/session';
import { useDocumentTitle } from '../../app/title';
import { Button, Dialog, Field, Loading, PageHeader, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { getTemplate, isPreconditionFailed, type Loaded, templateKeys, updateTemplate } from './api';
import { analysisOf, type Draft, draftErrors, draftOf, LISTS, patchOf } from './draft';
import { FaqEditor, SectionsEditor } from './EntryEditors';
import { HighlightedPreview } from './HighlightedPreview';
import { numberSpans, QualityPanel } from './QualityPanel';
import {
  CATEGORIES,
  type Finding,
  humanize,
  isCategory,
  isSeniority,
  type LibraryParam,
  SENIORITIES,
} from './types';
import { useLiveAnalysis } from './useLiveAnalysis';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLButtonElement;

function EditorForm({
  library,
  slug,
  loaded,
  onReload,
}: {
  library: LibraryParam;
  slug: string;
  loaded: Loaded;
  onReload: () => void;
}) {
  const client = useQueryClient();
  const toast = useToast();
  const [baseline, setBaseline] = useState(() => draftOf(loaded.template));
  const [draft, setDraft] = useState<Draft>(baseline);
  const [etag, setEtag] = useState(loaded.etag);
  const [showErrors, setShowErrors] = useState(false);
  const controls = useRef(new Map<string, Control>());
  const pendingFocus = useRef<string | null>(null);
  const register = (name: string) => (el: Control | null) => {
    if (el) controls.current.set(name, el);
    else controls.current.delete(name);
  };
  const entryProps = {
    register,
    focusLater: (name: string) => {
      pendingFocus.current = name;
    },
    showErrors,
  };
  useEffect(() => {
    if (!pendingFocus.current) return;
    controls.current.get(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });

  const dirty = JSON.stringify(draft) !== JSON.stringify(baseline);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const analysisInput = useMemo(() => analysisOf(draft), [draft]);
  const live = useLiveAnalysis(analysisInput?.document ?? null);
  const findings = live.result?.analysis.findings ?? [];
  const numbers = useMemo(() => numberSpans(findings), [findings]);
  // Where each analyzed string is in the form (the shown analysis may lag the form by the debounce).
  const locations = analysisInput?.locations;

  const showFinding = (finding: Finding) => {
    const span = finding.span;
    const at = span && locations?.get(span.field);
    const control = at && controls.current.get(at.control);
    if (!span || !at || !control) return;
    control.focus();
    if (!(control instanceof HTMLButtonElement)) {
      control.setSelectionRange(at.offset + span.start, at.offset + span.end);
    }
  };

  const save = useMutation({
    mutationFn: () => updateTemplate(library, slug, patchOf(draft), etag),
    onSuccess: (saved) => {
      client.setQueryData(templateKeys.detail(library, slug), saved);
      client.invalidateQueries({ queryKey: templateKeys.all, predicate: (q) => q.queryKey[1] !== 'detail' });
      setEtag(saved.etag);
      setBaseline(draft);
      toast.show(`Saved as version ${saved.template.version}.`);
    },
  });
  const errors = draftErrors(draft);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (errors.length > 0) {
      setShowErrors(true);
      return;
    }
    save.mutate();
  };

  // Unsaved changes: ask before leaving within the app, and let the browser ask on unload.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const conflict = isPreconditionFailed(save.error);
  const base = `/templates/${library}/${slug}`;

  return (
    <div className="stack">
      <p>
        <Link to={base}>← Back to the template</Link>
      </p>
      <PageHeader
        title={`Edit ${baseline.role}`}
        description={
          library === 'global' ? 'A built-in template: every organization sees your change.' : undefined
        }
        actions={
          <Link className="btn btn-ghost" to={`${base}/versions`}>
            Version history
          </Link>
        }
      />
      {conflict ? (
        <div className="alert alert-warning" role="alert">
          <h2>Someone else changed this template</h2>
          <p>
            It was saved by someone else after you opened it, so your changes were not saved. Reload to get
            the latest version (your changes here will be lost; copy anything you want to keep first).
          </p>
          <Button onClick={onReload}>Reload the latest version</Button>
        </div>
      ) : (
        save.error && <ProblemAlert error={save.error} title="Could not save the template" />
      )}
      {showErrors && errors.length > 0 && (
        <div className="alert alert-danger" role="alert">
          <h2>Check the template</h2>
          <ul>
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="split editor-split">
        <form className="stack" onSubmit={submit} noValidate aria-label="Template">
          <div className="card stack">
            <Field
              label="Role"
              error={
                (showErrors && !draft.role.trim() ? 'Enter the role.' : undefined) ??
                problem?.fieldError('/role')
              }
            >
              <input
                ref={register('role')}
                required
                maxLength={200}
                value={draft.role}
                onChange={(e) => set('role', e.target.value)}
              />
            </Field>
            <Field
              label="Title"
              hint="The page title, e.g. “Data Analyst Job Description”. Left blank, the role is used."
            >
              <input maxLength={300} value={draft.title} onChange={(e) => set('title', e.target.value)} />
            </Field>
            <div className="grid-2">
              <Field label="Category">
                <select
                  value={draft.category}
                  onChange={(e) => isCategory(e.target.value) && set('category', e.target.value)}
                >
                  {CATEGORIES.map((c) => (
                    <option key={c} value={c}>
                      {humanize(c)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label="Seniority">
                <select
                  value={draft.seniority}
                  onChange={(e) => isSeniority(e.target.value) && set('seniority', e.target.value)}
                >
                  {SENIORITIES.map((s) => (
                    <option key={s} value={s}>
                      {humanize(s)}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <Field label="Summary" error={problem?.fieldError('/summary')}>
              <textarea
                ref={register('summary')}
                rows={6}
                maxLength={20000}
                value={draft.summary}
                onChange={(e) => set('summary', e.target.value)}
              />
            </Field>
            {LISTS.map((list) => (
              <Field key={list.name} label={list.label} hint={list.hint}>
                <textarea
                  ref={register(list.name)}
                  rows={list.name === 'skills' ? 6 : 8}
                  value={draft[list.name]}
                  onChange={(e) => set(list.name, e.target.value)}
                />
              </Field>
            ))}
          </div>

          <FaqEditor faqs={draft.faqs} onChange={(faqs) => set('faqs', faqs)} {...entryProps} />

          <SectionsEditor
            sections={draft.extraSections}
            onChange={(sections) => set('extraSections', sections)}
            {...entryProps}
          />

          <div className="card row editor-actions">
            <Button type="submit" variant="primary" busy={save.isPending} disabled={!dirty}>
              Save
            </Button>
            <span className="muted small" role="status">
              {save.isPending
                ? 'Saving…'
                : dirty
                  ? 'Unsaved changes'
                  : save.isSuccess
                    ? 'All changes saved'
                    : 'No changes'}
            </span>
            {live.result && (
              <button
                type="button"
                className="link-button editor-score-link"
                onClick={() => document.getElementById('quality-analysis')?.focus()}
              >
                Quality {live.result.analysis.score}/100 · {live.result.analysis.findings.length} findings
              </button>
            )}
            {save.isSuccess && !dirty && (
              <>
                <Link to={base}>View the template</Link>
                <Link to={`${base}/versions`}>Compare versions</Link>
              </>
            )}
          </div>
        </form>

        <div className="stack editor-side">
          <QualityPanel live={live} numbers={numbers} onShow={showFinding} needsRole={!analysisInput} />
          {live.result && (
            <section className="card stack-sm" aria-labelledby="preview-heading">
              <h2 id="preview-heading">Preview with highlights</h2>
              <p className="muted small">Flagged text is marked and numbered like the findings.</p>
              <HighlightedPreview document={live.result.document} findings={findings} numbers={numbers} />
            </section>
          )}
        </div>
      </div>

      <Dialog
        open={blocker.state === 'blocked'}
        title="Leave without saving?"
        onClose={() => blocker.reset?.()}
      >
        <p>Your changes to this template are not saved.</p>
        <div className="row">
          <Button variant="primary" onClick={() => blocker.reset?.()}>
            Stay and keep editing
          </Button>
          <Button variant="danger" onClick={() => blocker.proceed?.()}>
            Leave and discard changes
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

export function TemplateEditor({ library, slug }: { library: LibraryParam; slug: string }) {
  const me = useSession();
  const canWrite = useCan('templates.write');
  const client = useQueryClient();
  const loaded = useQuery({
    queryKey: templateKeys.detail(library, slug),
    queryFn: () => getTemplate(library, slug),
    // The editor keeps its own copy: a background refetch must not reset what is being typed.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
  const [generation, setGeneration] = useState(0);
  useDocumentTitle(loaded.data ? `Edit ${loaded.data.template.role} · Templates` : 'Edit template');
  const canEdit = library === 'org' ? canWrite : me.platformAdmin;

  if (!canEdit) {
    return (
      <div className="stack">
        <PageHeader title="Edit template" />
        <ProblemAlert
          error={
            new ApiProblem(403, {
              detail:
                library === 'global'
                  ? 'Only platform administrators edit built-in templates. Fork it to your library to make it yours.'
                  : 'Your role cannot edit templates.',
            })
          }
        />
        <Link to={`/templates/${library}/${slug}`}>Back to the template</Link>
      </div>
    );
  }
  if (loaded.isPending || loaded.isRefetching) return <Loading label="Loading the template…" />;
  if (!loaded.data) {
    return (
      <div className="stack">
        <PageHeader title="Edit template" />
        <ProblemAlert error={loaded.error} title="Could not load the template" />
        <Link to="/templates">Back to templates</Link>
      </div>
    );
  }
  return (
    <EditorForm
      key={generation}
      library={library}
      slug={slug}
      loaded={loaded.data}
      onReload={async () => {
        await client.refetchQueries({ queryKey: templateKeys.detail(library, slug) });
        setGeneration((g) => g + 1);
      }}
    />
  );
}
