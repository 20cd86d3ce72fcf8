import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { regionLevels } from '../../../shared/policy';
import type { Region, RegionDetail, RegionFeatureCollection } from '../../../shared/api/regions';
import { boundariesQuery, regionQuery } from './regions-api';

const gridDepth = regionLevels.indexOf('grid');

function isAboveGrids(region: Region): boolean {
  return regionLevels.indexOf(region.level) < gridDepth;
}

// Module-level so TanStack Query can keep their results (and so the map layers) stable between renders.
function detailsOf(results: UseQueryResult<RegionDetail>[]) {
  return results.map((result) => result.data);
}

function gridCollectionsOf(results: UseQueryResult<RegionFeatureCollection>[]) {
  return { collections: results.map((result) => result.data), isPending: results.some((result) => result.isPending) };
}

function ownArea(region: RegionDetail): RegionFeatureCollection['features'] {
  if (!region.boundary) return [];
  const properties = { id: region.id, name: region.name, level: region.level, code: region.code };
  return [{ type: 'Feature', geometry: region.boundary, properties }];
}

/**
 * Every grid polygon in the user's scope, plus the outlines of the scope's roots. A user anchored at a grid or
 * below has no grids under them, so their own region is the polygon.
 */
export function useScopeGrids(roots: Region[]) {
  const details = useQueries({ queries: roots.map((root) => regionQuery(root.id)), combine: detailsOf });
  const grids = useQueries({
    queries: roots.filter(isAboveGrids).map((root) => boundariesQuery(root.id, 'grid')),
    combine: gridCollectionsOf,
  });

  return useMemo(() => {
    const loadedDetails = details.filter((detail) => detail !== undefined);
    const areas: RegionFeatureCollection = {
      type: 'FeatureCollection',
      features: [
        ...grids.collections.flatMap((collection) => collection?.features ?? []),
        ...loadedDetails.filter((detail) => !isAboveGrids(detail)).flatMap(ownArea),
      ],
    };
    const outlines = loadedDetails.filter(isAboveGrids).flatMap((detail) => (detail.boundary ? [detail.boundary] : []));
    return { areas, outlines, isPending: grids.isPending };
  }, [details, grids]);
}
