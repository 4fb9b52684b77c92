// The posting's extra sections (benefits, about us, …) and FAQs: add, edit and remove in place.
import { Button, Field } from '../../ui/components';
import type { PostingContent } from './api';
import { fromLines, toLines } from './labels';

export interface SectionDraft {
  heading: string;
  kind: 'list' | 'text';
  body: string;
}

export const sectionsToDrafts = (sections: PostingContent['extraSections']): SectionDraft[] =>
  sections.map((s) =>
    s.items && s.items.length > 0
      ? { heading: s.heading, kind: 'list', body: toLines(s.items) }
      : { heading: s.heading, kind: 'text', body: s.text ?? '' },
  );

export const sectionsFromDrafts = (drafts: SectionDraft[]): PostingContent['extraSections'] =>
  drafts
    .filter((d) => d.heading.trim() || d.body.trim())
    .map((d) =>
      d.kind === 'list'
        ? { heading: d.heading.trim(), items: fromLines(d.body) }
        : { heading: d.heading.trim(), text: d.body.trim() },
    );

export function ExtraSectionsEditor({
  sections,
  onChange,
  error,
}: {
  sections: SectionDraft[];
  onChange: (sections: SectionDraft[]) => void;
  error: string | undefined;
}) {
  const update = (i: number, change: Partial<SectionDraft>) =>
    onChange(sections.map((s, j) => (j === i ? { ...s, ...change } : s)));
  return (
    <fieldset className="card stack">
      <legend>More sections</legend>
      <p className="muted small">Benefits, about the team, how you hire: each with a heading.</p>
      {error && <p className="fieldset-error">{error}</p>}
      {sections.map((s, i) => {
        const n = i + 1;
        return (
          <div key={i} className="list-item stack-sm">
            <Field label={`Section ${n} heading`}>
              <input
                maxLength={200}
                value={s.heading}
                onChange={(e) => update(i, { heading: e.target.value })}
              />
            </Field>
            <Field label={`Section ${n} format`}>
              <select
                value={s.kind}
                onChange={(e) => update(i, { kind: e.target.value === 'list' ? 'list' : 'text' })}
              >
                <option value="text">Paragraph</option>
                <option value="list">List, one item per line</option>
              </select>
            </Field>
            <Field label={`Section ${n} text`}>
              <textarea rows={4} value={s.body} onChange={(e) => update(i, { body: e.target.value })} />
            </Field>
            <div>
              <Button small onClick={() => onChange(sections.filter((_, j) => j !== i))}>
                Remove section {n}
              </Button>
            </div>
          </div>
        );
      })}
      <div>
        <Button small onClick={() => onChange([...sections, { heading: '', kind: 'text', body: '' }])}>
          Add a section
        </Button>
      </div>
    </fieldset>
  );
}

export function FaqsEditor({
  faqs,
  onChange,
  error,
}: {
  faqs: PostingContent['faqs'];
  onChange: (faqs: PostingContent['faqs']) => void;
  error: string | undefined;
}) {
  const update = (i: number, change: Partial<PostingContent['faqs'][number]>) =>
    onChange(faqs.map((f, j) => (j === i ? { ...f, ...change } : f)));
  return (
    <fieldset className="card stack">
      <legend>Frequently asked questions</legend>
      {error && <p className="fieldset-error">{error}</p>}
      {faqs.length === 0 && <p className="muted small">No questions yet.</p>}
      {faqs.map((f, i) => {
        const n = i + 1;
        return (
          <div key={i} className="list-item stack-sm">
            <Field label={`Question ${n}`}>
              <input
                maxLength={500}
                value={f.question}
                onChange={(e) => update(i, { question: e.target.value })}
              />
            </Field>
            <Field label={`Answer ${n}`}>
              <textarea rows={3} value={f.answer} onChange={(e) => update(i, { answer: e.target.value })} />
            </Field>
            <div>
              <Button small onClick={() => onChange(faqs.filter((_, j) => j !== i))}>
                Remove question {n}
              </Button>
            </div>
          </div>
        );
      })}
      <div>
        <Button small onClick={() => onChange([...faqs, { question: '', answer: '' }])}>
          Add a question and answer
        </Button>
      </div>
    </fieldset>
  );
}
