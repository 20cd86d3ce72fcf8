import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { CaseCategory } from '../../../shared/api/case-catalogue';
import type { Page } from '../../../shared/api/common';
import type { Staff } from '../../../shared/api/staff';
import type {
  Need,
  NeedInput,
  NeedStatusChange,
  Visit,
  VisitInput,
  VisitPhoto,
  VisitPurpose,
} from '../../../shared/api/visits';
import { request } from '../../api/client';
import { useCursorList } from '../../api/pagination';

/** Every visit query starts with this key: recording a visit changes the lists, the household's history and needs. */
export const visitsKey = ['visits'] as const;

/** What a visit list shows (the console's filter, the API's query). */
export type VisitFilter = {
  regionId?: string | undefined;
  householdId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  purpose?: string | undefined;
};

const visitPageSize = 30;

export function useVisits(filter: VisitFilter, options: { enabled?: boolean } = {}) {
  return useCursorList<Page<Visit>>(
    [...visitsKey, 'list', filter],
    (cursor, signal) => request<Page<Visit>>('/visits', { query: { ...filter, cursor, limit: visitPageSize }, signal }),
    { enabled: options.enabled, keepsPreviousWhileLoading: true },
  );
}

export function useVisit(id: string | undefined) {
  return useQuery({
    queryKey: [...visitsKey, 'detail', id],
    queryFn: ({ signal }) => request<Visit>(`/visits/${id}`, { signal }),
    enabled: id !== undefined,
  });
}

/** The county's purposes (of the county picked, for an account that spans counties), named in the current language. */
export function useVisitPurposes(county: { countyId?: string | undefined; isReady?: boolean } = {}) {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: [...visitsKey, 'purposes', county.countyId ?? 'own'],
    queryFn: ({ signal }) =>
      request<{ items: VisitPurpose[] }>('/visit-purposes', { query: { countyId: county.countyId }, signal }).then(
        (answer) => answer.items,
      ),
    staleTime: 5 * 60_000,
    enabled: county.isReady ?? true,
  });
  const purposes = query.data ?? [];
  const nameOf = (purpose: Pick<VisitPurpose, 'zh' | 'en'>) => (i18n.language === 'en' ? purpose.en : purpose.zh);
  return {
    ...query,
    purposes,
    options: purposes
      .filter((purpose) => purpose.isActive)
      .map((purpose) => ({ value: purpose.code, label: nameOf(purpose) })),
  };
}

/** Replaces the county's list of purposes (`PUT /visit-purposes`: the whole list at once). */
export function useSaveVisitPurposes(countyId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: VisitPurpose[]) =>
      request<{ items: VisitPurpose[] }>('/visit-purposes', { method: 'PUT', query: { countyId }, body: { items } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...visitsKey, 'purposes'] }),
  });
}

/** A visit's purpose in the current language; one since removed from the list says so. */
export function usePurposeName() {
  const { t, i18n } = useTranslation();
  return ({ purposeName }: Pick<Visit, 'purposeName'>) =>
    purposeName ? (i18n.language === 'en' ? purposeName.en : purposeName.zh) : t('visits.removedPurpose');
}

export function useRecordVisit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: VisitInput) => request<Visit>('/visits', { method: 'POST', body: input }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: visitsKey }),
        // A case or a household change may come with it.
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
        queryClient.invalidateQueries({ queryKey: ['households'] }),
      ]);
    },
  });
}

/** Sends a photo ahead of its visit; its id goes into the visit's photoUploadIds. */
export function uploadVisitPhoto(file: File): Promise<VisitPhoto> {
  return request<VisitPhoto>('/visit-photos', {
    method: 'POST',
    query: { fileName: file.name },
    body: file,
  });
}

export function useHouseholdNeeds(householdId: string | undefined) {
  return useQuery({
    queryKey: [...visitsKey, 'needs', householdId],
    queryFn: ({ signal }) =>
      request<{ items: Need[] }>(`/households/${householdId}/needs`, { signal }).then((answer) => answer.items),
    enabled: householdId !== undefined,
  });
}

export function useAddNeed(householdId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NeedInput) =>
      request<Need>(`/households/${householdId}/needs`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: visitsKey }),
  });
}

export function useChangeNeedStatus(householdId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ needId, ...change }: NeedStatusChange & { needId: string }) =>
      request<Need>(`/households/${householdId}/needs/${needId}`, { method: 'PATCH', body: change }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: visitsKey }),
  });
}

/** Staff of a region and its subtree, for the visitors (the first page is enough for a grid). */
export function useGridStaff(regionId: string | undefined) {
  return useQuery({
    queryKey: [...visitsKey, 'staff', regionId],
    queryFn: ({ signal }) =>
      request<Page<Staff>>('/staff', { query: { regionId, limit: 100 }, signal }).then((answer) => answer.items),
    enabled: regionId !== undefined,
    staleTime: 5 * 60_000,
  });
}

/** The catalogue's active items, for a case reported from a visit. */
export function useCaseItems() {
  const { i18n } = useTranslation();
  const query = useQuery({
    queryKey: [...visitsKey, 'case-categories'],
    queryFn: ({ signal }) =>
      request<{ items: CaseCategory[] }>('/case-categories', { signal }).then((answer) => answer.items),
    staleTime: 5 * 60_000,
  });
  return (query.data ?? [])
    .filter((category) => category.isActive)
    .map((category) => ({ value: category.code, label: i18n.language === 'en' ? category.nameEn : category.nameZh }));
}
