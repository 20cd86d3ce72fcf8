import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Space } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { childLevel } from '../../shared/policy';
import { isApiError } from '../api/client';
import { BoundaryMap } from '../components/boundary-map';
import { PageResult, PageSpinner, QueryState } from '../components/query-state';
import { WhenVisible } from '../components/when-visible';
import { RegionSearch } from '../features/regions/region-search';
import { RegionSummary } from '../features/regions/region-summary';
import { RegionTree } from '../features/regions/region-tree';
import type { RegionDetail } from '../../shared/api/regions';
import { useRegion, useRegionBoundaries, useRegionChildren } from '../features/regions/regions-api';
import { CaseFiguresCard } from '../features/cases/case-figures-card';
import { useCan, useSignedInSession } from '../features/session/session-api';

// The field-work figures (and their request) load when their place is scrolled into view.
const FieldFiguresCard = lazy(() =>
  import('../features/field-work/field-figures-card').then((module) => ({ default: module.FieldFiguresCard })),
);

// The care figures (micro-wishes, pairings, moral bank) likewise, further down.
const CareFiguresCard = lazy(() =>
  import('../features/care/care-figures-card').then((module) => ({ default: module.CareFiguresCard })),
);

// The region's people likewise, at the bottom: its table is a good part of this page's code.
const StaffPanel = lazy(() =>
  import('../features/staff/staff-panel').then((module) => ({ default: module.StaffPanel })),
);

// The drawing tools (Leaflet-Geoman, most of this page's code) load when someone starts drawing.
const BoundaryEditor = lazy(() =>
  import('../features/regions/boundary-editor').then((module) => ({ default: module.BoundaryEditor })),
);

function RegionMapCard({ region, onOpen }: { region: RegionDetail; onOpen: (regionId: string) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const session = useSignedInSession();
  const [isEditing, setEditing] = useState(false);
  const hasChildLevel = childLevel(region.level) !== undefined;
  const children = useRegionBoundaries(hasChildLevel ? region.id : undefined);
  const hasGeometry = region.boundary !== null || (children.data?.features.length ?? 0) > 0;
  // One's own region's boundary is drawn by the level above (the server says the same).
  const canDraw = can('boundary.write') && region.id !== session.regionId;
  if (isEditing) {
    return (
      <Card title={t('regions.editBoundary')} size="small" className="region-map-card">
        <Suspense fallback={<PageSpinner />}>
          <BoundaryEditor key={region.id} region={region} onClose={() => setEditing(false)} />
        </Suspense>
      </Card>
    );
  }
  return (
    <Card
      title={t('regions.mapTitle')}
      size="small"
      className="region-map-card"
      extra={
        canDraw ? (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-boundary">
            {region.boundary ? t('regions.editBoundary') : t('regions.drawBoundary')}
          </Button>
        ) : null
      }
    >
      <BoundaryMap
        testId="region-map"
        className="region-map"
        outlines={region.boundary ? [region.boundary] : []}
        areas={children.data}
        bbox={region.bbox}
        labelPrefix={region.name}
        onAreaClick={(area) => onOpen(area.id)}
      />
      {!hasGeometry && !children.isPending ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regions.noBoundary')} />
      ) : null}
    </Card>
  );
}

function RegionPanel({ regionId, onOpen }: { regionId: string; onOpen: (regionId: string) => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const region = useRegion(regionId);
  if (isApiError(region.error) && region.error.status === 404) {
    return <PageResult status="404" title={t('regions.notFound')} />;
  }
  return (
    <QueryState query={region}>
      {() =>
        region.data ? (
          <Space orientation="vertical" size={16} className="full-width">
            <RegionSummary region={region.data} />
            <RegionMapCard region={region.data} onOpen={onOpen} />
            {can('case.read') ? <CaseFiguresCard regionId={region.data.id} /> : null}
            {can('visit.read') ? (
              <WhenVisible testId="field-figures-placeholder">
                <Suspense fallback={null}>
                  <FieldFiguresCard regionId={region.data.id} />
                </Suspense>
              </WhenVisible>
            ) : null}
            {can('wish.read') || can('pairing.read') || can('moral_bank.read') ? (
              <WhenVisible testId="care-figures-placeholder">
                <Suspense fallback={null}>
                  <CareFiguresCard regionId={region.data.id} />
                </Suspense>
              </WhenVisible>
            ) : null}
            <WhenVisible testId="staff-placeholder">
              <Suspense fallback={<PageSpinner />}>
                <StaffPanel region={region.data} />
              </Suspense>
            </WhenVisible>
          </Space>
        ) : null
      }
    </QueryState>
  );
}

/** 区域: the region tree on the left, the chosen region's page on the right (stacked on phones). */
export default function TerritoryPage() {
  const { t } = useTranslation();
  const { regionId } = useParams();
  const navigate = useNavigate();
  const roots = useRegionChildren(undefined);
  const selected = useRegion(regionId);
  const open = (id: string) => void navigate(`/regions/${id}`);

  const firstRoot = roots.data?.[0];
  if (!regionId && firstRoot) return <Navigate to={`/regions/${firstRoot.id}`} replace />;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={7} xxl={5}>
        <Card size="small" title={t('regions.treeTitle')} className="region-tree-card">
          <RegionSearch onSelect={open} />
          <QueryState query={roots}>
            {() => (
              <RegionTree
                roots={roots.data ?? []}
                selectedId={regionId}
                revealIds={
                  selected.data ? [...selected.data.ancestors.map((ancestor) => ancestor.id), selected.data.id] : []
                }
                onSelect={open}
              />
            )}
          </QueryState>
        </Card>
      </Col>
      <Col xs={24} lg={17} xxl={19}>
        {regionId ? (
          <RegionPanel regionId={regionId} onOpen={open} />
        ) : (
          <Empty description={t('regions.chooseRegion')} />
        )}
      </Col>
    </Row>
  );
}
