// Placeholder: filled in by the candidates work.
import type { HiringDeps } from '../applications/deps.ts';

export async function applyRetention(_deps: HiringDeps, _now = new Date()) {
  return { anonymized: 0, reminded: 0 };
}
