// Leaflet (imported first, it sets window.L) before geoman, which extends the global L when it loads.
import { geoJSON, type PathOptions, type Polygon as LeafletPolygon } from 'leaflet';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import { useQueries } from '@tanstack/react-query';
import { Alert, App, Button, Space, Typography } from 'antd';
import type { Geometry } from 'geojson';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useMap } from 'react-leaflet';
import { describeError } from '../../api/errors';
import { BoundaryMap } from '../../components/boundary-map';
import { useLatest } from '../../components/use-latest';
import { boundaryProblemsOf, describeBoundaryProblem } from './boundary-problems';
import type { RegionDetail } from '../../../shared/api/regions';
import type { Area } from '../../../shared/geojson';
import { regionQuery, useRegion, useRegionBoundaries, useSaveBoundary } from './regions-api';

/** The class lets a browser test find the shape being edited. */
const shapeStyle: PathOptions = {
  color: '#d46b08',
  weight: 3,
  fillColor: '#fa8c16',
  fillOpacity: 0.2,
  className: 'boundary-shape',
};

type EditableShapeProps = {
  initial: Geometry | null;
  /** Bumped by "draw anew": throws the shape away and starts drawing. */
  drawCount: number;
  language: string;
  shapeRef: RefObject<LeafletPolygon | null>;
  onShapeChange: (hasShape: boolean) => void;
};

/** The boundary being edited, as a geoman-editable polygon inside the map (drawn afresh when there is none). */
function EditableShape({ initial, drawCount, language, shapeRef, onShapeChange }: EditableShapeProps) {
  const map = useMap();
  const onShapeChangeRef = useLatest(onShapeChange);

  useEffect(() => {
    map.pm.setLang(language.startsWith('zh') ? 'zh' : 'en');
    // Snapping to the neighbours' edges is what makes shared edges meet without slivers.
    map.pm.setGlobalOptions({ snappable: true, snapDistance: 20, allowSelfIntersection: false });
  }, [map, language]);

  useEffect(() => {
    const adopt = (layer: LeafletPolygon) => {
      layer.pm.enable({ allowSelfIntersection: false });
      shapeRef.current = layer;
      onShapeChangeRef.current(true);
    };
    const onCreate = (event: { layer: unknown }) => adopt(event.layer as LeafletPolygon);
    if (drawCount === 0 && initial) {
      adopt((geoJSON(initial, { style: shapeStyle }).getLayers()[0] as LeafletPolygon).addTo(map));
    } else {
      onShapeChangeRef.current(false);
      map.on('pm:create', onCreate);
      map.pm.enableDraw('Polygon', { pathOptions: shapeStyle, snappable: true, allowSelfIntersection: false });
    }
    return () => {
      map.off('pm:create', onCreate);
      map.pm.disableDraw();
      shapeRef.current?.remove();
      shapeRef.current = null;
    };
  }, [map, initial, drawCount, shapeRef, onShapeChangeRef]);

  return null;
}

/** The current boundaries of the regions a refusal names, to highlight them on the map. */
function useHighlightedBoundaries(ids: string[]): Geometry[] {
  return useQueries({
    queries: ids.map((id) => ({ ...regionQuery(id), staleTime: 60_000 })),
    combine: (results) => results.flatMap((result) => (result.data?.boundary ? [result.data.boundary] : [])),
  });
}

/** A Leaflet polygon is a GeoJSON Polygon or MultiPolygon of [lng, lat] positions: the area the server takes. */
function geometryOf(shape: LeafletPolygon): Area {
  return shape.toGeoJSON(7).geometry as Area;
}

/**
 * Draws or edits a region's boundary on the map among its neighbours (its siblings, and its parent's outline).
 * The server checks the rules; a refusal lists the problems and highlights the regions they name.
 */
export function BoundaryEditor({ region, onClose }: { region: RegionDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const parentId = region.parentId ?? undefined;
  const parent = useRegion(parentId);
  const siblings = useRegionBoundaries(parentId);
  const saveBoundary = useSaveBoundary();
  const shapeRef = useRef<LeafletPolygon>(null);
  const [drawCount, setDrawCount] = useState(0);
  const [hasShape, setHasShape] = useState(false);

  const neighbours = useMemo(
    () =>
      siblings.data && {
        ...siblings.data,
        features: siblings.data.features.filter((feature) => feature.properties.id !== region.id),
      },
    [siblings.data, region.id],
  );
  const problems = boundaryProblemsOf(saveBoundary.error);
  const highlighted = useHighlightedBoundaries(
    problems.flatMap((problem) => (problem.params.regionId ? [problem.params.regionId] : [])),
  );
  const parentBoundary = parent.data?.boundary;
  const outlines = useMemo(() => (parentBoundary ? [parentBoundary] : []), [parentBoundary]);
  // The boundary as it was when editing began: a save refreshes the region, which must not reset the drawing.
  const [initial] = useState(region.boundary);

  const save = async () => {
    if (!shapeRef.current) {
      void message.warning(t('regions.drawFirst'));
      return;
    }
    const result = await saveBoundary
      .mutateAsync({ id: region.id, boundary: geometryOf(shapeRef.current) })
      .catch(() => undefined);
    if (result) {
      void message.success(t('regions.boundarySaved'));
      onClose();
    }
  };

  return (
    <Space orientation="vertical" size={8} className="full-width" data-testid="boundary-editor">
      <Typography.Text type="secondary">{t('regions.editorHint')}</Typography.Text>
      <BoundaryMap
        testId="boundary-editor-map"
        className="region-map"
        outlines={outlines}
        areas={neighbours}
        highlights={highlighted}
        bbox={region.bbox ?? parent.data?.bbox}
        labelPrefix={parent.data?.name}
      >
        <EditableShape
          initial={initial}
          drawCount={drawCount}
          language={i18n.language}
          shapeRef={shapeRef}
          onShapeChange={setHasShape}
        />
      </BoundaryMap>
      {saveBoundary.error ? (
        <Alert
          type="error"
          showIcon
          title={problems.length > 0 ? t('regions.boundaryRefused') : describeError(saveBoundary.error).title}
          description={
            problems.length > 0 ? (
              <ul data-testid="boundary-problems">
                {problems.map((problem) => (
                  <li key={`${problem.code}-${problem.params.regionId ?? ''}`}>
                    {describeBoundaryProblem(t, i18n.language, problem)}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      ) : null}
      <Space wrap>
        <Button
          type="primary"
          onClick={() => void save()}
          loading={saveBoundary.isPending}
          disabled={!hasShape}
          data-testid="save-boundary"
        >
          {t('regions.saveBoundary')}
        </Button>
        <Button onClick={() => setDrawCount((count) => count + 1)} data-testid="redraw-boundary">
          {t('regions.redrawBoundary')}
        </Button>
        <Button onClick={onClose} data-testid="cancel-boundary">
          {t('regions.cancelEdit')}
        </Button>
      </Space>
    </Space>
  );
}
