// A set of application ids (the selected cards, the open explanations) with stable setters, so
// memoized cards do not re-render when nothing about them changed.
import { useCallback, useMemo, useState } from 'react';
import type { Application } from './api';

/** `movableOnly`: withdrawn applications (which cannot move) are never in the set. */
export function useSelection(applications: Application[], movableOnly = true) {
  const [raw, setRaw] = useState<ReadonlySet<string>>(() => new Set());
  const set = useCallback((id: string, on: boolean) => setRaw((s) => withIds(s, [id], on)), []);
  const setMany = useCallback((ids: string[], on: boolean) => setRaw((s) => withIds(s, ids, on)), []);
  const toggle = useCallback((id: string) => setRaw((s) => withIds(s, [id], !s.has(id))), []);
  const clear = useCallback(() => setRaw(new Set()), []);
  // Cards that left the board (a new search, a withdrawal) are no longer selected.
  const items = useMemo(
    () => applications.filter((a) => raw.has(a.id) && !(movableOnly && a.status === 'withdrawn')),
    [applications, raw, movableOnly],
  );
  const ids = useMemo(() => new Set(items.map((a) => a.id)), [items]);
  return { ids, items, set, setMany, toggle, clear };
}

function withIds(current: ReadonlySet<string>, ids: string[], on: boolean): ReadonlySet<string> {
  const next = new Set(current);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}
