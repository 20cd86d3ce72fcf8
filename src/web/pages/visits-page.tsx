import { PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Visit } from '../../shared/api/visits';
import { PageCard } from '../components/page-card';
import { LoadMore, QueryState } from '../components/query-state';
import { RecordList } from '../features/registry/record-list';
import { RegionPicker } from '../features/regions/region-picker';
import { useCan } from '../features/session/session-api';
import { VisitDrawer, visitTimeText } from '../features/visits/visit-drawer';
import { VisitFindings } from '../features/visits/visit-findings';
import { VisitFormModal } from '../features/visits/visit-form-modal';
import { usePurposeName, useVisitPurposes, useVisits } from '../features/visits/visits-api';

/** China's midnight of a picked day, as an instant the API takes. */
function chinaMidnight(day: Dayjs, addDays = 0): string {
  return `${day.add(addDays, 'day').format('YYYY-MM-DD')}T00:00:00+08:00`;
}

/** 走访记录: visits newest first by region, period and purpose; a visit opens in a drawer; 记录走访 records one. */
export default function VisitsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const purposes = useVisitPurposes();
  const purposeName = usePurposeName();
  const [regionId, setRegionId] = useState<string>();
  const [period, setPeriod] = useState<[Dayjs, Dayjs] | null>(null);
  const [purpose, setPurpose] = useState<string>();
  const [isRecording, setRecording] = useState(false);
  const [openVisitId, setOpenVisitId] = useState<string>();
  const visits = useVisits({
    regionId,
    purpose,
    from: period ? chinaMidnight(period[0]) : undefined,
    to: period ? chinaMidnight(period[1], 1) : undefined,
  });
  const none = t('common.none');

  const columns: TableColumnsType<Visit> = [
    { title: t('visits.visitedAt'), key: 'time', render: (_: unknown, visit) => visitTimeText(visit), width: 150 },
    { title: t('visits.household'), dataIndex: 'label' },
    { title: t('visits.grid'), dataIndex: 'regionName' },
    { title: t('visits.purpose'), key: 'purpose', render: (_: unknown, visit) => <Tag>{purposeName(visit)}</Tag> },
    {
      title: t('visits.visitors'),
      key: 'visitors',
      render: (_: unknown, visit) => visit.visitors.map((visitor) => visitor.name).join('、') || none,
    },
    {
      title: t('visits.findings'),
      key: 'findings',
      ellipsis: true,
      render: (_: unknown, visit) => <VisitFindings visit={visit} empty={none} />,
    },
    {
      title: t('visits.followUp.title'),
      key: 'followUp',
      render: (_: unknown, visit) => (
        <Space size={4} wrap>
          {visit.case ? <Tag color="blue">{visit.case.number}</Tag> : null}
          {visit.needs.length > 0 ? <Tag color="orange">{t('visits.followUp.need')}</Tag> : null}
        </Space>
      ),
    },
  ];

  return (
    <PageCard
      title={t('visits.title')}
      testId="visits-page"
      actions={
        <>
          {can('case.configure') ? (
            <Button
              icon={<SettingOutlined />}
              onClick={() => void navigate('/visits/purposes')}
              data-testid="visit-purposes"
            >
              {t('visits.purposes')}
            </Button>
          ) : null}
          {can('visit.record') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setRecording(true)}
              data-testid="record-visit"
            >
              {t('visits.record')}
            </Button>
          ) : null}
        </>
      }
    >
      <Flex wrap gap={8} className="visits-filters">
        <div style={{ minWidth: 220 }}>
          <RegionPicker value={regionId} onChange={(value) => setRegionId(value as string | undefined)} />
        </div>
        <DatePicker.RangePicker
          value={period}
          onChange={(value) => setPeriod(value && value[0] && value[1] ? [value[0], value[1]] : null)}
          placeholder={[t('visits.from'), t('visits.to')]}
        />
        <Select
          allowClear
          value={purpose}
          onChange={setPurpose}
          placeholder={t('visits.allPurposes')}
          options={purposes.purposes.map((item) => ({ value: item.code, label: purposeName({ purposeName: item }) }))}
          style={{ minWidth: 160 }}
          data-testid="visits-purpose-filter"
        />
      </Flex>
      <QueryState query={visits}>
        {() => (
          <>
            <RecordList<Visit>
              items={visits.items}
              columns={columns}
              rowKey="id"
              isLoading={visits.isPlaceholderData}
              onOpen={(visit) => setOpenVisitId(visit.id)}
              emptyText={t('visits.none')}
              testId="visit-list"
              renderCard={(visit) => (
                <Space orientation="vertical" size={2} className="full-width">
                  <Space size={4} wrap>
                    <Typography.Text strong>{visit.label}</Typography.Text>
                    <Tag>{purposeName(visit)}</Tag>
                  </Space>
                  <Typography.Text type="secondary">
                    {visitTimeText(visit)} · {visit.visitors.map((visitor) => visitor.name).join('、')}
                  </Typography.Text>
                  <VisitFindings visit={visit} />
                </Space>
              )}
            />
            <LoadMore list={visits} />
          </>
        )}
      </QueryState>
      <VisitFormModal open={isRecording} onClose={() => setRecording(false)} />
      <VisitDrawer visitId={openVisitId} onClose={() => setOpenVisitId(undefined)} />
    </PageCard>
  );
}
