import { SearchOutlined } from '@ant-design/icons';
import { Flex, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useRegionSearch } from './regions-api';

/** Finds a region in the user's scope by name or code. */
export function RegionSearch({ onSelect }: { onSelect: (regionId: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  // The server accepts up to 50 characters.
  const searchText = useDebouncedValue(text.trim().slice(0, 50));
  const search = useRegionSearch(searchText);

  return (
    <Select<string | null>
      className="region-search"
      value={null}
      placeholder={t('regions.searchPlaceholder')}
      suffixIcon={<SearchOutlined />}
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={search.isFetching}
      notFoundContent={null}
      options={(searchText ? (search.data ?? []) : []).map((region) => ({
        value: region.id,
        label: (
          <Flex justify="space-between" gap={8}>
            <span>{region.name}</span>
            <Typography.Text type="secondary">
              {t(`level.${region.level}`)} {region.code}
            </Typography.Text>
          </Flex>
        ),
      }))}
      onChange={(regionId) => {
        if (!regionId) return;
        setText('');
        onSelect(regionId);
      }}
      data-testid="region-search"
    />
  );
}
