// A table that may scroll sideways on a phone: the scrolling box is a labelled, focusable region
// so keyboard users can scroll it too (WCAG 2.1.1).
import type { ReactNode } from 'react';

export function ScrollTable({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      <table>{children}</table>
    </section>
  );
}
