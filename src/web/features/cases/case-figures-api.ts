import { useQuery } from '@tanstack/react-query';
import type { CaseFigures, Period } from '../../../shared/api/case-figures';
import { arrivedAnswer, request } from '../../api/client';
import { casesKey } from './cases-api';

export function useCaseFigures(regionId: string, period: Period) {
  const query = { regionId, from: period.from, to: period.to };
  return useQuery({
    queryKey: [...casesKey, 'figures', regionId, period.from, period.to],
    queryFn: ({ signal }) => request<CaseFigures>('/cases/figures', { query, signal }),
    initialData: () => arrivedAnswer<CaseFigures>('/cases/figures', query),
  });
}
