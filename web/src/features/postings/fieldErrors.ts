// The API names a field error by its JSON path ("body/salary/min", "body/locations/0/region"); the
// forms ask by field ("salary/min"), so a refusal shows next to the field that caused it.
import { ApiProblem } from '../../api/client';

const clean = (path: string) => path.replace(/^\/?body/, '').replace(/^\/+/, '');

/** The messages for `field` itself (exact), or for it and everything inside it (`nested`). */
export function fieldError(error: unknown, field: string, nested = false): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const messages = error.errors
    .filter((e) => {
      const path = clean(e.path);
      return path === field || (nested && path.startsWith(`${field}/`));
    })
    .map((e) => e.message);
  return messages.length > 0 ? [...new Set(messages)].join(' ') : undefined;
}
