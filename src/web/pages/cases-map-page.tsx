import { Alert, Flex, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { BoundaryMap } from '../components/boundary-map';
import { QueryState } from '../components/query-state';
import { useCaseCategories } from '../features/cases/case-catalogue-api';
import { CaseCountyPicker, useCaseCounty } from '../features/cases/case-county';
import { CaseMarker, caseMarkerColors } from '../features/cases/case-markers';
import { useCaseMap } from '../features/cases/cases-api';
import { RegionPicker } from '../features/regions/region-picker';
import type { Region } from '../../shared/api/regions';
import { useRegionChildren, useRegionNames } from '../features/regions/regions-api';
import { useScopeGrids } from '../features/regions/use-scope-grids';

const regionParameter = 'region';

function CasesMap({ roots }: { roots: Region[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const categories = useCaseCategories();
  const [searchParams, setSearchParams] = useSearchParams();
  const chosenRegionId = searchParams.get(regionParameter) ?? undefined;
  const knownLabels = useRegionNames(chosenRegionId ? [chosenRegionId] : []);
  // An account that spans counties sees one county at a time: the one it works in, unless it chose a region.
  const county = useCaseCounty();
  const regionId = chosenRegionId ?? county.countyId;
  const shownRoots = county.county ? [county.county] : roots;
  const { areas, outlines } = useScopeGrids(shownRoots);
  const cases = useCaseMap(regionId, { enabled: county.isReady });
  const points = cases.data?.features ?? [];
  const openCount = cases.data?.open ?? 0;

  return (
    <div className="cases-map-page">
      <Flex wrap gap={8} align="center" className="table-toolbar cases-filters">
        <div className="cases-filter">
          <RegionPicker
            value={chosenRegionId}
            root={county.county}
            knownLabels={knownLabels}
            onChange={(value) =>
              setSearchParams(typeof value === 'string' ? { [regionParameter]: value } : {}, { replace: true })
            }
          />
        </div>
        <CaseCountyPicker onChange={() => setSearchParams({}, { replace: true })} />
        <Tag color={caseMarkerColors.open} data-testid="cases-map-count">
          {t('cases.map.count', { count: openCount })}
        </Tag>
        <Tag color={caseMarkerColors.overdue} data-testid="cases-map-overdue">
          {t('cases.map.overdue')} {cases.data?.overdue ?? 0}
        </Tag>
      </Flex>
      <QueryState query={cases}>
        {() => (
          <>
            {openCount === 0 ? <Alert type="info" showIcon banner title={t('cases.map.empty')} /> : null}
            {openCount > points.length && !cases.data?.truncated ? (
              <Alert
                type="info"
                showIcon
                banner
                title={t('cases.map.unlocated', { count: openCount - points.length })}
                data-testid="cases-map-unlocated"
              />
            ) : null}
            {cases.data?.truncated ? (
              <Alert type="warning" showIcon banner title={t('cases.map.truncated', { count: points.length })} />
            ) : null}
            <BoundaryMap
              testId="cases-map"
              className="cases-map"
              areas={areas}
              outlines={outlines}
              bbox={shownRoots[0]?.bbox}
            >
              {points.map((point) => {
                const [lng, lat] = point.geometry.coordinates;
                const { id, number, category, status, isOverdue } = point.properties;
                return (
                  <CaseMarker
                    key={id}
                    position={{ lat: lat!, lng: lng! }}
                    isOverdue={isOverdue}
                    label={`${number} · ${categories.nameOf(category)} · ${t(`cases.status.${status}`)}`}
                    onClick={() => void navigate(`/cases/${id}`)}
                  />
                );
              })}
            </BoundaryMap>
          </>
        )}
      </QueryState>
    </div>
  );
}

/** 案件地图: the open cases of the user's area (or of a region in it) as dots, red when overdue; a dot opens its case. */
export default function CasesMapPage() {
  const roots = useRegionChildren(undefined);
  return <QueryState query={roots}>{() => <CasesMap roots={roots.data ?? []} />}</QueryState>;
}
