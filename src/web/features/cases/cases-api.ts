import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type { FeatureCollection, Point } from 'geojson';
import { useTranslation } from 'react-i18next';
import type { CaseAction, CaseKind, CaseLevel, CaseSource, CaseStatus, CaseTier } from '../../../shared/cases';
import type { Role } from '../../../shared/policy';
import { apiUrl, isApiError, request, type Page } from '../../api/client';
import { useCursorList } from '../../api/pagination';
import { describeCaseError } from './case-errors';

export type CaseRecord = {
  id: string;
  number: string;
  /** The catalogue item's code: for filters, never shown (see `useItemName`). */
  category: string;
  /** The item's names in the county's catalogue; null for an item since removed. */
  categoryName: { zh: string; en: string } | null;
  kind: CaseKind;
  tier: CaseTier;
  source: CaseSource;
  status: CaseStatus;
  level: CaseLevel;
  regionId: string;
  regionName: string;
  location: { lat: number; lng: number } | null;
  address: string;
  description: string;
  residentName: string | null;
  /** Masked (138****1234) unless revealed with a reason. */
  residentPhone: string | null;
  reporterId: string | null;
  reporterName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  department: string | null;
  isPublished: boolean;
  duplicateOfId: string | null;
  result: string | null;
  deadline: string | null;
  isOverdue: boolean;
  reportedAt: string;
  closedAt: string | null;
  closedLevel: CaseLevel | null;
  isClosedOnTime: boolean | null;
  rating: number | null;
  /** 督办: how often a level above pressed for the case, and when last. */
  urgedCount: number;
  urgedAt: string | null;
  /** Sent back with each action: the server refuses (409 case_changed) when someone acted in between. */
  version: number;
  /** The actions this user may take on the case now. */
  abilities: CaseAction[];
};

export type CaseTimelineEntry = {
  id: string;
  at: string;
  actorName: string | null;
  /** A case action, or `report` for the first entry. */
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  fromLevel: CaseLevel | null;
  toLevel: CaseLevel;
  note: string | null;
  details: Record<string, unknown> | null;
};

export type CasePhoto = { id: string; fileName: string; contentType: string; size: number; createdAt: string };

export type CaseDetail = CaseRecord & { timeline: CaseTimelineEntry[]; files: CasePhoto[] };

/** Which cases a list shows; `status` is any of several. */
export type CaseFilter = {
  regionId?: string;
  status?: readonly CaseStatus[];
  category?: string;
  level?: CaseLevel;
  overdue?: boolean;
  assignedToMe?: boolean;
  /** The cases whose next step is the user's now (我的待办). */
  waitingForMe?: boolean;
  reportedByMe?: boolean;
  /** A case number as quoted: whole, or without the county code. */
  number?: string;
};

export type ReportInput = {
  category: string;
  description: string;
  regionId?: string;
  location?: { lat: number; lng: number };
  address?: string;
  tier?: CaseTier;
  source?: CaseSource;
  residentName?: string;
  residentPhone?: string;
  result?: string;
};

export type TransitionInput = {
  action: CaseAction;
  version: number;
  reason?: string;
  note?: string;
  result?: string;
  assigneeId?: string;
  rating?: number;
  duplicateOfId?: string;
  /** An urging's new deadline (ISO 8601). */
  deadline?: string;
};

/** Someone a case may be dispatched to, as the dispatch picker lists them. */
export type CaseAssignee = { accountId: string; name: string; role: Role; regionId: string; regionName: string };

export type CaseMapProperties = Pick<CaseRecord, 'id' | 'number' | 'category' | 'status' | 'level' | 'isOverdue'>;
/**
 * At most a few thousand points; `truncated` says there were more (the newest are shown). `open` and `overdue`
 * count every open case of the region, with a location or not, as its figures do.
 */
export type CaseMapCollection = FeatureCollection<Point, CaseMapProperties> & {
  open: number;
  overdue: number;
  truncated: boolean;
};

/** Every case query starts with this key: an action changes the case, the lists, the map and the figures at once. */
export const casesKey = ['cases'] as const;

const caseKeys = {
  list: (filter: CaseFilter) => [...casesKey, 'list', filter] as const,
  detail: (id: string) => [...casesKey, 'detail', id] as const,
  map: (regionId: string | undefined) => [...casesKey, 'map', regionId ?? 'scope'] as const,
  assignees: (id: string) => [...casesKey, 'assignees', id] as const,
};

/** A case's item in the current language, never its code; an item since removed says so. */
export function useItemName() {
  const { t, i18n } = useTranslation();
  return ({ categoryName }: Pick<CaseRecord, 'categoryName'>) => {
    if (!categoryName) return t('cases.removedItem');
    return i18n.language === 'en' ? categoryName.en : categoryName.zh;
  };
}

// A screenful on a phone; "load more" brings the next page.
const casePageSize = 30;

export function useCases(filter: CaseFilter, options: { enabled?: boolean } = {}) {
  return useCursorList<Page<CaseRecord>>(
    caseKeys.list(filter),
    (cursor, signal) =>
      request<Page<CaseRecord>>('/cases', {
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
      request<{ items: CaseAssignee[] }>(`/cases/${encodeURIComponent(id)}/assignees`, { signal }).then(
        (answer) => answer.items,
      ),
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
    queryFn: ({ signal }) => request<CaseMapCollection>('/cases/map', { query: { regionId }, signal }),
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
  return useCaseMutation((input: ReportInput) => request<CaseRecord>('/cases', { method: 'POST', body: input }));
}

export function useTransitionCase(caseId: string) {
  return useCaseMutation((input: TransitionInput) =>
    request<CaseRecord>(`/cases/${encodeURIComponent(caseId)}/transitions`, { method: 'POST', body: input }),
  );
}

// The types the server takes as they are; anything else (HEIC, a type the browser does not know) goes as plain
// bytes, and the server recognises the image by its first bytes.
const photoTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Sends one photo's own bytes; the server checks that it is a JPEG, PNG or WebP. */
export function uploadCasePhoto(caseId: string, file: File) {
  const body = photoTypes.has(file.type) ? file : new Blob([file], { type: 'application/octet-stream' });
  return request<CasePhoto>(`/cases/${encodeURIComponent(caseId)}/photos`, {
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
