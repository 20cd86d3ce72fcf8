import { TeamOutlined } from '@ant-design/icons';
import { Progress, Space, Table, Tag, type TableColumnsType } from 'antd';
import { TableAction } from '../../components/table-action';
import { useIsPhone } from '../../components/use-is-phone';
import type { Coverage, CoverageRow } from '../../../shared/api/registry';
import { useRegistryTranslation } from './use-registry-translation';

/** Completeness as a bar: green once nearly everyone is recorded in full, red while most records lack something. */
export function CompletenessBar({ figures, size }: { figures: Coverage['totals']; size?: 'small' | 'default' }) {
  const { t } = useRegistryTranslation();
  if (figures.completeness === null) return <>{t('registry.coverage.nobody')}</>;
  const percent = Math.round(figures.completeness * 1000) / 10;
  const status = percent >= 90 ? 'success' : percent < 60 ? 'exception' : 'normal';
  return (
    <Progress
      percent={percent}
      status={status}
      size={size}
      format={(value) => `${value ?? 0}%`}
      className="registry-completeness"
    />
  );
}

/** One row per child region; choosing a row shows that region's own children. */
export function CoverageTable({
  rows,
  onDrillDown,
  onShowResidents,
}: {
  rows: CoverageRow[];
  onDrillDown: (regionId: string) => void;
  onShowResidents: (regionId: string) => void;
}) {
  const { t } = useRegistryTranslation();
  // Fixed columns would leave a phone screen almost no room for the scrolling ones.
  const isPhone = useIsPhone();
  const columns: TableColumnsType<CoverageRow> = [
    {
      title: t('registry.coverage.region'),
      dataIndex: 'name',
      fixed: isPhone ? undefined : 'start',
      render: (name: string, row) => (
        <Space size={4}>
          {name}
          <Tag>{t(`level.${row.level}`)}</Tag>
        </Space>
      ),
    },
    { title: t('registry.coverage.households'), dataIndex: 'households', align: 'end' },
    { title: t('registry.coverage.persons'), dataIndex: 'persons', align: 'end' },
    { title: t('registry.coverage.completePersons'), dataIndex: 'completePersons', align: 'end' },
    {
      title: t('registry.coverage.completeness'),
      key: 'completeness',
      width: 220,
      render: (_: unknown, row) => <CompletenessBar figures={row} size="small" />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, row) => (
        <TableAction
          icon={<TeamOutlined />}
          label={t('registry.coverage.showResidents')}
          onClick={(event) => {
            // The row drills down; this goes to the residents instead.
            event.stopPropagation();
            onShowResidents(row.regionId);
          }}
        />
      ),
    },
  ];
  return (
    <div data-testid="coverage-table">
      <Table<CoverageRow>
        rowKey="regionId"
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('registry.coverage.noChildren') }}
        rowClassName="registry-clickable-row"
        onRow={(row) => ({ onClick: () => onDrillDown(row.regionId) })}
      />
    </div>
  );
}
