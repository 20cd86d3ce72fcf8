import { useQuery } from '@tanstack/react-query';
import type { Coverage } from '../../../shared/api/registry';
import { request } from '../../api/client';
import { registryKey } from './registry-api';

/** Information-collection figures (信息采集) of a region and of each of its children. */
export function useCoverage(regionId: string | undefined) {
  return useQuery({
    queryKey: [...registryKey, 'coverage', regionId ?? 'scope'],
    queryFn: ({ signal }) => request<Coverage>('/registry/coverage', { query: { regionId }, signal }),
    enabled: regionId !== undefined,
  });
}
