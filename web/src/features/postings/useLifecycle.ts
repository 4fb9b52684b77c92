// Publish, close, reopen, archive and delete: each sends If-Match with the ETag last read, and
// refreshes what a status change affects (the lists, the history, the checks).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type Tagged, type Transition, deletePosting, postingKeys, transitionPosting } from './api';

export function useTransition(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ name, reason }: { name: Transition; reason?: string }) => {
      const cached = client.getQueryData<Tagged>(postingKeys.detail(id));
      return transitionPosting(id, cached?.etag, name, reason);
    },
    onSuccess: (saved) => {
      client.setQueryData(postingKeys.detail(id), saved);
      client.invalidateQueries({ queryKey: postingKeys.lists });
      client.invalidateQueries({ queryKey: postingKeys.detail(id), predicate: (q) => q.queryKey.length > 3 });
    },
    onError: () => {
      // A refusal may come from a stale view: the checks say what is wrong now.
      client.invalidateQueries({ queryKey: postingKeys.part(id, 'checks') });
    },
  });
}

export function useDeleteDraft(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => deletePosting(id, client.getQueryData<Tagged>(postingKeys.detail(id))?.etag),
    onSuccess: () => {
      client.removeQueries({ queryKey: postingKeys.detail(id) });
      client.invalidateQueries({ queryKey: postingKeys.lists });
    },
  });
}

export const TRANSITION_LABELS: Record<Transition, { verb: string; done: string }> = {
  publish: { verb: 'Publish', done: 'Published' },
  close: { verb: 'Close', done: 'Closed' },
  reopen: { verb: 'Reopen', done: 'Reopened' },
  archive: { verb: 'Archive', done: 'Archived' },
};
