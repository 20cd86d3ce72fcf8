import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpedSide, HelperSide } from '../../../shared/pairings';
import { useSideSearch, useStaffRoster, useUnits } from './pairings-api';

export type Side = HelperSide | HelpedSide;

/** Where each side's candidates come from, and how one is named in the list. */
const sources: Record<Side, { path: string; label: (item: Record<string, unknown>) => string }> = {
  party_member: { path: '/persons', label: (item) => `${String(item.name)} · ${String(item.regionName)}` },
  person: { path: '/persons', label: (item) => `${String(item.name)} · ${String(item.regionName)}` },
  household: {
    path: '/households',
    label: (item) => `${String(item.address)}${item.headName ? ` · ${String(item.headName)}` : ''}`,
  },
  place: { path: '/places', label: (item) => `${String(item.name)} · ${String(item.regionName)}` },
  region: { path: '/regions/search', label: (item) => String(item.name) },
  staff: { path: '/staff', label: (item) => `${String(item.name)} · ${String(item.regionName)}` },
  unit: { path: '/units', label: (item) => String(item.name) },
};

/**
 * A side of a pairing picked by typing: residents, households, places and regions searched on the server (masked
 * as the registry masks them), party members among the residents, the staff roster and the county's active units.
 */
export function SidePicker({
  side,
  value,
  onChange,
  testId,
}: {
  side: Side;
  value?: string;
  onChange?: (id: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const source = sources[side];
  const isLocal = side === 'unit' || side === 'staff';
  const searched = useSideSearch(isLocal ? undefined : source.path, text);
  const staff = useStaffRoster(side === 'staff');
  const units = useUnits();
  const items: Record<string, unknown>[] =
    side === 'unit'
      ? (units.data ?? [])
      : side === 'staff'
        ? (staff.data ?? [])
        : (searched.data ?? []).filter((item) => side !== 'party_member' || item.isPartyMember === true);
  return (
    <Select
      showSearch={{ filterOption: isLocal, onSearch: isLocal ? undefined : setText }}
      value={value}
      onChange={onChange}
      placeholder={t('pairings.form.search')}
      loading={searched.isFetching}
      options={items.map((item) => ({ value: String(item.id), label: source.label(item) }))}
      optionFilterProp="label"
      data-testid={testId}
    />
  );
}
