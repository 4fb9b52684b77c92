// The board's filters live in the URL (shareable, back button works): q, status, knockout,
// scoreMin, sort and, at phone width, the stage shown.
export type KnockoutFilter = 'only' | 'hide' | undefined;
export type BoardSort = 'newest' | 'score';

export interface BoardFilters {
  q: string;
  status: string;
  knockout: KnockoutFilter;
  scoreMin: number | undefined;
  sort: BoardSort;
}

export const STATUSES = [
  { value: 'active', label: 'Active' },
  { value: 'hired', label: 'Hired' },
  { value: 'rejected', label: 'Rejected' },
  { value: 'withdrawn', label: 'Withdrawn' },
] as const;

export const SCORE_STEPS = [20, 40, 60, 80] as const;

export function filtersFrom(params: URLSearchParams): BoardFilters {
  const status = params.get('status') ?? '';
  const knockout = params.get('knockout');
  const scoreMin = Number(params.get('scoreMin'));
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    status: STATUSES.some((s) => s.value === status) ? status : '',
    knockout: knockout === 'only' || knockout === 'hide' ? knockout : undefined,
    scoreMin:
      params.has('scoreMin') && Number.isInteger(scoreMin) && scoreMin >= 0 && scoreMin <= 100
        ? scoreMin
        : undefined,
    sort: params.get('sort') === 'score' ? 'score' : 'newest',
  };
}

/** `params` with one filter set, or removed when it has its default value. */
export function withParam(params: URLSearchParams, name: string, value: string | undefined) {
  const next = new URLSearchParams(params);
  if (value === undefined || value === '') next.delete(name);
  else next.set(name, value);
  return next;
}

export const isFiltered = (f: BoardFilters) =>
  f.q !== '' || f.status !== '' || f.knockout !== undefined || f.scoreMin !== undefined;
