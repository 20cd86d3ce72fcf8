import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Empty, Flex, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordCard } from '../components/record-card';
import { useNavigate, useSearchParams } from 'react-router-dom';
import type { Pairing, PairingFigures } from '../../shared/api/pairings';
import { downloadFile } from '../components/download';
import { PageCard } from '../components/page-card';
import { LoadMore, QueryState } from '../components/query-state';
import { PairingCreateModal } from '../features/pairings/pairing-create-modal';
import {
  useKindName,
  usePairingFigures,
  usePairingKinds,
  usePairings,
  type PairingFilter,
} from '../features/pairings/pairings-api';
import { useCan } from '../features/session/session-api';

const tabParameter = 'tab';
const kindParameter = 'kind';
const tabs = ['list', 'overdue', 'mine', 'figures'] as const;
type Tab = (typeof tabs)[number];

/** A pairing as a card: its kind, the two sides (a minor's name as the registry shows it), when it is due. */
export function PairingCard({ record, onOpen }: { record: Pairing; onOpen: () => void }) {
  const { t } = useTranslation();
  const kindName = useKindName();
  return (
    <RecordCard onOpen={onOpen} data-testid="pairing-card">
      <Space orientation="vertical" size={4} className="full-width">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong>{kindName(record.kindName, record.kind)}</Typography.Text>
          <Space size={4}>
            {record.isOverdue ? <Tag color="red">{t('pairings.list.overdue')}</Tag> : null}
            <Tag color={record.status === 'active' ? 'green' : undefined}>{t(`pairings.status.${record.status}`)}</Tag>
          </Space>
        </Flex>
        <Typography.Text>
          {record.helper.name} → {record.helped.name}
          {record.helped.isMinor ? <Tag className="pairing-minor">{t('pairings.list.minor')}</Tag> : null}
        </Typography.Text>
        <Typography.Text type="secondary">
          {record.regionName} · {t('pairings.list.due', { date: record.dueOn })} ·{' '}
          {t('pairings.list.contacts', { count: record.contactCount })}
        </Typography.Text>
      </Space>
    </RecordCard>
  );
}

function PairingList({ filter, emptyText }: { filter: PairingFilter; emptyText: string }) {
  const navigate = useNavigate();
  const pairings = usePairings(filter);
  return (
    <QueryState query={pairings}>
      {() =>
        pairings.items.length === 0 ? (
          <Empty description={emptyText} />
        ) : (
          <>
            <Flex vertical gap={8} data-testid="pairing-list">
              {pairings.items.map((record) => (
                <PairingCard key={record.id} record={record} onOpen={() => void navigate(`/pairings/${record.id}`)} />
              ))}
            </Flex>
            <LoadMore list={pairings} />
          </>
        )
      }
    </QueryState>
  );
}

type FigureRow = PairingFigures['children'][number];

/** Per kind for the user's area, and per kind for each region below it; the Excel workbook of both. */
function FiguresTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const kindName = useKindName();
  const figures = usePairingFigures();
  const data = figures.data;
  const counts = [
    { title: t('pairings.figures.active'), dataIndex: 'active' },
    { title: t('pairings.figures.contacts'), dataIndex: 'contacts' },
    { title: t('pairings.figures.helpGiven'), dataIndex: 'helpGiven' },
    { title: t('pairings.figures.overdue'), dataIndex: 'overdue' },
  ];
  const kindColumn = {
    title: t('pairings.figures.kind'),
    key: 'kind',
    render: (_: unknown, row: { kind: string; kindName: FigureRow['kindName'] }) => kindName(row.kindName, row.kind),
  };
  const download = () =>
    downloadFile('/pairings/figures.xlsx', undefined, 'pairings.xlsx').catch(() =>
      message.error(t('pairings.figures.download')),
    );
  return (
    <QueryState query={figures}>
      {() =>
        data && (
          <Space orientation="vertical" size={12} className="full-width" data-testid="pairing-figures">
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Typography.Text type="secondary">
                {data.region.name} · {data.from} – {data.to}
              </Typography.Text>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => void download()}
                data-testid="pairing-figures-download"
              >
                {t('pairings.figures.download')}
              </Button>
            </Flex>
            <Table
              rowKey="kind"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[kindColumn, ...counts]}
              dataSource={data.kinds}
            />
            {data.children.length > 0 ? (
              <Table<FigureRow>
                rowKey={(row) => `${row.regionId}-${row.kind}`}
                size="small"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                scroll={{ x: 'max-content' }}
                columns={[{ title: t('pairings.figures.region'), dataIndex: 'regionName' }, kindColumn, ...counts]}
                dataSource={data.children}
              />
            ) : null}
          </Space>
        )
      }
    </QueryState>
  );
}

/** 结对帮扶: the pairings by kind, the overdue worklist, one's own, the figures; and the form for a new one. */
export default function PairingsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const kindName = useKindName();
  const kinds = usePairingKinds();
  const [searchParams, setSearchParams] = useSearchParams();
  const [isCreating, setCreating] = useState(false);
  const tab: Tab = tabs.find((item) => item === searchParams.get(tabParameter)) ?? 'list';
  const kind = searchParams.get(kindParameter) ?? undefined;
  const setParameter = (name: string, value: string | undefined) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const kindFilter = (
    <Select<string>
      allowClear
      className="pairings-filter"
      placeholder={t('pairings.allKinds')}
      value={kind}
      onChange={(value) => setParameter(kindParameter, value)}
      options={(kinds.data ?? []).map((item) => ({
        value: item.code,
        label: kindName({ zh: item.nameZh, en: item.nameEn }, item.code),
      }))}
      data-testid="pairing-kind-filter"
    />
  );

  return (
    <PageCard
      title={t('pairings.title')}
      testId="pairings-page"
      actions={
        can('pairing.manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="add-pairing">
            {t('pairings.add')}
          </Button>
        ) : null
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParameter(tabParameter, key === 'list' ? undefined : key)}
        items={tabs.map((key) => ({
          key,
          label: t(`pairings.tabs.${key}`),
          children:
            key !== tab ? null : key === 'figures' ? (
              <FiguresTab />
            ) : (
              <Space orientation="vertical" size={12} className="full-width">
                {kindFilter}
                <PairingList
                  filter={{
                    kind,
                    overdue: key === 'overdue',
                    mine: key === 'mine',
                    status: key === 'list' ? undefined : 'active',
                  }}
                  emptyText={key === 'overdue' ? t('pairings.list.overdueEmpty') : t('pairings.list.empty')}
                />
              </Space>
            ),
        }))}
      />
      {kinds.data ? (
        <PairingCreateModal
          open={isCreating}
          kinds={kinds.data}
          onClose={() => setCreating(false)}
          onCreated={(pairing) => void navigate(`/pairings/${pairing.id}`)}
        />
      ) : null}
    </PageCard>
  );
}
