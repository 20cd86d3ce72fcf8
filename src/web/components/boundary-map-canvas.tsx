// Loaded with the first map that comes into view (boundary-map.tsx), so no page downloads Leaflet before that.
import 'leaflet/dist/leaflet.css';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import {
  geoJSON,
  latLngBounds,
  Polygon,
  type GeoJSON as GeoJSONLayer,
  type LatLng,
  type LatLngBounds,
  type Layer,
  type FitBoundsOptions,
  type Map as LeafletMap,
  type Path,
  type PathOptions,
} from 'leaflet';
import { useEffect, useRef, type RefObject } from 'react';
import { AttributionControl, GeoJSON, MapContainer, TileLayer, useMap, useMapEvents } from 'react-leaflet';
import type { RegionReference } from '../../shared/api/regions';
import type { BoundingBox } from '../../shared/geojson';
import { usePublicConfig } from '../features/session/session-api';
import type { BoundaryMapProps } from './boundary-map';
import { useLatest } from './use-latest';

const outlineStyle: PathOptions = { color: '#c8102e', weight: 2.5, dashArray: '6 4', fill: false };
const areaStyle: PathOptions = { color: '#1f5fbf', weight: 1.5, fillColor: '#1f5fbf', fillOpacity: 0.12 };
const hoveredAreaStyle: PathOptions = { fillOpacity: 0.32, weight: 2.5 };
const highlightStyle: PathOptions = {
  color: '#cf1322',
  weight: 3,
  fillColor: '#cf1322',
  fillOpacity: 0.35,
  className: 'region-highlight',
};
// China, for a map opened with nothing on it yet.
const fallbackCenter: [number, number] = [35, 105];

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

/** A React key for an object's identity: react-leaflet's GeoJSON reads `data` once, so new data needs a new layer. */
function identityOf(value: object | undefined): number {
  if (!value) return 0;
  let identity = identities.get(value);
  if (identity === undefined) {
    identity = nextIdentity++;
    identities.set(value, identity);
  }
  return identity;
}

function collectionOf(geometries: Geometry[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: geometries.map((geometry) => ({ type: 'Feature', geometry, properties: {} })),
  };
}

function boundsOf(collections: FeatureCollection[], bbox: BoundingBox | null | undefined): LatLngBounds | undefined {
  const bounds = latLngBounds([]);
  for (const collection of collections) {
    if (collection.features.length > 0) bounds.extend(geoJSON(collection).getBounds());
  }
  if (!bounds.isValid() && bbox) {
    const [minLongitude, minLatitude, maxLongitude, maxLatitude] = bbox;
    bounds.extend([
      [minLatitude, minLongitude],
      [maxLatitude, maxLongitude],
    ]);
  }
  return bounds.isValid() ? bounds : undefined;
}

const fitOptions = { padding: [16, 16], maxZoom: 17 } satisfies FitBoundsOptions;

/**
 * Moves the view to the content whenever the content changes (not on every render, which would undo the user's
 * panning). The map opens on the content it starts with, so that is not fitted a second time.
 */
function FitToContent({ bounds, contentKey }: { bounds: LatLngBounds | undefined; contentKey: string }) {
  const map = useMap();
  const boundsRef = useLatest(bounds);
  const fittedKey = useRef(bounds ? contentKey : undefined);
  useEffect(() => {
    if (!boundsRef.current || fittedKey.current === contentKey) return;
    fittedKey.current = contentKey;
    map.fitBounds(boundsRef.current, fitOptions);
  }, [map, boundsRef, contentKey]);
  return null;
}

/** Leaflet measures its container once; a collapsing menu or a rotating phone changes it afterwards. */
function FollowContainerSize() {
  const map = useMap();
  useEffect(() => {
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map]);
  return null;
}

/**
 * Shows an area's name label only where the polygon is big enough on screen to hold it, so labels never pile up.
 * Every label is measured before any is changed: measuring after a change would lay the page out again for each.
 */
function fitLabels(map: LeafletMap, areas: GeoJSONLayer | null) {
  const fits: { label: HTMLElement; isRoomy: boolean }[] = [];
  areas?.eachLayer((layer) => {
    const label = layer.getTooltip()?.getElement();
    if (!(layer instanceof Polygon) || !label) return;
    const bounds = layer.getBounds();
    const topLeft = map.latLngToContainerPoint(bounds.getNorthWest());
    const bottomRight = map.latLngToContainerPoint(bounds.getSouthEast());
    const isRoomy =
      bottomRight.x - topLeft.x > label.offsetWidth + 8 && bottomRight.y - topLeft.y > label.offsetHeight + 8;
    fits.push({ label, isRoomy });
  });
  // A class, not an inline style: the CSP refuses style attributes.
  for (const { label, isRoomy } of fits) label.classList.toggle('region-label-hidden', !isRoomy);
}

function LabelFitter({ areasRef, contentKey }: { areasRef: RefObject<GeoJSONLayer | null>; contentKey: string }) {
  const map = useMapEvents({ moveend: () => fitLabels(map, areasRef.current) });
  useEffect(() => fitLabels(map, areasRef.current), [map, areasRef, contentKey]);
  return null;
}

function ClickHandler({ onClick }: { onClick: (point: LatLng) => void }) {
  useMapEvents({ click: (event) => onClick(event.latlng) });
  return null;
}

/** The Leaflet map inside a BoundaryMap, once its place is on screen. */
export default function BoundaryMapCanvas({
  outlines = [],
  areas,
  highlights = [],
  bbox,
  labelPrefix,
  onAreaClick,
  onMapClick,
  children,
}: Omit<BoundaryMapProps, 'testId' | 'className'>) {
  const config = usePublicConfig();
  // Layers are built once per data; the ref lets them call the latest handler.
  const onAreaClickRef = useLatest(onAreaClick);

  const outlineCollection = collectionOf(outlines);
  const outlineKey = outlines.map(identityOf).join('-');
  const areasKey = String(identityOf(areas));
  // The labels are baked into the layer, so a new prefix (a renamed region) needs a new layer too.
  const areasLayerKey = `areas-${areasKey}-${labelPrefix ?? ''}`;
  const areasRef = useRef<GeoJSONLayer>(null);
  const bounds = boundsOf(areas ? [outlineCollection, areas] : [outlineCollection], bbox);

  const bindArea = (feature: Feature<Geometry, RegionReference>, layer: Layer) => {
    const label = document.createElement('span');
    // textContent, never HTML: region names are user input.
    const { name } = feature.properties;
    label.textContent =
      labelPrefix && name.startsWith(labelPrefix) && name !== labelPrefix ? name.slice(labelPrefix.length) : name;
    layer.bindTooltip(label, { permanent: true, direction: 'center', className: 'region-label' });
    layer.on({
      click: () => onAreaClickRef.current?.(feature.properties),
      mouseover: () => (layer as Path).setStyle(hoveredAreaStyle),
      mouseout: () => (layer as Path).setStyle(areaStyle),
    });
  };

  return (
    <MapContainer
      {...(bounds ? { bounds, boundsOptions: fitOptions } : { center: fallbackCenter, zoom: 4 })}
      zoomSnap={0.25}
      attributionControl={false}
      className="boundary-map-canvas"
    >
      {config.data?.basemapUrl ? (
        <TileLayer url={config.data.basemapUrl} attribution={config.data.basemapAttribution} maxZoom={19} />
      ) : null}
      <AttributionControl prefix='<a href="https://leafletjs.com">Leaflet</a>' />
      {outlines.length > 0 ? (
        <GeoJSON key={`outline-${outlineKey}`} data={outlineCollection} style={outlineStyle} interactive={false} />
      ) : null}
      {areas && areas.features.length > 0 ? (
        <GeoJSON key={areasLayerKey} ref={areasRef} data={areas} style={areaStyle} onEachFeature={bindArea} />
      ) : null}
      {highlights.length > 0 ? (
        <GeoJSON
          key={`highlight-${highlights.map(identityOf).join('-')}`}
          data={collectionOf(highlights)}
          style={highlightStyle}
          interactive={false}
        />
      ) : null}
      <FitToContent bounds={bounds} contentKey={`${outlineKey}/${areasKey}/${bbox?.join(',') ?? ''}`} />
      <LabelFitter areasRef={areasRef} contentKey={areasLayerKey} />
      <FollowContainerSize />
      {onMapClick ? <ClickHandler onClick={onMapClick} /> : null}
      {children}
    </MapContainer>
  );
}
