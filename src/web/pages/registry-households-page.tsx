import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Space, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { LoadMore, QueryState } from '../components/query-state';
import { useDebouncedValue } from '../components/use-debounced-value';
import { HouseholdFormModal, type HouseholdFormTarget } from '../features/registry/household-form-modal';
import { useHouseholdLocationText } from '../features/registry/household-location';
import type { Household } from '../../shared/api/registry';
import { useHouseholds } from '../features/registry/households-api';
import { RecordList } from '../features/registry/record-list';
import { PageCard } from '../components/page-card';
import { RegistryRegionFilter } from '../features/registry/registry-region-filter';
import { useRegistryDrawer, useRegistryRegion } from '../features/registry/registry-location';
import { TagList } from '../features/registry/registry-tags';
import { useRegistryTranslation } from '../features/registry/use-registry-translation';
import { useRegion } from '../features/regions/regions-api';
import { useCan } from '../features/session/session-api';

// The server accepts up to 100 characters.
const maximumSearchLength = 100;

/** 户: households by address, each opening a drawer with its members. */
export default function RegistryHouseholdsPage() {
  const { t } = useRegistryTranslation();
  const can = useCan();
  const { regionId, isReady } = useRegistryRegion();
  const region = useRegion(regionId);
  const drawer = useRegistryDrawer();
  const [searchText, setSearchText] = useState('');
  const [formTarget, setFormTarget] = useState<HouseholdFormTarget>();
  const search = useDebouncedValue(searchText.trim().slice(0, maximumSearchLength));
  const households = useHouseholds(regionId, search, { enabled: isReady });
  const locationText = useHouseholdLocationText();
  const none = t('common.none');

  const columns: TableColumnsType<Household> = [
    {
      title: t('registry.household.address'),
      dataIndex: 'address',
      fixed: 'start',
      render: (address: string) => <Typography.Text strong>{address}</Typography.Text>,
    },
    {
      title: t('registry.household.location'),
      key: 'location',
      render: (_: unknown, household) => locationText(household) ?? none,
    },
    { title: t('registry.relation.head'), dataIndex: 'headName', render: (name: string | null) => name ?? none },
    { title: t('registry.household.memberCount'), dataIndex: 'memberCount' },
    { title: t('registry.person.grid'), dataIndex: 'regionName' },
    { title: t('registry.person.tags'), dataIndex: 'tags', render: (codes: string[]) => <TagList codes={codes} /> },
  ];

  return (
    <PageCard
      title={t('registry.households.title')}
      actions={
        can('registry.collect') ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setFormTarget({ mode: 'create' })}
            data-testid="add-household"
          >
            {t('registry.households.add')}
          </Button>
        ) : null
      }
    >
      <Flex wrap gap={8} className="table-toolbar registry-filters">
        <RegistryRegionFilter />
        <Input
          allowClear
          prefix={<SearchOutlined />}
          className="registry-filter registry-search"
          placeholder={t('registry.households.searchPlaceholder')}
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          maxLength={maximumSearchLength}
          data-testid="household-search"
        />
      </Flex>
      <QueryState query={households}>
        {() => (
          <>
            <RecordList<Household>
              items={households.items}
              columns={columns}
              rowKey="id"
              isLoading={households.isPlaceholderData}
              onOpen={(household) => drawer.openHousehold(household.id)}
              emptyText={t('registry.households.empty')}
              testId="household-table"
              renderCard={(household) => (
                <Space orientation="vertical" size={2} className="full-width">
                  <Typography.Text strong>{household.address}</Typography.Text>
                  <Typography.Text type="secondary">
                    {[
                      household.regionName,
                      t('registry.households.headAndMembers', {
                        head: household.headName ?? none,
                        count: household.memberCount,
                      }),
                    ].join(' · ')}
                  </Typography.Text>
                  <TagList codes={household.tags} />
                </Space>
              )}
            />
            <LoadMore list={households} />
          </>
        )}
      </QueryState>
      <HouseholdFormModal
        target={formTarget}
        region={region.data}
        onClose={() => setFormTarget(undefined)}
        onCreated={drawer.openHousehold}
      />
    </PageCard>
  );
}
