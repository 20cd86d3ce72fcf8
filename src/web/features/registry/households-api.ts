import { useQuery } from '@tanstack/react-query';
import { request, type Page } from '../../api/client';
import { useCursorList } from '../../api/pagination';
import { registryKey, useRegistryMutation } from './registry-api';

export type Household = {
  id: string;
  regionId: string;
  regionName: string;
  address: string;
  building: string | null;
  unit: string | null;
  room: string | null;
  headPersonId: string | null;
  headName: string | null;
  memberCount: number;
  notes: string;
  tags: string[];
};

export type HouseholdInput = {
  regionId: string;
  address: string;
  building?: string | null;
  unit?: string | null;
  room?: string | null;
  notes?: string;
  tags?: string[];
};

/** Besides the fields of a new household: its head, and `regionId` moves it with its members to another grid. */
export type HouseholdChanges = Partial<HouseholdInput> & { headPersonId?: string | null };

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
