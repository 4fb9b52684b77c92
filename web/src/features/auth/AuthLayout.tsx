import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { useDocumentTitle } from '../../app/title';

/** The signed-out pages: one centred card with the page's heading. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  useDocumentTitle(title);
  return (
    <div className="auth">
      <main id="main">
        <p className="brand" aria-hidden="true">
          Rolecraft
        </p>
        <div className="card stack">
          <h1>{title}</h1>
          {children}
        </div>
      </main>
    </div>
  );
}

/**
 * The URL fragment's token (emailed links keep tokens out of server logs: #token=…). Read from the
 * router's location, so opening another emailed link in the same tab is noticed.
 */
export function useHashToken(): string {
  const { hash } = useLocation();
  return new URLSearchParams(hash.slice(1)).get('token') ?? '';
}
