import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  DisputeChanges,
  DisputeDetail,
  DisputeFigures,
  DisputeInput,
  DisputeKind,
  DisputeMediators,
  DisputePage,
  OutcomeInput,
  SessionInput,
  TalkPoint,
  TalkPointInput,
} from '../../../shared/api/disputes';
import type { PersonPage } from '../../../shared/api/registry';
import type { DisputeStatus } from '../../../shared/disputes';
import { isApiError, request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useCursorList } from '../../api/pagination';
import type { KindInput } from '../field-work/kind-settings';

/** Every dispute query starts with this key: a change refreshes the list, the figures and the dispute at once. */
export const disputesKey = ['disputes'] as const;

export type DisputeFilter = { regionId?: string | undefined; status?: DisputeStatus[] | undefined };

const disputeKeys = {
  list: (filter: DisputeFilter) => [...disputesKey, 'list', filter] as const,
  detail: (id: string, reason: string | undefined) => [...disputesKey, 'detail', id, reason ?? ''] as const,
  figures: (regionId: string | undefined, from: string | undefined, to: string | undefined) =>
    [...disputesKey, 'figures', regionId ?? 'scope', from ?? '', to ?? ''] as const,
  kinds: [...disputesKey, 'kinds'] as const,
  talkPoints: (regionId: string | undefined) => [...disputesKey, 'talk-points', regionId ?? 'scope'] as const,
};

// A screenful on a phone; "load more" brings the next page.
const disputePageSize = 30;

export function useDisputes(filter: DisputeFilter) {
  return useCursorList<DisputePage>(
    disputeKeys.list(filter),
    (cursor, signal) =>
      request<DisputePage>('/disputes', {
        query: { regionId: filter.regionId, status: filter.status?.join(','), cursor, limit: disputePageSize },
        signal,
      }),
    { keepsPreviousWhileLoading: true },
  );
}

/** One dispute; with a reason, its parties' phones in full (the server records the reason). */
export function useDispute(id: string | undefined, revealReason?: string) {
  return useQuery({
    queryKey: disputeKeys.detail(id ?? '', revealReason),
    queryFn: ({ signal }) =>
      request<DisputeDetail>(`/disputes/${encodeURIComponent(id ?? '')}`, {
        query: revealReason ? { reveal: true, reason: revealReason } : undefined,
        signal,
      }),
    enabled: id !== undefined,
    staleTime: 0,
  });
}

export function useDisputeFigures(regionId: string | undefined, period: { from?: string; to?: string } = {}) {
  return useQuery({
    queryKey: disputeKeys.figures(regionId, period.from, period.to),
    queryFn: ({ signal }) => request<DisputeFigures>('/disputes/figures', { query: { regionId, ...period }, signal }),
  });
}

/** The county's kinds, retired ones marked; the settings screen names the county an administrator chose. */
export function useDisputeKinds(county: { countyId?: string | undefined; isReady?: boolean } = {}) {
  return useQuery({
    queryKey: [...disputeKeys.kinds, county.countyId ?? 'own'],
    queryFn: ({ signal }) =>
      request<{ items: DisputeKind[] }>('/dispute-kinds', { query: { countyId: county.countyId }, signal }).then(
        (a) => a.items,
      ),
    staleTime: 5 * 60_000,
    enabled: county.isReady ?? true,
  });
}

export function useSaveDisputeKind(countyId: string | undefined) {
  return useDisputeMutation(({ code, ...body }: KindInput) =>
    request<DisputeKind>(`/dispute-kinds/${encodeURIComponent(code)}`, { method: 'PUT', query: { countyId }, body }),
  );
}

/** Who may mediate a dispute in this grid: its staff and those of the regions above it, the grid's first. */
export function useDisputeMediators(regionId: string | undefined) {
  return useQuery({
    queryKey: [...disputesKey, 'mediators', regionId ?? ''],
    queryFn: ({ signal }) =>
      request<DisputeMediators>('/disputes/mediators', { query: { regionId }, signal }).then((a) => a.items),
    enabled: regionId !== undefined,
    staleTime: 60_000,
  });
}

/** A kind by its code in the current language; a code since removed shows as itself. */
export function useKindName() {
  const { i18n } = useTranslation();
  return (kindName: { zh: string; en: string } | null, code: string) =>
    kindName ? (i18n.language === 'en' ? kindName.en : kindName.zh) : code;
}

export function useTalkPoints(regionId?: string) {
  return useQuery({
    queryKey: disputeKeys.talkPoints(regionId),
    queryFn: ({ signal }) =>
      request<{ items: TalkPoint[] }>('/talk-points', { query: { regionId }, signal }).then((a) => a.items),
  });
}

/** A change to disputes: refreshes every dispute query; a dispute changed meanwhile is shown afresh, with a word. */
function useDisputeMutation<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { message, notification } = App.useApp();
  const { t } = useTranslation();
  const refresh = () => queryClient.invalidateQueries({ queryKey: disputesKey });
  return useMutation({
    mutationFn: send,
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error) && error.code === 'dispute_changed') {
        void message.warning(t('disputes.errors.changed'));
        void refresh();
        return;
      }
      if (isApiError(error) && error.code === 'unsupported_file') {
        void message.error(t('disputes.errors.notAPhoto'));
        return;
      }
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useRegisterDispute() {
  return useDisputeMutation((input: DisputeInput) =>
    request<DisputeDetail>('/disputes', { method: 'POST', body: input }),
  );
}

export function useUpdateDispute(id: string) {
  return useDisputeMutation((input: DisputeChanges) =>
    request<DisputeDetail>(`/disputes/${encodeURIComponent(id)}`, { method: 'PATCH', body: input }),
  );
}

export function useAddSession(id: string) {
  return useDisputeMutation((input: SessionInput) =>
    request<DisputeDetail>(`/disputes/${encodeURIComponent(id)}/sessions`, { method: 'POST', body: input }),
  );
}

// The types the server takes as they are; anything else goes as plain bytes, recognised by the server.
const photoTypes = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** Records the outcome, then sends the signed agreement's photo if one was chosen. */
export function useRecordOutcome(id: string) {
  return useDisputeMutation(async ({ outcome, photo }: { outcome: OutcomeInput; photo?: File | undefined }) => {
    const answer = await request<DisputeDetail>(`/disputes/${encodeURIComponent(id)}/outcome`, {
      method: 'POST',
      body: outcome,
    });
    if (!photo) return answer;
    const body = photoTypes.has(photo.type) ? photo : new Blob([photo], { type: 'application/octet-stream' });
    return request<DisputeDetail>(`/disputes/${encodeURIComponent(id)}/agreement-photo`, {
      method: 'PUT',
      query: { fileName: photo.name || 'agreement.jpg' },
      body,
    });
  });
}

export function useCreateTalkPoint() {
  return useDisputeMutation((input: TalkPointInput) =>
    request<TalkPoint>('/talk-points', { method: 'POST', body: input }),
  );
}

/** Residents in the caller's scope matching a search, as parties to name: the registry's list, masked as always. */
export function useResidentSearch(text: string) {
  return useQuery({
    queryKey: [...disputesKey, 'resident-search', text],
    queryFn: ({ signal }) =>
      request<PersonPage>('/persons', { query: { q: text, limit: 20 }, signal }).then((page) => page.items),
    enabled: text.trim().length > 0,
    staleTime: 30_000,
  });
}
