// Rendered public responses (board API bodies, career pages, feeds), cached per organization.
// A change to an organization's public postings bumps its generation, which retires every entry
// of that organization at once; other instances hear of it through NOTIFY (see main.ts). A short
// lifetime bounds what a missed notification or a valid-through date passing can leave stale.
import { LRUCache } from 'lru-cache';

export interface CachedBody {
  body: string;
  etag: string;
  /** When the body goes stale on its own (a posting in it reaches its valid-through date). */
  expiresAt?: number | undefined;
  /** A paginated body's next cursor, for the Link header (so the body is not parsed again). */
  nextCursor?: string | null;
}

/** The pseudo-organization of site-wide documents. */
export const SITE = '*';

export class PublicCache {
  private readonly entries: LRUCache<string, CachedBody>;
  private readonly generations = new Map<string, number>();
  private readonly ttlMs: number;

  constructor(options: { max?: number; maxBytes?: number; ttlMs?: number } = {}) {
    this.ttlMs = options.ttlMs ?? 30_000;
    // Bounded by count and by size (UTF-16 code units ≈ bytes for these bodies): callers choose
    // the keys, so nothing they ask for may grow memory without bound.
    const maxSize = options.maxBytes ?? 64 * 1024 * 1024;
    this.entries = new LRUCache({
      max: options.max ?? 2000,
      maxSize,
      maxEntrySize: maxSize / 8,
      sizeCalculation: (value) => Math.max(1, value.body.length),
      ttl: this.ttlMs,
      ttlAutopurge: true,
    });
  }

  private key(orgId: string, key: string) {
    return `${orgId}:${this.generations.get(orgId) ?? 0}:${key}`;
  }

  get(orgId: string, key: string): CachedBody | undefined {
    return this.entries.get(this.key(orgId, key));
  }

  set(orgId: string, key: string, value: CachedBody) {
    if (value.expiresAt === undefined) {
      this.entries.set(this.key(orgId, key), value);
      return;
    }
    const ttl = Math.min(this.ttlMs, value.expiresAt - Date.now());
    if (ttl > 0) this.entries.set(this.key(orgId, key), value, { ttl });
  }

  /** Returns the cached value or computes, stores and returns it. */
  async through(orgId: string, key: string, compute: () => Promise<CachedBody>): Promise<CachedBody> {
    const found = this.get(orgId, key);
    if (found) return found;
    const generation = this.generations.get(orgId) ?? 0;
    const value = await compute();
    // Computed from data that changed meanwhile: serve it once, do not keep it.
    if ((this.generations.get(orgId) ?? 0) === generation) this.set(orgId, key, value);
    return value;
  }

  private readonly employers = new LRUCache<string, { id: string }>({ max: 10_000, ttl: 30_000 });

  /** An employer by career-site slug, from memory when it was read in the last 30 s. */
  async employer<T extends { id: string }>(
    slug: string,
    load: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const found = this.employers.get(slug) as T | undefined;
    if (found) return found;
    const row = await load();
    if (row) this.employers.set(slug, row);
    return row;
  }

  /** Retires the organization's entries and the site-wide ones (SITE: sitemap, insights). */
  invalidate(orgId: string) {
    for (const id of [orgId, SITE]) this.generations.set(id, (this.generations.get(id) ?? 0) + 1);
    // Rare (a write), so a scan of the employers is fine: the branding may have changed.
    for (const [slug, row] of this.employers.entries()) if (row.id === orgId) this.employers.delete(slug);
  }

  /** After a lost notification connection: anything may have changed. */
  clear() {
    for (const id of this.generations.keys()) this.invalidate(id);
    this.entries.clear();
    this.employers.clear();
  }
}
