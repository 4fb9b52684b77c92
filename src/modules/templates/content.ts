import type { Template } from './schemas.ts';
import type { ParsedTemplate } from './types.ts';

/** The editable content of a stored template, in the parser's shape. */
export function toContent(t: Template): ParsedTemplate {
  return {
    role: t.role,
    title: t.title,
    summary: t.summary,
    responsibilities: t.responsibilities,
    qualifications: t.qualifications,
    skills: t.skills.map((s) => s.label),
    faqs: t.faqs,
    extraSections: t.extraSections,
    metadata: t.metadata,
  };
}
