import { describe, expect, it } from 'vitest';
import {
  allowedPairingActions,
  contactDueOn,
  defaultPairingKinds,
  isPairingOverdue,
  mayTakePairingAction,
  pairingActions,
  pairingStatuses,
} from './pairings.js';
import { roles, type Role } from './policy.js';

/** Who may take which action from which status, written out by hand: the table must produce exactly this. */
const expected: Record<Role, Record<(typeof pairingStatuses)[number], string[]>> = {
  admin: { active: ['end'], ended: ['resume'] },
  county: { active: ['end'], ended: ['resume'] },
  town: { active: ['end'], ended: ['resume'] },
  village: { active: ['end'], ended: ['resume'] },
  grid_leader: { active: [], ended: [] },
  grid_member: { active: [], ended: [] },
  cadre: { active: [], ended: [] },
  unit: { active: [], ended: [] },
  resident: { active: [], ended: [] },
};

describe('the pairing life cycle', () => {
  for (const role of roles) {
    for (const status of pairingStatuses) {
      it(`lets ${role} take ${expected[role][status].join(', ') || 'nothing'} on an ${status} pairing`, () => {
        expect(allowedPairingActions(role, status)).toEqual(expected[role][status]);
        for (const action of pairingActions) {
          expect(mayTakePairingAction(role, status, action)).toBe(expected[role][status].includes(action));
        }
      });
    }
  }
});

describe('the next contact', () => {
  const pairing = { status: 'active' as const, startsOn: '2026-03-01', lastContactOn: null, contactEveryDays: 30 };

  it('is due the frequency after the start, then after the last contact', () => {
    expect(contactDueOn(pairing)).toBe('2026-03-31');
    expect(contactDueOn({ ...pairing, lastContactOn: '2026-03-20' })).toBe('2026-04-19');
  });

  it('is overdue from the day after it was due, and never for an ended pairing', () => {
    expect(isPairingOverdue(pairing, '2026-03-31')).toBe(false);
    expect(isPairingOverdue(pairing, '2026-04-01')).toBe(true);
    expect(isPairingOverdue({ ...pairing, status: 'ended' }, '2026-06-01')).toBe(false);
  });

  it('starts every county with one one-to-one kind: the party-member parent and the student', () => {
    expect(defaultPairingKinds.filter((kind) => kind.isOneToOne).map((kind) => kind.code)).toEqual(['parent_student']);
  });
});
