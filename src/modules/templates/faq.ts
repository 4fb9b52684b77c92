// FAQ sections: explicit question/answer pairs, or (like the seed) answers alone, for which a
// fitting question is inferred from what the answer talks about.
import type { Faq } from './types.ts';

export interface FaqLine {
  text: string;
  /** A Markdown heading inside the FAQ section: always a question. */
  heading: boolean;
  blank: boolean;
}

const QUESTION_PREFIX = /^(?:q|question) *(?:\d+ *)?[:.)-] */i;
const ANSWER_PREFIX = /^(?:a|answer) *[:.)-] */i;
const LIST_MARKER = /^(?:[-*•–]|\d{1,2}[.)])\s+/;

function isQuestion(line: FaqLine): boolean {
  if (line.heading) return true;
  const text = stripDecoration(line.text);
  return QUESTION_PREFIX.test(line.text) || (text.endsWith('?') && text.split(/\s+/).length <= 30);
}

function stripDecoration(text: string): string {
  return text
    .replace(LIST_MARKER, '')
    .replace(/^\*\*(.+)\*\*$/, '$1')
    .replace(/^__(.+)__$/, '$1')
    .trim();
}

export function parseFaqs(lines: FaqLine[], role: string): Faq[] {
  const hasQuestions = lines.some((l) => !l.blank && isQuestion(l));
  if (!hasQuestions) return inferQuestions(answerBlocks(lines), role);

  const faqs: Faq[] = [];
  let paragraphs: string[][] = [];
  let question: string | undefined;
  const orphans: string[] = [];
  const flush = () => {
    const answer = paragraphs.map((p) => p.join(' ')).join('\n\n');
    if (question !== undefined) faqs.push({ question, answer });
    else if (answer) orphans.push(answer);
    paragraphs = [];
  };
  let inParagraph = false;
  for (const line of lines) {
    if (line.blank) {
      inParagraph = false;
      continue;
    }
    if (isQuestion(line)) {
      flush();
      question = stripDecoration(line.text).replace(QUESTION_PREFIX, '').trim();
      inParagraph = false;
      continue;
    }
    const text = line.text.replace(ANSWER_PREFIX, '').trim();
    if (!inParagraph) paragraphs.push([]);
    paragraphs.at(-1)!.push(text);
    inParagraph = true;
  }
  flush();
  // Answers that came before the first question still deserve a question of their own.
  return [...inferQuestions(orphans, role), ...faqs].filter((f) => f.question && f.answer);
}

/** Blocks separated by blank lines; a section with no blank lines at all has one answer per line. */
function answerBlocks(lines: FaqLine[]): string[] {
  const first = lines.findIndex((l) => !l.blank);
  const last = lines.findLastIndex((l) => !l.blank);
  const inner = first < 0 ? [] : lines.slice(first, last + 1);
  if (!inner.some((l) => l.blank)) return inner.map((l) => l.text.trim());
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line.blank) blocks.push([]);
    else blocks.at(-1)!.push(line.text.trim());
  }
  return blocks.filter((b) => b.length > 0).map((b) => b.join(' '));
}

type Topic = 'duties' | 'become' | 'salary' | 'qualifications' | 'skills' | 'outlook' | 'day';

const TOPIC_CUES: [Topic, RegExp][] = [
  ['become', /\b(to become|becoming|how to get|one should start|start by|path to)\b/i],
  ['salary', /\b(salary|salaries|pay|paid|compensation|earn|earnings|wage|wages)\b/i],
  [
    'qualifications',
    /\b(degree|diploma|qualification|qualifications|certification|certified|licen[cs]e|education|requires? an?)\b/i,
  ],
  ['skills', /\b(skills?|proficiency|proficient|abilities|competenc(?:y|ies))\b/i],
  ['outlook', /\b(career path|career progression|outlook|advance|promotion|growth)\b/i],
  ['day', /\b(typical day|day-to-day|daily|work environment|schedule|hours)\b/i],
  ['duties', /\b(responsible for|responsibilities|duties|role is|tasked with|involved in|works? on)\b/i],
];

function question(topic: Topic, role: string): string {
  const a = `${article(role)} ${role}`;
  switch (topic) {
    case 'duties':
      return `What does ${a} do?`;
    case 'become':
      return `How do you become ${a}?`;
    case 'salary':
      return `What is the average salary for ${a}?`;
    case 'qualifications':
      return `What qualifications does ${a} need?`;
    case 'skills':
      return `What skills does ${a} need?`;
    case 'outlook':
      return `What is the career path for ${a}?`;
    case 'day':
      return `What is a typical day like for ${a}?`;
  }
}

/** "a" or "an" by the sound of the first letter, including acronyms such as "an HR Intern". */
export function article(word: string): string {
  if (/^[A-Z]{2,}/.test(word)) return /^[AEFHILMNORSX]/.test(word) ? 'an' : 'a';
  return /^[aeiou]/i.test(word) && !/^(uni|use|usu|eu|one)/i.test(word) ? 'an' : 'a';
}

/** Picks a topic per answer from its first sentence (then the whole text), never repeating a question. */
export function inferQuestions(answers: string[], role: string): Faq[] {
  const used = new Set<Topic>();
  return answers
    .filter((a) => a.length > 0)
    .map((answer, index) => {
      const first = firstSentence(answer);
      const pick = (text: string) =>
        TOPIC_CUES.find(([topic, cue]) => !used.has(topic) && cue.test(text))?.[0];
      const topic =
        pick(first) ?? pick(answer) ?? (index === 0 && !used.has('duties') ? 'duties' : undefined);
      if (!topic) return { question: `What else should you know about the ${role} role?`, answer };
      used.add(topic);
      return { question: question(topic, role), answer };
    });
}

const ABBREVIATIONS = /\b(?:jr|sr|dr|mr|mrs|ms|st|vs|etc|e\.g|i\.e|inc|ltd|co|no)\.$/i;

/** The first sentence, not fooled by "Jr." or "e.g.". */
export function firstSentence(text: string): string {
  const boundary = /[.!?](?=\s+["'(A-Z0-9])/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const upTo = text.slice(0, m.index + 1);
    // Only the tail matters; testing the whole prefix each time would be quadratic.
    if (!ABBREVIATIONS.test(upTo.slice(-8))) return upTo;
  }
  return text;
}
