// Markup helpers for the candidate page tests. Not a test file itself (no .test.ts suffix).
import assert from 'node:assert/strict';

export const XSS = '<script>alert(1)</script>';

export interface Tag {
  name: string;
  attrs: Record<string, string>;
}
/** Start tags with their attributes; enough for our own markup, whose values never hold a quote. */
export function tags(markup: string): Tag[] {
  return [...markup.matchAll(/<([a-z][a-z0-9]*)((?:\s+[^\s=>"]+(?:="[^"]*")?)*)\s*>/gi)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: Object.fromEntries(
      [...m[2]!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, a[2] ?? '']),
    ),
  }));
}
export const controls = (markup: string) =>
  tags(markup).filter((t) => ['input', 'select', 'textarea'].includes(t.name) && t.attrs.type !== 'hidden');
export const byId = (markup: string, id: string) => tags(markup).find((t) => t.attrs.id === id);

export function assertNoInlineCode(markup: string) {
  for (const t of tags(markup)) {
    for (const attr of Object.keys(t.attrs))
      assert.ok(attr !== 'style' && !/^on/i.test(attr), `${t.name} ${attr}`);
    if (t.name === 'script') assert.ok(t.attrs.src, 'only external scripts');
  }
}
