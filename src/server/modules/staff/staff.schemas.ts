import { z } from 'zod';
import { isValidPhone, normalizePhone } from '../../../shared/phone.js';
import { employmentTypes, staffKinds } from '../../../shared/staff.js';

export const phoneSchema = z
  .string()
  .transform(normalizePhone)
  .refine(isValidPhone, 'Enter an 11-digit mobile number or a landline with its area code.');

export const staffSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  kind: z.enum(staffKinds),
  name: z.string(),
  phone: z.string().nullable(),
  isPhoneMasked: z.boolean(),
  employment: z.enum(employmentTypes).nullable(),
  dispatchingUnit: z.string().nullable(),
  duties: z.string(),
  isPartyMember: z.boolean(),
  accountId: z.uuid().nullable(),
});

const fields = {
  regionId: z.uuid(),
  kind: z.enum(staffKinds),
  name: z.string().trim().min(1).max(50),
  phone: phoneSchema.nullable(),
  employment: z.enum(employmentTypes).nullable(),
  dispatchingUnit: z.string().trim().min(1).max(100).nullable(),
  duties: z.string().trim().max(1000),
  isPartyMember: z.boolean(),
};

export const createStaffBody = z.object(fields).partial().required({ regionId: true, kind: true, name: true });
export const updateStaffBody = z
  .object(fields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');

export const staffIdParams = z.object({ id: z.uuid() });

export const listStaffQuery = z.object({
  regionId: z.uuid().optional(),
  kind: z.enum(staffKinds).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const revealQuery = z.object({
  reveal: z.stringbool().default(false),
  reason: z.string().trim().max(200).optional(),
});
