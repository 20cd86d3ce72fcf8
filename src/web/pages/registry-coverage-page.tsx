import { Breadcrumb, Col, Flex, Row, Space, Statistic, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { QueryState } from '../components/query-state';
import { useCoverage } from '../features/registry/coverage-api';
import { CompletenessBar, CoverageTable } from '../features/registry/coverage-table';
import { PageCard } from '../components/page-card';
import { RegistryRegionFilter } from '../features/registry/registry-region-filter';
import { useRegistryRegion } from '../features/registry/registry-location';
import { useRegistryTranslation } from '../features/registry/use-registry-translation';
import { useRegion } from '../features/regions/regions-api';

/** 采集进度: how far information collection has come, per child region, with drill-down to the grids. */
export default function RegistryCoveragePage() {
  const { t } = useRegistryTranslation();
  const navigate = useNavigate();
  const { regionId, setRegionId } = useRegistryRegion();
  const coverage = useCoverage(regionId);
  const region = useRegion(regionId);

  return (
    <PageCard title={t('registry.coverage.title')}>
      <Space orientation="vertical" size={16} className="full-width">
        <Flex className="registry-filters">
          <RegistryRegionFilter />
        </Flex>
        {region.data ? (
          <Breadcrumb
            items={[
              ...region.data.ancestors.map((ancestor) => ({
                key: ancestor.id,
                title: <Typography.Link onClick={() => setRegionId(ancestor.id)}>{ancestor.name}</Typography.Link>,
              })),
              { key: region.data.id, title: region.data.name },
            ]}
          />
        ) : null}
        <QueryState query={coverage}>
          {() =>
            coverage.data ? (
              <Space orientation="vertical" size={16} className="full-width">
                <Row gutter={[16, 16]} data-testid="coverage-totals">
                  <Col xs={12} md={6}>
                    <Statistic title={t('registry.coverage.households')} value={coverage.data.totals.households} />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic title={t('registry.coverage.persons')} value={coverage.data.totals.persons} />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic
                      title={t('registry.coverage.completePersons')}
                      value={coverage.data.totals.completePersons}
                    />
                  </Col>
                  <Col xs={12} md={6}>
                    <Typography.Text type="secondary">{t('registry.coverage.completeness')}</Typography.Text>
                    <CompletenessBar figures={coverage.data.totals} />
                  </Col>
                </Row>
                <Typography.Text type="secondary">{t('registry.coverage.completeRule')}</Typography.Text>
                <CoverageTable
                  rows={coverage.data.rows}
                  onDrillDown={setRegionId}
                  onShowResidents={(id) => void navigate(`/registry?region=${encodeURIComponent(id)}`)}
                />
              </Space>
            ) : null
          }
        </QueryState>
      </Space>
    </PageCard>
  );
}
