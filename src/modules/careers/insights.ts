// Salary insights across organizations, shown only when enough of them contribute that no one
// employer's pay can be read from the figures.
import type { Db } from '../../db/client.ts';
import * as repo from './repo.ts';
import type { SalaryInsights } from './schemas.ts';

export const MIN_POSTINGS = 5;
export const MIN_ORGANIZATIONS = 3;

const enough = (s: repo.SalaryStats) => s.sampleSize >= MIN_POSTINGS && s.organizations >= MIN_ORGANIZATIONS;

export async function salaryInsights(db: Db, role: string, country: string): Promise<SalaryInsights> {
  const stats = await repo.salaryStats(db, role.trim(), country);
  const results = stats.filter(enough).map(({ country: _c, ...s }) => ({ ...s, period: 'YEAR' as const }));
  return {
    role: role.trim(),
    country,
    available: results.length > 0,
    minimum: { postings: MIN_POSTINGS, organizations: MIN_ORGANIZATIONS },
    results,
  };
}

const SENIORITY_WORDS =
  /\b(?:jr|junior|sr|senior|lead|principal|staff|entry[- ]level|intern|trainee|associate|head of)\b\.?/gi;

/** A template's role without its seniority ("Jr. Backend Developer" → "Backend Developer"). */
export const roleWithoutSeniority = (role: string) =>
  role.replace(SENIORITY_WORDS, ' ').replace(/\s+/g, ' ').trim();

export interface CountryInsight extends repo.SalaryStats {
  country: string;
}

/** Every country (and currency) where the role's pay can be shown; for the template pages. */
export async function salaryInsightsByCountry(db: Db, role: string): Promise<CountryInsight[]> {
  const words = roleWithoutSeniority(role);
  if (!words) return [];
  return (await repo.salaryStats(db, words, null)).filter(enough).slice(0, 5);
}
