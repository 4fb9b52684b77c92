// Pay transparency: which laws (pay-rules.ts) require or recommend a pay range in a posting, and
// whether the posting meets them. Pure: no I/O, no clock (the caller passes the publication date).
// Semantics are documented in docs/pay-transparency.md.
import { PAY_RULES, type PayTransparencyRule, REGION_NAMES } from './pay-rules.ts';
import type { PostingLocation, Salary, WorkplaceType } from './types.ts';

export interface PayCheckInput {
  locations: PostingLocation[];
  workplaceType: WorkplaceType;
  /** Countries (ISO alpha-2) a remote applicant must live in; [] = anywhere. */
  applicantLocationRequirements: string[];
  salary: Salary | null;
  /** The organization's employee count; null = unknown (every rule is assumed to apply). */
  employeeCount: number | null;
  /** The publication date: rules not yet in force on this (UTC) day do not apply. */
  on: Date;
}

export interface PayRuleHit {
  rule: PayTransparencyRule;
  effect: 'required' | 'recommended';
  /** Why the rule applies, e.g. 'location New York, NY, US' or 'remote job open to applicants in US'. */
  reason: string;
}

export interface PayCheck {
  /** Rules that apply to this posting. */
  applicable: PayRuleHit[];
  /** 'required' if any required rule applies, else 'recommended' if any, else 'none'. */
  outcome: 'required' | 'recommended' | 'none';
  /** Whether the salary is a bounded range: min and max both finite numbers, 0 < min ≤ max. */
  bounded: boolean;
  /** Rules violated (required + not bounded): publishing must be refused. */
  violations: PayRuleHit[];
  /** Recommended rules not met: publishing proceeds with these warnings. */
  warnings: PayRuleHit[];
}

/** A range with both ends: "from $40k" (no max), "up to $60k" (no min) and min > max are not. */
export function isBoundedRange(salary: Salary | null): boolean {
  if (!salary) return false;
  const { min, max } = salary;
  return (
    typeof min === 'number' &&
    typeof max === 'number' &&
    Number.isFinite(min) &&
    Number.isFinite(max) &&
    min > 0 &&
    min <= max
  );
}

/**
 * Evaluates every rule against the posting. `rules` defaults to PAY_RULES; it is a parameter so that
 * tests and callers can evaluate an amended rule set.
 */
export function checkPayTransparency(
  input: PayCheckInput,
  rules: readonly PayTransparencyRule[] = PAY_RULES,
): PayCheck {
  const day = isoDay(input.on);
  const count = knownCount(input.employeeCount);
  const open = input.applicantLocationRequirements.map(normalizeCountry).filter((c) => c.length > 0);
  const hits = new Map<string, PayRuleHit>();

  for (const rule of rules) {
    if (rule.effectiveFrom > day) continue;
    if (count !== null && count < rule.minEmployees) continue;
    const reason = reasonFor(rule, input, open);
    if (reason !== null && !hits.has(rule.id)) hits.set(rule.id, { rule, effect: rule.effect, reason });
  }

  const applicable = [...hits.values()].sort((a, b) =>
    a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0,
  );
  const bounded = isBoundedRange(input.salary);
  const outcome = applicable.some((h) => h.effect === 'required')
    ? 'required'
    : applicable.length > 0
      ? 'recommended'
      : 'none';
  return {
    applicable,
    outcome,
    bounded,
    violations: bounded ? [] : applicable.filter((h) => h.effect === 'required'),
    warnings: bounded ? [] : applicable.filter((h) => h.effect === 'recommended'),
  };
}

/** The one-line message a problem response (or a warning) carries for a hit. */
export function describeViolation(hit: PayRuleHit): string {
  const { rule } = hit;
  const terms = `${rule.law}; effective ${rule.effectiveFrom}; employers with ${rule.minEmployees}+ employees`;
  if (hit.effect === 'required') {
    return `${rule.jurisdiction} requires a pay range with a minimum and a maximum in job postings (${terms}).`;
  }
  return (
    `${rule.jurisdiction}: applicants have the right to the pay or pay range before the interview; ` +
    `state a range with a minimum and a maximum in the posting, or give it before the interview (${terms}).`
  );
}

// Matching -------------------------------------------------------------------------------------------

/** Why the rule applies to the posting, or null: explicit locations first, then remote reach. */
function reasonFor(rule: PayTransparencyRule, input: PayCheckInput, open: string[]): string | null {
  for (const location of input.locations) {
    if (matchesLocation(rule, location)) return `location ${describeLocation(location)}`;
  }
  if (input.workplaceType === 'remote' && rule.appliesToRemote) {
    if (open.length === 0) return 'remote job open to applicants anywhere';
    const countries = rule.match.countries.filter((c) => open.includes(c));
    if (countries.length > 0) return `remote job open to applicants in ${countries.join(', ')}`;
  }
  return null;
}

function matchesLocation(rule: PayTransparencyRule, location: PostingLocation): boolean {
  const country = normalizeCountry(location.countryCode);
  if (!rule.match.countries.includes(country)) return false;
  if (rule.match.regions && !matchesRegion(rule.match.regions, country, location.region)) return false;
  if (rule.match.cities) {
    if (!location.city) return false;
    const city = normalizePlace(location.city);
    if (!rule.match.cities.some((c) => normalizePlace(c) === city)) return false;
  }
  return true;
}

/** A region given as its code ('CO', 'co', 'US-CO') or one of its names ('Colorado'). */
function matchesRegion(codes: readonly string[], country: string, region: string | undefined): boolean {
  if (!region) return false;
  let value = normalizePlace(region);
  const prefix = `${country.toLowerCase()}-`;
  if (value.startsWith(prefix)) value = value.slice(prefix.length);
  const names = REGION_NAMES[country] ?? {};
  return codes.some((code) => value === code.toLowerCase() || (names[code] ?? []).includes(value));
}

/** Lower case; accents, apostrophes (and the Hawaiian ʻokina) and dots dropped; commas to spaces; spaces collapsed. */
function normalizePlace(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u02bb\u2018\u2019'`.]/g, '')
    .replace(/[,;]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Upper case, trimmed; EL (the EU's code for Greece) and UK are read as their ISO codes. */
function normalizeCountry(value: string): string {
  const code = value.trim().toUpperCase();
  return code === 'EL' ? 'GR' : code === 'UK' ? 'GB' : code;
}

function describeLocation(location: PostingLocation): string {
  return [location.city, location.region, location.countryCode]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .join(', ');
}

/** A usable employee count, or null when unknown (null, negative, NaN or infinite). */
function knownCount(count: number | null): number | null {
  return count !== null && Number.isFinite(count) && count >= 0 ? count : null;
}

function isoDay(on: Date): string {
  if (Number.isNaN(on.getTime())) throw new RangeError('checkPayTransparency: `on` is not a valid date');
  return on.toISOString().slice(0, 10);
}
