import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { Region } from '../../../shared/api/regions';
import { regionChildrenQuery } from './regions-api';

/**
 * Lazily loaded region children for tree widgets. Children come from the query cache, so the tree follows
 * every invalidation (a region added or renamed) without its own copy of the data.
 */
export function useRegionTree() {
  const queryClient = useQueryClient();
  const [requestedParentIds, setRequestedParentIds] = useState<string[]>([]);
  const childrenByParent = useQueries({
    queries: requestedParentIds.map((parentId) => regionChildrenQuery(parentId)),
    combine: (results) => {
      const loaded = new Map<string, Region[]>();
      results.forEach((result, index) => {
        const parentId = requestedParentIds[index];
        if (parentId !== undefined && result.data) loaded.set(parentId, result.data);
      });
      return loaded;
    },
  });

  /** Asks for the children of these regions; they arrive through the queries above. */
  const requestChildren = useCallback((parentIds: string[]) => {
    setRequestedParentIds((ids) => {
      const missing = parentIds.filter((id) => !ids.includes(id));
      return missing.length > 0 ? [...ids, ...missing] : ids;
    });
  }, []);

  /** For a tree's loadData: resolves once the children are in the cache. */
  const loadChildren = useCallback(
    async (parentId: string) => {
      requestChildren([parentId]);
      await queryClient.ensureQueryData(regionChildrenQuery(parentId));
    },
    [queryClient, requestChildren],
  );

  return { childrenByParent, requestChildren, loadChildren };
}
