// Interview scorecards: criteria from the posting's qualifications, a 4-point rating for each and
// an overall recommendation. Hiring managers and interviewers judge blind: they see other people's
// scorecards only once they have submitted their own for the application.
import { and, asc, eq, getTableColumns } from 'drizzle-orm';
import { isUniqueViolation } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { scorecards } from '../../db/schema-applications.ts';
import type { Ctx } from '../../shared/context.ts';
import { conflict, invalid } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { roleAllows } from '../access/permissions.ts';
import type { Viewer } from '../applications/access.ts';
import { recordAudit } from '../audit/record.ts';
import type { HiringRole, PostingContent } from '../postings/types.ts';
import type { Recommendation, Scorecard, ScorecardBody, ScorecardList, ScorecardSummary } from './schemas.ts';
import { author, iso, recordEvent, visibleApplication } from './target.ts';
import { emitWebhook } from '../webhooks/events.ts';

const MAX_CRITERIA = 20;
const MAX_SCORECARDS = 500;
const BLIND_ROLES: ReadonlySet<string> = new Set<HiringRole>(['hiring_manager', 'interviewer']);

export interface Criterion {
  id: string;
  label: string;
  preferred: boolean;
}

/** Required qualifications, then preferred ones: `q1`, `q2`, … in that order, at most 20. */
export function criteriaOf(content: PostingContent): Criterion[] {
  const required = content.qualifications ?? [];
  const preferred = content.preferredQualifications ?? [];
  return [...required, ...preferred].slice(0, MAX_CRITERIA).map((label, i) => ({
    id: `q${i + 1}`,
    label,
    preferred: i >= required.length,
  }));
}

/**
 * Held to the blind rule: hiring managers and interviewers by role, and anyone the posting's
 * hiring team lists as one. API tokens and viewers are not (viewers cannot submit, so they would
 * never see anything); owners, admins and recruiters only when the hiring team lists them so.
 */
export function judgesBlind(viewer: Viewer, content: PostingContent): boolean {
  if (!viewer.userId || !viewer.role || !roleAllows(viewer.role, 'applications.collaborate')) return false;
  if (BLIND_ROLES.has(viewer.role)) return true;
  return (content.hiringTeam ?? []).some((m) => m.userId === viewer.userId && BLIND_ROLES.has(m.role));
}

export function summarize(cards: Scorecard[]): ScorecardSummary {
  const recommendations = { strong_no: 0, no: 0, yes: 0, strong_yes: 0 };
  let sum = 0;
  let count = 0;
  for (const card of cards) {
    recommendations[card.recommendation]++;
    for (const r of card.ratings) {
      sum += r.rating;
      count++;
    }
  }
  return {
    count: cards.length,
    recommendations,
    averageRating: count > 0 ? Math.round((sum / count) * 100) / 100 : null,
  };
}

type Row = typeof scorecards.$inferSelect & { name: string; email: string };

function toScorecard(row: Row, labels: Map<string, string>): Scorecard {
  return {
    id: row.id,
    author: { id: row.authorId, label: row.name.trim() || row.email },
    interview: row.interview,
    // Labels are kept as they read at submission: the posting's qualifications may change since.
    ratings: row.ratings.map((r) => ({
      criterion: r.criterion,
      label: (r as { label?: string }).label ?? labels.get(r.criterion) ?? r.criterion,
      rating: r.rating,
    })),
    recommendation: row.recommendation as Recommendation,
    notes: row.notes,
    submittedAt: iso(row.submittedAt),
  };
}

export function scorecardActions() {
  async function criteria(ctx: Ctx, id: string) {
    const target = await visibleApplication(ctx, id);
    return { items: criteriaOf(target.content) };
  }

  async function list(ctx: Ctx, id: string): Promise<ScorecardList> {
    const target = await visibleApplication(ctx, id);
    const labels = new Map(criteriaOf(target.content).map((c) => [c.id, c.label]));
    const rows = await ctx.db
      .select({ ...getTableColumns(scorecards), name: users.name, email: users.email })
      .from(scorecards)
      .innerJoin(users, eq(users.id, scorecards.authorId))
      .where(and(eq(scorecards.orgId, target.viewer.orgId), eq(scorecards.applicationId, id)))
      .orderBy(asc(scorecards.submittedAt), asc(scorecards.id))
      .limit(MAX_SCORECARDS);
    const cards = rows.map((r) => toScorecard(r, labels));
    const me = target.viewer.userId;
    if (judgesBlind(target.viewer, target.content) && !cards.some((c) => c.author.id === me)) {
      return { items: cards.filter((c) => c.author.id === me), summary: null, hidden: true };
    }
    return { items: cards, summary: summarize(cards), hidden: false };
  }

  async function submit(ctx: Ctx, id: string, body: ScorecardBody): Promise<Scorecard> {
    const target = await visibleApplication(ctx, id);
    const who = await author(ctx);
    const known = new Map(criteriaOf(target.content).map((c) => [c.id, c]));
    const seen = new Set<string>();
    const ratings = body.ratings.map((r, i) => {
      const criterion = known.get(r.criterion);
      const path = `body/ratings/${i}/criterion`;
      if (!criterion) {
        throw invalid(
          'unknown_criterion',
          `"${r.criterion}" is not a criterion of this application’s scorecard.`,
          {
            errors: [{ path, message: 'Not one of the criteria (GET …/scorecards/criteria).' }],
          },
        );
      }
      if (seen.has(criterion.id)) {
        throw invalid('duplicate_criterion', `"${r.criterion}" is rated more than once.`, {
          errors: [{ path, message: 'Rate each criterion at most once.' }],
        });
      }
      seen.add(criterion.id);
      return { criterion: criterion.id, label: criterion.label, rating: r.rating };
    });
    const interview = body.interview.trim().replace(/\s+/g, ' ');
    if (!interview) throw invalid('invalid_interview', 'Name the interview, e.g. "Technical interview".');
    const scorecardId = newId();
    let saved: typeof scorecards.$inferSelect | undefined;
    try {
      await ctx.db.transaction(async (tx) => {
        [saved] = await tx
          .insert(scorecards)
          .values({
            id: scorecardId,
            orgId: target.viewer.orgId,
            applicationId: id,
            authorId: who.userId,
            interview,
            ratings,
            recommendation: body.recommendation,
            notes: body.notes?.trim() ?? '',
          })
          .returning();
        // The timeline is read by those still judging blind: which interview, never the verdict.
        await recordEvent(tx, target, who, 'scorecard_submitted', { scorecardId, interview });
        await emitWebhook(tx, target.viewer.orgId, 'scorecard.submitted', {
          scorecard: { id: scorecardId, applicationId: id, interview, recommendation: body.recommendation },
        });
        await recordAudit(
          ctx,
          {
            action: 'scorecard.submitted',
            targetType: 'application',
            targetId: id,
            data: { scorecardId, interview, recommendation: body.recommendation },
          },
          tx,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw conflict('scorecard_exists', `You have already submitted a scorecard for “${interview}”.`);
      }
      throw error;
    }
    return toScorecard({ ...saved!, name: who.label, email: who.email }, new Map());
  }

  return { criteria, list, submit };
}

export type ScorecardActions = ReturnType<typeof scorecardActions>;
