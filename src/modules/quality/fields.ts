// The document as a flat list of fields in reading order, and helpers to make findings about them.
import type { AnalysisDocument, Field, Finding, Severity, TextSpan } from './types.ts';

/** Every string of the document in document order (the order findings are sorted by). */
export function documentFields(doc: AnalysisDocument): Field[] {
  const fields: Field[] = [];
  const add = (path: string, text: string, kind: Field['kind'], list?: Field['list']) => {
    const field: Field = { path, text, order: fields.length, kind };
    if (list) field.list = list;
    fields.push(field);
  };
  add('title', doc.title ?? '', 'title');
  add('summary', doc.summary ?? '', 'summary');
  for (const list of ['responsibilities', 'qualifications', 'preferredQualifications', 'skills'] as const) {
    (doc[list] ?? []).forEach((item, i) => {
      add(`${list}.${i}`, item, list === 'skills' ? 'skill' : 'item', list);
    });
  }
  (doc.extraSections ?? []).forEach((section, i) => {
    add(`extraSections.${i}.heading`, section.heading ?? '', 'heading');
    if (section.text !== undefined) add(`extraSections.${i}.text`, section.text, 'text');
    (section.items ?? []).forEach((item, j) => {
      add(`extraSections.${i}.items.${j}`, item, 'item', 'extraSections');
    });
  });
  (doc.faqs ?? []).forEach((faq, i) => {
    add(`faqs.${i}.question`, faq.question ?? '', 'question');
    add(`faqs.${i}.answer`, faq.answer ?? '', 'answer');
  });
  return fields;
}

export function spanOf(field: Field, start: number, end: number): TextSpan {
  return { field: field.path, start, end, text: field.text.slice(start, end) };
}

export interface FindingInit {
  rule: string;
  severity: Severity;
  message: string;
  explanation: string;
  suggestion: string;
  source: string;
  span?: TextSpan | null;
}

export function finding(init: FindingInit): Finding {
  return {
    rule: init.rule,
    severity: init.severity,
    message: init.message,
    explanation: init.explanation,
    suggestion: init.suggestion,
    span: init.span ?? null,
    source: init.source,
  };
}

/** Whole-document findings first (by rule, then message); then by field order, start, rule, end. */
export function sortFindings(findings: Finding[], fieldOrder: ReadonlyMap<string, number>): Finding[] {
  const key = (f: Finding) => (f.span ? (fieldOrder.get(f.span.field) ?? Number.MAX_SAFE_INTEGER) : -1);
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      cmp(key(a), key(b)) ||
      cmp(a.span?.start ?? 0, b.span?.start ?? 0) ||
      cmp(a.rule, b.rule) ||
      cmp(a.span?.end ?? 0, b.span?.end ?? 0) ||
      cmp(a.message, b.message),
  );
}

/** Every match of a global regex. Unlike String#matchAll it does not clone the regex on each call. */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
  return out;
}
