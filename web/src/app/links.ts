// Where the app may send a person after signing in. Kept free of DOM types for unit tests.

/** Only same-app paths: `next` must never send a person to another site after signing in. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
