import { addDays } from './clock.js';
import { can, type Capability, type Role } from './policy.js';

/**
 * Pairings (结对帮扶): a helper paired with someone or somewhere to help, for a period, with an expected contact
 * frequency. The kinds a county starts with: a party-member "parent" and a special-category student (one to one), a
 * cadre and households (包保到户), a partner unit and a community ("1+N"), a cadre and an enterprise (挂点联系企业).
 */

/** Who helps: a registry person who is a party member, a staff record (a cadre, a grid worker), or a unit. */
export const helperSides = ['party_member', 'staff', 'unit'] as const;
export type HelperSide = (typeof helperSides)[number];

/** Who or what is helped: a resident, a household, a region (a community or village), a place (an enterprise). */
export const helpedSides = ['person', 'household', 'region', 'place'] as const;
export type HelpedSide = (typeof helpedSides)[number];

export type PairingKindDefinition = {
  code: string;
  nameZh: string;
  nameEn: string;
  helperSide: HelperSide;
  helpedSide: HelpedSide;
  /** One helper per helped at a time (a student has one "parent"): the database refuses a second active pairing. */
  isOneToOne: boolean;
  /** Expected contact: at least once every so many days, else the pairing is overdue. */
  contactEveryDays: number;
};

/** The kinds every county starts with; it may rename them, change their frequency, retire them, and add its own. */
export const defaultPairingKinds: readonly PairingKindDefinition[] = [
  {
    code: 'parent_student',
    nameZh: '党员“家长”结对特殊群体学生',
    nameEn: 'Party-member parent and student',
    helperSide: 'party_member',
    helpedSide: 'person',
    isOneToOne: true,
    contactEveryDays: 30,
  },
  {
    code: 'cadre_household',
    nameZh: '干部包保到户',
    nameEn: 'Cadre and household',
    helperSide: 'staff',
    helpedSide: 'household',
    isOneToOne: false,
    contactEveryDays: 30,
  },
  {
    code: 'unit_community',
    nameZh: '单位结对社区（1+N）',
    nameEn: 'Unit and community (1+N)',
    helperSide: 'unit',
    helpedSide: 'region',
    isOneToOne: false,
    contactEveryDays: 90,
  },
  {
    code: 'cadre_enterprise',
    nameZh: '干部挂点联系企业',
    nameEn: 'Cadre and enterprise',
    helperSide: 'staff',
    helpedSide: 'place',
    isOneToOne: false,
    contactEveryDays: 60,
  },
];

/** A kind's code: lower-case letters, digits and underscores, as in the defaults. */
export const pairingKindCodePattern = /^[a-z][a-z0-9_]{1,39}$/;

export const pairingStatuses = ['active', 'ended'] as const;
export type PairingStatus = (typeof pairingStatuses)[number];

export const pairingActions = ['end', 'resume'] as const;
export type PairingAction = (typeof pairingActions)[number];

/** How a contact was made; `visit` may name a visit of the visits module. */
export const contactKinds = ['visit', 'help', 'call', 'other'] as const;
export type ContactKind = (typeof contactKinds)[number];

type Transition = { from: PairingStatus; to: PairingStatus; capability: Capability };

/**
 * The life cycle as data: the village and up end a pairing (with a reason: the student graduated, the household
 * moved) or resume an ended one; a resumed one-to-one pairing meets the database's rule like a new one.
 */
export const pairingTransitions: Record<PairingAction, Transition> = {
  end: { from: 'active', to: 'ended', capability: 'pairing.manage' },
  resume: { from: 'ended', to: 'active', capability: 'pairing.manage' },
};

/** Whether a role may take an action on a pairing in a status (scope is checked apart). */
export function mayTakePairingAction(role: Role, status: PairingStatus, action: PairingAction): boolean {
  const transition = pairingTransitions[action];
  return transition.from === status && can(role, transition.capability);
}

/** The actions a role may take on a pairing in a status. */
export function allowedPairingActions(role: Role, status: PairingStatus): PairingAction[] {
  return pairingActions.filter((action) => mayTakePairingAction(role, status, action));
}

/**
 * The day (China date, YYYY-MM-DD) by which the next contact is due: the frequency counted from the last contact,
 * or from the start when there has been none.
 */
export function contactDueOn(pairing: { startsOn: string; lastContactOn: string | null; contactEveryDays: number }) {
  return addDays(pairing.lastContactOn ?? pairing.startsOn, pairing.contactEveryDays);
}

/** Overdue: an active pairing whose next contact was due before `today` (a China date). */
export function isPairingOverdue(
  pairing: { status: PairingStatus; startsOn: string; lastContactOn: string | null; contactEveryDays: number },
  today: string,
): boolean {
  return pairing.status === 'active' && contactDueOn(pairing) < today;
}
