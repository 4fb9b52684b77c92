import { Badge } from '../../ui/components';
import type { PostingStatus } from './api';
import { STATUS_TONE } from './labels';

/** The status as a word (never colour alone). */
export function StatusBadge({ status }: { status: PostingStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}
