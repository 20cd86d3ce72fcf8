import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import type {
  AccuracyCheck,
  AccuracyCheckView,
  AccuracySample,
  AccuracySampleList,
  CheckedField,
} from '../../../shared/api/cadre-accuracy';
import { request } from '../../api/client';
import { describeError } from '../../api/errors';
import { cadresKey, type Period } from './cadres-api';

/** Under the cadres' key: a recorded check refreshes the evaluation's accuracy line too. */
const accuracyKey = [...cadresKey, 'accuracy'] as const;

export function useAccuracySamples() {
  return useQuery({
    queryKey: [...accuracyKey, 'samples'],
    queryFn: ({ signal }) => request<AccuracySampleList>('/cadres/accuracy-samples', { signal }),
  });
}

export function useAccuracySample(id: string | undefined) {
  return useQuery({
    queryKey: [...accuracyKey, 'sample', id],
    queryFn: ({ signal }) => request<AccuracySample>(`/cadres/accuracy-samples/${encodeURIComponent(id!)}`, { signal }),
    enabled: id !== undefined,
  });
}

export function useAccuracyCheck(id: string | undefined) {
  return useQuery({
    queryKey: [...accuracyKey, 'check', id],
    queryFn: ({ signal }) =>
      request<AccuracyCheckView>(`/cadres/accuracy-checks/${encodeURIComponent(id!)}`, { signal }),
    enabled: id !== undefined,
  });
}

function useAccuracyChange<Input, Result>(send: (input: Input) => Promise<Result>) {
  const queryClient = useQueryClient();
  const { notification } = App.useApp();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: cadresKey }),
    onError: (error) => {
      const { title, detail } = describeError(error);
      notification.error({ title, description: detail, placement: 'topRight' });
    },
  });
}

export function useDrawSample() {
  return useAccuracyChange((input: Period & { regionId: string }) =>
    request<AccuracySample>('/cadres/accuracy-samples', { method: 'POST', body: input }),
  );
}

export type CheckInput = { result: 'match' | 'mismatch'; wrongFields: CheckedField[]; note: string };

export function useRecordCheck() {
  return useAccuracyChange(({ id, ...input }: CheckInput & { id: string }) =>
    request<AccuracyCheck>(`/cadres/accuracy-checks/${encodeURIComponent(id)}`, { method: 'PUT', body: input }),
  );
}
