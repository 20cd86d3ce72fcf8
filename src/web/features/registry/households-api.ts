import { useQuery } from '@tanstack/react-query';
import type { Page } from '../../../shared/api/common';
import type { Household, HouseholdChanges, HouseholdInput } from '../../../shared/api/registry';
import { request } from '../../api/client';
import { useCursorList } from '../../api/pagination';
import { registryKey, useRegistryMutation } from './registry-api';

const householdKeys = {
  list: (regionId: string | undefined, search: string) =>
    [...registryKey, 'households', 'list', regionId ?? 'scope', search] as const,
  detail: (id: string) => [...registryKey, 'households', 'detail', id] as const,
};

/** Households of a region's subtree whose address contains the search text. */
export function useHouseholds(regionId: string | undefined, search: string, options: { enabled?: boolean } = {}) {
  return useCursorList<Page<Household>>(
    householdKeys.list(regionId, search),
    (cursor, signal) => request<Page<Household>>('/households', { query: { regionId, q: search, cursor }, signal }),
    { ...options, keepsPreviousWhileLoading: true },
  );
}

/** One household with its member count; its members are a person list (`usePersons` with `householdId`). */
export function useHousehold(id: string | undefined) {
  return useQuery({
    queryKey: householdKeys.detail(id ?? ''),
    queryFn: ({ signal }) => request<Household>(`/households/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
  });
}

export function useCreateHousehold() {
  return useRegistryMutation((input: HouseholdInput) =>
    request<Household>('/households', { method: 'POST', body: input }),
  );
}

export function useUpdateHousehold() {
  return useRegistryMutation(({ id, ...changes }: HouseholdChanges & { id: string }) =>
    request<Household>(`/households/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
  );
}

/** Removes an empty household; the server refuses one with members (`household_not_empty`). */
export function useDeleteHousehold() {
  return useRegistryMutation(
    (id: string) => request<void>(`/households/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    {
      // The drawer of the deleted household is closing; asking for it again would only fetch a 404.
      goneQueryKey: householdKeys.detail,
    },
  );
}
