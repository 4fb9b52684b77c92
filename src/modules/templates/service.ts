import { isDeepStrictEqual } from 'node:util';
import { Value } from '@sinclair/typebox/value';
// Template library actions: verb(ctx, input). Permissions first, writes in one transaction,
// typed errors out. Routes and the CLI call these; nothing else touches the repo.
import type { Ctx } from '../../shared/context.ts';
import { conflict, invalid, notFound, preconditionFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { isUniqueViolation } from '../../db/client.ts';
import { decodeCursor, encodeCursor } from '../../http/pagination.ts';
import { recordAudit } from '../audit/record.ts';
import type { Taxonomy } from '../skills/taxonomy.ts';
import { CachedTemplate, type TemplateCache, templateEtags } from './cache.ts';
import { toContent } from './content.ts';
import { inferCategory, inferSeniority, isCategory, isSeniority, slugify } from './infer.ts';
import { parseJd } from './parse.ts';
import * as repo from './repo.ts';
import type { Library, LibraryScope } from './repo.ts';
import { TemplateCreate as TemplateCreateSchema } from './schemas.ts';
import type { Template, TemplateCreate, TemplateListQuery, TemplatePatch, TemplatePage } from './schemas.ts';
import type { Category, ExtraSection, ParsedTemplate, Seniority } from './types.ts';

export interface TemplateDeps {
  taxonomy: Taxonomy;
  cache: TemplateCache;
}

/** The version snapshot: content plus the fields that classify it. */
type Snapshot = ParsedTemplate & { category: Category; seniority: Seniority };

const RESERVED_META = new Set(['slug', 'category', 'seniority']);

const MAX_SEARCH_OFFSET = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_INT = 2_147_483_647;
const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/;

const clean = (items: string[] | undefined) => (items ?? []).map((s) => s.trim()).filter(Boolean);

function cleanSections(sections: ExtraSection[] | undefined): ExtraSection[] {
  return (sections ?? []).flatMap((s): ExtraSection[] => {
    const heading = s.heading.trim();
    const items = clean(s.items);
    if (items.length > 0) return [{ heading, items }];
    const text = s.text?.trim();
    return text ? [{ heading, text }] : [];
  });
}

function metaValue(meta: Record<string, string>, key: string): string | undefined {
  const found = Object.keys(meta).find((k) => k.toLowerCase() === key);
  return found === undefined ? undefined : meta[found]?.trim().toLowerCase();
}

/**
 * Parsed documents reach create() without passing through a route's schema; hold them to the
 * same limits as JSON bodies (item counts and lengths), so an import cannot store what POST refuses.
 */
function assertWithinLimits(input: ParsedTemplate) {
  const errors = [...Value.Errors(TemplateCreateSchema, input)].slice(0, 10);
  if (errors.length > 0) {
    throw invalid('invalid_template', 'The document exceeds the template limits.', {
      errors: errors.map((e) => ({ path: `body${e.path}`, message: e.message })),
    });
  }
}

/** Validates and completes caller input into a snapshot; classification falls back to inference. */
function toSnapshot(input: TemplateCreate): Snapshot {
  const role = input.role.trim();
  if (!role) throw invalid('invalid_template', 'role must not be blank.');
  const rawMeta = input.metadata ?? {};
  const category = input.category ?? metaValue(rawMeta, 'category');
  const seniority = input.seniority ?? metaValue(rawMeta, 'seniority');
  const metadata = Object.fromEntries(
    Object.entries(rawMeta)
      .map(([k, v]) => [k.trim(), v.trim()] as const)
      .filter(([k, v]) => k && v && !RESERVED_META.has(k.toLowerCase())),
  );
  return {
    role,
    title: input.title?.trim() || role,
    summary: input.summary?.trim() ?? '',
    responsibilities: clean(input.responsibilities),
    qualifications: clean(input.qualifications),
    skills: [...new Set(clean(input.skills))],
    faqs: (input.faqs ?? [])
      .map((f) => ({ question: f.question.trim(), answer: f.answer.trim() }))
      .filter((f) => f.question && f.answer),
    extraSections: cleanSections(input.extraSections),
    metadata,
    category: isCategory(category) ? category : inferCategory(role),
    seniority: isSeniority(seniority) ? seniority : inferSeniority(role),
  };
}

/**
 * Plain word queries with misspellings get each unknown word replaced by its closest vocabulary
 * word; queries using search syntax (quotes, exclusions) are taken as meant. Undefined: no change.
 */
async function correctQuery(ctx: Ctx, q: string): Promise<string | undefined> {
  if (/["-]/.test(q)) return undefined;
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const candidates = words.filter((w) => w !== 'or' && w.length >= 3);
  if (candidates.length === 0) return undefined;
  const fixes = await repo.correctWords(ctx.db, candidates);
  const fixed = words.map((w) => fixes.get(w) ?? w).join(' ');
  return fixed === words.join(' ') ? undefined : fixed;
}

export function templateActions(deps: TemplateDeps) {
  const { taxonomy, cache } = deps;

  function rowFields(s: Snapshot) {
    const skills: repo.LinkedSkill[] = s.skills.map((label) => ({
      label,
      skillId: taxonomy.link(label)?.id ?? null,
    }));
    const searchSkills = skills
      .flatMap((sk) => [sk.label, ...(sk.skillId ? taxonomy.searchTerms(sk.skillId) : [])])
      .join(' ; ');
    const searchBody = [
      ...s.responsibilities,
      ...s.qualifications,
      ...s.faqs.flatMap((f) => [f.question, f.answer]),
      ...s.extraSections.flatMap((x) => [x.heading, ...(x.items ?? []), x.text ?? '']),
    ].join('\n');
    const { skills: _labels, ...columns } = s;
    return { row: { ...columns, searchSkills, searchBody }, skills };
  }

  async function uniqueSlug(ctx: Ctx, lib: Library, base: string): Promise<string> {
    const taken = await repo.slugsStartingWith(ctx.db, lib, base);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  async function load(ctx: Ctx, lib: Library, slug: string): Promise<CachedTemplate> {
    const key = repo.cacheKey(lib, slug);
    const cached = cache.get(key);
    if (cached) return cached;
    const template = await repo.findBySlug(ctx.db, lib, slug);
    if (!template) throw notFound(`Template "${slug}"`);
    const entry = new CachedTemplate(template);
    cache.set(key, entry);
    return entry;
  }

  async function afterWrite(ctx: Ctx, lib: Library, slug: string) {
    cache.invalidate(repo.cacheKey(lib, slug));
    return (await load(ctx, lib, slug)).template;
  }

  /** Template changes are audited, except the seed's and the CLI's (system) imports. */
  async function audit(
    ctx: Ctx,
    tx: Ctx['db'],
    lib: Library,
    action: string,
    id: string,
    slug: string,
    version?: number,
  ) {
    if (ctx.actor.kind === 'system') return;
    await recordAudit(
      ctx,
      {
        action,
        orgId: lib,
        targetType: 'template',
        targetId: id,
        data: { slug, ...(version ? { version } : {}) },
      },
      tx,
    );
  }

  async function create(
    ctx: Ctx,
    lib: Library,
    input: TemplateCreate,
    source: 'builtin' | 'user' = 'user',
    forkedFrom: string | null = null,
  ): Promise<Template> {
    const snapshot = toSnapshot(input);
    const requested = input.slug ?? metaValue(input.metadata ?? {}, 'slug');
    const base = slugify(requested ?? snapshot.role) || 'template';
    // An explicit slug that is taken fails on the unique index below (race-free); a derived one
    // gets the next free suffix.
    const slug = requested ? base : await uniqueSlug(ctx, lib, base);
    const id = newId();
    const { row, skills } = rowFields(snapshot);
    try {
      await ctx.db.transaction(async (tx) => {
        await repo.insertTemplate(
          tx,
          { id, orgId: lib, forkedFrom, slug, source, version: 1, ...row },
          skills,
        );
        await repo.insertVersion(tx, id, 1, snapshot);
        await repo.refreshSearch(tx, id);
        // Only the global library feeds the shared spelling vocabulary: corrections must not
        // reveal words from another organization's templates.
        if (lib === null) await repo.addSearchWords(tx, `${row.role} ${row.title} ${row.searchSkills}`);
        await audit(ctx, tx, lib, forkedFrom ? 'template.forked' : 'template.created', id, slug, 1);
        await repo.notifyChanged(tx, lib, slug);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict('slug_taken', `A template with slug "${slug}" already exists.`);
      }
      throw error;
    }
    return afterWrite(ctx, lib, slug);
  }

  async function update(
    ctx: Ctx,
    lib: Library,
    slug: string,
    patch: TemplatePatch,
    ifMatch?: (etags: string[]) => void,
  ) {
    // Writes start from the database, never the cache: another instance may have just written.
    const current = await repo.findBySlug(ctx.db, lib, slug);
    if (!current) throw notFound(`Template "${slug}"`);
    ifMatch?.(templateEtags(current));
    const snapshot = toSnapshot({
      ...toContent(current),
      category: current.category,
      seniority: current.seniority,
      ...patch,
    });
    const { row, skills } = rowFields(snapshot);
    const version = current.version + 1;
    await ctx.db.transaction(async (tx) => {
      // Optimistic concurrency: the row must still be at the version this update started from.
      const updated = await repo.updateTemplate(tx, current.id, current.version, { ...row, version }, skills);
      if (!updated) throw preconditionFailed();
      await repo.insertVersion(tx, current.id, version, snapshot);
      await repo.refreshSearch(tx, current.id);
      if (lib === null) await repo.addSearchWords(tx, `${row.role} ${row.title} ${row.searchSkills}`);
      await audit(ctx, tx, lib, 'template.updated', current.id, slug, version);
      await repo.notifyChanged(tx, lib, slug);
    });
    return afterWrite(ctx, lib, slug);
  }

  return {
    create,
    update,

    async get(ctx: Ctx, lib: Library, slug: string): Promise<CachedTemplate> {
      return load(ctx, lib, slug);
    },

    /** Copies a global template into an organization's library, where it is edited on its own. */
    async fork(ctx: Ctx, orgId: string, globalSlug: string, slug?: string): Promise<Template> {
      const source = await repo.findBySlug(ctx.db, null, globalSlug);
      if (!source) throw notFound(`Template "${globalSlug}"`);
      const input = { ...toContent(source), category: source.category, seniority: source.seniority };
      return create(ctx, orgId, { ...input, slug: slug ?? source.slug }, 'user', source.id);
    },

    async list(ctx: Ctx, scope: LibraryScope, query: TemplateListQuery): Promise<TemplatePage> {
      const skillId = query.skill ? (taxonomy.link(query.skill)?.id ?? query.skill.toLowerCase()) : undefined;
      const filters = { category: query.category, seniority: query.seniority, skillId };
      const q = query.q?.trim();
      const limit = query.limit;
      if (!q) {
        const after = decodeCursor(
          query.cursor,
          (v): v is { s: string; i?: string } =>
            typeof v.s === 'string' &&
            SLUG.test(v.s) &&
            (v.i === undefined || (typeof v.i === 'string' && UUID.test(v.i))),
        );
        const rows = await repo.listBySlug(ctx.db, scope, filters, after, limit + 1);
        const data = rows.slice(0, limit);
        const last = data.at(-1);
        return {
          data,
          nextCursor: rows.length > limit && last ? encodeCursor({ s: last.slug, i: last.id }) : null,
        };
      }
      // Ranked results page by offset. When nothing matches as typed, misspelt words are corrected
      // against the library's vocabulary and the corrected query is searched (and kept in the cursor).
      const at = decodeCursor(
        query.cursor,
        (v): v is { o: number; c?: string } =>
          Number.isInteger(v.o) &&
          (v.o as number) >= 0 &&
          (v.o as number) <= MAX_SEARCH_OFFSET &&
          (v.c === undefined || (typeof v.c === 'string' && v.c.length <= 200 && !v.c.includes('\u0000'))),
      ) ?? { o: 0 };
      let corrected = at.c;
      let rows = await repo.searchFullText(ctx.db, scope, corrected ?? q, filters, at.o, limit + 1);
      if (rows.length === 0 && at.o === 0 && corrected === undefined) {
        corrected = await correctQuery(ctx, q);
        if (corrected) rows = await repo.searchFullText(ctx.db, scope, corrected, filters, 0, limit + 1);
      }
      const data = rows.slice(0, limit);
      const next = at.o + limit;
      const more = rows.length > limit && next <= MAX_SEARCH_OFFSET;
      return {
        data,
        nextCursor: more ? encodeCursor(corrected ? { o: next, c: corrected } : { o: next }) : null,
        ...(corrected ? { correctedQuery: corrected } : {}),
      };
    },

    /** Parses text; with dryRun returns the parse only, otherwise stores it as a new template. */
    async importText(
      ctx: Ctx,
      lib: Library,
      text: string,
      dryRun: boolean,
    ): Promise<ParsedTemplate | Template> {
      const parsed = parseJd(text);
      if (dryRun) return parsed;
      assertWithinLimits(parsed);
      return create(ctx, lib, parsed);
    },

    /** Creates or brings up to date a global template by its slug (seed and CLI import). */
    async upsert(ctx: Ctx, parsed: ParsedTemplate, source: 'builtin' | 'user') {
      assertWithinLimits(parsed);
      const slug = slugify(metaValue(parsed.metadata, 'slug') ?? parsed.role);
      const existing = await repo.findBySlug(ctx.db, null, slug);
      if (!existing)
        return {
          slug,
          outcome: 'created' as const,
          template: await create(ctx, null, { ...parsed, slug }, source),
        };
      const next = toSnapshot(parsed);
      // Deep equality, not JSON text: jsonb does not keep the key order it was given.
      const current = { ...toContent(existing), category: existing.category, seniority: existing.seniority };
      const same = isDeepStrictEqual(current, next);
      if (same) return { slug, outcome: 'unchanged' as const, template: existing };
      return { slug, outcome: 'updated' as const, template: await update(ctx, null, slug, next) };
    },

    async remove(ctx: Ctx, lib: Library, slug: string, ifMatch?: (etags: string[]) => void) {
      const current = await repo.findIdBySlug(ctx.db, lib, slug);
      if (!current) throw notFound(`Template "${slug}"`);
      ifMatch?.(templateEtags(current));
      await ctx.db.transaction(async (tx) => {
        await repo.deleteTemplate(tx, current.id);
        await audit(ctx, tx, lib, 'template.deleted', current.id, slug);
        await repo.notifyChanged(tx, lib, slug);
      });
      cache.invalidate(repo.cacheKey(lib, slug));
    },

    async versions(ctx: Ctx, lib: Library, slug: string, limit: number, cursor: string | undefined) {
      const current = await repo.findIdBySlug(ctx.db, lib, slug);
      if (!current) throw notFound(`Template "${slug}"`);
      const before = decodeCursor(
        cursor,
        (v): v is { v: number } =>
          Number.isInteger(v.v) && (v.v as number) >= 1 && (v.v as number) <= MAX_INT,
      );
      const rows = await repo.listVersions(ctx.db, current.id, before?.v, limit + 1);
      const data = rows.slice(0, limit);
      return { data, nextCursor: rows.length > limit ? encodeCursor({ v: data.at(-1)!.version }) : null };
    },

    async version(ctx: Ctx, lib: Library, slug: string, version: number) {
      const current = await repo.findIdBySlug(ctx.db, lib, slug);
      const found = current && (await repo.getVersion(ctx.db, current.id, version));
      if (!found) throw notFound(`Version ${version} of template "${slug}"`);
      return found;
    },
  };
}

export type TemplateActions = ReturnType<typeof templateActions>;
