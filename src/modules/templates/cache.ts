// Read-through cache of rendered templates by library and slug: the hot path (GET /api/v1/templates/{slug})
// skips the database. Writes invalidate locally at once, and other processes through NOTIFY;
// the TTL bounds staleness should a notification ever be missed.
import { LRUCache } from 'lru-cache';
import { toMarkdown } from './markdown.ts';
import type { Template } from './schemas.ts';
import { toContent } from './content.ts';

/** A template version's ETags: JSON and Markdown representations differ, the version decides. */
export const templateEtag = (t: { id: string; version: number }) => `"${t.id}.${t.version}"`;
export const templateEtags = (t: { id: string; version: number }) => [
  templateEtag(t),
  `"${t.id}.${t.version}.md"`,
];

export class CachedTemplate {
  readonly json: string;
  readonly etag: string;
  readonly markdownEtag: string;
  private markdownText: string | undefined;
  private readonly derived = new Map<string, unknown>();

  constructor(readonly template: Template) {
    this.json = JSON.stringify(template);
    [this.etag, this.markdownEtag] = templateEtags(template) as [string, string];
  }

  get markdown(): string {
    this.markdownText ??= templateMarkdown(this.template);
    return this.markdownText;
  }

  /** Anything computed from this version alone (a rendered page, say), computed once. */
  derive<T>(key: string, compute: (template: Template) => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute(this.template));
    return this.derived.get(key) as T;
  }
}

/** The canonical Markdown of a stored template: its fields, with slug, category and seniority as front matter. */
export function templateMarkdown(t: Template): string {
  const content = toContent(t);
  return toMarkdown({
    ...content,
    metadata: { slug: t.slug, category: t.category, seniority: t.seniority, ...content.metadata },
  });
}

export class TemplateCache {
  private readonly lru: LRUCache<string, CachedTemplate>;

  constructor(options: { max?: number; ttlMs?: number } = {}) {
    this.lru = new LRUCache({ max: options.max ?? 5000, ttl: options.ttlMs ?? 60_000 });
  }

  /** Keys are repo.cacheKey(library, slug). */
  get(key: string) {
    return this.lru.get(key);
  }

  set(key: string, entry: CachedTemplate) {
    this.lru.set(key, entry);
  }

  invalidate(key: string) {
    this.lru.delete(key);
  }

  clear() {
    this.lru.clear();
  }
}
