import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CaseCategory } from '../../../shared/api/case-catalogue';
import type { Page } from '../../../shared/api/common';
import type {
  Checklist,
  ChecklistChange,
  ChecklistInput,
  InspectionDetail,
  InspectionFigures,
  InspectionInput,
  InspectionPhoto,
  InspectionSummary,
  ReInspectionInput,
} from '../../../shared/api/inspections';
import type { PlaceKind } from '../../../shared/registry';
import { apiUrl, request } from '../../api/client';
import { useCursorList } from '../../api/pagination';

/** Every inspection query starts with this key: recording one changes the lists, the figures and a place's history. */
export const inspectionsKey = ['inspections'] as const;

/** What the list shows (the console's filter, the API's query; dates are China's). */
export type InspectionFilter = {
  regionId?: string | undefined;
  placeId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  isOpen?: boolean | undefined;
};

const pageSize = 30;

export function useInspections(filter: InspectionFilter, options: { enabled?: boolean } = {}) {
  return useCursorList<Page<InspectionSummary>>(
    [...inspectionsKey, 'list', filter],
    (cursor, signal) =>
      request<Page<InspectionSummary>>('/inspections', {
        query: { ...filter, isOpen: filter.isOpen || undefined, cursor, limit: pageSize },
        signal,
      }),
    { enabled: options.enabled, keepsPreviousWhileLoading: true },
  );
}

export function usePlaceInspections(placeId: string | undefined) {
  return useCursorList<Page<InspectionSummary>>(
    [...inspectionsKey, 'place', placeId],
    (cursor, signal) =>
      request<Page<InspectionSummary>>(`/places/${placeId}/inspections`, {
        query: { cursor, limit: pageSize },
        signal,
      }),
    { enabled: placeId !== undefined },
  );
}

export function useInspection(id: string | undefined) {
  return useQuery({
    queryKey: [...inspectionsKey, 'detail', id],
    queryFn: ({ signal }) => request<InspectionDetail>(`/inspections/${id}`, { signal }),
    enabled: id !== undefined,
  });
}

export function useInspectionFigures(filter: { regionId?: string | undefined; from?: string; to?: string }) {
  return useQuery({
    queryKey: [...inspectionsKey, 'figures', filter],
    queryFn: ({ signal }) => request<InspectionFigures>('/inspections/figures', { query: filter, signal }),
  });
}

export function useChecklists(options: { placeKind?: PlaceKind | undefined; includeInactive?: boolean } = {}) {
  return useQuery({
    queryKey: [...inspectionsKey, 'checklists', options],
    queryFn: ({ signal }) =>
      request<{ items: Checklist[] }>('/inspection-checklists', { query: options, signal }).then(
        (answer) => answer.items,
      ),
    staleTime: 60_000,
  });
}

function useInvalidating<Input, Output>(send: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: inspectionsKey }),
        // Cases are made and moved by inspections.
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
      ]);
    },
  });
}

export function useRecordInspection() {
  return useInvalidating((input: InspectionInput) =>
    request<InspectionDetail>('/inspections', { method: 'POST', body: input }),
  );
}

export function useReInspect(id: string) {
  return useInvalidating((input: ReInspectionInput) =>
    request<InspectionDetail>(`/inspections/${id}/re-inspections`, { method: 'POST', body: input }),
  );
}

export function useCreateChecklist() {
  return useInvalidating((input: ChecklistInput) =>
    request<Checklist>('/inspection-checklists', { method: 'POST', body: input }),
  );
}

export function useUpdateChecklist() {
  return useInvalidating(({ id, ...changes }: ChecklistChange & { id: string }) =>
    request<Checklist>(`/inspection-checklists/${id}`, { method: 'PATCH', body: changes }),
  );
}

/** Sends a photo ahead of its inspection; the inspection names it by the id answered. */
export function uploadInspectionPhoto(file: File): Promise<InspectionPhoto> {
  return request<InspectionPhoto>('/inspection-photos', { method: 'POST', query: { fileName: file.name }, body: file });
}

/** Where the browser loads a photo of an inspection from. */
export function inspectionPhotoUrl(inspectionId: string, photoId: string): string {
  return apiUrl(`/inspections/${inspectionId}/photos/${photoId}`);
}

/** A name kept in both languages, in the current one. */
export function useLocalName() {
  const { i18n } = useTranslation();
  return (name: { zh: string; en: string }) => (i18n.language === 'en' ? name.en : name.zh);
}

/** The catalogue's active items, for the item a checklist's case is filed under. */
export function useCatalogueItems() {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: [...inspectionsKey, 'case-categories'],
    queryFn: ({ signal }) =>
      request<{ items: CaseCategory[] }>('/case-categories', { signal }).then((answer) => answer.items),
    staleTime: 5 * 60_000,
  });
  return (query.data ?? [])
    .filter((category) => category.isActive)
    .map((category) => ({ value: category.code, label: i18n.language === 'en' ? category.nameEn : category.nameZh }));
}
