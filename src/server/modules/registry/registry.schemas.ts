import { z } from 'zod';
import { phoneSchema } from '../../../shared/api/staff.js';
import { placeKinds, relations, residenceTypes, sexes } from '../../../shared/registry.js';
import { calendarDate } from '../../http.js';

const tags = z.array(z.string().max(50)).max(50);

export const personSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  householdId: z.uuid().nullable(),
  householdAddress: z.string().nullable(),
  relationToHead: z.enum(relations).nullable(),
  name: z.string(),
  sex: z.enum(sexes).nullable(),
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  isMasked: z.boolean(),
  birthDate: z
    .string()
    .nullable()
    .describe('Only for roles with sensitive.read: with the masked ID number it would give the whole number.'),
  age: z
    .number()
    .int()
    .nullable()
    .describe(
      'Whole years on the county’s date; for roles without sensitive.read, the age reached this calendar year ' +
        '(changes on 1 January, so it cannot date a birthday). Null when unknown, or for a minor hidden from the caller.',
    ),
  isMinor: z.boolean(),
  ethnicity: z.string().nullable(),
  residenceType: z.enum(residenceTypes).nullable(),
  isPartyMember: z.boolean(),
  notes: z.string(),
  tags: z.array(z.string()),
  updatedAt: z.string(),
});

const personFields = {
  name: z.string().min(1).max(200),
  idNumber: z.string().max(40).nullable(),
  phone: phoneSchema.nullable(),
  sex: z.enum(sexes).nullable(),
  birthDate: calendarDate.nullable(),
  ethnicity: z.string().trim().min(1).max(20).nullable(),
  residenceType: z.enum(residenceTypes).nullable(),
  isPartyMember: z.boolean(),
  notes: z.string().max(2000),
  regionId: z.uuid(),
  householdId: z.uuid().nullable(),
  relationToHead: z.enum(relations).nullable(),
  tags,
};

export const createPersonBody = z.object(personFields).partial().required({ name: true });
export const updatePersonBody = z
  .object(personFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');

export const personQuery = z.object({
  regionId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  tag: z.string().max(50).optional(),
  householdId: z.uuid().optional(),
});

export const householdSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  address: z.string(),
  building: z.string().nullable(),
  unit: z.string().nullable(),
  room: z.string().nullable(),
  headPersonId: z.uuid().nullable(),
  headName: z.string().nullable(),
  memberCount: z.number().int(),
  notes: z.string(),
  tags: z.array(z.string()),
});

const householdFields = {
  regionId: z.uuid(),
  address: z.string().trim().min(1).max(200),
  building: z.string().trim().max(20).nullable(),
  unit: z.string().trim().max(20).nullable(),
  room: z.string().trim().max(20).nullable(),
  headPersonId: z.uuid().nullable(),
  notes: z.string().max(2000),
  tags,
};

export const createHouseholdBody = z.object(householdFields).partial().required({ regionId: true, address: true });
export const updateHouseholdBody = z
  .object(householdFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');

export const placeSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  kind: z.enum(placeKinds),
  name: z.string(),
  address: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  notes: z.string(),
});

const placeFields = {
  regionId: z.uuid(),
  kind: z.enum(placeKinds),
  name: z.string().trim().min(1).max(100),
  address: z.string().trim().max(200),
  contactName: z.string().trim().min(1).max(50).nullable(),
  contactPhone: phoneSchema.nullable(),
  notes: z.string().max(2000),
};

export const createPlaceBody = z.object(placeFields).partial().required({ regionId: true, kind: true, name: true });
export const updatePlaceBody = z
  .object(placeFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');

export const coverageSchema = z.object({
  region: z.object({ id: z.uuid(), name: z.string(), code: z.string(), level: z.string() }),
  totals: z.object({
    households: z.number(),
    persons: z.number(),
    completePersons: z.number(),
    completeness: z.number().nullable(),
  }),
  rows: z.array(
    z.object({
      regionId: z.uuid(),
      code: z.string(),
      name: z.string(),
      level: z.string(),
      households: z.number(),
      persons: z.number(),
      completePersons: z.number(),
      completeness: z.number().nullable(),
    }),
  ),
});

export const tagSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  isSensitive: z.boolean(),
  sortOrder: z.number(),
});
