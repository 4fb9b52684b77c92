/**
 * An http(s) URL's origin when it is fit for a CSP source list (plain host letters, digits, dots
 * and dashes, an optional port), else null: a wildcard or an odd character never is.
 */
export function safeOrigin(url: string): string | null {
  try {
    const { origin, protocol } = new URL(url);
    return /^https?:$/.test(protocol) && /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin) ? origin : null;
  } catch {
    return null;
  }
}
