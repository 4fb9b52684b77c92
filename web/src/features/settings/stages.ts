// Pipeline stages as edited on the settings screen.
import type { paths } from '../../api/openapi';

type StageList = paths['/api/v1/org/pipeline/stages']['get']['responses'][200]['content']['application/json'];
export type StageKind = StageList['items'][number]['kind'];

export const STAGE_KINDS: StageKind[] = [
  'applied',
  'screening',
  'interview',
  'offer',
  'hired',
  'rejected',
  'custom',
];

const KIND_LABELS: Record<StageKind, string> = {
  applied: 'Applied (entry)',
  screening: 'Screening',
  interview: 'Interview',
  offer: 'Offer',
  hired: 'Hired (closing)',
  rejected: 'Rejected (closing)',
  custom: 'Custom',
};
export const kindLabel = (kind: StageKind) => KIND_LABELS[kind];

/** A stage in the editor: `key` is stable for React, `id` is the saved stage's (none when new). */
export interface StageDraft {
  key: string;
  id?: string;
  name: string;
  kind: StageKind;
}

export const sameStages = (a: StageDraft[], b: StageDraft[]) =>
  a.length === b.length &&
  a.every((s, i) => s.id === b[i]?.id && s.name === b[i]?.name && s.kind === b[i]?.kind);

export const toDrafts = (items: StageList['items']): StageDraft[] =>
  items.map((s) => ({ key: s.id, id: s.id, name: s.name, kind: s.kind }));
