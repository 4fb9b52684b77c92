// Mentions in a note's text, with no I/O: `@[Display Name](user:<uuid>)` (what the web app
// inserts) and `@` followed by an email address. Which of them are members is for the caller.

const TOKEN =
  /@\[([^\]\r\n]{1,100})\]\(user:([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\)/g;
// Not preceded by an address character, so "ada@example.com" alone is not a mention of example.com.
const EMAIL = /(?<![\w.%+-])@([\w.%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,63})/g;
/** More would be a mailing list, not a mention. */
export const MAX_MENTIONS = 20;

export interface ParsedMentions {
  userIds: string[];
  emails: string[];
}

export function parseMentions(body: string): ParsedMentions {
  const userIds = new Set<string>();
  for (const m of body.matchAll(TOKEN)) userIds.add(m[2]!.toLowerCase());
  // Tokens are blanked first: a display name may itself look like "@ada@example.com".
  const rest = body.replace(TOKEN, ' ');
  const emails = new Set<string>();
  for (const m of rest.matchAll(EMAIL)) emails.add(m[1]!.toLowerCase());
  return {
    userIds: [...userIds].slice(0, MAX_MENTIONS),
    emails: [...emails].slice(0, MAX_MENTIONS),
  };
}

/** The note as a reader of an email sees it: tokens as "@Display Name", at most `max` characters. */
export function excerpt(body: string, max = 300): string {
  const text = body.replace(TOKEN, (_whole, name: string) => `@${name}`).trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
