import { useEffect } from 'react';

/** Every screen names itself in the tab title (WCAG 2.4.2), e.g. "Postings · Rolecraft". */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Rolecraft`;
  }, [title]);
}
