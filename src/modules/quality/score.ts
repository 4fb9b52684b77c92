// The score: 100 minus, per rule, min(rule cap, sum of severity weights of its findings); 0..100.
import { RULES, SEVERITY_WEIGHT } from './rules.ts';
import type { Finding } from './types.ts';

const CAPS: ReadonlyMap<string, number> = new Map(RULES.map((r) => [r.id, r.maxPenalty]));

export function scoreOf(findings: readonly Finding[]): number {
  const perRule = new Map<string, number>();
  for (const f of findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + SEVERITY_WEIGHT[f.severity]);
  let penalty = 0;
  for (const [rule, points] of perRule) penalty += Math.min(CAPS.get(rule) ?? points, points);
  return Math.max(0, Math.min(100, 100 - penalty));
}
