// A resume's plain text (already extracted from PDF or DOCX elsewhere) as structured facts.
import type { Taxonomy } from '../skills/taxonomy.ts';
import { type Contacts, extractContacts, MAX_INPUT } from './contacts.ts';
import { type ExtractedSkill, extractSkills } from './skills.ts';

export interface ParsedResume {
  contacts: Contacts;
  skills: ExtractedSkill[];
  /** Whitespace-separated words holding a letter or digit (bullets and dashes are not words). */
  wordCount: number;
}

export function parseResume(input: string, taxonomy: Taxonomy): ParsedResume {
  const text = input.slice(0, MAX_INPUT);
  let wordCount = 0;
  for (const [word] of text.matchAll(/\S+/g)) if (/[\p{L}\p{N}]/u.test(word)) wordCount++;
  return { contacts: extractContacts(text), skills: extractSkills(text, taxonomy), wordCount };
}
