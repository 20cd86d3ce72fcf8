import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseMap } from '../../../shared/api/case-figures';
import type {
  AddedPhoto,
  Case,
  CaseAssignees,
  CaseDetail,
  CaseQuery,
  ReportInput,
  TransitionInput,
} from '../../../shared/api/cases';
import type { Page } from '../../../shared/api/common';
import { apiUrl, isApiError, request } from '../../api/client';
import { useCursorList } from '../../api/pagination';
import { describeCaseError } from './case-errors';

/** Every case query starts with this key: an action changes the case, the lists, the map and the figures at once. */
export const casesKey = ['cases'] as const;

const caseKeys = {
  list: (filter: CaseQuery) => [...casesKey, 'list', filter] as const,
  detail: (id: string) => [...casesKey, 'detail', id] as const,
  map: (regionId: string | undefined) => [...casesKey, 'map', regionId ?? 'scope'] as const,
  assignees: (id: string) => [...casesKey, 'assignees', id] as const,
};

/** A case's item in the current language, never its code; an item since removed says so. */
export function useItemName() {
  const { t, i18n } = useTranslation();
  return ({ categoryName }: Pick<Case, 'categoryName'>) => {
    if (!categoryName) return t('cases.removedItem');
    return i18n.language === 'en' ? categoryName.en : categoryName.zh;
  };
}

// A screenful on a phone; "load more" brings the next page.
const casePageSize = 30;

export function useCases(filter: CaseQuery, options: { enabled?: boolean } = {}) {
  return useCursorList<Page<Case>>(
    caseKeys.list(filter),
    (cursor, signal) =>
      request<Page<Case>>('/cases', {
        query: {
          regionId: filter.regionId,
          status: filter.status?.join(','),
          category: filter.category,
          level: filter.level,
          overdue: filter.overdue,
          assignedToMe: filter.assignedToMe,
          waitingForMe: filter.waitingForMe,
          reportedByMe: filter.reportedByMe,
          number: filter.number,
          cursor,
          limit: casePageSize,
        },
        signal,
      }),
    { ...options, keepsPreviousWhileLoading: true },
  );
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: caseKeys.detail(id ?? ''),
    queryFn: ({ signal }) => request<CaseDetail>(`/cases/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
    staleTime: 0,
  });
}

/** Whom the user may dispatch a case to: its grid's people and the staff up to its level. */
export function useCaseAssignees(id: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: caseKeys.assignees(id),
    queryFn: ({ signal }) =>
      request<CaseAssignees>(`/cases/${encodeURIComponent(id)}/assignees`, { signal }).then((answer) => answer.items),
    enabled: options.enabled,
  });
}

/** The resident's phone in full, to call them back: asked with a reason, which the server audits. */
export async function revealResidentPhone(id: string, reason: string): Promise<string | null> {
  const revealed = await request<CaseDetail>(`/cases/${encodeURIComponent(id)}`, { query: { reveal: true, reason } });
  return revealed.residentPhone;
}

/** The open cases of a region's subtree as points, for the case map. */
export function useCaseMap(regionId: string | undefined, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: caseKeys.map(regionId),
    queryFn: ({ signal }) => request<CaseMap>('/cases/map', { query: { regionId }, signal }),
    enabled: options.enabled,
  });
}

/** Where the browser loads a case's photo from (an <img> sends the session cookie like any request). */
export function casePhotoUrl(caseId: string, photoId: string): string {
  return apiUrl(`/cases/${encodeURIComponent(caseId)}/photos/${encodeURIComponent(photoId)}`);
}

/**
 * A change to cases: refreshes every case query when it succeeds and, when it fails, says why in the cases' own
 * words. A case someone else acted on meanwhile (409 case_changed) is reloaded, so the user sees what they now can do.
 */
export function useCaseMutation<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { notification, message } = App.useApp();
  const { t } = useTranslation();
  const refresh = () => queryClient.invalidateQueries({ queryKey: casesKey });
  return useMutation({
    mutationFn: send,
    // Offline, a paused change would spin forever: it fails at once instead, and the page says it was not sent.
    networkMode: 'always',
    meta: { isErrorHandledLocally: true },
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error) && error.code === 'case_changed') {
        void message.warning(t('cases.errors.case_changed'));
        void refresh();
        return;
      }
      const { title, detail } = describeCaseError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useReportCase() {
  return useCaseMutation((input: ReportInput) => request<Case>('/cases', { method: 'POST', body: input }));
}

export function useTransitionCase(caseId: string) {
  return useCaseMutation((input: TransitionInput) =>
    request<Case>(`/cases/${encodeURIComponent(caseId)}/transitions`, { method: 'POST', body: input }),
  );
}

// The types the server takes as they are; anything else (HEIC, a type the browser does not know) goes as plain
// bytes, and the server recognises the image by its first bytes.
const photoTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Sends one photo's own bytes; the server checks that it is a JPEG, PNG or WebP. */
export function uploadCasePhoto(caseId: string, file: File) {
  const body = photoTypes.has(file.type) ? file : new Blob([file], { type: 'application/octet-stream' });
  return request<AddedPhoto>(`/cases/${encodeURIComponent(caseId)}/photos`, {
    method: 'POST',
    query: { fileName: file.name || 'photo.jpg' },
    body,
  });
}

export function useAddCasePhotos(caseId: string) {
  return useCaseMutation(async (files: File[]) => {
    for (const file of files) await uploadCasePhoto(caseId, file);
  });
}
