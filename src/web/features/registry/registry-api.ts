import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueryClient,
  hashKey,
  type InfiniteData,
  type QueryKey,
} from '@tanstack/react-query';
import { App } from 'antd';
import type { Page } from '../../api/client';
import { describeRegistryError } from './registry-errors';

/**
 * Every registry query starts with this key. People, households, places and the coverage figures all move
 * together (a new person changes a household's member count and a grid's completeness), so a change refreshes
 * all of them rather than guessing which lists it touched.
 */
export const registryKey = ['registry'] as const;

type RegistryMutationOptions<Input> = {
  /** Set when the component shows the error itself (a form beside its fields); otherwise a notification says it. */
  isErrorShownInline?: boolean;
  /** A query not to ask again after the change: the record it deleted, whose drawer is closing. */
  goneQueryKey?: (input: Input) => QueryKey;
};

/**
 * A change to the registry: refreshes the registry's lists when it succeeds and, when it fails, says why in the
 * registry's own words (the console's notifier does not know codes such as `person_exists`).
 */
export function useRegistryMutation<Input, Result>(
  send: (input: Input) => Promise<Result>,
  { isErrorShownInline = false, goneQueryKey }: RegistryMutationOptions<Input> = {},
) {
  const queryClient = useQueryClient();
  const { notification } = App.useApp();
  return useMutation({
    mutationFn: send,
    meta: { isErrorHandledLocally: true },
    onSuccess: (_result, input) => {
      const gone = goneQueryKey ? hashKey(goneQueryKey(input)) : undefined;
      return queryClient.invalidateQueries({
        queryKey: registryKey,
        predicate: (query) => query.queryHash !== gone,
      });
    },
    onError: (error) => {
      if (isErrorShownInline) return;
      const { title, detail } = describeRegistryError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

/**
 * `useCursorList` for a list behind a search box: while the next search loads, the previous result stays on screen
 * (no spinner flashing at every pause in typing), and the first page is at hand for totals it carries.
 */
export function useSearchableCursorList<Item, ListPage extends Page<Item> = Page<Item>>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<ListPage>,
  options: { enabled?: boolean } = {},
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
    placeholderData: keepPreviousData,
    enabled: options.enabled,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items, firstPage: query.data?.pages[0] };
}
