// Cursor-paginated lists ({ data, nextCursor }) as one flat list with "Load more".
import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export function usePaged<T>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  enabled = true,
) {
  const query = useInfiniteQuery({
    queryKey,
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((p) => p.data) ?? [];
  return { ...query, items };
}
