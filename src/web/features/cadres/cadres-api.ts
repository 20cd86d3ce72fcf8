import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  Attendance,
  Cadre,
  CadreActionInput,
  CadrePage,
  CreateCadreInput,
  EvaluationList,
  GridMemberEvaluationList,
  TimeSplitList,
  ServiceDays,
} from '../../../shared/api/cadres';
import type { Region } from '../../../shared/api/regions';
import type { RegionLevel } from '../../../shared/policy';
import { isApiError, request } from '../../api/client';
import { describeError } from '../../api/errors';
import { useCursorList } from '../../api/pagination';
import { useCaseCounty } from '../cases/case-county';

/** Every cadre query starts with this key: a change refreshes the registry, attendance and evaluation at once. */
export const cadresKey = ['cadres'] as const;

export type Period = { from: string; to: string };

export function useCadres(filter: { q?: string | undefined }) {
  return useCursorList<CadrePage>(
    [...cadresKey, 'list', filter],
    (cursor, signal) => request<CadrePage>('/cadres', { query: { q: filter.q, cursor, limit: 50 }, signal }),
    { keepsPreviousWhileLoading: true },
  );
}

export function useAttendance(period: Period) {
  return useQuery({
    queryKey: [...cadresKey, 'attendance', period],
    queryFn: ({ signal }) => request<Attendance>('/attendance', { query: period, signal }),
  });
}

/** The 721 split of each cadre's records (empty, `enabled` false, where the county has not turned it on). */
export function useTimeSplits(period: Period) {
  return useQuery({
    queryKey: [...cadresKey, 'time-split', period],
    queryFn: ({ signal }) => request<TimeSplitList>('/cadres/time-split', { query: period, signal }),
  });
}

export function useGridMemberEvaluation(period: Period) {
  return useQuery({
    queryKey: [...cadresKey, 'grid-member-evaluation', period],
    queryFn: ({ signal }) =>
      request<GridMemberEvaluationList>('/cadres/evaluation/grid-members', { query: period, signal }),
  });
}

export function useEvaluation(period: Period & { rankWithin: 'community' | 'street' | 'unit' }) {
  return useQuery({
    queryKey: [...cadresKey, 'evaluation', period],
    queryFn: ({ signal }) => request<EvaluationList>('/cadres/evaluation', { query: period, signal }),
  });
}

/** The county's rules for its cadres, each read and written whole at its own address (`cadre.configure` writes). */
export type CountyRulePath =
  | '/attendance/service-days'
  | '/cadres/evaluation-rules'
  | '/cadres/grid-member-weights'
  | '/cadres/accuracy-rules'
  | '/cadres/time-split-rule';

/**
 * One of the county's rules: the account's county, or the one an account spanning counties chose (as on the other
 * county settings). Under the cadres' key, so a saved rule refreshes the attendance and evaluation it changes.
 */
export function useCountyRule<Value>(path: CountyRulePath) {
  const { countyId, isReady } = useCaseCounty();
  return useQuery({
    queryKey: [...cadresKey, 'rule', path, countyId],
    queryFn: ({ signal }) => request<Value>(path, { query: { countyId }, signal }),
    enabled: isReady,
    staleTime: 5 * 60_000,
  });
}

/** Saves a rule of the county; the caller shows a refusal beside the form it refused. */
export function useSaveCountyRule<Value>(path: CountyRulePath) {
  const queryClient = useQueryClient();
  const { countyId } = useCaseCounty();
  return useMutation({
    mutationFn: (value: Value) => request<Value>(path, { method: 'PUT', query: { countyId }, body: value }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cadresKey }),
  });
}

export function useServiceDays() {
  return useCountyRule<ServiceDays>('/attendance/service-days');
}

/** Regions of one level in scope whose name holds the typed text: the communities and grids of the form. */
export function useRegionSearch(text: string, level: RegionLevel) {
  return useQuery<Region[]>({
    queryKey: [...cadresKey, 'regions', level, text],
    queryFn: ({ signal }) =>
      request<{ items: Region[] }>('/regions/search', { query: { q: text }, signal }).then((answer) =>
        answer.items.filter((region) => region.level === level),
      ),
    enabled: text.trim().length > 0,
    // While the next letters are searched the list keeps the last answer, instead of emptying under the user's click.
    placeholderData: text.trim().length > 0 ? keepPreviousData : undefined,
    staleTime: 30_000,
  });
}

/** A change: refreshes every cadre list; a cadre changed meanwhile is shown afresh, with a word. */
function useChange<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { message, notification } = App.useApp();
  const { t } = useTranslation();
  const refresh = () => queryClient.invalidateQueries({ queryKey: cadresKey });
  return useMutation({
    mutationFn: send,
    onSuccess: refresh,
    onError: (error) => {
      if (isApiError(error) && error.code === 'cadre_changed') {
        void message.warning(t('cadres.errors.changed'));
        void refresh();
        return;
      }
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useRegisterCadre() {
  return useChange((input: CreateCadreInput) => request<Cadre>('/cadres', { method: 'POST', body: input }));
}

export function useCadreAction(id: string) {
  return useChange((input: CadreActionInput) =>
    request<Cadre>(`/cadres/${encodeURIComponent(id)}/actions`, { method: 'POST', body: input }),
  );
}
