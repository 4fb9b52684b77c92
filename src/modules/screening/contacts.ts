// Contact details from a resume's plain text. Every regex here is either run on one bounded chunk
// (a whitespace-free word of at most MAX_CHUNK chars) or has only bounded quantifiers, so a hostile
// 200,000-character upload costs linear time.

export interface Contacts {
  emails: string[];
  phones: string[];
  urls: string[];
  linkedin?: string;
  github?: string;
  name?: string;
}

export const MAX_INPUT = 200_000;
export const MAX_RESULTS = 10;
const MAX_CHUNK = 320;
const NAME_LINES = 8;

// Chunks: runs without whitespace or the separators resumes put between contact items ("a@b.c | 555…").
const CHUNK = /[^\s|•·<>()[\]{}"'`,;]+/g;
const EMAIL = /[\w.%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/;
const URL_START = /^https?:\/\//i;
const PROFILE = /^(?:www\.)?(linkedin\.com\/in\/|github\.com\/)[\w-]/i;
// A phone candidate: optional "+", digits with spaces, dots, dashes or parentheses between them.
// No "/" (dates) and no en dash (ranges); the bounded {5,20} keeps backtracking constant per start.
const PHONE = /(?<![\w+/.-])\+?\(?\d[\d ().-]{5,20}\d(?![\w/])/g;
const NAME_WORD = /^\p{Lu}[\p{L}'’.-]*$/u;
// Headings that look like names ("Professional Summary", "WORK EXPERIENCE").
const HEADINGS =
  'resume résumé curriculum vitae cv contact profile summary experience education skills objective';
const NOT_A_NAME = new Set(HEADINGS.split(' '));

/** Strips the punctuation a sentence leaves after a link ("see example.com/x."). */
function trimTrailing(text: string): string {
  let end = text.length;
  while (end > 0 && ".,;:!?)]'".includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function pushUnique(list: string[], value: string, seen: Set<string>, key = value): void {
  if (list.length < MAX_RESULTS && !seen.has(key)) {
    seen.add(key);
    list.push(value);
  }
}

const isYear = (group: string) => group.length === 4 && (group.startsWith('19') || group.startsWith('20'));

/** Phones have 7–15 digits (E.164 allows 15); dates, year ranges, ZIP+4 codes and IPs look alike. */
export function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return false;
  const groups = candidate.split(/\D+/).filter(Boolean);
  const plus = candidate.startsWith('+');
  if (groups.length > 6) return false; // "+33 1 23 45 67 89" has six groups; more is a list of numbers
  // A bare digit run shorter than a national number is an ID, a licence or a ZIP code.
  if (!plus && groups.length === 1 && digits.length < 10) return false;
  // Dates and ranges: "2019 - 2023", "12.05.2023", "2019-01 - 2021-08" hold a year and only short groups.
  if (!plus && groups.some(isYear) && groups.every((g) => isYear(g) || g.length <= 2)) return false;
  if (/^\d{5}-\d{4}$/.test(candidate)) return false; // ZIP+4
  const separators = candidate.replace(/[\d\s]/g, '');
  if (groups.length === 4 && groups.every((g) => g.length <= 3) && /^\.+$/.test(separators)) {
    return false; // IPv4 address
  }
  return true;
}

/** The first short line near the top made of 2–4 capitalised words: the usual place of a name. */
function guessName(lines: string[]): string | undefined {
  let seen = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (++seen > NAME_LINES) return undefined;
    // "Jane Doe, RN" or "Jane Doe | Backend Developer": the name is the first part.
    const segment = line.split(/\s[-–—]\s|[,|•·]/)[0]!.trim();
    if (segment.length > 60 || /[\d@]/.test(segment)) continue;
    const words = segment.split(/\s+/);
    if (words.length < 2 || words.length > 4) continue;
    if (words.some((w) => NOT_A_NAME.has(w.toLowerCase()) || !NAME_WORD.test(w))) continue;
    return segment;
  }
  return undefined;
}

export function extractContacts(input: string): Contacts {
  const text = input.slice(0, MAX_INPUT);
  const emails: string[] = [];
  const urls: string[] = [];
  const phones: string[] = [];
  const seenEmails = new Set<string>();
  const seenUrls = new Set<string>();
  const seenPhones = new Set<string>();
  let linkedin: string | undefined;
  let github: string | undefined;

  for (const [raw] of text.matchAll(CHUNK)) {
    if (raw.length > MAX_CHUNK) continue;
    const chunk = trimTrailing(raw.replace(/^mailto:/i, ''));
    const email = chunk.includes('@') && !URL_START.test(chunk) ? EMAIL.exec(chunk) : null;
    if (email) {
      pushUnique(emails, email[0].toLowerCase(), seenEmails);
      continue;
    }
    const bare = PROFILE.exec(chunk);
    if (!URL_START.test(chunk) && !bare) continue;
    const url = bare ? `https://${chunk}` : chunk;
    pushUnique(urls, url, seenUrls, url.toLowerCase());
    const profile = PROFILE.exec(url.replace(URL_START, ''))?.[1]?.toLowerCase();
    if (profile === 'linkedin.com/in/') linkedin ??= url;
    if (profile === 'github.com/') github ??= url;
  }

  for (const line of text.split('\n')) {
    // URLs and emails hold digit runs that are not phones.
    const clean = line.replace(CHUNK, (chunk) =>
      chunk.includes('@') || chunk.includes('://') ? ' ' : chunk,
    );
    for (const [candidate] of clean.matchAll(PHONE)) {
      // "(12.05.2023": a parenthesis opened before the number, not around an area code.
      const phone = candidate.startsWith('(') && !candidate.includes(')') ? candidate.slice(1) : candidate;
      if (isPhone(phone)) pushUnique(phones, phone, seenPhones, phone.replace(/\D/g, ''));
    }
  }

  const name = guessName(text.split('\n'));
  return {
    emails,
    phones,
    urls,
    ...(linkedin ? { linkedin } : {}),
    ...(github ? { github } : {}),
    ...(name ? { name } : {}),
  };
}
