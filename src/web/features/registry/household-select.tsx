import { Select } from 'antd';
import { useState } from 'react';
import { useDebouncedValue } from '../../components/use-debounced-value';
import { useHouseholds } from './households-api';
import { useRegistryTranslation } from './use-registry-translation';

type HouseholdSelectProps = {
  value?: string | null;
  onChange?: (value: string | undefined) => void;
  /** Households of this region's subtree (the user's whole scope when not given). */
  regionId: string | undefined;
  /** The address of the current value, shown before any search has loaded it. */
  knownAddress?: string;
};

/** Picks a household by typing part of its address. */
export function HouseholdSelect({ value, onChange, regionId, knownAddress }: HouseholdSelectProps) {
  const { t } = useRegistryTranslation();
  const [text, setText] = useState('');
  // The server accepts up to 100 characters.
  const searchText = useDebouncedValue(text.trim().slice(0, 100));
  const households = useHouseholds(regionId, searchText);
  const options = households.items.map((household) => ({
    value: household.id,
    label: `${household.address} · ${household.regionName}`,
  }));
  if (value && knownAddress && !options.some((option) => option.value === value)) {
    options.unshift({ value, label: knownAddress });
  }
  return (
    <Select<string>
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? undefined)}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText, searchValue: text }}
      loading={households.isFetching}
      placeholder={t('registry.household.searchPlaceholder')}
      notFoundContent={households.isFetching ? null : t('registry.household.noneFound')}
      options={options}
      popupMatchSelectWidth={false}
      data-testid="household-select"
    />
  );
}
