// Moves focus to a step's heading when the step appears, so keyboard and screen reader users
// continue where the new content starts instead of on a button that disappeared. `when` is false
// for what is on screen at page load: the page itself then keeps the focus.
import { useEffect, useRef } from 'react';

export function useFocusOnMount<T extends HTMLElement>(when = true) {
  const ref = useRef<T>(null);
  const initial = useRef(when);
  useEffect(() => {
    if (initial.current) ref.current?.focus();
  }, []);
  return ref;
}
