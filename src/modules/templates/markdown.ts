// The canonical Markdown form of a template. parseJd(toMarkdown(t)) gives t back.
import type { ParsedTemplate } from './types.ts';

/** Joins wrapped lines with single spaces (by hand: `\s*\n\s*` is quadratic on long space runs). */
const oneLine = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');

export function toMarkdown(t: ParsedTemplate): string {
  const out: string[] = [];
  const meta = Object.entries(t.metadata).filter(([k, v]) => k.trim() && v.trim());
  if (meta.length > 0) {
    out.push('---', ...meta.map(([k, v]) => `${k}: ${oneLine(v)}`), '---', '');
  }
  out.push(`# ${oneLine(t.title)}`, '');
  for (const paragraph of t.summary.split(/\n{2,}/)) {
    if (paragraph.trim()) out.push(oneLine(paragraph), '');
  }
  const list = (heading: string, items: string[]) => {
    if (items.length === 0) return;
    out.push(`## ${heading}`, '');
    for (const item of items) out.push(`- ${oneLine(item)}`);
    out.push('');
  };

  list('Responsibilities', t.responsibilities);
  list('Qualifications', t.qualifications);
  list('Skills', t.skills);
  for (const section of t.extraSections) {
    if (section.items) list(oneLine(section.heading), section.items);
    else if (section.text) {
      out.push(`## ${oneLine(section.heading)}`, '');
      for (const p of section.text.split(/\n{2,}/)) out.push(oneLine(p), '');
    }
  }
  if (t.faqs.length > 0) {
    out.push('## Frequently Asked Questions', '');
    for (const faq of t.faqs) {
      out.push(`### ${oneLine(faq.question)}`, '');
      for (const p of faq.answer.split(/\n{2,}/)) out.push(oneLine(p), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
