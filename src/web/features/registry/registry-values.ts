import type { FormRule } from 'antd';
import { isValidPhone, normalizePhone } from '../../../shared/phone';
import type { RegionLevel } from '../../../shared/policy';

/** People, households and places are placed in a grid or a micro-grid, never straight in a village or town. */
export const gridLevels: readonly RegionLevel[] = ['grid', 'micro_grid'];

/** Empty or blank text as null, the way the API stores "not known". */
export function blankToNull(text: string | null | undefined): string | null {
  const trimmed = text?.trim();
  return trimmed ? trimmed : null;
}

/** A form rule for an optional phone: the server's own check, so a number typed in full-width digits passes too. */
export function optionalPhoneRule(message: string): FormRule {
  return {
    validator: (_rule, value: string | undefined) =>
      !value?.trim() || isValidPhone(normalizePhone(value)) ? Promise.resolve() : Promise.reject(new Error(message)),
  };
}
