import { Alert } from 'antd';
import type { LatLng } from 'leaflet';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoundaryMap } from '../components/boundary-map';
import { QueryState } from '../components/query-state';
import { LocatePopup } from '../features/regions/locate-popup';
import type { Region } from '../../shared/api/regions';
import { useRegionChildren } from '../features/regions/regions-api';
import { useScopeGrids } from '../features/regions/use-scope-grids';

function ScopeMap({ roots }: { roots: Region[] }) {
  const { t } = useTranslation();
  const [point, setPoint] = useState<LatLng>();
  const { areas, outlines, isPending } = useScopeGrids(roots);
  const hasNoGrids = !isPending && areas.features.length === 0;
  return (
    <div className="scope-map-page">
      <Alert
        type={hasNoGrids ? 'warning' : 'info'}
        showIcon
        banner
        title={hasNoGrids ? t('map.noBoundaries') : t('map.locateHint')}
        className="scope-map-hint"
      />
      <BoundaryMap
        testId="scope-map"
        className="scope-map"
        areas={areas}
        outlines={outlines}
        bbox={roots[0]?.bbox}
        onMapClick={setPoint}
      >
        {point ? (
          <LocatePopup
            key={`${point.lat},${point.lng}`}
            point={point}
            // Only this popup's point: an old popup closing must not clear the one just opened.
            onClose={() => setPoint((current) => (current === point ? undefined : current))}
          />
        ) : null}
      </BoundaryMap>
    </div>
  );
}

/** 地图: every grid of the user's scope; click anywhere to find the grid there. */
export default function ScopeMapPage() {
  const roots = useRegionChildren(undefined);
  return <QueryState query={roots}>{() => <ScopeMap roots={roots.data ?? []} />}</QueryState>;
}
