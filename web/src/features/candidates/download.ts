// Downloads of protected files: fetched with the session (rawFetch), then saved through an object
// URL under the name the server gave (Content-Disposition), so nothing personal lands in a cache.
import { rawFetch } from '../../api/client';

/** The filename of a Content-Disposition header: `filename*` (UTF-8) first, then `filename`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      // A malformed encoding: fall through to the plain name.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

/** Fetches `url` and hands it to the browser as a download; resolves with the saved name. */
export async function download(url: string, fallbackName: string): Promise<string> {
  const response = await rawFetch(url);
  const name = filenameOf(response.headers.get('content-disposition'), fallbackName);
  const blob = await response.blob();
  const objectUrl = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(objectUrl), 10_000);
  return name;
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}
