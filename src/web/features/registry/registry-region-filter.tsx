import { RegionPicker } from '../regions/region-picker';
import { useRegionNames } from '../regions/regions-api';
import { useRegistryRegion } from './registry-location';

/** The region whose subtree the registry lists show; clearing it goes back to the user's whole scope. */
export function RegistryRegionFilter() {
  const { regionId, setRegionId } = useRegistryRegion();
  // A region chosen elsewhere (a coverage row, a shared link) may be deep in a branch the picker has not opened.
  const knownLabels = useRegionNames(regionId ? [regionId] : []);
  return (
    <div className="registry-filter" data-testid="registry-region">
      <RegionPicker
        value={regionId}
        onChange={(value) => setRegionId(typeof value === 'string' ? value : undefined)}
        knownLabels={knownLabels}
      />
    </div>
  );
}
