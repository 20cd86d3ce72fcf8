import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  ContactInput,
  PairingActionInput,
  PairingDetail,
  PairingFigures,
  PairingFiguresQuery,
  PairingInput,
  PairingKind,
  PairingPage,
} from '../../../shared/api/pairings';
import type { Unit, UnitChange, UnitInput } from '../../../shared/api/units';
import { isApiError, request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useCursorList } from '../../api/pagination';

/** Every pairing query starts with this key: a change refreshes the lists, the figures and the pairing at once. */
export const pairingsKey = ['pairings'] as const;
const unitsKey = ['units'] as const;

export type PairingFilter = { kind?: string | undefined; overdue?: boolean; mine?: boolean; status?: 'active' };

// A screenful on a phone; "load more" brings the next page.
const pairingPageSize = 30;

export function usePairings(filter: PairingFilter) {
  return useCursorList<PairingPage>(
    [...pairingsKey, 'list', filter],
    (cursor, signal) =>
      request<PairingPage>('/pairings', {
        query: {
          kind: filter.kind,
          status: filter.status,
          overdue: filter.overdue ? true : undefined,
          mine: filter.mine ? true : undefined,
          cursor,
          limit: pairingPageSize,
        },
        signal,
      }),
    { keepsPreviousWhileLoading: true },
  );
}

export function usePairing(id: string | undefined) {
  return useQuery({
    queryKey: [...pairingsKey, 'detail', id ?? ''],
    queryFn: ({ signal }) => request<PairingDetail>(`/pairings/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: id !== undefined,
    staleTime: 0,
  });
}

/** The figures of a region and period; without them, the user's own region over the last 90 days. */
export function usePairingFigures(query: PairingFiguresQuery = {}) {
  return useQuery({
    queryKey: [...pairingsKey, 'figures', query],
    queryFn: ({ signal }) => request<PairingFigures>('/pairings/figures', { query, signal }),
  });
}

export function usePairingKinds(countyId?: string) {
  return useQuery({
    queryKey: [...pairingsKey, 'kinds', countyId ?? ''],
    queryFn: ({ signal }) =>
      request<{ items: PairingKind[] }>('/pairing-kinds', { query: { countyId }, signal }).then((a) => a.items),
    staleTime: 5 * 60_000,
  });
}

/** A kind's name in the current language; a code since removed shows as itself. */
export function useKindName() {
  const { i18n } = useTranslation();
  return (kindName: { zh: string; en: string } | null, code: string) =>
    kindName ? (i18n.language === 'en' ? kindName.en : kindName.zh) : code;
}

/** A change: refreshes what it touched; a pairing changed meanwhile is shown afresh, with a word. */
function useChange<Input, Result>(key: readonly string[], send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { message, notification } = App.useApp();
  const { t } = useTranslation();
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });
  return useMutation({
    mutationFn: send,
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error) && error.code === 'pairing_changed') {
        void message.warning(t('pairings.errors.changed'));
        void refresh();
        return;
      }
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useCreatePairing() {
  return useChange(pairingsKey, (input: PairingInput) =>
    request<PairingDetail>('/pairings', { method: 'POST', body: input }),
  );
}

export function usePairingAction(id: string) {
  return useChange(pairingsKey, (input: PairingActionInput) =>
    request<PairingDetail>(`/pairings/${encodeURIComponent(id)}/actions`, { method: 'POST', body: input }),
  );
}

export function useRecordContact(id: string) {
  return useChange(pairingsKey, (input: ContactInput) =>
    request<PairingDetail>(`/pairings/${encodeURIComponent(id)}/contacts`, { method: 'POST', body: input }),
  );
}

/** The county's units (retired ones too, when asked), for the units page and the pickers. */
export function useUnits(options: { countyId?: string | undefined; includeRetired?: boolean } = {}) {
  return useQuery({
    queryKey: [...unitsKey, options.countyId ?? '', options.includeRetired ?? false],
    queryFn: ({ signal }) =>
      request<{ items: Unit[] }>('/units', {
        query: { countyId: options.countyId, includeRetired: options.includeRetired ? true : undefined },
        signal,
      }).then((answer) => answer.items),
  });
}

export function useSaveUnit(countyId: string | undefined) {
  return useChange(unitsKey, (input: { id?: string; body: UnitInput | UnitChange }) =>
    input.id
      ? request<Unit>(`/units/${encodeURIComponent(input.id)}`, { method: 'PATCH', body: input.body })
      : request<Unit>('/units', { method: 'POST', query: { countyId }, body: input.body }),
  );
}

/** Candidates for a side of a pairing, from the registry, the staff roster or the territory, by a typed text. */
export function useSideSearch(path: string | undefined, text: string) {
  return useQuery({
    queryKey: [...pairingsKey, 'side-search', path ?? '', text],
    queryFn: ({ signal }) =>
      request<{ items: Record<string, unknown>[] }>(path ?? '', { query: { q: text, limit: 20 }, signal }).then(
        (page) => page.items,
      ),
    enabled: path !== undefined && text.trim().length > 0,
    staleTime: 30_000,
  });
}

/** The staff roster of the caller's scope (cadres and grid workers), to pick a helper from. */
export function useStaffRoster(isEnabled: boolean) {
  return useQuery({
    queryKey: [...pairingsKey, 'staff-roster'],
    queryFn: ({ signal }) =>
      request<{ items: Record<string, unknown>[] }>('/staff', { query: { limit: 500 }, signal }).then(
        (page) => page.items,
      ),
    enabled: isEnabled,
    staleTime: 60_000,
  });
}
