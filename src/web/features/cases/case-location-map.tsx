import type { Case } from '../../../shared/api/cases';
import { useRegion } from '../regions/regions-api';
import { BoundaryMap } from '../../components/boundary-map';
import { CaseMarker } from './case-markers';

/** Where a located case is: a pin inside its grid's boundary. */
export function CaseLocationMap({ record }: { record: Case & { location: { lat: number; lng: number } } }) {
  const grid = useRegion(record.regionId);
  const { lat, lng } = record.location;
  // A small box around the point, so that the map shows it even when the grid has no boundary.
  const delta = 0.002;
  return (
    <BoundaryMap
      testId="case-map"
      className="case-map"
      outlines={grid.data?.boundary ? [grid.data.boundary] : []}
      bbox={[lng - delta, lat - delta, lng + delta, lat + delta]}
    >
      <CaseMarker position={record.location} isOverdue={record.isOverdue} label={record.number} />
    </BoundaryMap>
  );
}
