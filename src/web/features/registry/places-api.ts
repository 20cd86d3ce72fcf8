import type { Page } from '../../../shared/api/common';
import type { Place, PlaceChanges, PlaceInput } from '../../../shared/api/registry';
import type { PlaceKind } from '../../../shared/registry';
import { request } from '../../api/client';
import { useCursorList } from '../../api/pagination';
import { registryKey, useRegistryMutation } from './registry-api';

/** What the places list shows: a region's subtree, one kind or all, and text in the name or address. */
export type PlaceFilter = { regionId: string | undefined; kind: PlaceKind | undefined; search: string };

const placeKeys = {
  list: (filter: PlaceFilter) => [...registryKey, 'places', 'list', filter] as const,
};

// Enough to fill a screen and scroll a little; "load more" brings the next page.
const placePageSize = 50;

/** Places and enterprises matching the filter, a page at a time in name order. */
export function usePlaces(filter: PlaceFilter, options: { enabled?: boolean } = {}) {
  return useCursorList<Page<Place>>(
    placeKeys.list(filter),
    (cursor, signal) =>
      request<Page<Place>>('/places', {
        query: { regionId: filter.regionId, kind: filter.kind, q: filter.search, cursor, limit: placePageSize },
        signal,
      }),
    { ...options, keepsPreviousWhileLoading: true },
  );
}

export function useCreatePlace() {
  return useRegistryMutation((input: PlaceInput) => request<Place>('/places', { method: 'POST', body: input }));
}

export function useUpdatePlace() {
  return useRegistryMutation(({ id, ...changes }: PlaceChanges & { id: string }) =>
    request<Place>(`/places/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
  );
}

export function useDeletePlace() {
  return useRegistryMutation((id: string) => request<void>(`/places/${encodeURIComponent(id)}`, { method: 'DELETE' }));
}
