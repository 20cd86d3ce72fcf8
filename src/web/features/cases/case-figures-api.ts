import { useQuery } from '@tanstack/react-query';
import type { CaseLevel, CaseSource } from '../../../shared/cases';
import type { RegionLevel } from '../../../shared/policy';
import { request } from '../../api/client';
import { casesKey } from './cases-api';

/** The numbers a region's page leads with, for the region and each of its children alike. */
export type CaseHeadline = {
  reported: number;
  closed: number;
  closedOnTime: number;
  /** 0…1, or null when nothing was closed. */
  onTimeRate: number | null;
  /** Where in the chain the period's cases were closed, and each level's share (0…1) of them. */
  closedAt: Record<CaseLevel, { closed: number; share: number | null }>;
  averageHoursToClose: number | null;
  satisfaction: { average: number | null; count: number };
  /** Now, not in the period. */
  open: number;
  overdue: number;
};

export type CaseFigures = CaseHeadline & {
  region: { id: string; name: string; level: RegionLevel; code: string };
  period: { from: string; to: string };
  byCategory: { code: string; reported: number; closed: number }[];
  bySource: { source: CaseSource; reported: number; closed: number }[];
  children: (CaseHeadline & { id: string; name: string; level: RegionLevel })[];
};

/** Inclusive China dates, YYYY-MM-DD. */
export type Period = { from: string; to: string };

export function useCaseFigures(regionId: string, period: Period) {
  return useQuery({
    queryKey: [...casesKey, 'figures', regionId, period.from, period.to],
    queryFn: ({ signal }) =>
      request<CaseFigures>('/cases/figures', { query: { regionId, from: period.from, to: period.to }, signal }),
  });
}
