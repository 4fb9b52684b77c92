// The editor's repeatable entries: FAQ questions and answers, and other sections (Benefits, …).
// Adding moves focus to the new entry; removing moves it to the "Add" button.
import { Button, Field } from '../../ui/components';
import {
  controlOfFaq,
  controlOfSection,
  type FaqDraft,
  faqProblem,
  newKey,
  type SectionDraft,
  sectionProblem,
} from './draft';

/** What the editor gives its entry lists: where to register controls (for findings and focus). */
export interface EntryProps {
  register: (name: string) => (el: HTMLInputElement | HTMLTextAreaElement | HTMLButtonElement | null) => void;
  /** Focus this control after the next render (a new entry's first field, or "Add" after a removal). */
  focusLater: (name: string) => void;
  showErrors: boolean;
}

export function FaqEditor({
  faqs,
  onChange,
  register,
  focusLater,
  showErrors,
}: EntryProps & { faqs: FaqDraft[]; onChange: (faqs: FaqDraft[]) => void }) {
  return (
    <section className="card stack" aria-labelledby="faq-heading">
      <h2 id="faq-heading">Frequently asked questions</h2>
      {faqs.length === 0 && <p className="muted">No questions yet.</p>}
      {faqs.map((faq, i) => {
        const p = showErrors ? faqProblem(faq) : {};
        const update = (part: 'question' | 'answer', value: string) =>
          onChange(faqs.map((f) => (f.key === faq.key ? { ...f, [part]: value } : f)));
        return (
          <fieldset key={faq.key} className="editor-entry stack-sm">
            <legend>FAQ entry {i + 1}</legend>
            <Field label={`Question ${i + 1}`} error={p.question}>
              <input
                ref={register(controlOfFaq(faq.key, 'question'))}
                maxLength={500}
                value={faq.question}
                onChange={(e) => update('question', e.target.value)}
              />
            </Field>
            <Field label={`Answer ${i + 1}`} error={p.answer}>
              <textarea
                ref={register(controlOfFaq(faq.key, 'answer'))}
                rows={4}
                value={faq.answer}
                onChange={(e) => update('answer', e.target.value)}
              />
            </Field>
            <div>
              <Button
                small
                variant="ghost"
                onClick={() => {
                  focusLater('add-faq');
                  onChange(faqs.filter((f) => f.key !== faq.key));
                }}
              >
                Remove question {i + 1}
              </Button>
            </div>
          </fieldset>
        );
      })}
      <div>
        <button
          type="button"
          className="btn"
          ref={(el) => {
            register('add-faq')(el);
          }}
          onClick={() => {
            const key = newKey();
            focusLater(controlOfFaq(key, 'question'));
            onChange([...faqs, { key, question: '', answer: '' }]);
          }}
        >
          Add question
        </button>
      </div>
    </section>
  );
}

export function SectionsEditor({
  sections,
  onChange,
  register,
  focusLater,
  showErrors,
}: EntryProps & { sections: SectionDraft[]; onChange: (sections: SectionDraft[]) => void }) {
  return (
    <section className="card stack" aria-labelledby="sections-heading">
      <h2 id="sections-heading">Other sections</h2>
      <p className="muted small">E.g. Benefits or About the team.</p>
      {sections.map((section, i) => {
        const update = (change: Partial<typeof section>) =>
          onChange(sections.map((s) => (s.key === section.key ? { ...s, ...change } : s)));
        return (
          <fieldset key={section.key} className="editor-entry stack-sm">
            <legend>Section {i + 1}</legend>
            <Field
              label={`Section ${i + 1} heading`}
              error={showErrors ? sectionProblem(section) : undefined}
            >
              <input
                ref={register(controlOfSection(section.key, 'heading'))}
                maxLength={200}
                value={section.heading}
                onChange={(e) => update({ heading: e.target.value })}
              />
            </Field>
            <Field
              label={`Section ${i + 1} content`}
              hint={section.list ? 'One item per line.' : 'Paragraphs.'}
            >
              <textarea
                ref={register(controlOfSection(section.key, 'body'))}
                rows={4}
                value={section.body}
                onChange={(e) => update({ body: e.target.value })}
              />
            </Field>
            <label className="check">
              <input
                type="checkbox"
                checked={section.list}
                onChange={(e) => update({ list: e.target.checked })}
              />
              Show section {i + 1} as a bulleted list
            </label>
            <div>
              <Button
                small
                variant="ghost"
                onClick={() => {
                  focusLater('add-section');
                  onChange(sections.filter((s) => s.key !== section.key));
                }}
              >
                Remove section {i + 1}
              </Button>
            </div>
          </fieldset>
        );
      })}
      <div>
        <button
          type="button"
          className="btn"
          ref={(el) => {
            register('add-section')(el);
          }}
          onClick={() => {
            const key = newKey();
            focusLater(controlOfSection(key, 'heading'));
            onChange([...sections, { key, heading: '', body: '', list: true }]);
          }}
        >
          Add section
        </button>
      </div>
    </section>
  );
}
