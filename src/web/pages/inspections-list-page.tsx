import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, DatePicker, Flex, Space, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { InspectionSummary } from '../../shared/api/inspections';
import { PageCard } from '../components/page-card';
import { LoadMore, QueryState } from '../components/query-state';
import { InspectionCounts, InspectionFiguresRow, inspectionTimeText } from '../features/inspections/inspection-parts';
import { useInspectionFigures, useInspections, useLocalName } from '../features/inspections/inspections-api';
import { RegionPicker } from '../features/regions/region-picker';
import { RecordList } from '../features/registry/record-list';
import { useCan } from '../features/session/session-api';

/** 隐患排查: the figures of the region and period on top, then its inspections newest first. */
export default function InspectionsListPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const localName = useLocalName();
  const [regionId, setRegionId] = useState<string>();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const [isOpenOnly, setOpenOnly] = useState(false);
  const from = period[0].format('YYYY-MM-DD');
  const to = period[1].format('YYYY-MM-DD');
  const figures = useInspectionFigures({ regionId, from, to });
  const inspections = useInspections({ regionId, from, to, isOpen: isOpenOnly });
  const open = (inspection: InspectionSummary) => void navigate(`/inspections/${inspection.id}`);

  const columns: TableColumnsType<InspectionSummary> = [
    {
      title: t('inspections.inspectedAt'),
      key: 'time',
      width: 150,
      render: (_: unknown, inspection) => inspectionTimeText(inspection),
    },
    {
      title: t('inspections.place'),
      key: 'place',
      render: (_: unknown, inspection) => <Typography.Text strong>{inspection.place.name}</Typography.Text>,
    },
    { title: t('inspections.grid'), dataIndex: 'regionName' },
    {
      title: t('inspections.checklist'),
      key: 'checklist',
      render: (_: unknown, inspection) => (
        <Space size={4} wrap>
          <Tag>{t(`inspections.kind.${inspection.kind}`)}</Tag>
          {localName(inspection.checklist.name)}
        </Space>
      ),
    },
    {
      title: t('inspections.inspectors'),
      key: 'inspectors',
      render: (_: unknown, inspection) => inspection.inspectors.map((person) => person.name).join('、'),
    },
    { title: '', key: 'counts', render: (_: unknown, inspection) => <InspectionCounts inspection={inspection} /> },
  ];

  return (
    <PageCard
      title={t('inspections.title')}
      testId="inspections-page"
      actions={
        <>
          {can('inspection.configure') ? (
            <Button icon={<SettingOutlined />} onClick={() => void navigate('/inspections/checklists')}>
              {t('inspections.checklists')}
            </Button>
          ) : null}
          {can('inspection.record') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => void navigate('/inspections/new')}
              data-testid="record-inspection"
            >
              {t('inspections.record')}
            </Button>
          ) : null}
        </>
      }
    >
      <Space orientation="vertical" size={12} className="full-width">
        <Flex wrap gap={8}>
          <div style={{ minWidth: 220 }}>
            <RegionPicker value={regionId} onChange={(value) => setRegionId(value as string | undefined)} />
          </div>
          <DatePicker.RangePicker
            value={period}
            allowClear={false}
            onChange={(value) => {
              if (value?.[0] && value[1]) setPeriod([value[0], value[1]]);
            }}
            placeholder={[t('inspections.from'), t('inspections.to')]}
          />
          <Checkbox checked={isOpenOnly} onChange={(event) => setOpenOnly(event.target.checked)}>
            {t('inspections.onlyOpen')}
          </Checkbox>
        </Flex>
        <InspectionFiguresRow figures={figures.data} />
        <QueryState query={inspections}>
          {() => (
            <>
              <RecordList<InspectionSummary>
                items={inspections.items}
                columns={columns}
                rowKey="id"
                isLoading={inspections.isPlaceholderData}
                onOpen={open}
                emptyText={t('inspections.none')}
                testId="inspection-list"
                renderCard={(inspection) => (
                  <Space orientation="vertical" size={2} className="full-width">
                    <Typography.Text strong>{inspection.place.name}</Typography.Text>
                    <Typography.Text type="secondary">
                      {inspectionTimeText(inspection)} · {inspection.regionName}
                    </Typography.Text>
                    <InspectionCounts inspection={inspection} />
                  </Space>
                )}
              />
              <LoadMore list={inspections} />
            </>
          )}
        </QueryState>
      </Space>
    </PageCard>
  );
}
