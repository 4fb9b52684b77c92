// Facet counts of a board search (how many matching jobs per department, location, employment
// type, workplace type and pay step), from the matching postings' combinations of facet values:
// the SQL search returns each combination with its count, the in-memory index counts per
// combination slot. Both go through facetKeys and topFacets, so they cannot disagree.
import type { Facets } from './schemas.ts';
import type { FacetCombo } from './search.ts';

/** Yearly pay thresholds of the salary facet ("pays at least …"); rolecraft_pay_step() in SQL has the same. */
export const PAY_STEPS = [30_000, 50_000, 75_000, 100_000, 150_000, 200_000] as const;

const MAX_FACET_VALUES = 30;
const DIMENSIONS = ['department', 'location', 'employmentType', 'workplaceType', 'pay'] as const;
type Dimension = (typeof DIMENSIONS)[number];
type FacetCounts = Record<Dimension, Map<string, number>>;
type ComboValues = Omit<FacetCombo, 'count'>;

/** The facet values a posting with these values counts towards. */
export function facetKeys(c: ComboValues): [Dimension, string][] {
  const keys: [Dimension, string][] = [];
  if (c.department !== null) keys.push(['department', c.department]);
  if (c.employmentType !== null) keys.push(['employmentType', c.employmentType]);
  keys.push(['workplaceType', c.workplaceType]);
  for (const key of c.locationKeys) keys.push(['location', key]);
  // "Pays at least X": a posting counts towards every step its pay reaches.
  if (c.currency) for (let i = 0; i < c.payStep; i++) keys.push(['pay', `${c.currency} ${PAY_STEPS[i]}`]);
  return keys;
}

const emptyCounts = (): FacetCounts => ({
  department: new Map(),
  location: new Map(),
  employmentType: new Map(),
  workplaceType: new Map(),
  pay: new Map(),
});

/** The most frequent values of each facet (pay steps in amount order). */
function topFacets(counts: FacetCounts): Facets {
  const top = (map: Map<string, number>) =>
    [...map]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
      .slice(0, MAX_FACET_VALUES);
  const byAmount = (a: { value: string }, b: { value: string }) => {
    const [ca, na] = a.value.split(' ');
    const [cb, nb] = b.value.split(' ');
    return ca === cb ? Number(na) - Number(nb) : ca! < cb! ? -1 : 1;
  };
  return {
    department: top(counts.department),
    location: top(counts.location),
    employmentType: top(counts.employmentType),
    workplaceType: top(counts.workplaceType),
    pay: top(counts.pay).sort(byAmount),
  };
}

/** Facets from the combinations the SQL search counted. */
export function toFacets(combos: FacetCombo[]): Facets {
  const counts = emptyCounts();
  for (const c of combos)
    for (const [dimension, value] of facetKeys(c)) {
      const map = counts[dimension];
      map.set(value, (map.get(value) ?? 0) + c.count);
    }
  return topFacets(counts);
}

/**
 * The in-memory index's side: each combination slot's facet values resolved once to numbered
 * values, so a search adds up plain arrays instead of looking up strings for every combination.
 */
export class FacetTable {
  private readonly slots = DIMENSIONS.map(() => new Map<string, number>());
  private readonly names: string[][] = DIMENSIONS.map(() => []);
  /** Per combination slot: pairs of (dimension, value number). */
  private readonly keys: Int32Array[] = [];

  /** Adds the next combination slot. */
  add(c: ComboValues) {
    const pairs: number[] = [];
    for (const [dimension, value] of facetKeys(c)) {
      const d = DIMENSIONS.indexOf(dimension);
      let slot = this.slots[d]!.get(value);
      if (slot === undefined) {
        slot = this.names[d]!.length;
        this.slots[d]!.set(value, slot);
        this.names[d]!.push(value);
      }
      pairs.push(d, slot);
    }
    this.keys.push(Int32Array.from(pairs));
  }

  /** Facets from a count per combination slot. */
  facets(perCombo: Int32Array): Facets {
    const sums = this.names.map((names) => new Float64Array(names.length));
    for (let combo = 0; combo < perCombo.length; combo++) {
      const n = perCombo[combo]!;
      if (n === 0) continue;
      const pairs = this.keys[combo]!;
      for (let k = 0; k < pairs.length; k += 2) sums[pairs[k]!]![pairs[k + 1]!]! += n;
    }
    const counts = emptyCounts();
    DIMENSIONS.forEach((dimension, d) => {
      sums[d]!.forEach((n, slot) => {
        if (n > 0) counts[dimension].set(this.names[d]![slot]!, n);
      });
    });
    return topFacets(counts);
  }
}
