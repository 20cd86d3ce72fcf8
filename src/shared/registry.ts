/** Residence types of a person in the registry (户籍 / 常住 / 流动). */
export const residenceTypes = ['registered', 'resident', 'floating'] as const;
export type ResidenceType = (typeof residenceTypes)[number];

export const sexes = ['male', 'female'] as const;
export type Sex = (typeof sexes)[number];

/** Relations to the head of household, as household registers write them. */
export const relations = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'grandparent',
  'sibling',
  'child_in_law',
  'other',
] as const;
export type Relation = (typeof relations)[number];

/** Kinds of places and enterprises in a grid; the "nine small places" (九小场所) are one kind. */
export const placeKinds = [
  'shop',
  'restaurant',
  'nine_small_place',
  'construction_site',
  'old_house',
  'municipal_facility',
  'company',
  'other',
] as const;
export type PlaceKind = (typeof placeKinds)[number];

/** The fields a ledger (台账) column can hold, in the order the import template has them. */
export const ledgerFields = [
  'name',
  'idNumber',
  'phone',
  'sex',
  'birthDate',
  'ethnicity',
  'residenceType',
  'isPartyMember',
  'relationToHead',
  'householdNumber',
  'address',
  'building',
  'unit',
  'room',
  'grid',
  'tags',
  'notes',
] as const;
export type LedgerField = (typeof ledgerFields)[number];
