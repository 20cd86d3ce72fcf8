import { describe, expect, it } from 'vitest';
import { roles, type Role } from './policy.js';
import {
  allowedWishActions,
  mayTakeWishAction,
  wallName,
  wishActions,
  wishStatuses,
  wishTransitions,
  type WishAction,
  type WishStatus,
} from './wishes.js';

/**
 * The life cycle written out by hand, apart from the table in wishes.ts: each action's statuses and where it leads,
 * and the roles that take it. Every combination of status, action and role must be allowed exactly when this says.
 */
const everyone: Role[] = ['admin', 'county', 'town', 'village', 'grid_leader', 'grid_member', 'cadre'];
const reviewers: Role[] = ['admin', 'county', 'town', 'village'];
const registrars: Role[] = ['admin', 'county', 'town', 'village', 'grid_leader', 'grid_member'];

const expected: Record<WishAction, { from: WishStatus[]; to: WishStatus; roles: Role[] }> = {
  approve: { from: ['pending_review'], to: 'published', roles: reviewers },
  reject: { from: ['pending_review'], to: 'rejected', roles: reviewers },
  claim: { from: ['published'], to: 'claimed', roles: everyone },
  fulfil: { from: ['claimed'], to: 'fulfilled', roles: everyone },
  acknowledge: { from: ['fulfilled'], to: 'acknowledged', roles: registrars },
  cancel: { from: ['pending_review', 'published', 'claimed'], to: 'cancelled', roles: reviewers },
};

describe('the micro-wish life cycle', () => {
  for (const status of wishStatuses) {
    for (const action of wishActions) {
      for (const role of roles) {
        const isAllowed = expected[action].from.includes(status) && expected[action].roles.includes(role);
        it(`${isAllowed ? 'lets' : 'does not let'} ${role} ${action} a wish ${status}`, () => {
          expect(mayTakeWishAction(role, status, action)).toBe(isAllowed);
          expect(allowedWishActions(role, status).includes(action)).toBe(isAllowed);
        });
      }
    }
  }

  it('leads each action where the hand-written table says', () => {
    for (const action of wishActions) expect(wishTransitions[action].to).toBe(expected[action].to);
  });

  it('ends in rejected, acknowledged and cancelled: nothing leads on from them', () => {
    for (const status of ['rejected', 'acknowledged', 'cancelled'] as const) {
      for (const role of roles) expect(allowedWishActions(role, status)).toEqual([]);
    }
  });
});

describe('wallName', () => {
  it('keeps the surname (two characters for a compound one) and stars the rest', () => {
    expect(wallName('张三')).toBe('张**');
    expect(wallName('王小明')).toBe('王**');
    expect(wallName('欧阳修文')).toBe('欧阳**');
    expect(wallName('欧阳修')).toBe('欧**');
    expect(wallName('李')).toBe('**');
  });
});
