import { z } from 'zod';
import { unitKinds } from '../units.js';
import { changeOf } from './common.js';
import { phoneSchema } from './staff.js';

/**
 * Units (共建单位) of a county: departments, enterprises, schools … that pair with communities, claim micro-wishes and
 * send cadres down. Every account of the county reads the list; the county keeps it.
 */

export const unitParams = z.object({ id: z.uuid() });

export const unitSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(unitKinds),
  contactName: z.string(),
  /** The unit's office contact, shown in full: a unit's published number, not a resident's. */
  contactPhone: z.string(),
  /** When the unit stopped working with the county (it keeps its history and is offered no more), or null. */
  retiredAt: z.string().nullable(),
});
export type Unit = z.infer<typeof unitSchema>;
export const unitListSchema = z.object({ items: z.array(unitSchema) });
export type UnitList = z.infer<typeof unitListSchema>;

export const unitQuery = z.object({
  /** The county meant: an account that spans counties names it, others may leave it out (their own). */
  countyId: z.uuid().optional(),
  /** Retired units too (the editor shows them). */
  includeRetired: z.stringbool().default(false),
});

const unitFields = {
  name: z.string().trim().min(1).max(100),
  kind: z.enum(unitKinds),
  contactName: z.string().trim().max(50),
  /** Empty when the unit gave none. */
  contactPhone: z.union([z.literal(''), phoneSchema]),
};

export const createUnitBody = z.object({
  ...unitFields,
  contactName: unitFields.contactName.default(''),
  contactPhone: unitFields.contactPhone.default(''),
});
export type UnitInput = z.input<typeof createUnitBody>;

/** A change of a unit: any field, and `isRetired` to retire it (or bring it back). */
export const updateUnitBody = changeOf({ ...unitFields, isRetired: z.boolean() });
export type UnitChange = z.input<typeof updateUnitBody>;
