// One screening question in the builder: its label, type and the settings that type has.
import { Button, Field } from '../../ui/components';
import type { PostingPatch, Question } from './api';

type QuestionInput = NonNullable<PostingPatch['questions']>[number];
import { QUESTION_TYPES, fromLines, keysOf, toLines } from './labels';

export interface QuestionDraft {
  /** Only for React: questions made here have no server id until saved. */
  key: string;
  id: string | undefined;
  type: Question['type'];
  label: string;
  required: boolean;
  helpText: string;
  options: string;
  knockout: '' | 'yes' | 'no';
  min: string;
  max: string;
  consentText: string;
}

let made = 0;
export const newQuestion = (): QuestionDraft => ({
  key: `new-${++made}`,
  id: undefined,
  type: 'short_text',
  label: '',
  required: false,
  helpText: '',
  options: '',
  knockout: '',
  min: '',
  max: '',
  consentText: '',
});

export const questionDraftOf = (q: Question): QuestionDraft => ({
  key: q.id,
  id: q.id,
  type: q.type,
  label: q.label,
  required: q.required,
  helpText: q.helpText ?? '',
  options: toLines(q.options ?? []),
  knockout: q.knockoutAnswer === undefined ? '' : q.knockoutAnswer ? 'yes' : 'no',
  min: q.min?.toString() ?? '',
  max: q.max?.toString() ?? '',
  consentText: q.consentText ?? '',
});

const isChoice = (t: Question['type']) => t === 'single_choice' || t === 'multiple_choice';

/** Only the settings of the chosen type are sent (the API refuses the others). */
export function questionOf(d: QuestionDraft): QuestionInput {
  const q: QuestionInput = { type: d.type, label: d.label.trim(), required: d.required };
  // New questions get their id from the server; existing ones keep theirs so answers stay linked.
  if (d.id) q.id = d.id;
  if (d.helpText.trim()) q.helpText = d.helpText.trim();
  if (isChoice(d.type)) q.options = fromLines(d.options);
  if (d.type === 'yes_no' && d.knockout) q.knockoutAnswer = d.knockout === 'yes';
  if (d.type === 'number') {
    if (d.min.trim()) q.min = Number(d.min);
    if (d.max.trim()) q.max = Number(d.max);
  }
  if (d.type === 'consent') q.consentText = d.consentText.trim();
  return q;
}

interface Props {
  draft: QuestionDraft;
  index: number;
  count: number;
  error: (field?: string) => string | undefined;
  onChange: (change: Partial<QuestionDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

export function QuestionEditor({ draft, index, count, error, onChange, onMove, onRemove }: Props) {
  const n = index + 1;
  const whole = error();
  return (
    <li className="list-item stack-sm">
      <fieldset className="field stack-sm">
        <legend>
          Question {n}
          {draft.label.trim() ? `: ${draft.label.trim()}` : ''}
        </legend>
        {whole && <p className="fieldset-error">{whole}</p>}
        <Field label={`Question ${n} text`} error={error('label')}>
          <input maxLength={300} value={draft.label} onChange={(e) => onChange({ label: e.target.value })} />
        </Field>
        <div className="editor-row">
          <Field label={`Question ${n} type`} error={error('type')}>
            <select
              value={draft.type}
              onChange={(e) => onChange({ type: e.target.value as Question['type'] })}
            >
              {keysOf(QUESTION_TYPES).map((t) => (
                <option key={t} value={t}>
                  {QUESTION_TYPES[t]}
                </option>
              ))}
            </select>
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.required}
              onChange={(e) => onChange({ required: e.target.checked })}
            />
            <span>
              <span className="sr-only">Question {n}: </span>Answer required
            </span>
          </label>
        </div>
        <Field
          label={`Question ${n} help text`}
          hint="Optional, shown under the question."
          error={error('helpText')}
        >
          <input
            maxLength={1000}
            value={draft.helpText}
            onChange={(e) => onChange({ helpText: e.target.value })}
          />
        </Field>
        {isChoice(draft.type) && (
          <Field label={`Question ${n} options`} hint="At least two, one per line." error={error('options')}>
            <textarea
              rows={4}
              value={draft.options}
              onChange={(e) => onChange({ options: e.target.value })}
            />
          </Field>
        )}
        {draft.type === 'yes_no' && (
          <Field
            label={`Question ${n} knock-out answer`}
            hint="Applications with this answer are flagged for review, never rejected automatically."
            error={error('knockoutAnswer')}
          >
            <select
              value={draft.knockout}
              onChange={(e) =>
                onChange({ knockout: e.target.value === 'yes' ? 'yes' : e.target.value === 'no' ? 'no' : '' })
              }
            >
              <option value="">None</option>
              <option value="yes">Yes</option>
              <option value="no">No</option>
            </select>
          </Field>
        )}
        {draft.type === 'number' && (
          <div className="grid-2">
            <Field label={`Question ${n} lowest answer`} error={error('min')}>
              <input type="number" value={draft.min} onChange={(e) => onChange({ min: e.target.value })} />
            </Field>
            <Field label={`Question ${n} highest answer`} error={error('max')}>
              <input type="number" value={draft.max} onChange={(e) => onChange({ max: e.target.value })} />
            </Field>
          </div>
        )}
        {draft.type === 'consent' && (
          <Field
            label={`Question ${n} consent text`}
            hint="What the candidate agrees to."
            error={error('consentText')}
          >
            <textarea
              rows={3}
              value={draft.consentText}
              onChange={(e) => onChange({ consentText: e.target.value })}
            />
          </Field>
        )}
        <div className="row">
          <Button
            small
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={`Move question ${n} up`}
          >
            Up
          </Button>
          <Button
            small
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={`Move question ${n} down`}
          >
            Down
          </Button>
          <Button small variant="ghost" onClick={onRemove} aria-label={`Remove question ${n}`}>
            Remove
          </Button>
        </div>
      </fieldset>
    </li>
  );
}
