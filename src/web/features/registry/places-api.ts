import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PlaceKind } from '../../../shared/registry';
import { request } from '../../api/client';
import { registryKey, useRegistryMutation } from './registry-api';

export type Place = {
  id: string;
  regionId: string;
  regionName: string;
  kind: PlaceKind;
  name: string;
  address: string;
  contactName: string | null;
  /** Masked by the server (138****1234). */
  contactPhone: string | null;
  notes: string;
};

export type PlaceInput = {
  regionId: string;
  kind: PlaceKind;
  name: string;
  address?: string;
  contactName?: string | null;
  contactPhone?: string | null;
  notes?: string;
};

const placeKeys = {
  list: (regionId: string | undefined, kind: PlaceKind | undefined) =>
    [...registryKey, 'places', regionId ?? 'scope', kind ?? 'all'] as const,
};

/** Places and enterprises of a region's subtree, of one kind or all (the API answers them all at once). */
export function usePlaces(
  regionId: string | undefined,
  kind: PlaceKind | undefined,
  options: { enabled?: boolean } = {},
) {
  return useQuery<Place[]>({
    queryKey: placeKeys.list(regionId, kind),
    queryFn: ({ signal }) =>
      request<{ items: Place[] }>('/places', { query: { regionId, kind }, signal }).then((result) => result.items),
    // Switching kind keeps the last list on screen until the next one is there.
    placeholderData: keepPreviousData,
    enabled: options.enabled,
  });
}

export function useCreatePlace() {
  return useRegistryMutation((input: PlaceInput) => request<Place>('/places', { method: 'POST', body: input }));
}

export function useUpdatePlace() {
  return useRegistryMutation(({ id, ...changes }: Partial<PlaceInput> & { id: string }) =>
    request<Place>(`/places/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
  );
}

export function useDeletePlace() {
  return useRegistryMutation((id: string) => request<void>(`/places/${encodeURIComponent(id)}`, { method: 'DELETE' }));
}
