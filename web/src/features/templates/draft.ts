// The editor's working copy of a template: lists as one item per line, FAQ entries and other
// sections as rows. It turns into the PATCH body and into the document the live analysis reads,
// remembering where each analyzed string sits in which control (for the findings' spans).
import type { AnalysisDocument, Category, Seniority, Template, TemplatePatch } from './types';

export interface FaqDraft {
  key: number;
  question: string;
  answer: string;
}
export interface SectionDraft {
  key: number;
  heading: string;
  body: string;
  /** Shown as a bulleted list, one item per line; otherwise as paragraphs. */
  list: boolean;
}
export interface Draft {
  role: string;
  title: string;
  summary: string;
  category: Category;
  seniority: Seniority;
  responsibilities: string;
  qualifications: string;
  skills: string;
  faqs: FaqDraft[];
  extraSections: SectionDraft[];
}

export type ListName = 'responsibilities' | 'qualifications' | 'skills';
export const LISTS: { name: ListName; label: string; hint: string }[] = [
  { name: 'responsibilities', label: 'Responsibilities', hint: 'One responsibility per line.' },
  { name: 'qualifications', label: 'Qualifications', hint: 'One requirement per line.' },
  { name: 'skills', label: 'Skills', hint: 'One skill per line, e.g. PostgreSQL.' },
];

let nextKey = 1;
export const newKey = () => nextKey++;

export function draftOf(t: Template): Draft {
  return {
    role: t.role,
    title: t.title,
    summary: t.summary,
    category: t.category,
    seniority: t.seniority,
    responsibilities: t.responsibilities.join('\n'),
    qualifications: t.qualifications.join('\n'),
    skills: t.skills.map((s) => s.label).join('\n'),
    faqs: t.faqs.map((f) => ({ key: newKey(), ...f })),
    extraSections: t.extraSections.map((s) => ({
      key: newKey(),
      heading: s.heading,
      body: s.items ? s.items.join('\n') : (s.text ?? ''),
      list: Boolean(s.items),
    })),
  };
}

/** The non-blank lines of a textarea with the offset where each starts. */
export function linesOf(text: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) out.push({ text: line, offset });
    offset += line.length + 1;
  }
  return out;
}

const items = (text: string) => linesOf(text).map((l) => l.text.trim());

/** What a FAQ row or section lacks before it can be saved (empty rows are simply dropped). */
export function faqProblem(f: FaqDraft): { question?: string; answer?: string } {
  const q = f.question.trim();
  const a = f.answer.trim();
  if (q && !a) return { answer: 'Add the answer, or remove this question.' };
  if (a && !q) return { question: 'Add the question, or remove this entry.' };
  return {};
}
export const sectionProblem = (s: SectionDraft) =>
  !s.heading.trim() && s.body.trim() ? 'Add a heading, or remove this section.' : undefined;

export function draftErrors(d: Draft): string[] {
  const errors: string[] = [];
  if (!d.role.trim()) errors.push('Enter the role.');
  d.faqs.forEach((f, i) => {
    const p = faqProblem(f);
    if (p.question || p.answer) errors.push(`FAQ ${i + 1}: ${p.question ?? p.answer}`);
  });
  d.extraSections.forEach((s, i) => {
    const p = sectionProblem(s);
    if (p) errors.push(`Section ${i + 1}: ${p}`);
  });
  return errors;
}

export function patchOf(d: Draft): TemplatePatch {
  const role = d.role.trim();
  return {
    role,
    title: d.title.trim() || role,
    summary: d.summary.trim(),
    category: d.category,
    seniority: d.seniority,
    responsibilities: items(d.responsibilities),
    qualifications: items(d.qualifications),
    skills: [...new Set(items(d.skills))],
    faqs: d.faqs
      .map((f) => ({ question: f.question.trim(), answer: f.answer.trim() }))
      .filter((f) => f.question && f.answer),
    extraSections: d.extraSections
      .filter((s) => s.heading.trim() && s.body.trim())
      .map((s) =>
        s.list
          ? { heading: s.heading.trim(), items: items(s.body) }
          : { heading: s.heading.trim(), text: s.body.trim() },
      ),
  };
}

/** Where an analyzed string lives in the form: the control's name and the string's offset in it. */
export interface Location {
  control: string;
  offset: number;
}

export const controlOfFaq = (key: number, part: 'question' | 'answer') => `faq-${key}-${part}`;
export const controlOfSection = (key: number, part: 'heading' | 'body') => `section-${key}-${part}`;

/**
 * The document as the analysis reads it (the role is its title, as the server analyzes stored
 * templates) and where every field path ("responsibilities.3", "faqs.1.answer") is in the form.
 * Strings are sent untrimmed so that the spans' offsets map straight into the controls.
 */
export function analysisOf(
  d: Draft,
): { document: AnalysisDocument; locations: Map<string, Location> } | null {
  if (!d.role.trim()) return null;
  const locations = new Map<string, Location>();
  locations.set('title', { control: 'role', offset: 0 });
  locations.set('summary', { control: 'summary', offset: 0 });
  const list = (name: ListName) =>
    linesOf(d[name]).map((line, i) => {
      locations.set(`${name}.${i}`, { control: name, offset: line.offset });
      return line.text;
    });
  const faqs = d.faqs
    .filter((f) => f.question.trim() && f.answer.trim())
    .map((f, i) => {
      locations.set(`faqs.${i}.question`, { control: controlOfFaq(f.key, 'question'), offset: 0 });
      locations.set(`faqs.${i}.answer`, { control: controlOfFaq(f.key, 'answer'), offset: 0 });
      return { question: f.question, answer: f.answer };
    });
  const extraSections = d.extraSections
    .filter((s) => s.heading.trim() && s.body.trim())
    .map((s, i) => {
      locations.set(`extraSections.${i}.heading`, { control: controlOfSection(s.key, 'heading'), offset: 0 });
      if (!s.list) {
        locations.set(`extraSections.${i}.text`, { control: controlOfSection(s.key, 'body'), offset: 0 });
        return { heading: s.heading, text: s.body };
      }
      const sectionItems = linesOf(s.body).map((line, j) => {
        locations.set(`extraSections.${i}.items.${j}`, {
          control: controlOfSection(s.key, 'body'),
          offset: line.offset,
        });
        return line.text;
      });
      return { heading: s.heading, items: sectionItems };
    });
  return {
    document: {
      title: d.role,
      summary: d.summary,
      responsibilities: list('responsibilities'),
      qualifications: list('qualifications'),
      preferredQualifications: [],
      skills: list('skills'),
      extraSections,
      faqs,
    },
    locations,
  };
}
