import { Alert, Flex, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { BoundaryMap } from '../components/boundary-map';
import { QueryState } from '../components/query-state';
import { useCaseCategories } from '../features/cases/case-catalogue-api';
import { CaseMarker, caseMarkerColors } from '../features/cases/case-markers';
import { useCaseMap } from '../features/cases/cases-api';
import { RegionPicker } from '../features/regions/region-picker';
import { useRegionChildren, useRegionNames, type Region } from '../features/regions/regions-api';
import { useScopeGrids } from '../features/regions/use-scope-grids';

const regionParameter = 'region';

function CasesMap({ roots }: { roots: Region[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const categories = useCaseCategories();
  const [searchParams, setSearchParams] = useSearchParams();
  const regionId = searchParams.get(regionParameter) ?? undefined;
  const knownLabels = useRegionNames(regionId ? [regionId] : []);
  const { areas, outlines } = useScopeGrids(roots);
  const cases = useCaseMap(regionId);
  const points = cases.data?.features ?? [];
  const overdueCount = points.filter((point) => point.properties.isOverdue).length;

  return (
    <div className="cases-map-page">
      <Flex wrap gap={8} align="center" className="table-toolbar cases-filters">
        <div className="cases-filter">
          <RegionPicker
            value={regionId}
            knownLabels={knownLabels}
            onChange={(value) =>
              setSearchParams(typeof value === 'string' ? { [regionParameter]: value } : {}, { replace: true })
            }
          />
        </div>
        <Tag color={caseMarkerColors.open} data-testid="cases-map-count">
          {t('cases.map.count', { count: points.length })}
        </Tag>
        <Tag color={caseMarkerColors.overdue}>
          {t('cases.map.overdue')} {overdueCount}
        </Tag>
      </Flex>
      <QueryState query={cases}>
        {() => (
          <>
            {points.length === 0 ? <Alert type="info" showIcon banner title={t('cases.map.empty')} /> : null}
            {cases.data?.truncated ? (
              <Alert type="warning" showIcon banner title={t('cases.map.truncated', { count: points.length })} />
            ) : null}
            <BoundaryMap
              testId="cases-map"
              className="cases-map"
              areas={areas}
              outlines={outlines}
              bbox={roots[0]?.bbox}
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
