/** Quality of a media type in an Accept header (0 when not acceptable), honouring wildcards. */
function quality(accept: string, type: string): number {
  const [major] = type.split('/');
  let best = -1;
  let specificity = -1;
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.find((p) => p.trim().startsWith('q='))?.split('=')[1] ?? 1);
    const spec = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (spec > specificity) {
      specificity = spec;
      best = Number.isFinite(q) ? q : 0;
    }
  }
  return Math.max(best, 0);
}

/** The offered type the client prefers; the first offer wins ties and a missing Accept header. */
export function preferredType(accept: string | undefined, offers: string[]): string | undefined {
  if (!accept) return offers[0];
  let chosen: string | undefined;
  let bestQ = 0;
  for (const offer of offers) {
    const q = quality(accept, offer);
    if (q > bestQ) {
      bestQ = q;
      chosen = offer;
    }
  }
  return chosen;
}
