import { useMutation, useQueryClient, hashKey, type QueryKey } from '@tanstack/react-query';
import { App } from 'antd';
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
