import { keepPreviousData, useInfiniteQuery, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import type { Page } from './client';

/**
 * A cursor-paginated list as one growing array, with `fetchNextPage` for a "load more" button and the first page at
 * hand for totals it carries. Behind a search box, `keepsPreviousWhileLoading` leaves the previous result on screen
 * while the next search loads (no spinner flashing at every pause in typing). A list that changes on its own (the
 * notifications) asks again every `refetchIntervalMilliseconds`.
 */
export function useCursorList<ListPage extends Page<unknown>>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<ListPage>,
  options: { enabled?: boolean; keepsPreviousWhileLoading?: boolean; refetchIntervalMilliseconds?: number } = {},
) {
  const query = useInfiniteQuery<
    ListPage,
    Error,
    InfiniteData<ListPage, string | undefined>,
    QueryKey,
    string | undefined
  >({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    placeholderData: options.keepsPreviousWhileLoading ? keepPreviousData : undefined,
    enabled: options.enabled,
    refetchInterval: options.refetchIntervalMilliseconds,
  });
  const items: ListPage['items'] = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items, firstPage: query.data?.pages[0] };
}
