// The organization's candidate email templates: read, saved (unknown variables refused, so a
// typo is caught at save time rather than mailed), reset to the built-in text, and previewed.
import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { organizations } from '../../db/schema.ts';
import { emailTemplates } from '../../db/schema-applications.ts';
import type { Ctx } from '../../shared/context.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { viewerOf, visibleTo } from '../applications/access.ts';
import {
  DEFAULT_EMAILS,
  EMAIL_KINDS,
  EMAIL_VARIABLES,
  type EmailKind,
  type EmailVariables,
  emailTemplate,
  firstName,
  renderEmail,
} from '../applications/emails.ts';
import { requireOrg } from '../access/org.ts';
import { recordAudit } from '../audit/record.ts';
import type { EmailTemplateBody, EmailTemplateItem, PreviewBody } from './schemas.ts';

/** Every `{{…}}` that is not a known variable (broader than renderEmail's pattern: `{{Job.Title}}` is a typo too). */
export function unknownVariables(...texts: string[]): string[] {
  const known = new Set<string>(EMAIL_VARIABLES);
  const found = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) if (!known.has(m[1]!)) found.add(m[1]!);
  }
  return [...found];
}

const itemOf = (kind: EmailKind, row?: { subject: string; body: string }): EmailTemplateItem => ({
  kind,
  subject: (row ?? DEFAULT_EMAILS[kind]).subject,
  body: (row ?? DEFAULT_EMAILS[kind]).body,
  custom: row !== undefined,
  variables: [...EMAIL_VARIABLES],
});

export function emailTemplateActions(publicUrl: string) {
  async function list(ctx: Ctx) {
    const orgId = requireOrg(ctx);
    const rows = await ctx.db
      .select({ kind: emailTemplates.kind, subject: emailTemplates.subject, body: emailTemplates.body })
      .from(emailTemplates)
      .where(eq(emailTemplates.orgId, orgId));
    const byKind = new Map(rows.map((r) => [r.kind, r]));
    return { items: EMAIL_KINDS.map((kind) => itemOf(kind, byKind.get(kind))) };
  }

  async function save(ctx: Ctx, kind: EmailKind, input: EmailTemplateBody) {
    const orgId = requireOrg(ctx);
    const unknown = unknownVariables(input.subject, input.body);
    if (unknown.length > 0) {
      throw invalid(
        'unknown_variable',
        `Unknown variable${unknown.length === 1 ? '' : 's'}: ${unknown.map((v) => `{{${v}}}`).join(', ')}. Known: ${EMAIL_VARIABLES.join(', ')}.`,
        { variables: unknown },
      );
    }
    const row = { subject: input.subject, body: input.body, updatedAt: new Date() };
    await ctx.db.transaction(async (tx) => {
      await tx
        .insert(emailTemplates)
        .values({ orgId, kind, ...row })
        .onConflictDoUpdate({ target: [emailTemplates.orgId, emailTemplates.kind], set: row });
      await recordAudit(
        ctx,
        { action: 'email_template.changed', targetType: 'email_template', targetId: kind, data: { kind } },
        tx,
      );
    });
    return itemOf(kind, row);
  }

  async function reset(ctx: Ctx, kind: EmailKind) {
    const orgId = requireOrg(ctx);
    await ctx.db.transaction(async (tx) => {
      const gone = await tx
        .delete(emailTemplates)
        .where(and(eq(emailTemplates.orgId, orgId), eq(emailTemplates.kind, kind)))
        .returning({ kind: emailTemplates.kind });
      if (gone.length > 0) {
        await recordAudit(
          ctx,
          {
            action: 'email_template.changed',
            targetType: 'email_template',
            targetId: kind,
            data: { kind, reset: true },
          },
          tx,
        );
      }
    });
    return itemOf(kind);
  }

  /**
   * Sample values, or a real application's. The status link is never a real signed one: a
   * preview is for staff (viewers included), and a real link would let them act as the candidate.
   */
  async function preview(ctx: Ctx, kind: EmailKind, input: PreviewBody) {
    const viewer = viewerOf(ctx);
    const [org] = await ctx.db
      .select({ name: organizations.name, slug: organizations.slug })
      .from(organizations)
      .where(eq(organizations.id, viewer.orgId));
    if (!org) throw notFound('The organization');
    let vars: EmailVariables = {
      'candidate.name': 'Alex Example',
      'candidate.first_name': 'Alex',
      'job.title': 'Senior Product Designer',
      'org.name': org.name,
      'stage.name': 'Interview',
      status_url: `${publicUrl}/careers/${org.slug}/application?token=preview`,
    };
    if (input.applicationId) {
      const [app] = await queryRows<{ name: string; title: string; stage: string }>(
        ctx.db,
        sql`select c.name, p.title, s.name as stage
            from applications a join candidates c on c.id = a.candidate_id
            join postings p on p.id = a.posting_id join pipeline_stages s on s.id = a.stage_id
            where a.org_id = ${viewer.orgId} and a.id = ${input.applicationId} and ${visibleTo(viewer)}`,
      );
      if (!app) throw notFound('The application');
      vars = {
        ...vars,
        'candidate.name': app.name,
        'candidate.first_name': firstName(app.name),
        'job.title': app.title,
        'stage.name': app.stage,
      };
    }
    // Unsaved text wins: an editor previews before saving.
    const stored = await emailTemplate(ctx.db, viewer.orgId, kind);
    return renderEmail({ subject: input.subject ?? stored.subject, body: input.body ?? stored.body }, vars);
  }

  return { list, save, reset, preview };
}

export type EmailTemplateActions = ReturnType<typeof emailTemplateActions>;
