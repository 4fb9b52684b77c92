// Plain text or Markdown job description → structured template. Pure: no I/O.
import { AppError } from '../../shared/errors.ts';
import { type FaqLine, firstSentence, parseFaqs } from './faq.ts';
import {
  headingKey,
  isExtraHeading,
  isMetadataKey,
  isNoiseLine,
  type SectionKind,
  sectionKind,
} from './headings.ts';
import type { ExtraSection, ParsedTemplate } from './types.ts';

export const MAX_INPUT_BYTES = 1024 * 1024;

export class ParseError extends AppError {
  override name = 'ParseError';
  constructor(code: string, message: string) {
    super(code === 'too_large' ? 413 : 422, code, message);
  }
}

type Line =
  | { kind: 'blank' }
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'bullet'; indent: number; text: string }
  | { kind: 'text'; indent: number; text: string };

interface Section {
  kind: SectionKind | 'preamble' | 'extra';
  heading: string;
  level: number;
  lines: Line[];
}

// Only the unambiguous start is a regex; the optional closing #s are stripped by hand, because
// a lazy `(.+?)(\s+#+)?\s*$` backtracks catastrophically on a heading followed by many spaces.
const MD_HEADING = /^ {0,3}(#{1,6})[ \t]+(\S.*)$/;

function headingText(raw: string): string {
  const text = raw.trimEnd();
  const closing = text.length - text.replace(/#+$/, '').length;
  if (closing === 0 || closing === text.length) return text;
  const before = text.slice(0, text.length - closing);
  return /[ \t]$/.test(before) ? before.trimEnd() : text;
}
const BULLET = /^([ \t]*)(?:[-*+•–—▪◦·●]|\d{1,3}[.)]|[a-z][.)])\s+(.*)$/;
const KEY_VALUE = /^\**([A-Za-z][\w '’/&().-]{0,40}?)\**\s*:\**\s+(.+)$/;
const RULE = /^\s*([-=*_])(\s*\1){2,}\s*$/;

/** Decodes uploaded bytes, refusing what is not a text document. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    throw new ParseError('too_large', `The document is ${bytes.byteLength} bytes; the limit is 1 MiB.`);
  }
  if (bytes.includes(0)) throw new ParseError('binary_input', 'The file is binary, not a text document.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ParseError('binary_input', 'The file is not valid UTF-8 text.');
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: counting control characters is the point
  const control = text.match(/[\u0001-\u0008\u000e-\u001f\u007f]/g)?.length ?? 0;
  if (control > 8 && control > text.length / 100) {
    throw new ParseError('binary_input', 'The file is binary, not a text document.');
  }
  return text;
}

export function normalize(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\u3000]/g, ' ')
    .replace(/[\u200b-\u200d\u2060]/g, '');
}

function splitFrontMatter(text: string): { body: string; metadata: Record<string, string> } {
  const metadata: Record<string, string> = {};
  const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text);
  if (!match) return { body: text, metadata };
  for (const line of match[1]!.split('\n')) {
    const colon = line.indexOf(':');
    const key = line.slice(0, colon).trim();
    const value = line
      .slice(colon + 1)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
    if (colon > 0 && value && key.length <= 60 && /^[\w-][\w -]*$/.test(key)) metadata[key] = value;
  }
  return { body: text.slice(match[0].length), metadata };
}

function tokenize(body: string): Line[] {
  const lines: Line[] = [];
  for (const raw of body.split('\n')) {
    if (raw.trim() === '') {
      lines.push({ kind: 'blank' });
      continue;
    }
    if (isNoiseLine(raw)) continue;
    if (RULE.test(raw)) {
      // A setext underline turns the previous text line into a heading; otherwise a rule is decoration.
      const prev = lines.at(-1);
      if (prev?.kind === 'text' && /[=-]/.test(raw.trim()[0]!)) {
        lines[lines.length - 1] = { kind: 'heading', level: raw.trim()[0] === '=' ? 1 : 2, text: prev.text };
      }
      continue;
    }
    const heading = MD_HEADING.exec(raw);
    if (heading) {
      lines.push({ kind: 'heading', level: heading[1]!.length, text: headingText(heading[2]!) });
      continue;
    }
    const indent = indentOf(raw);
    const bullet = BULLET.exec(raw);
    if (bullet?.[2]?.trim()) lines.push({ kind: 'bullet', indent, text: bullet[2].trim() });
    else lines.push({ kind: 'text', indent, text: raw.trim() });
  }
  return lines;
}

function indentOf(raw: string): number {
  const lead = /^[ \t]*/.exec(raw)![0];
  return lead.replace(/\t/g, '    ').length;
}

function isShortHeadingLike(text: string): boolean {
  const words = text.split(/\s+/).length;
  return words <= 6 && /^[*_]*[A-Z0-9]/.test(text) && !/[.!?,;]$/.test(text);
}

function nextContentLine(lines: Line[], from: number): Line | undefined {
  for (let i = from; i < lines.length; i++) if (lines[i]!.kind !== 'blank') return lines[i];
  return undefined;
}

/** Groups lines into sections, recognising headings in Markdown and in plain text. */
function sectionize(
  lines: Line[],
  metadata: Record<string, string>,
): { title?: string; sections: Section[] } {
  const sections: Section[] = [{ kind: 'preamble', heading: '', level: 0, lines: [] }];
  let title: string | undefined;
  const current = () => sections.at(-1)!;
  const open = (kind: Section['kind'], heading: string, level: number) => {
    // A "heading" with no words (a stray "**" or "##") starts nothing.
    if (kind === 'extra' && !/[\p{L}\p{N}]/u.test(heading)) return;
    sections.push({ kind, heading: heading.trim(), level, lines: [] });
  };
  const inPreamble = () => sections.length === 1;

  for (const [i, line] of lines.entries()) {
    if (line.kind === 'heading') {
      const kind = sectionKind(line.text);
      if (kind) {
        open(kind, line.text, line.level);
        continue;
      }
      if (title === undefined && inPreamble() && current().lines.every((l) => l.kind === 'blank')) {
        title = line.text;
        continue;
      }
      const here = current();
      if (here.kind !== 'preamble' && line.level > here.level) {
        // A sub-heading: an FAQ question, or a group inside a list section ("### Nice to have").
        if (here.kind === 'faqs') here.lines.push(line);
        continue;
      }
      open('extra', line.text.replace(/ *:$/, ''), line.level);
      continue;
    }
    if (line.kind === 'text' && line.indent === 0) {
      const kind = sectionKind(line.text);
      if (kind) {
        open(kind, line.text, 0);
        continue;
      }
      const kv = KEY_VALUE.exec(line.text);
      if (kv) {
        const inlineKind = sectionKind(kv[1]!);
        if (inlineKind && inlineKind !== 'faqs') {
          open(inlineKind, kv[1]!, 0);
          current().lines.push({ kind: 'text', indent: 0, text: kv[2]!.trim() });
          continue;
        }
        if (inPreamble() && isMetadataKey(kv[1]!)) {
          metadata[kv[1]!.trim()] = kv[2]!.trim();
          continue;
        }
      }
      if (title === undefined && inPreamble() && current().lines.every((l) => l.kind === 'blank')) {
        if (line.text.split(/\s+/).length <= 15 && !/[.!?]$/.test(line.text)) {
          title = line.text.replace(/^[*_]+|[*_]+$/g, '');
          continue;
        }
      }
      const here = current();
      if (here.kind !== 'faqs' && title !== undefined) {
        // Headings we do not map to a field still start a section of their own ("Perks", "About us").
        const words = line.text.split(/\s+/).length;
        const endsWithColon = /:$/.test(line.text) && words <= 8;
        const beforeBullet =
          nextContentLine(lines, i + 1)?.kind === 'bullet' && isShortHeadingLike(line.text);
        if (endsWithColon || isExtraHeading(line.text) || (beforeBullet && here.kind !== 'extra')) {
          open('extra', line.text.replace(/^[*_]+|[*_]+$/g, '').replace(/ *:$/, ''), 0);
          continue;
        }
      }
    }
    current().lines.push(line);
  }
  return title === undefined ? { sections } : { title, sections };
}

/** Consecutive text lines form a paragraph (joined by spaces); blank lines separate paragraphs. */
function paragraphs(lines: Line[]): string[] {
  const out: string[][] = [];
  let open = false;
  for (const line of lines) {
    if (line.kind === 'blank' || line.kind === 'heading') {
      open = false;
      continue;
    }
    if (!open || line.kind === 'bullet') out.push([]);
    out.at(-1)!.push(line.text);
    open = line.kind !== 'bullet';
  }
  return out.map((p) => p.join(' '));
}

/** Bullets become items; an indented line right under a bullet continues it; other lines are items. */
function listItems(lines: Line[]): string[] {
  const items: string[] = [];
  let lastBullet: { indent: number } | undefined;
  for (const line of lines) {
    if (line.kind === 'blank' || line.kind === 'heading') {
      lastBullet = undefined;
      continue;
    }
    if (line.kind === 'text' && lastBullet && line.indent > lastBullet.indent) {
      items[items.length - 1] += ` ${line.text}`;
      continue;
    }
    items.push(line.text);
    lastBullet = line.kind === 'bullet' ? { indent: line.indent } : undefined;
  }
  return items.filter((item) => item.length > 0);
}

/** A piece starting like this is part of a sentence, not a skill name. */
const CLAUSE_START =
  /^(?:at|under|in|on|with|for|to|of|from|by|as|across|including|such|while|when|where|which|that)\b/i;

/** "Go, Rust, SQL" → three skills, when every piece is short enough to be a skill name. */
function splitSkills(items: string[]): string[] {
  return items.flatMap((item) => {
    const parts = item
      .split(/[,;]|\s[•|·]\s/)
      .map((p) => p.trim().replace(/^(?:and|or|&) +/i, ''))
      .filter(Boolean);
    const skillLike = (p: string) => p.split(/\s+/).length <= 4 && !CLAUSE_START.test(p);
    return parts.length > 1 && parts.every(skillLike) ? parts : [item];
  });
}

export function deriveRole(title: string): string {
  // Collapsing whitespace first keeps these patterns linear: no long runs for `\s*` to split.
  const collapsed = title.replace(/\s+/g, ' ').trim();
  const role = collapsed
    .replace(
      /^(?:job description|job title|position|role|vacancy|we're hiring|we are hiring) ?[:\-–—|] ?/i,
      '',
    )
    .replace(
      / ?(?:[-–—:|(] ?)?\b(?:job descriptions?|jd)\b(?: (?:template|sample|example|guide)s?)?\)?$/i,
      '',
    )
    .replace(/ ?(?:[-–—:|] ?)?\btemplate$/i, '')
    .trim();
  return role || collapsed;
}

const ROLE_FROM_SUMMARY = /^As an? ([^,]{2,60}?),/;
const TITLE_KEYS = ['title', 'job title', 'role', 'position'];

export function parseJd(input: string): ParsedTemplate {
  const text = normalize(input);
  if (text.trim() === '') throw new ParseError('empty_input', 'The document is empty.');
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) {
    throw new ParseError('too_large', 'The document is larger than 1 MiB.');
  }
  const { body, metadata } = splitFrontMatter(text);
  const { title: headingTitle, sections } = sectionize(tokenize(body), metadata);

  const metaTitleKey = Object.keys(metadata).find((k) => TITLE_KEYS.includes(headingKey(k)));
  const summaryParts: string[] = [];
  const lists = { responsibilities: [] as string[], qualifications: [] as string[], skills: [] as string[] };
  const faqLines: FaqLine[] = [];
  const extraSections: ExtraSection[] = [];

  for (const section of sections) {
    switch (section.kind) {
      case 'preamble':
      case 'summary':
        appendAll(summaryParts, paragraphs(section.lines));
        break;
      case 'responsibilities':
      case 'qualifications':
        appendAll(lists[section.kind], listItems(section.lines));
        break;
      case 'skills':
        appendAll(lists.skills, splitSkills(listItems(section.lines)));
        break;
      case 'faqs':
        for (const l of section.lines) {
          faqLines.push(l.kind === 'blank' ? { text: '', heading: false, blank: true } : toFaqLine(l));
        }
        break;
      case 'extra': {
        const hasBullets = section.lines.some((l) => l.kind === 'bullet');
        if (hasBullets) extraSections.push({ heading: section.heading, items: listItems(section.lines) });
        else {
          const text = paragraphs(section.lines).join('\n\n');
          if (text) extraSections.push({ heading: section.heading, text });
        }
        break;
      }
    }
  }

  const summary = summaryParts.join('\n\n');
  const title = headingTitle ?? (metaTitleKey ? metadata[metaTitleKey] : undefined);
  const role = title ? deriveRole(title) : ROLE_FROM_SUMMARY.exec(firstSentence(summary))?.[1]?.trim();
  if (!role) {
    throw new ParseError(
      'no_title',
      'No job title found: start the document with the role, e.g. "Backend Developer".',
    );
  }
  if (lists.responsibilities.length + lists.qualifications.length + lists.skills.length === 0) {
    throw new ParseError(
      'not_a_job_description',
      'No job description found: expected sections such as Responsibilities, Qualifications or Skills.',
    );
  }
  return {
    role,
    title: title ?? role,
    summary,
    responsibilities: lists.responsibilities,
    qualifications: lists.qualifications,
    skills: dedupe(lists.skills),
    faqs: parseFaqs(faqLines, role),
    extraSections,
    metadata,
  };
}

/** push(...items) overflows the call stack on very long lists; this does not. */
function appendAll<T>(target: T[], items: T[]) {
  for (const item of items) target.push(item);
}

function toFaqLine(line: Exclude<Line, { kind: 'blank' }>): FaqLine {
  return { text: line.text, heading: line.kind === 'heading', blank: false };
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = item.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
