// Wizard step "Content": the words of the posting (title, sections as the API models them, skills).
import { useState } from 'react';
import { Field } from '../../ui/components';
import type { PostingContent, PostingPatch } from './api';
import type { StepProps } from './EditPosting';
import {
  ExtraSectionsEditor,
  type SectionDraft,
  FaqsEditor,
  sectionsFromDrafts,
  sectionsToDrafts,
} from './SectionsEditor';
import { fieldError } from './fieldErrors';
import { fromLines, toLines } from './labels';
import { StepForm } from './StepForm';
import { useSaveStep } from './useSaveStep';

interface Draft {
  title: string;
  department: string;
  summary: string;
  responsibilities: string;
  qualifications: string;
  preferredQualifications: string;
  requiredSkills: string;
  preferredSkills: string;
  extraSections: SectionDraft[];
  faqs: PostingContent['faqs'];
}

const draftOf = (c: PostingContent): Draft => ({
  title: c.title,
  department: c.department ?? '',
  summary: c.summary,
  responsibilities: toLines(c.responsibilities),
  qualifications: toLines(c.qualifications),
  preferredQualifications: toLines(c.preferredQualifications),
  requiredSkills: toLines(c.requiredSkills),
  preferredSkills: toLines(c.preferredSkills),
  extraSections: sectionsToDrafts(c.extraSections),
  faqs: c.faqs,
});

const patchOf = (d: Draft): PostingPatch => ({
  title: d.title.trim(),
  department: d.department.trim() || null,
  summary: d.summary.trim(),
  responsibilities: fromLines(d.responsibilities),
  qualifications: fromLines(d.qualifications),
  preferredQualifications: fromLines(d.preferredQualifications),
  requiredSkills: fromLines(d.requiredSkills),
  preferredSkills: fromLines(d.preferredSkills),
  extraSections: sectionsFromDrafts(d.extraSections),
  faqs: d.faqs
    .map((f) => ({ question: f.question.trim(), answer: f.answer.trim() }))
    .filter((f) => f.question || f.answer),
});

const LINES = 'One item per line.';

export function ContentStep({ tagged, hrefOf, reload }: StepProps) {
  const { posting } = tagged;
  const [draft, setDraft] = useState(() => draftOf(posting.content));
  const save = useSaveStep(posting.id, posting.content);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const err = (field: string) => fieldError(save.error, field, true);
  return (
    <StepForm
      heading="Content"
      intro="What the job is: the title candidates search for, the description and the skills."
      error={save.error}
      saving={save.saving}
      onBack={() => save.saveAndGo(patchOf(draft), hrefOf('posting'))}
      onContinue={() => save.saveAndGo(patchOf(draft), hrefOf('details'))}
      onReload={reload}
    >
      <div className="card stack">
        <Field
          label="Job title"
          hint={`At most 80 characters, without pay or location (${draft.title.length}/80).`}
          error={err('title')}
        >
          <input required maxLength={80} value={draft.title} onChange={(e) => set('title', e.target.value)} />
        </Field>
        <Field label="Department" hint="Optional, e.g. Engineering." error={err('department')}>
          <input
            maxLength={100}
            value={draft.department}
            onChange={(e) => set('department', e.target.value)}
          />
        </Field>
      </div>
      <div className="card stack">
        <h3>Description</h3>
        <Field label="Summary" hint="A few sentences on the role and why it matters." error={err('summary')}>
          <textarea rows={5} value={draft.summary} onChange={(e) => set('summary', e.target.value)} />
        </Field>
        <Field label="Responsibilities" hint={LINES} error={err('responsibilities')}>
          <textarea
            rows={6}
            value={draft.responsibilities}
            onChange={(e) => set('responsibilities', e.target.value)}
          />
        </Field>
        <Field
          label="Qualifications (required)"
          hint={`${LINES} Ten or fewer keeps qualified people applying.`}
          error={err('qualifications')}
        >
          <textarea
            rows={6}
            value={draft.qualifications}
            onChange={(e) => set('qualifications', e.target.value)}
          />
        </Field>
        <Field label="Preferred qualifications" hint={LINES} error={err('preferredQualifications')}>
          <textarea
            rows={4}
            value={draft.preferredQualifications}
            onChange={(e) => set('preferredQualifications', e.target.value)}
          />
        </Field>
      </div>
      <ExtraSectionsEditor
        sections={draft.extraSections}
        onChange={(s) => set('extraSections', s)}
        error={err('extraSections')}
      />
      <FaqsEditor faqs={draft.faqs} onChange={(f) => set('faqs', f)} error={err('faqs')} />
      <div className="card stack">
        <h3>Skills</h3>
        <div className="grid-2">
          <Field label="Required skills" hint={LINES} error={err('requiredSkills')}>
            <textarea
              rows={5}
              value={draft.requiredSkills}
              onChange={(e) => set('requiredSkills', e.target.value)}
            />
          </Field>
          <Field label="Preferred skills" hint={LINES} error={err('preferredSkills')}>
            <textarea
              rows={5}
              value={draft.preferredSkills}
              onChange={(e) => set('preferredSkills', e.target.value)}
            />
          </Field>
        </div>
      </div>
    </StepForm>
  );
}
