// Posting actions: verb(ctx, …). The route has checked the permission and the organization;
// writes run in one transaction with their version, lifecycle event and audit entry.
import type { Ctx } from '../../shared/context.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { requireOrg } from '../access/org.ts';
import { decodeCursor, encodeCursor, hasKeys, isTimestampText, isUuid } from '../../http/pagination.ts';
import { hashEtag } from '../../http/etag.ts';
import { recordAudit } from '../audit/record.ts';
import type { Taxonomy } from '../skills/taxonomy.ts';
import * as templateRepo from '../templates/repo.ts';
import { assertPublishable, publishCheck } from './checks.ts';
import {
  applyInput,
  assertStorable,
  contentFromTemplate,
  derivedColumns,
  emptyContent,
  postingSlug,
} from './content.ts';
import * as repo from './repo.ts';
import { emitWebhook, WEBHOOK_EVENTS, type WebhookEventType } from '../webhooks/events.ts';
import type { PostingRow } from './repo.ts';
import type {
  Posting,
  PostingCreate,
  PostingListQuery,
  PostingPage,
  PostingPatch,
  PublishCheck,
} from './schemas.ts';
import type { PostingContent, PostingStatus } from './types.ts';

export interface PostingDeps {
  taxonomy: Taxonomy;
  publicUrl: string;
  /** Called after a change that the public may see (career pages, boards, feeds). */
  onPublicChange?: (orgId: string) => void;
}

export type Transition = 'publish' | 'close' | 'reopen' | 'archive';

/** Which statuses each transition starts from, and where it leads. */
const TRANSITIONS: Record<Transition, { from: PostingStatus[]; to: PostingStatus; audit: string }> = {
  publish: { from: ['draft'], to: 'published', audit: 'posting.published' },
  close: { from: ['published'], to: 'closed', audit: 'posting.closed' },
  reopen: { from: ['closed', 'archived'], to: 'published', audit: 'posting.reopened' },
  archive: { from: ['draft', 'closed'], to: 'archived', audit: 'posting.archived' },
};

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const userIdOf = (ctx: Ctx) => (ctx.actor.kind === 'user' ? ctx.actor.userId : null);

export function actorLabel(ctx: Ctx): string {
  const a = ctx.actor;
  if (a.kind === 'user') return a.email;
  if (a.kind === 'token') return `API token "${a.name}"`;
  return 'system';
}

const isWebhookEvent = (action: string): action is WebhookEventType => action in WEBHOOK_EVENTS;

/** A posting's webhook payload: what an integrator needs to find it, not its content. */
const postingEvent = (
  row: Pick<PostingRow, 'id' | 'title' | 'status'> & { number?: number },
  data: object,
) => ({
  posting: { id: row.id, number: row.number ?? null, title: row.title, status: row.status },
  ...data,
});

export const referenceNumber = (orgSlug: string, number: number) => `${orgSlug}-${number}`;
export const postingEtag = (posting: Posting) => hashEtag(JSON.stringify(posting));

const isVersionCursor = (v: Record<string, unknown>): v is { v: number } =>
  hasKeys(v, ['v']) && Number.isInteger(v.v) && (v.v as number) >= 1 && (v.v as number) <= 2_147_483_647;
const isListCursor = (v: Record<string, unknown>): v is { u: string; id: string } =>
  hasKeys(v, ['u', 'id']) && isTimestampText(v.u) && isUuid(v.id);

export function postingActions(deps: PostingDeps) {
  const { taxonomy, publicUrl } = deps;
  const changed = (orgId: string) => deps.onPublicChange?.(orgId);

  const skillRefs = (labels: string[]) =>
    labels.map((label) => ({ label, skillId: taxonomy.link(label)?.id ?? null }));

  function toPosting(row: PostingRow, orgSlug: string): Posting {
    return {
      id: row.id,
      slug: row.slug,
      referenceNumber: referenceNumber(orgSlug, row.number),
      status: row.status,
      version: row.version,
      templateId: row.templateId,
      content: row.content as Posting['content'],
      skills: {
        required: skillRefs(row.content.requiredSkills),
        preferred: skillRefs(row.content.preferredSkills),
      },
      url: row.firstPublishedAt ? `${publicUrl}/careers/${orgSlug}/jobs/${row.slug}` : null,
      firstPublishedAt: iso(row.firstPublishedAt),
      publishedAt: iso(row.publishedAt),
      closedAt: iso(row.closedAt),
      createdAt: iso(row.createdAt)!,
      updatedAt: iso(row.updatedAt)!,
    };
  }

  async function orgOf(ctx: Ctx) {
    const orgId = requireOrg(ctx);
    const facts = await repo.orgFacts(ctx.db, orgId);
    if (!facts) throw notFound('The organization');
    return { orgId, ...facts };
  }

  async function loadRow(ctx: Ctx, orgId: string, id: string, lock = false) {
    const row = lock ? await repo.lockPosting(ctx.db, orgId, id) : await repo.findPosting(ctx.db, orgId, id);
    if (!row) throw notFound('The posting');
    return row;
  }

  /** Hiring-team members must belong to the organization. */
  async function assertTeam(ctx: Ctx, orgId: string, content: PostingContent) {
    const ids = content.hiringTeam.map((m) => m.userId);
    const members = await repo.membersAmong(ctx.db, orgId, ids);
    const stranger = ids.findIndex((id) => !members.has(id));
    if (stranger >= 0) {
      throw invalid('invalid_posting', 'Every hiring-team member must be a member of the organization.', {
        errors: [
          { path: `body/hiringTeam/${stranger}/userId`, message: 'Not a member of the organization.' },
        ],
      });
    }
  }

  async function startingContent(ctx: Ctx, orgId: string, input: PostingCreate) {
    if (!input.template) {
      if (!input.title)
        throw invalid('invalid_posting', 'A posting needs a title (or a template to start from).', {
          errors: [{ path: 'body/title', message: 'Required without a template.' }],
        });
      return { base: emptyContent(input.title), templateId: null };
    }
    const { slug, library } = input.template;
    const template = await templateRepo.findBySlug(ctx.db, library === 'global' ? null : orgId, slug);
    if (!template) throw notFound(`Template "${slug}"`);
    return { base: contentFromTemplate(template), templateId: template.id };
  }

  async function audit(ctx: Ctx, tx: Ctx['db'], action: string, row: PostingRow, data: object = {}) {
    if (isWebhookEvent(action)) await emitWebhook(tx, row.orgId, action, postingEvent(row, data));
    await recordAudit(
      ctx,
      {
        action,
        orgId: row.orgId,
        targetType: 'posting',
        targetId: row.id,
        data: { title: row.title, ...data },
      },
      tx,
    );
  }

  return {
    toPosting,

    async create(ctx: Ctx, input: PostingCreate): Promise<Posting> {
      const org = await orgOf(ctx);
      const { template: _t, ...fields } = input;
      const { base, templateId } = await startingContent(ctx, org.orgId, input);
      const content = applyInput(base, fields);
      assertStorable(content);
      await assertTeam(ctx, org.orgId, content);
      const row = await ctx.db.transaction(async (tx) => {
        const taken = await repo.takeNumber(tx, org.orgId);
        if (!taken) throw notFound('The organization');
        const id = newId();
        await repo.insertPosting(tx, {
          id,
          orgId: org.orgId,
          number: taken.number,
          slug: postingSlug(content.title, taken.number),
          status: 'draft',
          templateId,
          version: 1,
          content,
          ...derivedColumns(content),
          createdBy: userIdOf(ctx),
        });
        const created = (await repo.findPosting(tx, org.orgId, id))!;
        await repo.insertVersion(tx, created, userIdOf(ctx));
        await audit(ctx, tx, 'posting.created', created, { templateId });
        return created;
      });
      return toPosting(row, org.slug);
    },

    async get(ctx: Ctx, id: string): Promise<Posting> {
      const org = await orgOf(ctx);
      return toPosting(await loadRow(ctx, org.orgId, id), org.slug);
    },

    async list(ctx: Ctx, query: PostingListQuery): Promise<PostingPage> {
      const org = await orgOf(ctx);
      const after = decodeCursor(query.cursor, isListCursor);
      const rows = await repo.listPostings(ctx.db, org.orgId, {
        status: query.status,
        q: query.q?.trim() || undefined,
        after: after && { updatedAt: after.u, id: after.id },
        limit: query.limit,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        data: page.map((r) => ({
          id: r.id,
          slug: r.slug,
          referenceNumber: referenceNumber(org.slug, r.number),
          status: r.status,
          title: r.title,
          department: r.department,
          version: r.version,
          publishedAt: iso(r.publishedAt),
          validThrough: iso(r.validThrough),
          updatedAt: iso(r.updatedAt)!,
        })),
        // The cursor keeps the database's microseconds: rounding to milliseconds would skip rows.
        nextCursor:
          rows.length > query.limit && last ? encodeCursor({ u: last.updatedAtExact, id: last.id }) : null,
      };
    },

    /** Saves an edit as a new version. A published posting must stay publishable. */
    async update(
      ctx: Ctx,
      id: string,
      patch: PostingPatch,
      checkIfMatch: (etags: string[]) => void,
    ): Promise<{ posting: Posting; check: PublishCheck | null }> {
      const org = await orgOf(ctx);
      let check: PublishCheck | null = null;
      const row = await ctx.db.transaction(async (tx) => {
        const txCtx = { ...ctx, db: tx };
        const current = await loadRow(txCtx, org.orgId, id, true);
        checkIfMatch([postingEtag(toPosting(current, org.slug))]);
        if (current.status === 'archived') {
          throw conflict('posting_archived', 'An archived posting cannot be edited; reopen it first.');
        }
        const content = applyInput(current.content, patch);
        assertStorable(content);
        // Only a new team is checked: a member who left since must not block unrelated edits.
        if (patch.hiringTeam) await assertTeam(txCtx, org.orgId, content);
        if (current.status === 'published') {
          check = publishCheck(content, org.employeeCount, new Date());
          assertPublishable(check);
        }
        // The public address stays stable once published; a draft's follows its title.
        const slug = current.firstPublishedAt ? current.slug : postingSlug(content.title, current.number);
        const version = current.version + 1;
        const updated = await repo.updatePosting(tx, id, {
          content,
          version,
          slug,
          ...derivedColumns(content),
        });
        await repo.insertVersion(tx, updated, userIdOf(ctx));
        await audit(ctx, tx, 'posting.updated', updated, { version, fields: Object.keys(patch).sort() });
        return updated;
      });
      if (row.status === 'published') changed(org.orgId);
      return { posting: toPosting(row, org.slug), check };
    },

    async remove(ctx: Ctx, id: string, checkIfMatch: (etags: string[]) => void) {
      const org = await orgOf(ctx);
      await ctx.db.transaction(async (tx) => {
        const current = await loadRow({ ...ctx, db: tx }, org.orgId, id, true);
        checkIfMatch([postingEtag(toPosting(current, org.slug))]);
        if (current.firstPublishedAt) {
          throw conflict(
            'posting_was_published',
            'A posting that was published is kept; close or archive it.',
          );
        }
        await repo.deletePosting(tx, id);
        await audit(ctx, tx, 'posting.deleted', current);
      });
    },

    /** The posting with the organization's size, which the pay rules depend on. */
    async withOrgFacts(ctx: Ctx, id: string) {
      const org = await orgOf(ctx);
      const posting = toPosting(await loadRow(ctx, org.orgId, id), org.slug);
      return { posting, employeeCount: org.employeeCount };
    },

    async check(ctx: Ctx, id: string): Promise<PublishCheck> {
      const org = await orgOf(ctx);
      const row = await loadRow(ctx, org.orgId, id);
      return publishCheck(row.content, org.employeeCount, new Date());
    },

    /** Moves the posting through its lifecycle; publishing and reopening run the checks. */
    async transition(
      ctx: Ctx,
      id: string,
      name: Transition,
      reason: string | undefined,
      checkIfMatch: (etags: string[]) => void = () => {},
    ): Promise<{ posting: Posting; check: PublishCheck | null }> {
      const org = await orgOf(ctx);
      const rule = TRANSITIONS[name];
      let check: PublishCheck | null = null;
      const row = await ctx.db.transaction(async (tx) => {
        const current = await loadRow({ ...ctx, db: tx }, org.orgId, id, true);
        // Publishing what the caller reviewed, not an edit made since.
        checkIfMatch([postingEtag(toPosting(current, org.slug))]);
        if (!rule.from.includes(current.status)) {
          throw conflict(
            'invalid_transition',
            `A ${current.status} posting cannot be ${name === 'reopen' ? 'reopened' : `${name}${name.endsWith('e') ? 'd' : 'ed'}`}.`,
          );
        }
        const now = new Date();
        // Reopening an archived draft that was never published restores the draft.
        const to: PostingStatus = name === 'reopen' && !current.firstPublishedAt ? 'draft' : rule.to;
        if (to === 'published') {
          check = publishCheck(current.content, org.employeeCount, now);
          assertPublishable(check);
        }
        const fields: Partial<repo.NewPostingRow> = { status: to, updatedAt: now };
        if (to === 'published') {
          fields.publishedAt = now;
          fields.closedAt = null;
          if (!current.firstPublishedAt) fields.firstPublishedAt = now;
        }
        if (to === 'closed') fields.closedAt = now;
        const updated = await repo.updatePosting(tx, id, fields);
        await repo.insertEvent(tx, {
          id: newId(),
          postingId: id,
          orgId: org.orgId,
          fromStatus: current.status,
          toStatus: to,
          actorUserId: userIdOf(ctx),
          actorLabel: actorLabel(ctx),
          reason: reason?.trim() || null,
        });
        await audit(ctx, tx, rule.audit, updated, { from: current.status, to });
        return updated;
      });
      changed(org.orgId);
      return { posting: toPosting(row, org.slug), check };
    },

    async events(ctx: Ctx, id: string) {
      const org = await orgOf(ctx);
      await loadRow(ctx, org.orgId, id);
      const rows = await repo.listEvents(ctx.db, id);
      return { items: rows.map((r) => ({ ...r, at: iso(r.at)! })) };
    },

    async versions(ctx: Ctx, id: string, limit: number, cursor: string | undefined) {
      const org = await orgOf(ctx);
      await loadRow(ctx, org.orgId, id);
      const before = decodeCursor(cursor, isVersionCursor)?.v;
      const rows = await repo.listVersions(ctx.db, id, before, limit);
      const page = rows.slice(0, limit);
      return {
        data: page.map((r) => ({
          version: r.version,
          status: r.status,
          createdAt: iso(r.createdAt)!,
          content: r.content,
        })),
        nextCursor: rows.length > limit && page.length > 0 ? encodeCursor({ v: page.at(-1)!.version }) : null,
      };
    },

    async version(ctx: Ctx, id: string, version: number) {
      const org = await orgOf(ctx);
      await loadRow(ctx, org.orgId, id);
      const row = await repo.getVersion(ctx.db, id, version);
      if (!row) throw notFound(`Version ${version}`);
      return {
        version: row.version,
        status: row.status,
        createdAt: iso(row.createdAt)!,
        content: row.content,
      };
    },

    /** The scheduled job: closes postings past their valid-through date, as the system. */
    async closeExpired(ctx: Ctx, now = new Date()): Promise<number> {
      const closed = await ctx.db.transaction(async (tx) => {
        const rows = await repo.closeExpired(tx, now);
        for (const row of rows) {
          await repo.insertEvent(tx, {
            id: newId(),
            postingId: row.id,
            orgId: row.orgId,
            fromStatus: 'published',
            toStatus: 'closed',
            actorUserId: null,
            actorLabel: 'system',
            reason: 'valid-through date reached',
            at: now,
          });
          await emitWebhook(
            tx,
            row.orgId,
            'posting.closed',
            postingEvent({ ...row, status: 'closed' }, { reason: 'expired' }),
          );
          await recordAudit(
            ctx,
            {
              action: 'posting.closed',
              orgId: row.orgId,
              targetType: 'posting',
              targetId: row.id,
              data: { title: row.title, reason: 'expired' },
            },
            tx,
          );
        }
        return rows;
      });
      for (const orgId of new Set(closed.map((r) => r.orgId))) changed(orgId);
      return closed.length;
    },
  };
}

export type PostingActions = ReturnType<typeof postingActions>;
