import { can, type Capability, type Role } from './policy.js';

/**
 * Micro-wishes (微心愿): the life cycle the server enforces and the console shows. Staff register a resident's wish,
 * the village reviews it (published on the wall, or rejected with a reason), a party member, a cadre or a unit
 * claims it with a promised date, it is fulfilled with a photo, and the resident acknowledges it. Until fulfilled
 * it may be cancelled with a reason.
 */

export const wishStatuses = [
  'pending_review',
  'published',
  'rejected',
  'claimed',
  'fulfilled',
  'acknowledged',
  'cancelled',
] as const;
export type WishStatus = (typeof wishStatuses)[number];

/** Statuses the public wall shows: a wish the village published, and what became of it since. */
export const wallStatuses = [
  'published',
  'claimed',
  'fulfilled',
  'acknowledged',
] as const satisfies readonly WishStatus[];

export const wishActions = ['approve', 'reject', 'claim', 'fulfil', 'acknowledge', 'cancel'] as const;
export type WishAction = (typeof wishActions)[number];

/** What the history records: the registration, then each action. */
export const wishEventActions = ['register', ...wishActions] as const;
export type WishEventAction = (typeof wishEventActions)[number];

/** Who claims: a party member (a staff record or a registry person), a cadre (a staff record), or a unit. */
export const claimantKinds = ['party_member', 'cadre', 'unit'] as const;
export type ClaimantKind = (typeof claimantKinds)[number];

/** What residents wish for, as the counties' drives sort them. */
export const wishCategories = ['daily_goods', 'study', 'health', 'service', 'company', 'other'] as const;
export type WishCategory = (typeof wishCategories)[number];

/** What an action needs in its request besides the version. */
export type WishActionInput = 'reason' | 'claimant' | 'promisedOn' | 'photo' | 'note' | 'words';

type Transition = {
  from: readonly WishStatus[];
  to: WishStatus;
  /** The capability a role must have to take it (roles: src/shared/policy.ts). */
  capability: Capability;
  needs: readonly WishActionInput[];
};

/**
 * The life cycle as data. Review and cancellation are the village's (and those above); anyone in the chain, a cadre
 * sent down included, may claim a wish for a claimant and record its fulfilment; the resident acknowledges it on the
 * residents' page (their own wishes only), or the staff who register wishes record it for them.
 */
export const wishTransitions: Record<WishAction, Transition> = {
  approve: { from: ['pending_review'], to: 'published', capability: 'wish.review', needs: [] },
  reject: { from: ['pending_review'], to: 'rejected', capability: 'wish.review', needs: ['reason'] },
  claim: { from: ['published'], to: 'claimed', capability: 'wish.claim', needs: ['claimant', 'promisedOn'] },
  fulfil: { from: ['claimed'], to: 'fulfilled', capability: 'wish.claim', needs: ['photo', 'note'] },
  acknowledge: { from: ['fulfilled'], to: 'acknowledged', capability: 'wish.register', needs: ['words'] },
  cancel: {
    from: ['pending_review', 'published', 'claimed'],
    to: 'cancelled',
    capability: 'wish.review',
    needs: ['reason'],
  },
};

/** Whether a role may take an action on a wish in a status (scope is checked apart). */
export function mayTakeWishAction(role: Role, status: WishStatus, action: WishAction): boolean {
  const transition = wishTransitions[action];
  return transition.from.includes(status) && can(role, transition.capability);
}

/** The actions a role may take on a wish in a status, in the table's order. */
export function allowedWishActions(role: Role, status: WishStatus): WishAction[] {
  return wishActions.filter((action) => mayTakeWishAction(role, status, action));
}

/**
 * How the public wall names a wish's resident and claimant, a county's choice: the surname followed by ** (张**), or
 * no name at all; with or without the village's name, the claimant's name (units only: a person's name never shows).
 */
export type WishWallSettings = {
  isEnabled: boolean;
  residentName: 'surname' | 'none';
  showsVillage: boolean;
  showsClaimantUnit: boolean;
};

export const defaultWishWallSettings: WishWallSettings = {
  isEnabled: true,
  residentName: 'surname',
  showsVillage: true,
  showsClaimantUnit: true,
};

/**
 * A name as the wall shows it: the surname (two characters for the common compound surnames) followed by **.
 * A name of one character shows as ** alone.
 */
export function wallName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length < 2) return '**';
  const surnameLength = characters.length >= 4 && compoundSurnames.has(characters.slice(0, 2).join('')) ? 2 : 1;
  return `${characters.slice(0, surnameLength).join('')}**`;
}

const compoundSurnames = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '夏侯',
]);
