import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  SpotCheck,
  SpotCheckFinding,
  SpotCheckFindingList,
  SpotCheckList,
  SpotCheckOutcome,
} from '../../../shared/api/spot-checks';
import type { CadrePage } from '../../../shared/api/cadres';
import type { Region } from '../../../shared/api/regions';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';

/** Every spot-check query starts with this key: a change refreshes the checks and the overdue list at once. */
const spotChecksKey = ['spot-checks'] as const;

export function useSpotChecks() {
  return useQuery({
    queryKey: [...spotChecksKey, 'list'],
    queryFn: ({ signal }) => request<SpotCheckList>('/spot-checks', { signal }).then((answer) => answer.items),
  });
}

export function useOverdueFindings() {
  return useQuery({
    queryKey: [...spotChecksKey, 'overdue'],
    queryFn: ({ signal }) =>
      request<SpotCheckFindingList>('/spot-check-findings', { query: { overdue: 'true' }, signal }).then(
        (answer) => answer.items,
      ),
  });
}

/** Communities and grids in scope whose name holds the typed text: the areas a check visits. */
export function useAreaSearch(text: string) {
  return useQuery({
    queryKey: [...spotChecksKey, 'areas', text],
    queryFn: ({ signal }) =>
      request<{ items: Region[] }>('/regions/search', { query: { q: text }, signal }).then((answer) =>
        answer.items.filter((region) => region.level === 'village' || region.level === 'grid'),
      ),
    enabled: text.trim().length > 0,
    staleTime: 30_000,
  });
}

/** A change: refreshes every spot-check list, and says why when it fails. */
function useChange<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { notification } = App.useApp();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: spotChecksKey }),
    onError: (error) => {
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export type PlanInput = { checkOn: string; title: string; inspectors: string[]; regionIds: string[] };
export type RecordInput = {
  cadreId: string;
  outcome: SpotCheckOutcome;
  place?: string;
  activity?: string;
  note?: string;
};
export type FindingInput = { regionId: string; description: string; deadline: string };

export function usePlanSpotCheck() {
  return useChange((input: PlanInput) => request<SpotCheck>('/spot-checks', { method: 'POST', body: input }));
}

export function useRecordSpotCheck(id: string) {
  return useChange((input: RecordInput) =>
    request<SpotCheck>(`/spot-checks/${encodeURIComponent(id)}/records`, { method: 'POST', body: input }),
  );
}

export function useAddFinding(id: string) {
  return useChange((input: FindingInput) =>
    request<SpotCheck>(`/spot-checks/${encodeURIComponent(id)}/findings`, { method: 'POST', body: input }),
  );
}

export function useRectifyFinding() {
  return useChange(({ id, ...body }: { id: string; note: string; rectifiedOn: string }) =>
    request<SpotCheckFinding>(`/spot-check-findings/${encodeURIComponent(id)}/rectification`, {
      method: 'POST',
      body,
    }),
  );
}

export function useCloseFinding() {
  return useChange((id: string) =>
    request<SpotCheckFinding>(`/spot-check-findings/${encodeURIComponent(id)}/close`, { method: 'POST' }),
  );
}

/** Serving cadres in scope whose name holds the typed text: whom the group records. */
export function useCadreSearch(text: string) {
  return useQuery({
    queryKey: [...spotChecksKey, 'cadres', text],
    queryFn: ({ signal }) =>
      request<CadrePage>('/cadres', { query: { q: text || undefined, status: 'active', limit: 50 }, signal }).then(
        (answer) => answer.items,
      ),
    staleTime: 30_000,
  });
}
