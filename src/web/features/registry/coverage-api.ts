import { useQuery } from '@tanstack/react-query';
import type { RegionLevel } from '../../../shared/policy';
import { request } from '../../api/client';
import { registryKey } from './registry-api';

export type CoverageFigures = {
  households: number;
  persons: number;
  completePersons: number;
  /** Complete records over persons (0..1); null when there is nobody yet. */
  completeness: number | null;
};

export type CoverageRow = CoverageFigures & { regionId: string; code: string; name: string; level: RegionLevel };

export type Coverage = {
  region: { id: string; name: string; code: string; level: RegionLevel };
  totals: CoverageFigures;
  /** One row per child region. */
  rows: CoverageRow[];
};

/** Information-collection figures (信息采集) of a region and of each of its children. */
export function useCoverage(regionId: string | undefined) {
  return useQuery({
    queryKey: [...registryKey, 'coverage', regionId ?? 'scope'],
    queryFn: ({ signal }) => request<Coverage>('/registry/coverage', { query: { regionId }, signal }),
    enabled: regionId !== undefined,
  });
}
