import { describe, expect, it } from 'vitest';
import {
  abilitiesOf,
  lineageCodes,
  can,
  canGrant,
  childLevel,
  regionCodeWidth,
  regionLevels,
  roleLevels,
  roles,
  staffRoles,
  type Role,
} from './policy.js';

/** Who may give which role, written out by hand: the rank rule must produce exactly this table. */
const grantable: Record<Role, Role[]> = {
  admin: ['admin', 'county', 'town', 'village', 'grid_leader', 'grid_member', 'cadre', 'unit'],
  county: ['county', 'town', 'village', 'grid_leader', 'grid_member', 'cadre', 'unit'],
  town: ['town', 'village', 'grid_leader', 'grid_member', 'cadre'],
  village: ['village', 'grid_leader', 'grid_member', 'cadre'],
  grid_leader: [],
  grid_member: [],
  cadre: [],
  unit: [],
  resident: [],
};

/** The roles of the territory's chain (county … grid, cadre): all staff but a dispatching unit's account. */
const chainRoles = staffRoles.filter((role) => role !== 'unit');

describe('canGrant', () => {
  for (const granter of roles) {
    it(`lets ${granter} give exactly ${grantable[granter].join(', ') || 'no role'}`, () => {
      const given = roles.filter((granted) => canGrant(granter, granted));
      expect(given).toEqual(grantable[granter]);
    });
  }

  it('never lets a role give a wider one', () => {
    expect(canGrant('town', 'county')).toBe(false);
    expect(canGrant('town', 'admin')).toBe(false);
    expect(canGrant('county', 'admin')).toBe(false);
  });
});

describe('capabilities', () => {
  it('gives account management to admin, county, town and village, and the audit log only to the first three', () => {
    const managers = roles.filter((role) => can(role, 'account.write'));
    expect(managers).toEqual(['admin', 'county', 'town', 'village']);
    expect(roles.filter((role) => can(role, 'audit.read'))).toEqual(['admin', 'county', 'town']);
  });

  it('lets every role of the chain read the territory, its people and party organisations', () => {
    for (const role of chainRoles) {
      expect(abilitiesOf(role)).toEqual(expect.arrayContaining(['region.read', 'staff.read', 'party.read']));
    }
  });

  it('keeps full phone numbers from cadres, who read and report what they find and collect but delete no records', () => {
    expect(can('cadre', 'sensitive.read')).toBe(false);
    expect(can('grid_member', 'sensitive.read')).toBe(true);
    const cadreAbilities = abilitiesOf('cadre');
    expect(cadreAbilities.length).toBeGreaterThan(0);
    // What they find they report or record (a case, a visit, an inspection), a micro-wish they claim and bring, and
    // their own attendance on service days, and the households they collect; they keep no registry or territory.
    const changes = cadreAbilities.filter((capability) => !capability.endsWith('.read'));
    expect(changes).toEqual(
      expect.arrayContaining(['case.report', 'visit.record', 'wish.claim', 'cadre.check_in', 'registry.collect']),
    );
    expect(changes.filter((capability) => !/\.(report|record|claim|check_in|collect)$/.test(capability))).toEqual([]);
    for (const capability of ['registry.write', 'registry.import', 'registry.export'] as const) {
      expect(can('cadre', capability)).toBe(false);
    }
  });

  it('lets everyone read and claim micro-wishes, grid workers register them, the village reviews, town and county run drives', () => {
    for (const role of chainRoles) {
      expect(abilitiesOf(role)).toEqual(expect.arrayContaining(['wish.read', 'wish.claim']));
    }
    expect(roles.filter((role) => can(role, 'wish.register'))).toEqual([
      'admin',
      'county',
      'town',
      'village',
      'grid_leader',
      'grid_member',
    ]);
    expect(roles.filter((role) => can(role, 'wish.review'))).toEqual(['admin', 'county', 'town', 'village']);
    expect(roles.filter((role) => can(role, 'wish.manage'))).toEqual(['admin', 'county', 'town']);
  });

  it('lets only the county configure its grid item catalogue', () => {
    expect(roles.filter((role) => can(role, 'case.configure'))).toEqual(['admin', 'county']);
  });

  it('lets everyone read units and pairings and record contacts, the village and up pair, the county keeps lists', () => {
    for (const role of chainRoles) {
      expect(abilitiesOf(role)).toEqual(expect.arrayContaining(['unit.read', 'pairing.read', 'pairing.record']));
    }
    expect(roles.filter((role) => can(role, 'pairing.manage'))).toEqual(['admin', 'county', 'town', 'village']);
    expect(roles.filter((role) => can(role, 'unit.manage'))).toEqual(['admin', 'county']);
    expect(roles.filter((role) => can(role, 'pairing.configure'))).toEqual(['admin', 'county']);
  });

  it('lets everyone read the moral bank, grid workers record in it, the village approve, the county rank', () => {
    expect(roles.filter((role) => can(role, 'moral_bank.read'))).toEqual([...chainRoles]);
    expect(roles.filter((role) => can(role, 'moral_bank.record'))).toEqual([
      'admin',
      'county',
      'town',
      'village',
      'grid_leader',
      'grid_member',
    ]);
    expect(roles.filter((role) => can(role, 'moral_bank.manage'))).toEqual(['admin', 'county', 'town', 'village']);
    expect(roles.filter((role) => can(role, 'moral_bank.configure'))).toEqual(['admin', 'county']);
  });

  it('lets only town and above change the region tree', () => {
    expect(roles.filter((role) => can(role, 'region.write'))).toEqual(['admin', 'county', 'town']);
  });

  it('lets the village and above draw boundaries', () => {
    expect(roles.filter((role) => can(role, 'boundary.write'))).toEqual(['admin', 'county', 'town', 'village']);
  });

  it('lets a resident report and follow their own cases, and nothing of the registry, the staff or the territory', () => {
    expect(abilitiesOf('resident')).toEqual(['case.report', 'case.follow_own']);
    expect(roles.filter((role) => can(role, 'case.follow_own'))).toEqual(['resident']);
  });

  it('lets a dispatching unit read its own cadres, upload their list and report its year, and nothing of the territory', () => {
    expect(abilitiesOf('unit')).toEqual(['cadre.read', 'cadre.import', 'cadre.report.submit']);
    expect(roles.filter((role) => can(role, 'cadre.import'))).toEqual(['admin', 'county', 'town', 'village', 'unit']);
    // Whoever keeps the county's units gives their accounts; the town and the village, who manage accounts, do not.
    expect(roles.filter((role) => canGrant(role, 'unit'))).toEqual(['admin', 'county']);
  });

  it('hands out a copy of the abilities, so a caller cannot change the policy', () => {
    abilitiesOf('cadre').push('account.write');
    expect(can('cadre', 'account.write')).toBe(false);
  });
});

describe('region levels', () => {
  it('anchors every staff role but the system administrator at a level', () => {
    expect(roleLevels.admin).toEqual([]);
    for (const role of staffRoles.filter((candidate) => candidate !== 'admin')) {
      expect(roleLevels[role].length, role).toBeGreaterThan(0);
    }
  });

  it('steps down one level at a time and stops under the micro-grid', () => {
    expect(regionLevels.map(childLevel)).toEqual(['town', 'village', 'grid', 'micro_grid', undefined]);
  });

  it('builds codes from the six-digit county code (GB/T 2260) and three digits per level', () => {
    expect(regionCodeWidth.county).toBe(6);
    expect(regionLevels.slice(1).map((level) => regionCodeWidth[level])).toEqual([3, 3, 3, 3]);
  });
});

describe('lineageCodes', () => {
  it('gives a region code’s lineage from the county down to the code itself', () => {
    expect(lineageCodes('339901001002003')).toEqual(['339901', '339901001', '339901001002', '339901001002003']);
    expect(lineageCodes('339901')).toEqual(['339901']);
  });
});
