import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { FieldFigures, VisitCoverage, VisitPlanDueFilter, VisitPlanPage } from '../../../shared/api/field-work';
import { addDays, chinaToday } from '../../../shared/clock';
import { request } from '../../api/client';

const fieldWorkKey = ['field-work'] as const;

export type FieldPeriodName = 'month' | 'quarter' | 'year';
export const fieldPeriodNames: FieldPeriodName[] = ['month', 'quarter', 'year'];
export type FieldPeriod = { from: string; to: string };

/** This month, the last three months or the last year, on China's calendar, up to today. */
export function fieldPeriodOf(name: FieldPeriodName, today: string = chinaToday()): FieldPeriod {
  switch (name) {
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
    case 'quarter':
      return { from: addDays(today, -90), to: today };
    case 'year':
      return { from: addDays(today, -364), to: today };
  }
}

export function useVisitCoverage(regionId: string | undefined, period: FieldPeriod) {
  return useQuery({
    queryKey: [...fieldWorkKey, 'coverage', regionId, period.from, period.to],
    queryFn: ({ signal }) => request<VisitCoverage>('/visits/coverage', { query: { regionId, ...period }, signal }),
    enabled: regionId !== undefined,
  });
}

export function useFieldFigures(regionId: string, period: FieldPeriod) {
  return useQuery({
    queryKey: [...fieldWorkKey, 'figures', regionId, period.from, period.to],
    queryFn: ({ signal }) => request<FieldFigures>('/field-figures', { query: { regionId, ...period }, signal }),
  });
}

export function useVisitPlan(regionId: string | undefined, due: VisitPlanDueFilter) {
  return useInfiniteQuery({
    queryKey: [...fieldWorkKey, 'plan', regionId, due],
    queryFn: ({ signal, pageParam }) =>
      request<VisitPlanPage>('/visits/plan', {
        query: { regionId, due, limit: 50, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: regionId !== undefined,
  });
}
