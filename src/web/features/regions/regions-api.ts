import { queryOptions, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FeatureCollection } from 'geojson';
import type { Page } from '../../../shared/api/common';
import type {
  BoundaryImportResult,
  LocatedRegion,
  Region,
  RegionChanges,
  RegionDetail,
  RegionFeatureCollection,
  RegionInput,
} from '../../../shared/api/regions';
import type { RegionLevel } from '../../../shared/policy';
import { arrivedAnswer, request } from '../../api/client';

export const regionKeys = {
  all: ['regions'] as const,
  children: (parentId: string | undefined) => ['regions', 'children', parentId ?? 'scope'] as const,
  detail: (id: string) => ['regions', 'detail', id] as const,
  search: (text: string) => ['regions', 'search', text] as const,
  boundaries: (id: string, level: RegionLevel | undefined) =>
    ['regions', 'boundaries', id, level ?? 'children'] as const,
  locate: (longitude: number, latitude: number) => ['regions', 'locate', longitude, latitude] as const,
};

/** Children of a region, or the roots of the user's scope when no parent is given. */
export function regionChildrenQuery(parentId: string | undefined) {
  return queryOptions({
    queryKey: regionKeys.children(parentId),
    queryFn: ({ signal }) =>
      request<Page<Region>>('/regions', { query: { parentId }, signal }).then((page) => page.items),
    initialData: () => arrivedAnswer<Page<Region>>('/regions', { parentId })?.items,
    staleTime: 5 * 60_000,
  });
}

export function useRegionChildren(parentId: string | undefined) {
  return useQuery(regionChildrenQuery(parentId));
}

export function regionQuery(id: string) {
  return queryOptions({
    queryKey: regionKeys.detail(id),
    queryFn: ({ signal }) => request<RegionDetail>(`/regions/${encodeURIComponent(id)}`, { signal }),
    initialData: () => arrivedAnswer<RegionDetail>(`/regions/${encodeURIComponent(id)}`),
  });
}

export function useRegion(id: string | undefined) {
  return useQuery({ ...regionQuery(id ?? ''), enabled: id !== undefined });
}

export function useRegionSearch(text: string) {
  return useQuery({
    queryKey: regionKeys.search(text),
    queryFn: ({ signal }) =>
      request<{ items: Region[] }>('/regions/search', { query: { q: text }, signal }).then((result) => result.items),
    enabled: text.length > 0,
    staleTime: 60_000,
  });
}

function boundariesPath(id: string) {
  return `/regions/${encodeURIComponent(id)}/boundaries`;
}

export function fetchBoundaries(id: string, level: RegionLevel | undefined, signal?: AbortSignal) {
  return request<RegionFeatureCollection>(boundariesPath(id), { query: { level }, signal });
}

/** Polygons of a region's descendants at one level (its children when no level is given). */
export function boundariesQuery(id: string, level: RegionLevel | undefined) {
  return queryOptions({
    queryKey: regionKeys.boundaries(id, level),
    queryFn: ({ signal }) => fetchBoundaries(id, level, signal),
    initialData: () => arrivedAnswer<RegionFeatureCollection>(boundariesPath(id), { level }),
    staleTime: 5 * 60_000,
  });
}

export function useRegionBoundaries(id: string | undefined, level?: RegionLevel) {
  return useQuery({ ...boundariesQuery(id ?? '', level), enabled: id !== undefined });
}

export function useLocateRegion(point: { longitude: number; latitude: number } | undefined) {
  return useQuery({
    queryKey: regionKeys.locate(point?.longitude ?? 0, point?.latitude ?? 0),
    queryFn: ({ signal }) =>
      request<LocatedRegion>('/regions/locate', { query: { lng: point?.longitude, lat: point?.latitude }, signal }),
    enabled: point !== undefined,
  });
}

function useInvalidateRegions() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: regionKeys.all });
}

export function useCreateRegion() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: (input: RegionInput) => request<Region>('/regions', { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useUpdateRegion() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: ({ id, ...changes }: RegionChanges & { id: string }) =>
      request<Region>(`/regions/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes }),
    onSuccess: invalidate,
  });
}

/** Saves a boundary drawn on the map; the editor shows a refusal on the map itself. */
export function useSaveBoundary() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: ({ id, boundary }: Required<Pick<RegionChanges, 'boundary'>> & { id: string }) =>
      request<RegionDetail>(`/regions/${encodeURIComponent(id)}`, { method: 'PATCH', body: { boundary } }),
    meta: { isErrorHandledLocally: true },
    onSuccess: invalidate,
  });
}

export function useImportBoundaries() {
  const invalidate = useInvalidateRegions();
  return useMutation({
    mutationFn: ({ id, collection }: { id: string; collection: FeatureCollection }) =>
      request<BoundaryImportResult>(`/regions/${encodeURIComponent(id)}/boundaries`, {
        method: 'PUT',
        body: collection,
      }),
    // The import dialog lists the per-feature problems itself.
    meta: { isErrorHandledLocally: true },
    onSuccess: invalidate,
  });
}

/** Names for a handful of region ids (the grids a party branch covers); each answer is cached like any region. */
export function useRegionNames(ids: string[]): Record<string, string> {
  return useQueries({
    queries: ids.map((id) => ({ ...regionQuery(id), staleTime: 5 * 60_000 })),
    combine: (results) =>
      Object.fromEntries(results.flatMap((result) => (result.data ? [[result.data.id, result.data.name]] : []))),
  });
}
