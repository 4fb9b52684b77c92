// All of a posting's applications for the board: page after page (the API's largest page), shown
// as they arrive so the first cards appear after one request, with progress for the rest.
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { type Application, fetchApplicationsPage, pipelineKeys } from './api';
import type { BoardFilters } from './filters';

export function useBoardApplications(postingId: string, filters: BoardFilters) {
  const query = useInfiniteQuery({
    queryKey: pipelineKeys.applications(postingId, filters),
    queryFn: ({ pageParam }) => fetchApplicationsPage(postingId, filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new search loads, the old board stays in view instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
  const { hasNextPage, isFetchingNextPage, isError, isPlaceholderData, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError && !isPlaceholderData) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, isError, isPlaceholderData, fetchNextPage]);

  const applications = useMemo(() => {
    // A card moved while later pages load could in theory arrive twice: keep the first.
    const byId = new Map<string, Application>();
    for (const page of query.data?.pages ?? [])
      for (const a of page.data) if (!byId.has(a.id)) byId.set(a.id, a);
    return [...byId.values()];
  }, [query.data]);

  return {
    applications,
    error: query.error,
    isPending: query.isPending,
    /** Every page is in (and not the previous filters' board). */
    complete: query.isSuccess && !hasNextPage && !isPlaceholderData,
    updating: isPlaceholderData || isFetchingNextPage,
    retry: () => (hasNextPage ? fetchNextPage() : query.refetch()),
  };
}
