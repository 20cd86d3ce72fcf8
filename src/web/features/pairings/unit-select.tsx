import { Select, type SelectProps } from 'antd';
import { useUnits } from './pairings-api';

type UnitSelectProps = Omit<SelectProps<string>, 'options' | 'loading' | 'showSearch'> & { testId?: string };

/**
 * A choice among the county's units (派出单位 and 共建单位 alike; retired ones are not offered): every form that names
 * one — a cadre's, an invitation's, a unit's list or yearly report, a unit's account.
 */
export function UnitSelect({ testId, ...props }: UnitSelectProps) {
  const units = useUnits();
  return (
    <Select
      {...props}
      showSearch={{ optionFilterProp: 'label' }}
      loading={units.isLoading}
      options={(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
      data-testid={testId}
    />
  );
}
