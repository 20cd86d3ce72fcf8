import type { LocalizedText } from './language.js';
import type { Role } from './policy.js';

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

/** The account role of each position whose holder signs in to work cases; the other positions have no account. */
export const accountRoleOfStaffKind: Partial<Record<StaffKind, Role>> = {
  grid_leader: 'grid_leader',
  grid_member: 'grid_member',
  sunk_cadre: 'cadre',
};

/** The position in the grid of an account with a grid role; undefined for roles above the grid. */
export function staffKindOfRole(role: Role): StaffKind | undefined {
  return staffKinds.find((kind) => accountRoleOfStaffKind[kind] === role);
}

/** The rule between a person's fields: only grid members are full- or part-time; a sunk cadre needs a unit. */
export function staffProblem(staff: {
  kind: StaffKind;
  employment?: EmploymentType | null | undefined;
  dispatchingUnit?: string | null | undefined;
}): LocalizedText | undefined {
  if (staff.kind !== 'grid_member' && staff.employment) {
    return { en: 'Only grid members are full-time or part-time.', zh: '只有网格员区分专职和兼职。' };
  }
  if (staff.kind === 'sunk_cadre' && !staff.dispatchingUnit) {
    return { en: 'A sunk cadre needs the dispatching unit (派出单位).', zh: '下沉干部须填写派出单位。' };
  }
  return undefined;
}
