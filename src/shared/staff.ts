/** Kinds of people placed in a grid (定人、定格、定职责). */
export const staffKinds = [
  'grid_leader',
  'grid_member',
  'sunk_cadre',
  'volunteer',
  'central_household',
  'building_leader',
] as const;
export type StaffKind = (typeof staffKinds)[number];

export const employmentTypes = ['full_time', 'part_time'] as const;
export type EmploymentType = (typeof employmentTypes)[number];

/** Levels of the party organisation tree laid over the regions (支部建在网格上). */
export const partyOrgKinds = [
  'town_committee',
  'village_committee',
  'grid_branch',
  'party_group',
  'central_household',
] as const;
export type PartyOrgKind = (typeof partyOrgKinds)[number];
