// Mentions as the person writing sees them ("@Ada Lovelace") and as the API wants them
// (`@[Ada Lovelace](user:<uuid>)`, see src/modules/collaboration/mentions.ts).

export interface Picked {
  userId: string;
  name: string;
}

/** The "@query" being typed just before the caret, if any. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@]{0,40})$/.exec(before);
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The note with each picked "@Name" still present turned into its API token. */
export function toApiBody(text: string, picked: Picked[]): string {
  const names = new Map<string, Picked>();
  for (const p of picked) names.set(p.name, p);
  if (names.size === 0) return text;
  // Longest names first, so "@Ada Lovelace" wins over "@Ada".
  const alternatives = [...names.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`@(${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
  return text.replace(pattern, (whole, name: string) => {
    const p = names.get(name);
    return p ? `@[${p.name.replace(/[\]\r\n]/g, ' ')}](user:${p.userId})` : whole;
  });
}
