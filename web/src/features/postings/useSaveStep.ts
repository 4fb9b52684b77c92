// Saving a wizard step: PATCH only what the step edits, with If-Match so a colleague's change is
// never overwritten silently (412), then move on. Unchanged steps move on without a request.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { type PostingContent, type PostingPatch, type Tagged, patchPosting, postingKeys } from './api';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function unchanged(patch: PostingPatch, content: PostingContent): boolean {
  return Object.entries(patch).every(([key, value]) => same(value, content[key as keyof PostingContent]));
}

export function useSaveStep(id: string, content: PostingContent) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: (patch: PostingPatch) => {
      const cached = client.getQueryData<Tagged>(postingKeys.detail(id));
      return patchPosting(id, cached?.etag, patch);
    },
    onSuccess: (saved) => {
      client.setQueryData(postingKeys.detail(id), saved);
      client.invalidateQueries({ queryKey: postingKeys.lists });
      // Checks, analysis and versions describe the content that just changed: drop them rather than
      // mark them stale, so the review never shows the findings of the previous text while it refetches.
      client.removeQueries({ queryKey: postingKeys.detail(id), predicate: (q) => q.queryKey.length > 3 });
    },
  });
  /** Saves the step (when it changed) and goes to `target` once the server accepted it. */
  const saveAndGo = (patch: PostingPatch, target: string) => {
    if (unchanged(patch, content)) {
      mutation.reset();
      navigate(target);
      return;
    }
    mutation.mutate(patch, { onSuccess: () => navigate(target) });
  };
  return { saveAndGo, saving: mutation.isPending, error: mutation.error, reset: mutation.reset };
}
