import type { Household } from '../../../shared/api/registry';
import { useRegistryTranslation } from './use-registry-translation';

/** Building, unit and room as one phrase (3栋 2单元 501室), or undefined when none is known. */
export function useHouseholdLocationText() {
  const { t } = useRegistryTranslation();
  return (household: Pick<Household, 'building' | 'unit' | 'room'>): string | undefined => {
    const parts = [
      household.building && t('registry.household.buildingValue', { value: household.building }),
      household.unit && t('registry.household.unitValue', { value: household.unit }),
      household.room && t('registry.household.roomValue', { value: household.room }),
    ].filter(Boolean);
    return parts.length > 0 ? parts.join(' ') : undefined;
  };
}
