// Wizard step "Questions": the screening questions candidates answer when they apply.
import { useRef, useState } from 'react';
import { Button } from '../../ui/components';
import type { StepProps } from './EditPosting';
import { fieldError } from './fieldErrors';
import {
  type QuestionDraft,
  QuestionEditor,
  newQuestion,
  questionDraftOf,
  questionOf,
} from './QuestionEditor';
import { StepForm } from './StepForm';
import { useSaveStep } from './useSaveStep';

export function QuestionsStep({ tagged, hrefOf, reload }: StepProps) {
  const { posting } = tagged;
  const [drafts, setDrafts] = useState<QuestionDraft[]>(() => posting.content.questions.map(questionDraftOf));
  const [announcement, setAnnouncement] = useState('');
  const list = useRef<HTMLOListElement>(null);
  const save = useSaveStep(posting.id, posting.content);
  const patch = () => ({ questions: drafts.map(questionOf) });
  const update = (i: number, change: Partial<QuestionDraft>) =>
    setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...change } : d)));
  const move = (i: number, by: -1 | 1) => {
    const to = i + by;
    if (to < 0 || to >= drafts.length) return;
    setDrafts((all) => {
      const next = [...all];
      const [moved] = next.splice(i, 1);
      if (moved) next.splice(to, 0, moved);
      return next;
    });
    setAnnouncement(`Question ${i + 1} moved to position ${to + 1}.`);
    // Keep focus on the same button of the moved question, so Up/Up/Up keeps working.
    requestAnimationFrame(() => {
      const label = by < 0 ? 'up' : 'down';
      const target =
        list.current?.querySelector<HTMLButtonElement>(
          `[aria-label="Move question ${to + 1} ${label}"]:not(:disabled)`,
        ) ??
        list.current?.querySelector<HTMLButtonElement>(
          `[aria-label^="Move question ${to + 1} "]:not(:disabled)`,
        );
      target?.focus();
    });
  };
  const remove = (i: number) => {
    setDrafts((all) => all.filter((_, j) => j !== i));
    setAnnouncement(`Question ${i + 1} removed.`);
  };
  const add = () => {
    setDrafts((all) => [...all, newQuestion()]);
    setAnnouncement(`Question ${drafts.length + 1} added.`);
    requestAnimationFrame(() => {
      const inputs = list.current?.querySelectorAll<HTMLInputElement>('li:last-child input');
      inputs?.[0]?.focus();
    });
  };
  return (
    <StepForm
      heading="Screening questions"
      intro="Ask only what helps you decide. Knock-out answers flag an application for review; they never reject it."
      error={save.error}
      saving={save.saving}
      onBack={() => save.saveAndGo(patch(), hrefOf('details'))}
      onContinue={() => save.saveAndGo(patch(), hrefOf('review'))}
      onReload={reload}
    >
      <p className="sr-only" role="status" aria-live="polite">
        {announcement}
      </p>
      {drafts.length === 0 && (
        <div className="empty">
          <h3>No screening questions</h3>
          <p>Candidates apply with their resume and contact details only.</p>
        </div>
      )}
      <ol ref={list} className="list">
        {drafts.map((d, i) => (
          <QuestionEditor
            key={d.key}
            draft={d}
            index={i}
            count={drafts.length}
            error={(field) => fieldError(save.error, field ? `questions/${i}/${field}` : `questions/${i}`)}
            onChange={(change) => update(i, change)}
            onMove={(by) => move(i, by)}
            onRemove={() => remove(i)}
          />
        ))}
      </ol>
      <div>
        <Button onClick={add}>Add a question</Button>
      </div>
    </StepForm>
  );
}
