// An advisory match score between a candidate's skills and a posting's. It sorts and explains a
// pipeline for a human; it never rejects anyone (EU AI Act high-risk rules, NYC Local Law 144), so the
// explanation states what matched and what did not, and never uses a pass/fail word.
//
// Formula: each linked required skill weighs 3, each linked preferred skill 1 (a skill listed in both
// counts once, as required);
//   score = round(100 × weight of matched skills / weight of all linked posting skills),
// an integer 0–100 (Math.round, so ties such as 12.5 round up). With no linked posting skill the score
// is null: there was nothing to compare, which is not the same as matching nothing. Posting labels the
// taxonomy cannot link are reported in `unlinked` and left out of the score.
import type { Taxonomy } from '../skills/taxonomy.ts';

export interface SkillRef {
  id: string;
  name: string;
}

export interface MatchResult {
  score: number | null;
  required: { matched: SkillRef[]; missing: SkillRef[] };
  preferred: { matched: SkillRef[]; missing: SkillRef[] };
  /** Candidate skills the posting did not ask for, in the candidate's order, at most MAX_EXTRA. */
  extra: SkillRef[];
  /** Posting labels the taxonomy does not know; they are not scored. */
  unlinked: string[];
  explanation: string;
}

export const REQUIRED_WEIGHT = 3;
export const PREFERRED_WEIGHT = 1;
export const MAX_EXTRA = 20;
/** How many missing skills the explanation names before "and N more". */
const NAMED_MISSING = 5;

export interface PostingSkills {
  requiredSkills: string[];
  preferredSkills: string[];
}

const ref = (s: { id: string; name: string }): SkillRef => ({ id: s.id, name: s.name });

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function missingClause(missing: SkillRef[]): string {
  if (missing.length === 0) return '';
  const named = missing.slice(0, NAMED_MISSING).map((s) => s.name);
  const more = missing.length - named.length;
  return ` (missing: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
}

function explain(
  required: MatchResult['required'],
  preferred: MatchResult['preferred'],
  unlinked: number,
): string {
  const reqTotal = required.matched.length + required.missing.length;
  const prefTotal = preferred.matched.length + preferred.missing.length;
  const unlinkedNote =
    unlinked > 0
      ? `; ${plural(unlinked, 'posting skill')} the taxonomy does not know ${unlinked === 1 ? 'was' : 'were'} not scored`
      : '';
  if (reqTotal + prefTotal === 0) {
    return `The posting names no skills the taxonomy knows, so there was nothing to compare${unlinkedNote}.`;
  }
  const parts: string[] = [];
  if (reqTotal > 0) {
    parts.push(
      `${required.matched.length} of ${plural(reqTotal, 'required skill')}${missingClause(required.missing)}`,
    );
  }
  if (prefTotal > 0) {
    parts.push(
      reqTotal > 0
        ? `${preferred.matched.length} of ${prefTotal} preferred`
        : `${preferred.matched.length} of ${plural(prefTotal, 'preferred skill')}`,
    );
  }
  return `Matches ${parts.join(' and ')}${unlinkedNote}.`;
}

export function matchScore(
  candidateSkillIds: string[],
  posting: PostingSkills,
  taxonomy: Taxonomy,
): MatchResult {
  const candidate = new Set(candidateSkillIds);
  const unlinked: string[] = [];
  const asked = new Set<string>();

  // Link labels in posting order; duplicates (by id) and blanks count once.
  const link = (labels: string[]): SkillRef[] => {
    const out: SkillRef[] = [];
    for (const label of labels) {
      if (label.trim() === '') continue;
      const skill = taxonomy.link(label);
      if (!skill) {
        if (!unlinked.includes(label.trim())) unlinked.push(label.trim());
      } else if (!asked.has(skill.id)) {
        asked.add(skill.id);
        out.push(ref(skill));
      }
    }
    return out;
  };
  const requiredSkills = link(posting.requiredSkills);
  const preferredSkills = link(posting.preferredSkills);

  const split = (skills: SkillRef[]) => ({
    matched: skills.filter((s) => candidate.has(s.id)),
    missing: skills.filter((s) => !candidate.has(s.id)),
  });
  const required = split(requiredSkills);
  const preferred = split(preferredSkills);

  const total = REQUIRED_WEIGHT * requiredSkills.length + PREFERRED_WEIGHT * preferredSkills.length;
  const matched = REQUIRED_WEIGHT * required.matched.length + PREFERRED_WEIGHT * preferred.matched.length;
  const score = total === 0 ? null : Math.round((100 * matched) / total);

  const extra: SkillRef[] = [];
  for (const id of candidate) {
    if (extra.length >= MAX_EXTRA) break;
    const skill = asked.has(id) ? undefined : taxonomy.get(id);
    if (skill) extra.push(ref(skill));
  }

  return {
    score,
    required,
    preferred,
    extra,
    unlinked,
    explanation: explain(required, preferred, unlinked.length),
  };
}
