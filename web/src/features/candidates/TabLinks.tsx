// Sections of a screen as links that keep the section in the URL (?tab=…), so a section can be
// shared and the back button walks through them.
import { Link, useSearchParams } from 'react-router';

export interface TabDef<T extends string> {
  id: T;
  label: string;
}

/** The current tab from ?tab=, or the first when it is missing or unknown. */
export function useTab<T extends string>(tabs: readonly TabDef<T>[]): T {
  const [params] = useSearchParams();
  const wanted = params.get('tab');
  const first = tabs[0];
  if (!first) throw new Error('useTab needs at least one tab');
  return tabs.find((t) => t.id === wanted)?.id ?? first.id;
}

export function TabLinks<T extends string>({
  tabs,
  current,
  label,
}: {
  tabs: readonly TabDef<T>[];
  current: T;
  label: string;
}) {
  const [params] = useSearchParams();
  const hrefFor = (id: T) => {
    const next = new URLSearchParams(params);
    next.set('tab', id);
    return `?${next.toString()}`;
  };
  return (
    <nav aria-label={label}>
      <div className="tabs">
        {tabs.map((t) => (
          <Link
            key={t.id}
            to={hrefFor(t.id)}
            replace={false}
            preventScrollReset
            aria-current={t.id === current ? 'page' : undefined}
          >
            {t.label}
          </Link>
        ))}
      </div>
    </nav>
  );
}
