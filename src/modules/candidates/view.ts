// How candidates and their events are shown, shared by the profile and the export.
import type { CandidateRow } from './repo.ts';

export const iso = (v: string | Date) => new Date(v).toISOString();
export const isoOrNull = (v: string | Date | null) => (v === null ? null : iso(v));

/** Who acted on an application: staff by their label, the candidate only as "candidate". */
export const actorOf = (e: { actorType: string; actorLabel: string | null }) =>
  e.actorType === 'candidate' ? 'candidate' : (e.actorLabel ?? e.actorType);

/** The candidate's own fields. */
export function person(row: CandidateRow) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    createdAt: iso(row.createdAt),
    lastActivityAt: iso(row.lastActivityAt),
    anonymizedAt: isoOrNull(row.anonymizedAt),
    retention: { keptUntil: iso(row.keptUntil), consentRenewedAt: isoOrNull(row.consentRenewedAt) },
    requests: {
      erasureRequestedAt: isoOrNull(row.erasureRequestedAt),
      exportRequestedAt: isoOrNull(row.exportRequestedAt),
    },
  };
}
