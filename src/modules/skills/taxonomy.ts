// The skills taxonomy (data/skills.json): canonical skills with aliases, used to link the labels
// written in templates to one canonical skill, whatever spelling the writer chose.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Skill {
  id: string;
  name: string;
  category: string;
  aliases: string[];
}

export const SKILLS_FILE = fileURLToPath(new URL('../../../data/skills.json', import.meta.url));

/** Case, spacing and trailing punctuation do not matter; "+", "#" and "." inside names do. */
export function normalizeLabel(label: string): string {
  let text = label.normalize('NFKC').toLowerCase().replace(/[‘’]/g, "'").replace(/\s+/g, ' ').trim();
  // Trailing punctuation, stripped by hand: an unanchored `[…]+$` is quadratic on long runs.
  let end = text.length;
  while (end > 0 && ' ,;:!?'.includes(text[end - 1]!)) end--;
  text = text.slice(0, end);
  // A final full stop goes ("Git."), one inside a name stays ("Node.js", ".NET").
  return text.endsWith('.') && !/\.[a-z]+\.$/.test(text.slice(-12)) ? text.slice(0, -1).trimEnd() : text;
}

const QUALIFIERS =
  /^(?:strong|solid|basic|good|excellent|advanced|deep|working|proven|hands-on|familiarity with|knowledge of|experience with|experience in|proficiency (?:in|with)|understanding of)\s+/;

export class Taxonomy {
  private readonly byLabel = new Map<string, Skill>();
  private readonly byId = new Map<string, Skill>();

  constructor(readonly skills: Skill[]) {
    for (const skill of skills) {
      this.byId.set(skill.id, skill);
      for (const label of [skill.name, skill.id, ...skill.aliases]) {
        const key = normalizeLabel(label);
        if (!this.byLabel.has(key)) this.byLabel.set(key, skill);
      }
    }
  }

  get(id: string): Skill | undefined {
    return this.byId.get(id);
  }

  /** The canonical skill a written label names, or undefined. */
  link(label: string): Skill | undefined {
    const key = normalizeLabel(label);
    const candidates = [key, key.replace(QUALIFIERS, '').replace(/ skills?$/, '')];
    const paren = /^(.*?)\s*\((.+)\)$/.exec(key);
    if (paren) candidates.push(paren[1]!, paren[2]!);
    for (const candidate of candidates) {
      const skill = this.byLabel.get(candidate) ?? this.byLabel.get(candidate.replace(/s$/, ''));
      if (skill) return skill;
    }
    return undefined;
  }

  /** Every name the skill goes by, for search documents: "Postgres" finds a template naming PostgreSQL. */
  searchTerms(id: string): string[] {
    const skill = this.byId.get(id);
    return skill ? [skill.name, ...skill.aliases] : [];
  }
}

let builtin: Taxonomy | undefined;

export function loadTaxonomy(file = SKILLS_FILE): Taxonomy {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { skills: Skill[] };
  return new Taxonomy(parsed.skills);
}

/** The shipped taxonomy, read once per process. */
export function builtinTaxonomy(): Taxonomy {
  builtin ??= loadTaxonomy();
  return builtin;
}
