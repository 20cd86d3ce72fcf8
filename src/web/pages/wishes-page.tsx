import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Progress,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordCard } from '../components/record-card';
import { useSearchParams } from 'react-router-dom';
import type { Wish, WishFigures, WishWallSettingsBody } from '../../shared/api/wishes';
import { claimantKinds, wishStatuses, type WishStatus } from '../../shared/wishes';
import { downloadFile } from '../components/download';
import { PageCard } from '../components/page-card';
import { LoadMore, QueryState } from '../components/query-state';
import { RegionPicker } from '../features/regions/region-picker';
import { useCan, useSignedInSession } from '../features/session/session-api';
import { WishDrawer, WishStatusTag } from '../features/wishes/wish-drawer';
import { DriveModal, RegisterWishModal } from '../features/wishes/wish-forms';
import {
  useSaveWallSettings,
  useWallSettings,
  useWishDrives,
  useWishes,
  useWishFigures,
  type WishFilter,
} from '../features/wishes/wishes-api';
import '../features/wishes/wishes.css';

const tabs = ['list', 'late', 'drives', 'figures', 'wall'] as const;
type Tab = (typeof tabs)[number];

/** A wish as a card: the resident (a minor's name shortened), the wish, its status and claimant. */
function WishCard({ wish, onOpen }: { wish: Wish; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <RecordCard onOpen={onOpen} data-testid="wish-card">
      <Space orientation="vertical" size={4} className="full-width">
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text strong>
            {wish.person.name} · {wish.regionName}
          </Typography.Text>
          <WishStatusTag wish={wish} />
        </Flex>
        <Typography.Text className="wish-content">
          【{t(`wishes.category.${wish.category}`)}】{wish.content}
        </Typography.Text>
        <Typography.Text type="secondary">
          {wish.claimant && wish.promisedOn
            ? t('wishes.list.claimedBy', { name: wish.claimant.name, date: wish.promisedOn })
            : t('wishes.list.registeredAt', { date: wish.registeredAt.slice(0, 10) })}
          {wish.drive ? ` · ${wish.drive.name}` : ''}
        </Typography.Text>
      </Space>
    </RecordCard>
  );
}

function WishList({
  filter,
  emptyText,
  onOpen,
}: {
  filter: WishFilter;
  emptyText: string;
  onOpen: (id: string) => void;
}) {
  const wishes = useWishes(filter);
  return (
    <QueryState query={wishes}>
      {() =>
        wishes.items.length === 0 ? (
          <Empty description={emptyText} />
        ) : (
          <>
            <Flex vertical gap={8} data-testid="wish-list">
              {wishes.items.map((wish) => (
                <WishCard key={wish.id} wish={wish} onOpen={() => onOpen(wish.id)} />
              ))}
            </Flex>
            <LoadMore list={wishes} />
          </>
        )
      }
    </QueryState>
  );
}

/** The county's public wall (/wall/<county code>), of a drive when given; none for an account above the counties. */
function useWallPath() {
  const countyCode = useSignedInSession().user.regionCode?.slice(0, 6);
  return (driveId?: string) =>
    countyCode?.length === 6 ? `/wall/${countyCode}${driveId ? `?drive=${driveId}` : ''}` : undefined;
}

/** The drives with how far their wishes got against the target, each with a link to its wall. */
function DrivesTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const drives = useWishDrives();
  const wallPath = useWallPath();
  const [isCreating, setCreating] = useState(false);
  return (
    <Space orientation="vertical" size={12} className="full-width">
      {mayManage ? (
        <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="add-drive">
          {t('wishes.drives.add')}
        </Button>
      ) : null}
      <QueryState query={drives}>
        {() =>
          (drives.data ?? []).length === 0 ? (
            <Empty description={t('wishes.drives.empty')} />
          ) : (
            <Flex vertical gap={8} data-testid="drive-list">
              {(drives.data ?? []).map((drive) => (
                <Card key={drive.id} size="small" data-testid="drive-card">
                  <Space orientation="vertical" size={4} className="full-width">
                    <Flex justify="space-between" gap={8} wrap>
                      <Typography.Text strong>{drive.name}</Typography.Text>
                      <Typography.Text type="secondary">
                        {drive.regionName} · {drive.startsOn} – {drive.endsOn}
                      </Typography.Text>
                    </Flex>
                    <Progress
                      percent={Math.min(100, Math.round((drive.progress.fulfilled * 100) / drive.targetCount))}
                    />
                    <Typography.Text>
                      {t('wishes.drives.progress', { fulfilled: drive.progress.fulfilled, target: drive.targetCount })}
                    </Typography.Text>
                    <Typography.Text type="secondary">{t('wishes.drives.counts', drive.progress)}</Typography.Text>
                    {wallPath(drive.id) ? (
                      <Typography.Link href={wallPath(drive.id)} target="_blank">
                        {t('wishes.wall.open')}
                      </Typography.Link>
                    ) : null}
                  </Space>
                </Card>
              ))}
            </Flex>
          )
        }
      </QueryState>
      <DriveModal open={isCreating} onClose={() => setCreating(false)} />
    </Space>
  );
}

type RegionRow = WishFigures['regions'][number];

/** The figures of the user's area (the last 90 days, or a drive), by claimant kind and per region; their Excel. */
function FiguresTab({ driveId }: { driveId: string | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const query = { driveId };
  const figures = useWishFigures(query);
  const data = figures.data;
  const counts = (['registered', 'published', 'claimed', 'fulfilled', 'acknowledged'] as const).map((key) => ({
    title: t(`wishes.figures.${key}`),
    dataIndex: key,
  }));
  const download = () =>
    downloadFile('/micro-wishes/figures.xlsx', query, 'micro-wishes.xlsx').catch(() =>
      message.error(t('wishes.figures.downloadFailed')),
    );
  return (
    <QueryState query={figures}>
      {() =>
        data && (
          <Space orientation="vertical" size={12} className="full-width" data-testid="wish-figures">
            <Flex justify="space-between" align="center" wrap gap={8}>
              <Typography.Text type="secondary">
                {t('wishes.figures.period', { from: data.from, to: data.to })}
              </Typography.Text>
              <Button icon={<DownloadOutlined />} onClick={() => void download()} data-testid="wish-figures-download">
                {t('wishes.figures.download')}
              </Button>
            </Flex>
            <Flex wrap gap={8} className="wish-figure-tiles">
              {(
                [
                  'registered',
                  'published',
                  'claimed',
                  'fulfilled',
                  'acknowledged',
                  'rejected',
                  'cancelled',
                  'late',
                ] as const
              ).map((key) => (
                <Card key={key} size="small" className="wish-figure-tile">
                  <Typography.Text type="secondary">{t(`wishes.figures.${key}`)}</Typography.Text>
                  <Typography.Title level={4} className="wish-figure-value" data-testid={`wish-figure-${key}`}>
                    {data[key]}
                  </Typography.Title>
                </Card>
              ))}
            </Flex>
            <Table
              rowKey="kind"
              size="small"
              pagination={false}
              title={() => t('wishes.figures.byKind')}
              columns={[
                { title: t('wishes.figures.kind'), dataIndex: 'name' },
                { title: t('wishes.figures.claimed'), dataIndex: 'claimed' },
                { title: t('wishes.figures.fulfilled'), dataIndex: 'fulfilled' },
              ]}
              dataSource={claimantKinds.map((kind) => ({
                kind,
                name: t(`wishes.claimantKind.${kind}`),
                claimed: data.claimedBy[kind],
                fulfilled: data.fulfilledBy[kind],
              }))}
            />
            <Table<RegionRow>
              rowKey="regionId"
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 'max-content' }}
              columns={[{ title: t('wishes.figures.region'), dataIndex: 'regionName' }, ...counts]}
              dataSource={data.regions}
            />
          </Space>
        )
      }
    </QueryState>
  );
}

/** What the county's public wall shows; county staff change it, the others read it. */
function WallTab({ mayChange }: { mayChange: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useWallSettings();
  const save = useSaveWallSettings();
  const wallPath = useWallPath()();
  return (
    <QueryState query={settings}>
      {() =>
        settings.data && (
          <Space orientation="vertical" size={12} className="full-width">
            <Typography.Paragraph type="secondary">{t('wishes.wall.intro')}</Typography.Paragraph>
            <Form<WishWallSettingsBody>
              layout="vertical"
              initialValues={settings.data}
              disabled={!mayChange}
              onFinish={(values) =>
                save.mutate(values, { onSuccess: () => void message.success(t('wishes.wall.saved')) })
              }
            >
              <Form.Item name="isEnabled" label={t('wishes.wall.isEnabled')} valuePropName="checked">
                <Switch data-testid="wall-enabled" />
              </Form.Item>
              <Form.Item name="residentName" label={t('wishes.wall.residentName')}>
                <Radio.Group
                  options={[
                    { value: 'surname', label: t('wishes.wall.surname') },
                    { value: 'none', label: t('wishes.wall.none') },
                  ]}
                />
              </Form.Item>
              <Form.Item name="showsVillage" label={t('wishes.wall.showsVillage')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Form.Item name="showsClaimantUnit" label={t('wishes.wall.showsClaimantUnit')} valuePropName="checked">
                <Switch />
              </Form.Item>
              <Flex gap={8} wrap>
                {mayChange ? (
                  <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="wall-save">
                    {t('wishes.wall.save')}
                  </Button>
                ) : null}
                {wallPath ? (
                  <Button href={wallPath} target="_blank" disabled={false} data-testid="wall-open">
                    {t('wishes.wall.open')}
                  </Button>
                ) : null}
              </Flex>
            </Form>
          </Space>
        )
      }
    </QueryState>
  );
}

/** 微心愿: the wishes by status, drive and region, the late claims, the drives, the figures, the wall's settings. */
export default function WishesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const session = useSignedInSession();
  const drives = useWishDrives();
  const [searchParams, setSearchParams] = useSearchParams();
  const [isRegistering, setRegistering] = useState(false);
  const tab: Tab = tabs.find((item) => item === searchParams.get('tab')) ?? 'list';
  const status = wishStatuses.find((item) => item === searchParams.get('status'));
  const driveId = searchParams.get('drive') ?? undefined;
  const regionId = searchParams.get('region') ?? undefined;
  const openWishId = searchParams.get('wish') ?? undefined;
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
  const openWish = (id: string | undefined) => setParameter('wish', id);

  const driveFilter = (
    <Select<string>
      allowClear
      className="wishes-filter"
      placeholder={t('wishes.filter.drive')}
      value={driveId}
      onChange={(value) => setParameter('drive', value)}
      options={(drives.data ?? []).map((drive) => ({ value: drive.id, label: drive.name }))}
      data-testid="wish-drive-filter"
    />
  );
  const filters = (
    <Flex gap={8} wrap>
      <Select<WishStatus>
        allowClear
        className="wishes-filter"
        placeholder={t('wishes.filter.status')}
        value={status}
        onChange={(value) => setParameter('status', value)}
        options={wishStatuses.map((value) => ({ value, label: t(`wishes.status.${value}`) }))}
        data-testid="wish-status-filter"
      />
      {driveFilter}
      <div className="wishes-filter">
        <RegionPicker
          value={regionId}
          onChange={(value) => setParameter('region', typeof value === 'string' ? value : undefined)}
        />
      </div>
    </Flex>
  );
  const visibleTabs = tabs.filter((key) => key !== 'wall' || can('wish.manage'));

  return (
    <PageCard
      title={t('wishes.title')}
      testId="wishes-page"
      actions={
        can('wish.register') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="add-wish">
            {t('wishes.add')}
          </Button>
        ) : null
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParameter('tab', key === 'list' ? undefined : key)}
        items={visibleTabs.map((key) => ({
          key,
          label: t(`wishes.tabs.${key}`),
          children:
            key !== tab ? null : key === 'drives' ? (
              <DrivesTab mayManage={can('wish.manage')} />
            ) : key === 'figures' ? (
              <Space orientation="vertical" size={12} className="full-width">
                {driveFilter}
                <FiguresTab driveId={driveId} />
              </Space>
            ) : key === 'wall' ? (
              <WallTab mayChange={session.role === 'county' || session.role === 'admin'} />
            ) : (
              <Space orientation="vertical" size={12} className="full-width">
                {key === 'list' ? filters : null}
                <WishList
                  filter={key === 'late' ? { isLate: true } : { status, driveId, regionId }}
                  emptyText={key === 'late' ? t('wishes.list.lateEmpty') : t('wishes.list.empty')}
                  onOpen={openWish}
                />
              </Space>
            ),
        }))}
      />
      <RegisterWishModal
        open={isRegistering}
        drives={drives.data ?? []}
        onClose={() => setRegistering(false)}
        onRegistered={(wish) => openWish(wish.id)}
      />
      <WishDrawer wishId={openWishId} onClose={() => openWish(undefined)} />
    </PageCard>
  );
}
