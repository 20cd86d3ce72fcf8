import { DeleteOutlined, EditOutlined, PlusOutlined, SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Popconfirm, Select, Space, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { placeKinds, type PlaceKind } from '../../shared/registry';
import { LoadMore, QueryState } from '../components/query-state';
import { TableAction } from '../components/table-action';
import { useDebouncedValue } from '../components/use-debounced-value';
import { PlaceFormModal, type PlaceFormTarget } from '../features/registry/place-form-modal';
import type { Place } from '../../shared/api/registry';
import { useDeletePlace, usePlaces } from '../features/registry/places-api';
import { RecordList } from '../features/registry/record-list';
import { PageCard } from '../components/page-card';
import { RegistryRegionFilter } from '../features/registry/registry-region-filter';
import { useRegistryRegion } from '../features/registry/registry-location';
import { useRegistryTranslation } from '../features/registry/use-registry-translation';
import { useRegion } from '../features/regions/regions-api';
import { useCan } from '../features/session/session-api';
import { PlaceInspectionsDrawer } from '../features/inspections';
import { MountWhenOpened } from '../components/mount-when-opened';

// The server accepts up to 100 characters.
const maximumSearchLength = 100;

// Kinds that call for inspections (fire, building safety) stand out.
const kindColors: Record<PlaceKind, string> = {
  shop: 'blue',
  restaurant: 'cyan',
  nine_small_place: 'orange',
  construction_site: 'volcano',
  old_house: 'gold',
  municipal_facility: 'green',
  company: 'purple',
  other: 'default',
};

/** 场所: shops, the nine small places, sites and companies of the grids, by kind, name or address. */
export default function RegistryPlacesPage() {
  const { t } = useRegistryTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('registry.write');
  // A place's inspection history (隐患排查) opens in a drawer.
  const canInspect = can('inspection.read');
  const [historyPlace, setHistoryPlace] = useState<Place>();
  const { regionId, isReady } = useRegistryRegion();
  const region = useRegion(regionId);
  const [kind, setKind] = useState<PlaceKind>();
  const [searchText, setSearchText] = useState('');
  const [formTarget, setFormTarget] = useState<PlaceFormTarget>();
  const search = useDebouncedValue(searchText.trim().slice(0, maximumSearchLength));
  const places = usePlaces({ regionId, kind, search }, { enabled: isReady });
  const deletePlace = useDeletePlace();
  const none = t('common.none');

  const kindTag = (place: Place) => <Tag color={kindColors[place.kind]}>{t(`registry.placeKind.${place.kind}`)}</Tag>;
  const contactOf = (place: Place) => [place.contactName, place.contactPhone].filter(Boolean).join(' ') || none;

  const actions = (place: Place) =>
    canWrite || canInspect ? (
      // The row itself opens the edit form; these buttons must not do that as well.
      <Space size={0} onClick={(event) => event.stopPropagation()}>
        {canInspect ? (
          <TableAction
            icon={<SafetyOutlined />}
            label={t('inspections.showHistory')}
            onClick={() => setHistoryPlace(place)}
          />
        ) : null}
        {canWrite ? (
          <>
            <TableAction
              icon={<EditOutlined />}
              label={t('common.edit')}
              onClick={() => setFormTarget({ mode: 'edit', place })}
            />
            <Popconfirm
              title={t('common.confirmDelete', { name: place.name })}
              onConfirm={() => deletePlace.mutateAsync(place.id).then(() => void message.success(t('common.deleted')))}
            >
              <TableAction danger icon={<DeleteOutlined />} label={t('common.delete')} />
            </Popconfirm>
          </>
        ) : null}
      </Space>
    ) : null;

  const columns: TableColumnsType<Place> = [
    {
      title: t('registry.place.name'),
      dataIndex: 'name',
      fixed: 'start',
      render: (name: string) => <Typography.Text strong>{name}</Typography.Text>,
    },
    { title: t('registry.place.kind'), key: 'kind', render: (_: unknown, place) => kindTag(place) },
    { title: t('registry.place.address'), dataIndex: 'address', render: (address: string) => address || none },
    { title: t('registry.place.contact'), key: 'contact', render: (_: unknown, place) => contactOf(place) },
    { title: t('registry.person.grid'), dataIndex: 'regionName' },
    {
      title: t('registry.person.notes'),
      dataIndex: 'notes',
      render: (notes: string) => (
        <Typography.Paragraph className="registry-notes-cell" ellipsis={{ rows: 2, tooltip: notes }}>
          {notes || none}
        </Typography.Paragraph>
      ),
    },
    ...(canWrite || canInspect
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'end' as const,
            render: (_: unknown, place: Place) => actions(place),
          },
        ]
      : []),
  ];

  return (
    <PageCard
      title={t('registry.places.title')}
      actions={
        canWrite ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setFormTarget({ mode: 'create', kind })}
            data-testid="add-place"
          >
            {t('registry.places.add')}
          </Button>
        ) : null
      }
    >
      <Flex wrap gap={8} className="table-toolbar registry-filters">
        <RegistryRegionFilter />
        <Select<PlaceKind>
          allowClear
          className="registry-filter"
          value={kind}
          onChange={(value) => setKind(value ?? undefined)}
          placeholder={t('registry.places.allKinds')}
          options={placeKinds.map((placeKind) => ({ value: placeKind, label: t(`registry.placeKind.${placeKind}`) }))}
          data-testid="place-kind-filter"
        />
        <Input
          allowClear
          prefix={<SearchOutlined />}
          className="registry-filter registry-search"
          placeholder={t('registry.places.searchPlaceholder')}
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          maxLength={maximumSearchLength}
          data-testid="place-search"
        />
      </Flex>
      <QueryState query={places}>
        {() => (
          <>
            <RecordList<Place>
              items={places.items}
              columns={columns}
              rowKey="id"
              isLoading={places.isPlaceholderData}
              onOpen={canWrite ? (place) => setFormTarget({ mode: 'edit', place }) : undefined}
              emptyText={t('registry.places.empty')}
              testId="place-table"
              renderCard={(place) => (
                <Space orientation="vertical" size={2} className="full-width">
                  <Space size={4} wrap>
                    <Typography.Text strong>{place.name}</Typography.Text>
                    {kindTag(place)}
                  </Space>
                  <Typography.Text type="secondary">
                    {[place.regionName, place.address].filter(Boolean).join(' · ')}
                  </Typography.Text>
                  <Typography.Text type="secondary">{contactOf(place)}</Typography.Text>
                  {actions(place)}
                </Space>
              )}
            />
            <LoadMore list={places} />
          </>
        )}
      </QueryState>
      <PlaceFormModal target={formTarget} region={region.data} onClose={() => setFormTarget(undefined)} />
      <MountWhenOpened open={historyPlace !== undefined}>
        <PlaceInspectionsDrawer place={historyPlace} onClose={() => setHistoryPlace(undefined)} />
      </MountWhenOpened>
    </PageCard>
  );
}
