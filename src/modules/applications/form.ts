// Checking a submitted application against the posting's form: the fixed fields (name, email,
// phone, resume, cover letter, privacy consent) and the screening questions. Pure: the same rules
// serve the API (problem details with a path per error) and the HTML form (errors beside fields).
import type { ScreeningQuestion } from '../postings/types.ts';

export interface UploadedFile {
  field: string;
  filename: string;
  bytes: Buffer;
}

/** A parsed multipart body: every text field's values (repeatable) and the files. */
export interface Submission {
  fields: Record<string, string[]>;
  files: UploadedFile[];
}

export type Answer = string | string[] | number | boolean | { file: string };

export interface ValidApplication {
  name: string;
  email: string;
  phone: string | null;
  answers: Record<string, Answer>;
  /** Questions answered with their knock-out answer: flagged for the recruiter, never rejected. */
  knockouts: string[];
  resume: UploadedFile;
  coverLetter: UploadedFile | null;
  /** Files answering `file` questions, by question id. */
  answerFiles: Record<string, UploadedFile>;
}

export interface FieldError {
  /** The form field: name, email, resume, privacyConsent, answers.<question id> … */
  path: string;
  code: string;
  message: string;
}

export const LIMITS = { name: 200, email: 254, phone: 40, shortText: 500, longText: 10_000 } as const;
// Deliberately simple: one @, no spaces, a dot in the domain. Delivery proves the rest.
const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,189}\.[a-z]{2,63}$/i;
const PHONE = /^\+?[0-9 ()./-]{5,40}$/;

const one = (s: Submission, name: string) => (s.fields[name]?.[0] ?? '').trim();
// A browser sends an unchosen file as a part without a file name (multipart.ts drops it); a named
// empty file was chosen, and the upload check reports it as empty rather than as missing.
const fileOf = (s: Submission, name: string) => s.files.find((f) => f.field === name);
const YES = new Set(['yes', 'true', 'on', '1']);
const NO = new Set(['no', 'false', '0']);

function checkAnswer(q: ScreeningQuestion, s: Submission, errors: FieldError[]): Answer | undefined {
  const path = `answers.${q.id}`;
  const fail = (code: string, message: string) => {
    errors.push({ path, code, message });
    return undefined;
  };
  const values = (s.fields[path] ?? []).map((v) => v.trim()).filter((v) => v !== '');
  if (q.type === 'file') {
    if (fileOf(s, path)) return { file: path };
    return q.required ? fail('required', `Attach a file for “${q.label}”.`) : undefined;
  }
  if (values.length === 0) {
    if (!q.required) return undefined;
    return fail(
      'required',
      q.type === 'consent' ? `Tick the box to agree: “${q.label}”.` : `Answer “${q.label}”.`,
    );
  }
  const value = values[0]!;
  switch (q.type) {
    case 'short_text':
    case 'long_text': {
      const max = q.type === 'short_text' ? LIMITS.shortText : LIMITS.longText;
      if (value.length > max) return fail('too_long', `Keep “${q.label}” to ${max} characters.`);
      return value;
    }
    case 'yes_no':
    case 'consent': {
      const v = value.toLowerCase();
      if (YES.has(v)) return true;
      if (NO.has(v) && q.type === 'yes_no') return false;
      if (NO.has(v)) return q.required ? fail('required', `Tick the box to agree: “${q.label}”.`) : false;
      return fail('invalid_choice', `Answer “${q.label}” with yes or no.`);
    }
    case 'single_choice':
      if (!q.options?.includes(value))
        return fail('invalid_choice', `Choose one of the options for “${q.label}”.`);
      return value;
    case 'multiple_choice': {
      const unique = [...new Set(values)];
      if (unique.some((v) => !q.options?.includes(v))) {
        return fail('invalid_choice', `Choose only from the options for “${q.label}”.`);
      }
      return unique;
    }
    case 'number': {
      const n = Number(value.replace(',', '.'));
      if (!/^-?\d+(?:[.,]\d+)?$/.test(value) || !Number.isFinite(n)) {
        return fail('invalid_number', `Enter a number for “${q.label}”.`);
      }
      if ((q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) {
        const range = [
          q.min !== undefined ? `at least ${q.min}` : '',
          q.max !== undefined ? `at most ${q.max}` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        return fail('out_of_range', `“${q.label}” must be ${range}.`);
      }
      return n;
    }
  }
  return undefined;
}

export function checkSubmission(
  questions: ScreeningQuestion[],
  s: Submission,
): { ok: true; value: ValidApplication } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name = one(s, 'name');
  const email = one(s, 'email').toLowerCase();
  const phone = one(s, 'phone');
  if (!name) errors.push({ path: 'name', code: 'required', message: 'Enter your full name.' });
  else if (name.length > LIMITS.name) {
    errors.push({ path: 'name', code: 'too_long', message: `Keep your name to ${LIMITS.name} characters.` });
  }
  if (!email) errors.push({ path: 'email', code: 'required', message: 'Enter your email address.' });
  else if (email.length > LIMITS.email || !EMAIL.test(email)) {
    errors.push({
      path: 'email',
      code: 'invalid_email',
      message: 'Enter an email address like name@example.com.',
    });
  }
  if (phone && !PHONE.test(phone)) {
    errors.push({
      path: 'phone',
      code: 'invalid_phone',
      message: 'Enter a phone number using digits, spaces and + only.',
    });
  }
  const resume = fileOf(s, 'resume');
  if (!resume)
    errors.push({ path: 'resume', code: 'required', message: 'Attach your resume (PDF, DOCX or text).' });
  if (!YES.has(one(s, 'privacyConsent').toLowerCase())) {
    errors.push({
      path: 'privacyConsent',
      code: 'required',
      message: 'Tick the box to agree to the processing of your application data.',
    });
  }
  const answers: Record<string, Answer> = {};
  const knockouts: string[] = [];
  const answerFiles: Record<string, UploadedFile> = {};
  for (const q of questions) {
    const answer = checkAnswer(q, s, errors);
    if (answer === undefined) continue;
    answers[q.id] = answer;
    if (q.type === 'yes_no' && q.knockoutAnswer !== undefined && answer === q.knockoutAnswer)
      knockouts.push(q.id);
    if (q.type === 'file') answerFiles[q.id] = fileOf(s, `answers.${q.id}`)!;
  }
  if (errors.length > 0 || !resume) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      email,
      phone: phone || null,
      answers,
      knockouts,
      resume,
      coverLetter: fileOf(s, 'coverLetter') ?? null,
      answerFiles,
    },
  };
}
