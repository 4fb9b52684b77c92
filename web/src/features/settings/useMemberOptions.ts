// The members, for choosing an actor in the audit log's filter (the first 100 are enough there).
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { settingsKeys } from './keys';

export function useMemberOptions() {
  const members = useQuery({
    queryKey: [...settingsKeys.members, 'options'],
    queryFn: () => unwrap(api.GET('/api/v1/org/members', { params: { query: { limit: 100 } } })),
  });
  return members.data?.data ?? [];
}
