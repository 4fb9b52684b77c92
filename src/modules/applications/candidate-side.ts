// What a candidate can do from the status page behind their signed link: see where their
// application stands, withdraw it, ask for a copy of their data or its erasure, and renew consent.
import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client.ts';
import { applicationEvents, applications, candidates } from '../../db/schema-applications.ts';
import type { ApplicationStatus, StageKind } from '../../db/schema-applications.ts';
import type { Ctx } from '../../shared/context.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/record.ts';
import type { CandidateStatus } from './pages/status.ts';

export interface OwnApplication {
  id: string;
  orgId: string;
  candidateId: string;
  name: string;
  jobTitle: string;
  createdAt: string;
  status: ApplicationStatus;
  stageKind: StageKind;
  erasureRequestedAt: string | null;
  exportRequestedAt: string | null;
  renewalMailedAt: string | null;
  consentRenewedAt: string | null;
}

export async function ownApplication(db: Db, orgId: string, id: string): Promise<OwnApplication | undefined> {
  const [row] = await queryRows<OwnApplication>(
    db,
    sql`select a.id, a.org_id as "orgId", a.candidate_id as "candidateId", c.name, p.title as "jobTitle",
               a.created_at as "createdAt", a.status, s.kind as "stageKind",
               c.erasure_requested_at as "erasureRequestedAt", c.export_requested_at as "exportRequestedAt",
               c.renewal_mailed_at as "renewalMailedAt", c.consent_renewed_at as "consentRenewedAt"
        from applications a join candidates c on c.id = a.candidate_id
        join postings p on p.id = a.posting_id join pipeline_stages s on s.id = a.stage_id
        where a.org_id = ${orgId} and a.id = ${id} and c.anonymized_at is null`,
  );
  return row;
}

/** The candidate's view of the pipeline: never the stage names the team uses internally. */
export function candidateStatus(a: Pick<OwnApplication, 'status' | 'stageKind'>): CandidateStatus {
  if (a.status === 'withdrawn') return 'withdrawn';
  if (a.status === 'rejected' || a.stageKind === 'rejected') return 'not_selected';
  if (a.status === 'hired' || a.stageKind === 'hired') return 'hired';
  const byKind: Partial<Record<StageKind, CandidateStatus>> = {
    applied: 'received',
    interview: 'interviewing',
    offer: 'offer',
  };
  return byKind[a.stageKind] ?? 'in_review';
}

export type Intent = 'withdraw' | 'export' | 'erase' | 'renew';

const candidateActor = { type: 'candidate', id: null, label: 'candidate (status page)' };

async function event(tx: Db, a: OwnApplication, kind: string) {
  await tx.insert(applicationEvents).values({
    id: newId(),
    orgId: a.orgId,
    applicationId: a.id,
    kind,
    actorType: 'candidate',
    actorId: null,
    actorLabel: null,
    data: {},
  });
}

/** Runs what the candidate asked: what happened (the page shows a matching confirmation). */
export async function candidateIntent(
  ctx: Ctx,
  a: OwnApplication,
  intent: Intent,
): Promise<Intent | 'too_late'> {
  return ctx.db.transaction(async (tx) => {
    const audit = (action: string) =>
      recordAudit(
        ctx,
        { action, orgId: a.orgId, targetType: 'application', targetId: a.id, actorOverride: candidateActor },
        tx,
      );
    const touch = { lastActivityAt: new Date() };
    switch (intent) {
      case 'withdraw': {
        const changed = await tx
          .update(applications)
          .set({ status: 'withdrawn', updatedAt: new Date() })
          .where(and(eq(applications.id, a.id), eq(applications.status, 'active')))
          .returning({ id: applications.id });
        if (changed.length === 0) return 'too_late';
        await event(tx, a, 'withdrawn');
        await audit('application.withdrawn');
        return intent;
      }
      case 'export':
        await tx
          .update(candidates)
          .set({ exportRequestedAt: new Date(), ...touch })
          .where(eq(candidates.id, a.candidateId));
        await event(tx, a, 'export_requested');
        await audit('candidate.export_requested');
        return intent;
      case 'erase':
        await tx
          .update(candidates)
          .set({ erasureRequestedAt: new Date(), ...touch })
          .where(eq(candidates.id, a.candidateId));
        await event(tx, a, 'erasure_requested');
        await audit('candidate.erasure_requested');
        return intent;
      case 'renew':
        await tx
          .update(candidates)
          .set({ consentRenewedAt: new Date(), renewalMailedAt: null, ...touch })
          .where(eq(candidates.id, a.candidateId));
        await event(tx, a, 'consent_renewed');
        await audit('candidate.consent_renewed');
        return intent;
    }
  });
}
