// Skills mentioned in a resume, resolved through the taxonomy to canonical ids ("Postgres", "psql" →
// postgresql). Text and labels are cut into the same atoms — runs of letters/digits, or one symbol —
// so "C++" is [c,+,+], "Node.js" [node,.,js], ".NET" [.,net], and "Java" can never match inside
// "JavaScript" (one atom). Hyphens are dropped on both sides: "scikit-learn" = "scikit learn".
// Each line is scanned once, taking the longest label that starts at each atom ("C++" before "C",
// "Go-to-market" before "Go"), with a prefix set that stops the lookahead as soon as no label can match.
//
// Case rule, against false positives from ordinary English ("go to", "can", "React quickly"):
// - a label that is one short word (at most 3 letters/digits: "Go", "R", "JS", "SQL", "CAN") or one
//   of COMMON_WORDS ("Rust", "Swift", "Spring") matches only as the taxonomy spells it or in capitals
//   ("Go"/"GO", never "go"); short words that mix a letter and digits ("S3", "k8s", "EC2") are exempt;
// - a one-letter name ("C", "R") also needs list context: each neighbour is a line edge or list
//   punctuation, or "in"/"with"/"using" before it, or "and"/"or"/"/"/"&" after another matched skill
//   before it ("Python, SQL and R"), and "and"/"or" after it. So "Vitamin C", "C-suite",
//   "Jane R. Doe" and "R&D" are not skills.
// Known limit: a sentence-initial "Go" or "Swift" still counts; resumes rarely start sentences so.
import type { Skill, Taxonomy } from '../skills/taxonomy.ts';
import { MAX_INPUT } from './contacts.ts';

export interface ExtractedSkill {
  id: string;
  name: string;
  mentions: number;
}

/** Single-word skill names that are also everyday English words (lower case). */
const COMMON_WORDS = new Set(
  `rust swift dart ruby julia crystal scheme racket apex less node remix ember backbone rails spring express
  play electron spark beam unity unreal react torch pandas dash apollo oracle elastic aurora lambda vertex helm
  puppet vault argo loki ethereal burp slack notion monday segment hive combine instruments sketch canvas
  blackboard storyline expo capacitor ionic framer maya lever sage gong epic word excel outlook assembly
  greenhouse lean flask mocha jest chai cypress playwright selenium puppeteer cucumber hudson storybook gusto
  concur amplitude discovery closing serving blaze`
    .split(/\s+/)
    .filter(Boolean),
);
const BEFORE_ONE_LETTER = new Set([',', ';', ':', '(', '[', '|', '•', '·', '*', 'in', 'with', 'using']);
const CONNECTORS = new Set(['and', 'or', '/', '&']);
const AFTER_ONE_LETTER = new Set([',', ';', ')', ']', '|', '/', '•', '·', 'and', 'or']);

interface Atom {
  raw: string;
  key: string;
}

interface Entry {
  skill: Skill;
  /** Spellings accepted for a case-sensitive label (atoms joined by spaces); null: any case. */
  spellings: Set<string> | null;
  oneLetter: boolean;
}

interface Index {
  labels: Map<string, Entry>;
  prefixes: Set<string>;
}

const ATOM = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

function atoms(line: string): Atom[] {
  const out: Atom[] = [];
  for (const [raw] of line.normalize('NFKC').replace(/[‘’]/g, "'").matchAll(ATOM)) {
    if (raw !== '-' && raw !== '‐') out.push({ raw, key: raw.toLowerCase() });
  }
  return out;
}

function caseSensitive(label: Atom[]): boolean {
  if (label.length !== 1) return false;
  const word = label[0]!.raw;
  if (COMMON_WORDS.has(word.toLowerCase())) return true;
  return word.length <= 3 && !/^\p{L}+\p{N}/u.test(word);
}

const indexes = new WeakMap<Taxonomy, Index>();

/** Built once per taxonomy: every name and alias (not ids: "go" is an id, not a spelling). */
function indexOf(taxonomy: Taxonomy): Index {
  const cached = indexes.get(taxonomy);
  if (cached) return cached;
  const index: Index = { labels: new Map(), prefixes: new Set() };
  for (const skill of taxonomy.skills) {
    for (const label of [skill.name, ...skill.aliases]) {
      const parts = atoms(label);
      if (parts.length === 0) continue;
      const keys = parts.map((a) => a.key);
      const key = keys.join(' ');
      const exact = parts.map((a) => a.raw).join(' ');
      const entry = index.labels.get(key);
      if (entry && entry.skill !== skill) continue; // first owner wins, as in Taxonomy.link
      const spellings = caseSensitive(parts) ? new Set([exact, exact.toUpperCase()]) : null;
      if (!entry) {
        const oneLetter = parts.length === 1 && parts[0]!.raw.length === 1;
        index.labels.set(key, { skill, spellings, oneLetter });
      } else if (!spellings || !entry.spellings) entry.spellings = null;
      else for (const s of spellings) entry.spellings.add(s);
      for (let n = 1; n < keys.length; n++) index.prefixes.add(keys.slice(0, n).join(' '));
    }
  }
  indexes.set(taxonomy, index);
  return index;
}

/** The text as written, in the form spellings are stored (atoms joined by spaces). */
function spelling(line: Atom[], from: number, to: number): string {
  if (from === to) return line[from]!.raw;
  return line
    .slice(from, to + 1)
    .map((a) => a.raw)
    .join(' ');
}

/** List context for a one-letter name at atoms[i]; see the rule at the top. */
function inList(line: Atom[], i: number, previousMatchEnd: number): boolean {
  const before = line[i - 1]?.key;
  const after = line[i + 1]?.key;
  const beforeOk =
    before === undefined ||
    BEFORE_ONE_LETTER.has(before) ||
    (CONNECTORS.has(before) && previousMatchEnd === i - 2);
  const afterOk =
    after === undefined || AFTER_ONE_LETTER.has(after) || (after === '.' && i + 2 === line.length);
  return beforeOk && afterOk;
}

/** Links, e-mail addresses and profiles name hosts ("github.com"), not skills. */
const LINKISH = /^(?:www\.)?(?:linkedin|github)\.com\//i;
const stripLinks = (line: string) =>
  line.replace(/\S+/g, (w) => (w.includes('@') || w.includes('://') || LINKISH.test(w) ? ' ' : w));

export function extractSkills(input: string, taxonomy: Taxonomy): ExtractedSkill[] {
  const { labels, prefixes } = indexOf(taxonomy);
  const counts = new Map<Skill, number>();
  for (const text of input.slice(0, MAX_INPUT).split('\n')) {
    const line = atoms(stripLinks(text));
    let previousMatchEnd = -2;
    for (let i = 0; i < line.length; ) {
      let found: Entry | undefined;
      let length = 0;
      let key = '';
      for (let j = i; j < line.length; j++) {
        key = j === i ? line[j]!.key : `${key} ${line[j]!.key}`;
        const entry = labels.get(key);
        if (entry && (!entry.spellings || entry.spellings.has(spelling(line, i, j)))) {
          if (!entry.oneLetter || inList(line, i, previousMatchEnd)) {
            found = entry;
            length = j - i + 1;
          }
        }
        if (!prefixes.has(key)) break;
      }
      if (!found) {
        i++;
        continue;
      }
      counts.set(found.skill, (counts.get(found.skill) ?? 0) + 1);
      i += length;
      previousMatchEnd = i - 1;
    }
  }
  return [...counts]
    .map(([skill, mentions]) => ({ id: skill.id, name: skill.name, mentions }))
    .sort((a, b) => b.mentions - a.mentions || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
