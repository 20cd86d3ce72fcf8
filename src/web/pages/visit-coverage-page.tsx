import { DownloadOutlined } from '@ant-design/icons';
import { App, Breadcrumb, Button, Col, Flex, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffCoverageRow, VisitCoverageRow } from '../../shared/api/field-work';
import { describeError } from '../api/errors';
import { downloadFile } from '../components/download';
import { PageCard } from '../components/page-card';
import { QueryState } from '../components/query-state';
import { useIsPhone } from '../components/use-is-phone';
import { CoverageBar } from '../features/field-work/coverage-bar';
import {
  fieldPeriodNames,
  fieldPeriodOf,
  useVisitCoverage,
  type FieldPeriodName,
} from '../features/field-work/field-work-api';
import { useRegion } from '../features/regions/regions-api';
import { RegistryRegionFilter } from '../features/registry/registry-region-filter';
import { useRegistryRegion } from '../features/registry/registry-location';

/** 入户走访覆盖率: households visited per child region, drill-down to the grids, the staff of a village or grid. */
export default function VisitCoveragePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isPhone = useIsPhone();
  const { regionId, setRegionId } = useRegistryRegion();
  const [periodName, setPeriodName] = useState<FieldPeriodName>('month');
  const period = fieldPeriodOf(periodName);
  const coverage = useVisitCoverage(regionId, period);
  const region = useRegion(regionId);
  const [isExporting, setExporting] = useState(false);

  const exportExcel = async () => {
    setExporting(true);
    try {
      await downloadFile('/visits/coverage.xlsx', { regionId, ...period }, 'coverage.xlsx');
    } catch (error) {
      void message.error(describeError(error).title);
    } finally {
      setExporting(false);
    }
  };

  const regionColumns: TableColumnsType<VisitCoverageRow> = [
    {
      title: t('fieldWork.coverage.region'),
      dataIndex: 'name',
      render: (name: string, row) => (
        <Space size={4} wrap>
          <Typography.Link onClick={() => setRegionId(row.id)}>{name}</Typography.Link>
          {isPhone ? null : <Tag>{t(`level.${row.level}`)}</Tag>}
        </Space>
      ),
    },
    { title: t('fieldWork.coverage.households'), dataIndex: 'households', align: 'end' },
    { title: t('fieldWork.coverage.visitedHouseholds'), dataIndex: 'visitedHouseholds', align: 'end' },
    {
      title: t('fieldWork.coverage.rate'),
      key: 'rate',
      width: isPhone ? 120 : 240,
      render: (_: unknown, row) => <CoverageBar rate={row.rate} size="small" />,
    },
  ];
  const staffColumns: TableColumnsType<StaffCoverageRow> = [
    { title: t('fieldWork.coverage.staffName'), dataIndex: 'name' },
    {
      title: t('fieldWork.coverage.staffKind'),
      dataIndex: 'kind',
      render: (kind: StaffCoverageRow['kind']) => t(`fieldWork.staffKinds.${kind}`),
    },
    ...(isPhone ? [] : [{ title: t('fieldWork.coverage.grid'), dataIndex: 'regionName' }]),
    { title: t('fieldWork.coverage.assigned'), dataIndex: 'assignedHouseholds', align: 'end' },
    { title: t('fieldWork.coverage.visitedBySelf'), dataIndex: 'visitedHouseholds', align: 'end' },
    {
      title: t('fieldWork.coverage.rate'),
      key: 'rate',
      width: isPhone ? 110 : 200,
      render: (_: unknown, row) => <CoverageBar rate={row.rate} size="small" />,
    },
    ...(isPhone ? [] : [{ title: t('fieldWork.coverage.visits'), dataIndex: 'visits', align: 'end' as const }]),
  ];

  return (
    <PageCard title={t('fieldWork.coverage.title')}>
      <Space orientation="vertical" size={16} className="full-width">
        <Flex wrap gap={12} align="center">
          <RegistryRegionFilter />
          <Segmented
            value={periodName}
            onChange={(value) => setPeriodName(value as FieldPeriodName)}
            options={fieldPeriodNames.map((name) => ({ value: name, label: t(`fieldWork.periods.${name}`) }))}
            data-testid="coverage-period"
          />
          <Button icon={<DownloadOutlined />} loading={isExporting} onClick={() => void exportExcel()}>
            {t('fieldWork.coverage.exportExcel')}
          </Button>
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
                <Typography.Text type="secondary">
                  {t('fieldWork.coverage.period')}: {coverage.data.period.from} — {coverage.data.period.to}
                </Typography.Text>
                <Row gutter={[16, 16]} data-testid="visit-coverage-totals">
                  <Col xs={12} md={6}>
                    <Statistic title={t('fieldWork.coverage.households')} value={coverage.data.totals.households} />
                  </Col>
                  <Col xs={12} md={6}>
                    <Statistic
                      title={t('fieldWork.coverage.visitedHouseholds')}
                      value={coverage.data.totals.visitedHouseholds}
                    />
                  </Col>
                  <Col xs={24} md={12}>
                    <Typography.Text type="secondary">{t('fieldWork.coverage.rate')}</Typography.Text>
                    <CoverageBar rate={coverage.data.totals.rate} />
                  </Col>
                </Row>
                {coverage.data.rows.length > 0 ? (
                  <Table
                    rowKey="id"
                    size="small"
                    data-testid="visit-coverage-regions"
                    title={() => t('fieldWork.coverage.children')}
                    columns={regionColumns}
                    dataSource={coverage.data.rows}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                  />
                ) : null}
                {coverage.data.staff === null ? (
                  <Typography.Text type="secondary">{t('fieldWork.coverage.staffHint')}</Typography.Text>
                ) : (
                  <Table
                    rowKey="staffId"
                    size="small"
                    data-testid="visit-coverage-staff"
                    title={() => t('fieldWork.coverage.staff')}
                    footer={() => t('fieldWork.coverage.assignedRule')}
                    columns={staffColumns}
                    dataSource={coverage.data.staff}
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                  />
                )}
              </Space>
            ) : null
          }
        </QueryState>
      </Space>
    </PageCard>
  );
}
