import { z } from 'zod';
import { regionLevels } from '../policy.js';
import { placeKinds, relations, residenceTypes, sexes } from '../registry.js';
import { calendarDate, changeOf, listCursor, listSchema } from './common.js';
import { phoneSchema } from './staff.js';

/** A person, household or place named by its id in the path. */
export const idParams = z.object({ id: z.uuid() });

/** A page of a registry list: the cursor it gave out and up to 500 rows. */
const page = { cursor: listCursor().optional(), limit: z.coerce.number().int().min(1).max(500).default(50) };

const tags = z.array(z.string().max(50)).max(50);

export const personSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  householdId: z.uuid().nullable(),
  householdAddress: z.string().nullable(),
  relationToHead: z.enum(relations).nullable(),
  name: z.string().describe('A minor’s name is shortened (张*) for roles without sensitive.read.'),
  sex: z.enum(sexes).nullable(),
  idNumber: z.string().nullable().describe('Masked (110105********002X) unless revealed.'),
  phone: z.string().nullable().describe('Masked (138****1234) unless revealed.'),
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
  tags: z.array(z.string()).describe('Tag codes (GET /tags names them).'),
  updatedAt: z.string(),
});
export type Person = z.infer<typeof personSchema>;

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

/** A new person: a grid (`regionId`) or a household places them. */
export const createPersonBody = z.object(personFields).partial().required({ name: true });
export type PersonInput = z.input<typeof createPersonBody>;

export const updatePersonBody = changeOf(personFields);
export type PersonChanges = z.input<typeof updatePersonBody>;

/** The filter of a person list and of the export. */
export const personQuery = z.object({
  regionId: z.uuid().optional(),
  q: z.string().trim().max(50).optional(),
  tag: z.string().max(50).optional(),
  householdId: z.uuid().optional(),
});
export type PersonQuery = z.input<typeof personQuery>;

export const listPersonsQuery = personQuery.extend(page);
export type PersonListQuery = z.input<typeof listPersonsQuery>;

/** `total` comes with the first page only (null on the pages after it). */
export const personPageSchema = listSchema(personSchema).extend({
  total: z.number().int().nullable(),
  isTotalCapped: z.boolean(),
});
export type PersonPage = z.infer<typeof personPageSchema>;

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
export type Household = z.infer<typeof householdSchema>;

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
export type HouseholdInput = z.input<typeof createHouseholdBody>;

/** Besides a household's fields: its head, and `regionId` moves it with its members to another grid. */
export const updateHouseholdBody = changeOf(householdFields);
export type HouseholdChanges = z.input<typeof updateHouseholdBody>;

export const listHouseholdsQuery = z.object({
  regionId: z.uuid().optional(),
  q: z.string().max(100).optional(),
  ...page,
});
export type HouseholdListQuery = z.input<typeof listHouseholdsQuery>;

export const householdPageSchema = listSchema(householdSchema);

export const placeSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  regionName: z.string(),
  kind: z.enum(placeKinds),
  name: z.string(),
  address: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable().describe('Masked (138****1234).'),
  notes: z.string(),
});
export type Place = z.infer<typeof placeSchema>;

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
export type PlaceInput = z.input<typeof createPlaceBody>;

export const updatePlaceBody = changeOf(placeFields);
export type PlaceChanges = z.input<typeof updatePlaceBody>;

export const listPlacesQuery = z.object({
  regionId: z.uuid().optional(),
  kind: z.enum(placeKinds).optional(),
  q: z.string().max(100).optional(),
  ...page,
});
export type PlaceListQuery = z.input<typeof listPlacesQuery>;

export const placePageSchema = listSchema(placeSchema);

const coverageFigures = {
  households: z.number(),
  persons: z.number(),
  completePersons: z.number(),
  completeness: z.number().nullable().describe('Complete records over persons (0..1); null when there is nobody yet.'),
};

export const coverageRowSchema = z.object({
  regionId: z.uuid(),
  code: z.string(),
  name: z.string(),
  level: z.enum(regionLevels),
  ...coverageFigures,
});
export type CoverageRow = z.infer<typeof coverageRowSchema>;

export const coverageQuery = z.object({ regionId: z.uuid().optional() });

export const coverageSchema = z.object({
  region: z.object({ id: z.uuid(), name: z.string(), code: z.string(), level: z.enum(regionLevels) }),
  totals: z.object(coverageFigures),
  rows: z.array(coverageRowSchema).describe('One row per child region.'),
});
export type Coverage = z.infer<typeof coverageSchema>;

/** A special-group tag (特殊人群); sensitive ones reach only roles that may read sensitive data. */
export const tagSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  isSensitive: z.boolean(),
  sortOrder: z.number(),
});
export type TagDefinition = z.infer<typeof tagSchema>;

export const tagListSchema = z.object({ items: z.array(tagSchema) });
