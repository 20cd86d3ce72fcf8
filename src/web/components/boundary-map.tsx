import type { Geometry } from 'geojson';
import type { LatLng } from 'leaflet';
import { useRef, type ReactNode } from 'react';
import type { RegionFeatureCollection, RegionReference } from '../../shared/api/regions';
import type { BoundingBox } from '../../shared/geojson';
import { firstPageCode, isMapBesideTree } from '../first-page';
import { useArrivedCode } from './first-page-component';
import { useHasBeenVisible } from './when-visible';

export type BoundaryMapProps = {
  /** Drawn as a dashed line, not clickable: the region the page is about. */
  outlines?: Geometry[];
  /** Clickable polygons: the children (or grids) one can go to. */
  areas?: RegionFeatureCollection;
  /** Drawn in red over everything else: the regions a refused boundary conflicts with. */
  highlights?: Geometry[];
  /** Where to look when there is no geometry yet. */
  bbox?: BoundingBox | null;
  /** Left off the start of area labels: children are usually named after their parent (北苑社区第3网格 → 第3网格). */
  labelPrefix?: string;
  onAreaClick?: (area: RegionReference) => void;
  onMapClick?: (point: LatLng) => void;
  testId: string;
  className?: string;
  children?: ReactNode;
};

/** A Leaflet map of region boundaries, with or without a basemap (it must work offline and on intranets). */
export function BoundaryMap({ testId, className, ...map }: BoundaryMapProps) {
  const container = useRef<HTMLDivElement>(null);
  // Leaflet sets up (measuring the page, drawing every polygon and label) once the map's place is on screen, after
  // the page around it has been drawn: on a region page that put the title and figures 50–100 ms later.
  const isShown = useHasBeenVisible(container);
  // Its code (a seventh of a region page's) is run at once where the map is on the first screen, as it came with the
  // page's there (mapBesideTreeMedia); on a phone once the map's place is scrolled to.
  const canvas = useArrivedCode(firstPageCode.map, isShown || isMapBesideTree());
  return (
    <div ref={container} className={`boundary-map ${className ?? ''}`} data-testid={testId}>
      {isShown && canvas ? <canvas.default {...map} /> : null}
    </div>
  );
}
