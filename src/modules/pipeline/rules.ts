// The rules of a stage list, checked before anything is written: what the API documents and the
// tests hold it to. Each broken rule is a problem with its own code.
import type { StageKind } from '../../db/schema-applications.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import type { StageInput, StageMove } from './schemas.ts';
import type { Stage } from './stages.ts';

/** Rejecting needs a reason (and may email): never implied by a change to the list. */
export const movesRejection = (from: StageKind, to: StageKind) =>
  (from === 'rejected') !== (to === 'rejected');

/** Checks the list's shape; returns it with names trimmed. */
export function checkList(input: StageInput[]): StageInput[] {
  const stages = input.map((s) => ({ ...s, name: s.name.trim() }));
  const count = (kind: StageKind) => stages.filter((s) => s.kind === kind).length;
  if (stages[0]?.kind !== 'applied' || count('applied') !== 1) {
    throw invalid('applied_first', 'The list needs exactly one stage of kind `applied`, and it comes first.');
  }
  if (count('hired') === 0) throw invalid('hired_required', 'The list needs a stage of kind `hired`.');
  if (count('rejected') !== 1) {
    throw invalid('rejected_required', 'The list needs exactly one stage of kind `rejected`.');
  }
  const seen = new Set<string>();
  for (const s of stages) {
    if (!s.name) throw invalid('invalid_name', 'A stage name cannot be blank.');
    const key = s.name.toLowerCase();
    if (seen.has(key)) throw invalid('duplicate_name', `Two stages are named “${s.name}”.`, { name: s.name });
    seen.add(key);
  }
  return stages;
}

/** `moves` as a map from a stage of the current list to an index in the new one. */
export function checkMoves(
  moves: StageMove[],
  current: Stage[],
  stages: StageInput[],
  kept: Set<string | undefined>,
): Map<string, number> {
  const known = new Set(current.map((s) => s.id));
  const map = new Map<string, number>();
  for (const m of moves) {
    if (!known.has(m.from)) {
      throw invalid('unknown_stage', `Not a stage of the posting’s current list: ${m.from}.`, {
        ids: [m.from],
      });
    }
    if (kept.has(m.from)) {
      throw invalid('invalid_move', 'A stage that stays in the list keeps its applications; it has no move.');
    }
    if (m.to >= stages.length) {
      throw invalid(
        'invalid_move',
        `A move goes to index ${m.to}; the new list has ${stages.length} stages.`,
      );
    }
    if (map.has(m.from)) throw invalid('invalid_move', 'A stage appears twice in `moves`.');
    map.set(m.from, m.to);
  }
  return map;
}

/** The new stage taking over from one of the default list: the one given its id, else the only one of its kind. */
export function impliedTarget(stage: Stage, stages: StageInput[]): number | undefined {
  const named = stages.findIndex((s) => s.id === stage.id);
  if (named >= 0) return named;
  const same = stages.flatMap((s, i) => (s.kind === stage.kind ? [i] : []));
  return same.length === 1 ? same[0] : undefined;
}

export const inUse = (stage: Stage, n: number, why: string) =>
  new AppError(
    409,
    'stage_in_use',
    `The stage “${stage.name}” holds ${n} application${n === 1 ? '' : 's'}; ${why}`,
    { stage: { id: stage.id, name: stage.name }, applications: n },
  );

/** Ids given must be stages of the list being replaced. */
export function checkIds(stages: StageInput[], current: Stage[]) {
  const known = new Set(current.map((s) => s.id));
  const given = stages.flatMap((s) => (s.id ? [s.id] : []));
  const unknown = given.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw invalid('unknown_stage', `Not a stage of this list: ${unknown.join(', ')}.`, { ids: unknown });
  }
  if (new Set(given).size !== given.length) throw invalid('duplicate_stage', 'A stage id is given twice.');
}

/** A stage holding applications cannot become, or stop being, the rejected stage: rejecting needs a reason. */
export function checkKindChanges(current: Stage[], stages: StageInput[], usage: Map<string, number>) {
  for (const s of stages) {
    const before = current.find((c) => c.id === s.id);
    const n = before ? (usage.get(before.id) ?? 0) : 0;
    if (before && n > 0 && movesRejection(before.kind, s.kind)) {
      throw inUse(before, n, 'a stage with applications cannot become, or stop being, the rejected stage.');
    }
  }
}
