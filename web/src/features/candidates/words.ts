// How the API's codes read to a recruiter: statuses, recommendations, ratings and timeline events.

export const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  hired: 'Hired',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
};

export const statusTone = (status: string) =>
  status === 'hired'
    ? 'success'
    : status === 'rejected'
      ? 'danger'
      : status === 'withdrawn'
        ? 'warning'
        : 'primary';

export const RECOMMENDATIONS = [
  { id: 'strong_no', label: 'Strong no' },
  { id: 'no', label: 'No' },
  { id: 'yes', label: 'Yes' },
  { id: 'strong_yes', label: 'Strong yes' },
] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number]['id'];

export const recommendationLabel = (id: string) => RECOMMENDATIONS.find((r) => r.id === id)?.label ?? id;

/** The 4-point scale of every criterion: 1 strong no … 4 strong yes. */
export const RATINGS = [
  { value: 1, label: '1 Strong no' },
  { value: 2, label: '2 No' },
  { value: 3, label: '3 Yes' },
  { value: 4, label: '4 Strong yes' },
] as const;

interface EventLike {
  kind: string;
  actor: string;
  fromStage: string | null;
  toStage: string | null;
  data: unknown;
}

const field = (data: unknown, key: string): unknown =>
  data && typeof data === 'object' && key in data ? (data as Record<string, unknown>)[key] : undefined;

const who = (actor: string) =>
  actor === 'candidate' ? 'The candidate' : actor === 'system' ? 'Rolecraft' : actor;

/** One timeline event as a sentence; `nameOf` turns member ids into names. */
export function describeEvent(e: EventLike, nameOf: (userId: string) => string = (id) => id): string {
  switch (e.kind) {
    case 'applied':
      return `Applied${e.toStage ? ` (entered ${e.toStage})` : ''}`;
    case 'stage_changed': {
      const reason = field(e.data, 'reason');
      const move = `${who(e.actor)} moved it from ${e.fromStage ?? 'no stage'} to ${e.toStage ?? 'another stage'}`;
      return typeof reason === 'string' ? `${move}. Reason: ${reason}` : move;
    }
    case 'assigned': {
      const ids = field(e.data, 'userIds');
      const names = Array.isArray(ids) ? ids.map((id) => nameOf(String(id))) : [];
      return names.length > 0
        ? `${who(e.actor)} assigned ${names.join(', ')} to interview`
        : `${who(e.actor)} removed all interviewers`;
    }
    case 'note_added': {
      const mentions = field(e.data, 'mentions');
      const names = Array.isArray(mentions) ? mentions.map((id) => nameOf(String(id))) : [];
      return `${who(e.actor)} added a note${names.length > 0 ? ` mentioning ${names.join(', ')}` : ''}`;
    }
    case 'scorecard_submitted': {
      const interview = field(e.data, 'interview');
      return `${who(e.actor)} submitted a scorecard${typeof interview === 'string' ? ` for “${interview}”` : ''}`;
    }
    case 'processed': {
      const score = field(e.data, 'score');
      return typeof score === 'number'
        ? `Resume read: match score ${score}%`
        : 'Resume read: no known skills to score';
    }
    case 'processing_failed': {
      const reason = field(e.data, 'reason');
      return `The resume could not be read${typeof reason === 'string' ? `: ${reason}` : ''}`;
    }
    case 'withdrawn':
      return 'The candidate withdrew the application';
    case 'export_requested':
      return 'The candidate asked for a copy of their data';
    case 'erasure_requested':
      return 'The candidate asked for their data to be erased';
    case 'consent_renewed':
      return 'The candidate agreed to keep their data for another period';
    default:
      return `${who(e.actor)}: ${e.kind.replaceAll('_', ' ')}`;
  }
}

/** `@[Name](user:<uuid>)` tokens as "@Name", the way the note's reader should see them. */
export const MENTION_TOKEN = /@\[([^\]\r\n]{1,100})\]\(user:[0-9a-fA-F-]{36}\)/g;
export const displayNote = (body: string) => body.replace(MENTION_TOKEN, (_all, name: string) => `@${name}`);

/** "2 days", "3 hours": how long an application sat in a stage. */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(seconds / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}
