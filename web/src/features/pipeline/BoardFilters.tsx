// Search and filters above the board. Each change goes to the URL (typing is debounced and
// replaces the history entry, so Back leaves the board rather than undoing letters).
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Field } from '../../ui/components';
import { type BoardFilters as Filters, isFiltered, SCORE_STEPS, STATUSES, withParam } from './filters';

const SEARCH_DELAY_MS = 300;

/** At phone width the selects fold into "More filters" so the board is not pushed off screen. */
export function BoardFilters({ filters, compact }: { filters: Filters; compact: boolean }) {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(filters.q);
  // Back/forward or "Clear filters" change the URL: show what it says.
  useEffect(() => setText(filters.q), [filters.q]);
  useEffect(() => {
    if (text.trim() === filters.q) return;
    const timer = setTimeout(
      () => setParams((p) => withParam(p, 'q', text.trim()), { replace: true }),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [text, filters.q, setParams]);
  const set = (name: string) => (e: { target: { value: string } }) =>
    setParams(withParam(params, name, e.target.value));
  const active = [
    filters.status,
    filters.knockout,
    filters.scoreMin,
    filters.sort === 'score' ? 's' : undefined,
  ].filter((v) => v !== undefined && v !== '').length;
  const selects = (
    <>
      <Field label="Status">
        <select value={filters.status} onChange={set('status')}>
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Knock-out answers">
        <select value={filters.knockout ?? ''} onChange={set('knockout')}>
          <option value="">Show all</option>
          <option value="only">Knocked out only</option>
          <option value="hide">Hide knocked out</option>
        </select>
      </Field>
      <Field label="Minimum match score">
        <select value={filters.scoreMin?.toString() ?? ''} onChange={set('scoreMin')}>
          <option value="">Any score</option>
          {SCORE_STEPS.map((n) => (
            <option key={n} value={n}>
              {n}% or more
            </option>
          ))}
        </select>
      </Field>
      <Field label="Sort by">
        <select
          value={filters.sort}
          onChange={(e) =>
            setParams(withParam(params, 'sort', e.target.value === 'score' ? 'score' : undefined))
          }
        >
          <option value="newest">Newest first</option>
          <option value="score">Best match</option>
        </select>
      </Field>
    </>
  );
  return (
    <form className="board-filters" aria-label="Filter applications" onSubmit={(e) => e.preventDefault()}>
      <Field label="Search candidates" hint="Name, email or resume text">
        <input type="search" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
      </Field>
      {compact ? (
        <details className="board-more-filters">
          <summary>More filters{active > 0 ? ` (${active} set)` : ''}</summary>
          <div className="stack-sm">{selects}</div>
        </details>
      ) : (
        selects
      )}
      {isFiltered(filters) && (
        <div className="board-filters-clear">
          <Button
            onClick={() => {
              const next = new URLSearchParams(params);
              for (const name of ['q', 'status', 'knockout', 'scoreMin']) next.delete(name);
              setParams(next);
            }}
          >
            Clear filters
          </Button>
        </div>
      )}
    </form>
  );
}
