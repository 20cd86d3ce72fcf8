import { PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { LoadMore, QueryState } from '../components/query-state';
import { useDebouncedValue } from '../components/use-debounced-value';
import { ExportButton } from '../features/registry/export-button';
import { PersonFormModal, type PersonFormTarget } from '../features/registry/person-form-modal';
import { PersonList } from '../features/registry/person-list';
import { usePersons, type PersonFilter } from '../features/registry/persons-api';
import { PageCard } from '../components/page-card';
import { RegistryRegionFilter } from '../features/registry/registry-region-filter';
import { useRegistryDrawer, useRegistryRegion, useSearchKeepingRegion } from '../features/registry/registry-location';
import { TagSelect } from '../features/registry/registry-tags';
import { useRegistryTranslation } from '../features/registry/use-registry-translation';
import { useRegion } from '../features/regions/regions-api';
import { useCan } from '../features/session/session-api';

// The server accepts up to 50 characters.
const maximumSearchLength = 50;

/** 居民信息: find residents by name, pinyin, initials or the end of an ID number or phone, and keep them. */
export default function RegistryResidentsPage() {
  const { t } = useRegistryTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const searchKeepingRegion = useSearchKeepingRegion();
  const { regionId, isReady } = useRegistryRegion();
  const region = useRegion(regionId);
  const drawer = useRegistryDrawer();
  const [searchText, setSearchText] = useState('');
  const [tag, setTag] = useState<string>();
  const [formTarget, setFormTarget] = useState<PersonFormTarget>();
  const filter: PersonFilter = {
    regionId,
    search: useDebouncedValue(searchText.trim().slice(0, maximumSearchLength)),
    tag,
  };
  const persons = usePersons(filter, { enabled: isReady });

  return (
    <PageCard
      title={t('registry.persons.title')}
      actions={
        <Space wrap>
          {can('registry.import') ? (
            <Button
              icon={<UploadOutlined />}
              onClick={() => void navigate(`/registry/import${searchKeepingRegion}`)}
              data-testid="registry-import"
            >
              {t('registry.import.button')}
            </Button>
          ) : null}
          {can('registry.export') ? <ExportButton filter={filter} /> : null}
          {can('registry.collect') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setFormTarget({ mode: 'create' })}
              data-testid="add-person"
            >
              {t('registry.persons.add')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Flex wrap gap={8} className="table-toolbar registry-filters">
        <RegistryRegionFilter />
        <Input
          allowClear
          prefix={<SearchOutlined />}
          className="registry-filter registry-search"
          placeholder={t(
            can('sensitive.read') ? 'registry.persons.searchPlaceholder' : 'registry.persons.searchPlaceholderMasked',
          )}
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          maxLength={maximumSearchLength}
          data-testid="registry-search"
        />
        <TagSelect
          className="registry-filter"
          value={tag}
          onChange={(value) => setTag(typeof value === 'string' ? value : undefined)}
          placeholder={t('registry.filters.tag')}
          testId="registry-tag-filter"
        />
      </Flex>
      <QueryState query={persons}>
        {() => (
          <>
            <Typography.Paragraph type="secondary" data-testid="registry-total">
              {t(persons.isTotalCapped ? 'registry.persons.totalCapped' : 'registry.persons.total', {
                count: persons.total ?? 0,
              })}
            </Typography.Paragraph>
            <PersonList
              persons={persons.items}
              isLoading={persons.isPlaceholderData}
              onOpen={(person) => drawer.openPerson(person.id)}
            />
            <LoadMore list={persons} />
          </>
        )}
      </QueryState>
      <PersonFormModal
        target={formTarget}
        region={region.data}
        onClose={() => setFormTarget(undefined)}
        onOpenPerson={drawer.openPerson}
      />
    </PageCard>
  );
}
