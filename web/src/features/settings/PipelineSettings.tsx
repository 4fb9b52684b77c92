// /settings/pipeline: the organization's default stages, used by every posting without its own.
// Edited as a draft (add, rename, reorder, remove) and saved whole with PUT, as the API wants it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../app/session';
import { Button, Field, Loading, ProblemAlert } from '../../ui/components';
import { useToast } from '../../ui/toast';
import { settingsKeys } from './keys';
import { NotAllowed, SettingsLayout } from './SettingsLayout';
import { STAGE_KINDS, type StageDraft, type StageKind, kindLabel, sameStages, toDrafts } from './stages';
import { StageRow } from './StageRow';
import { fieldProblem } from './FormProblem';

let nextKey = 1;

export function PipelineSettings() {
  const canRead = useCan('applications.read');
  return (
    <SettingsLayout
      title="Pipeline"
      description="The stages applications move through. Postings use this list unless they have their own."
    >
      {canRead ? <PipelineEditor /> : <NotAllowed what="the pipeline" />}
    </SettingsLayout>
  );
}

function PipelineEditor() {
  const canEdit = useCan('pipeline.manage');
  const toast = useToast();
  const client = useQueryClient();
  const stages = useQuery({
    queryKey: settingsKeys.stages,
    queryFn: () => unwrap(api.GET('/api/v1/org/pipeline/stages')),
  });
  const [draft, setDraft] = useState<StageDraft[] | null>(null);
  const [newName, setNewName] = useState('');
  const [newKind, setNewKind] = useState<StageKind>('interview');
  const [announcement, setAnnouncement] = useState('');
  const saved = toDrafts(stages.data?.items ?? []);
  // The draft starts as the saved list, and again after each save or discard.
  useEffect(() => {
    if (stages.data && draft === null) setDraft(toDrafts(stages.data.items));
  }, [stages.data, draft]);

  const save = useMutation({
    mutationFn: (list: StageDraft[]) =>
      unwrap(
        api.PUT('/api/v1/org/pipeline/stages', {
          body: {
            stages: list.map((s) => ({ ...(s.id ? { id: s.id } : {}), name: s.name.trim(), kind: s.kind })),
          },
        }),
      ),
    onSuccess: (fresh) => {
      client.setQueryData(settingsKeys.stages, fresh);
      setDraft(null);
      toast.show('Pipeline stages saved');
      void client.invalidateQueries({ queryKey: ['pipeline'] });
    },
  });

  if (stages.isPending) return <Loading label="Loading stages…" />;
  if (stages.error) return <ProblemAlert error={stages.error} title="Could not load the stages" />;
  if (!draft) return <Loading label="Loading stages…" />;

  const dirty = !sameStages(draft, saved);
  const update = (index: number, change: Partial<StageDraft>) =>
    setDraft(draft.map((s, i) => (i === index ? { ...s, ...change } : s)));
  const move = (index: number, by: -1 | 1) => {
    const to = index + by;
    const list = [...draft];
    const [stage] = list.splice(index, 1);
    if (!stage || to < 0 || to > list.length) return;
    list.splice(to, 0, stage);
    setDraft(list);
    setAnnouncement(`${stage.name} moved to position ${to + 1} of ${list.length}.`);
  };
  const remove = (index: number) => {
    const stage = draft[index];
    setDraft(draft.filter((_, i) => i !== index));
    if (stage) setAnnouncement(`${stage.name} removed. Save to apply.`);
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!newName.trim()) return;
    // New stages go before the closing ones (Hired, Rejected), where people expect them.
    const closing = draft.findIndex((s) => s.kind === 'hired' || s.kind === 'rejected');
    const at = closing === -1 ? draft.length : closing;
    const list = [...draft];
    list.splice(at, 0, { key: `new-${nextKey++}`, name: newName.trim(), kind: newKind });
    setDraft(list);
    setAnnouncement(`${newName.trim()} added at position ${at + 1}. Save to apply.`);
    setNewName('');
  };

  return (
    <div className="stack">
      <div className="alert alert-info">
        <p>
          Rules: exactly one <em>Applied</em> stage, first; at least one <em>Hired</em>; exactly one{' '}
          <em>Rejected</em>; names unique. A stage that still holds applications cannot be removed.
        </p>
      </div>
      {save.error ? <ProblemAlert error={save.error} title="Could not save the stages" /> : null}
      <section className="stack" aria-labelledby="stages-heading">
        <h2 id="stages-heading">Default stages</h2>
        <ol className="list stage-list">
          {draft.map((s, i) => (
            <StageRow
              key={s.key}
              stage={s}
              index={i}
              count={draft.length}
              canEdit={canEdit}
              nameError={fieldProblem(save.error, `stages/${i}/name`)}
              onChange={(change) => update(i, change)}
              onMove={(by) => move(i, by)}
              onRemove={() => remove(i)}
            />
          ))}
        </ol>
        <p className="sr-only" role="status" aria-live="polite">
          {announcement}
        </p>
      </section>
      {canEdit && (
        <>
          <form className="card stack" onSubmit={add} aria-labelledby="add-stage-heading">
            <h2 id="add-stage-heading">Add a stage</h2>
            <div className="grid-2">
              <Field label="New stage name">
                <input maxLength={60} value={newName} onChange={(e) => setNewName(e.target.value)} />
              </Field>
              <Field label="New stage kind" hint="The kind tells reports what the stage means.">
                <select value={newKind} onChange={(e) => setNewKind(e.target.value as StageKind)}>
                  {STAGE_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {kindLabel(k)}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <div>
              <Button type="submit" disabled={!newName.trim()}>
                Add stage
              </Button>
            </div>
          </form>
          <div className="row">
            <Button
              variant="primary"
              busy={save.isPending}
              disabled={!dirty}
              onClick={() => save.mutate(draft)}
            >
              Save stages
            </Button>
            {dirty && (
              <>
                <Button
                  onClick={() => {
                    save.reset();
                    setDraft(null);
                  }}
                >
                  Discard changes
                </Button>
                <span className="muted">You have unsaved changes.</span>
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}
