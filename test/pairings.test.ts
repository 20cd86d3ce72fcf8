import { and, eq, gt, like, lt } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { households, notifications, pairings, persons, places } from '../src/server/db/schema/index.js';
import { notifyOverduePairings } from '../src/server/modules/pairings/pairings.service.js';
import type { Page } from '../src/shared/api/common.js';
import type { Pairing, PairingDetail, PairingFigures, PairingKindList } from '../src/shared/api/pairings.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { isOnPostgres, raceBehindBarrier } from './postgres-race.js';

/**
 * Pairings (结对帮扶) through the API: the county's kinds, the one-to-one rule of party-member parents and students
 * (in the database: racing creations, one wins), contacts that keep a pairing off the overdue worklist, a minor's
 * name masked, ending and resuming, the figures and their workbook, and the scope of a grid.
 */

const usernames = ['county', 'village', 'leader', 'member', 'member2', 'cadre'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
/** Residents of the member's grid: party members (adults), and minors who can be paired as students. */
let partyMemberIds: string[];
let studentIds: string[];
let studentName: string;
let householdIds: string[];
let placeId: string;
let cadreStaffId: string;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const adultBorn = addDays(chinaToday(), -365 * 25);
  const minorBorn = addDays(chinaToday(), -365 * 16);
  const inGrid = eq(persons.regionId, world.memberGrid.id);
  partyMemberIds = (
    await test.db
      .select({ id: persons.id })
      .from(persons)
      .where(and(inGrid, eq(persons.isPartyMember, true), lt(persons.birthDate, adultBorn)))
      .limit(3)
  ).map((row) => row.id);
  // Minors the demo has not paired with a parent yet.
  const paired = new Set(
    (await test.db.select({ id: pairings.helpedId }).from(pairings).where(eq(pairings.kind, 'parent_student'))).map(
      (row) => row.id,
    ),
  );
  const students = (
    await test.db
      .select({ id: persons.id, name: persons.name })
      .from(persons)
      .where(and(inGrid, gt(persons.birthDate, minorBorn)))
  )
    .filter((row) => !paired.has(row.id))
    .slice(0, 6);
  studentIds = students.map((row) => row.id);
  studentName = students[0]!.name;
  householdIds = (
    await test.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.regionId, world.memberGrid.id))
      .limit(3)
  ).map((row) => row.id);
  const [place] = await test.db
    .select({ id: places.id })
    .from(places)
    .where(eq(places.regionCode, world.memberGrid.code))
    .limit(1);
  placeId = place!.id;
  cadreStaffId = world.staff.find((staff) => staff.accountId === world.accounts.cadre.id)!.id;
  expect(partyMemberIds.length).toBeGreaterThanOrEqual(2);
  expect(studentIds.length).toBeGreaterThanOrEqual(5);
});

afterAll(() => test?.close());

async function pair(agent: Agent, body: Record<string, unknown>): Promise<PairingDetail> {
  const response = await agent.post('/api/v1/pairings', body);
  expectStatus(response, 201);
  return response.json<PairingDetail>();
}

async function list(agent: Agent, query: string): Promise<Pairing[]> {
  const response = await agent.get(`/api/v1/pairings?limit=200&${query}`);
  expectStatus(response, 200);
  return response.json<Page<Pairing>>().items;
}

describe('kinds', () => {
  it('starts every county with the four kinds, which the county renames and retunes but whose sides stay', async () => {
    const kinds = (await agents.member.get('/api/v1/pairing-kinds')).json<PairingKindList>().items;
    expect(kinds.map((kind) => [kind.code, kind.helperSide, kind.helpedSide, kind.isOneToOne])).toEqual([
      ['parent_student', 'party_member', 'person', true],
      ['cadre_household', 'staff', 'household', false],
      ['unit_community', 'unit', 'region', false],
      ['cadre_enterprise', 'staff', 'place', false],
    ]);
    const renamed = await agents.county.put('/api/v1/pairing-kinds/cadre_household', {
      nameZh: '党员干部包保到户',
      nameEn: 'Cadre and household',
      helperSide: 'staff',
      helpedSide: 'household',
      contactEveryDays: 14,
    });
    expectStatus(renamed, 200);
    expect(renamed.json()).toMatchObject({ nameZh: '党员干部包保到户', contactEveryDays: 14, isDefault: true });
    const changedSides = await agents.county.put('/api/v1/pairing-kinds/parent_student', {
      nameZh: '结对',
      nameEn: 'Pairing',
      helperSide: 'staff',
      helpedSide: 'person',
      isOneToOne: true,
      contactEveryDays: 30,
    });
    expectError(changedSides, 400, 'validation_failed');
    const own = await agents.county.put('/api/v1/pairing-kinds/teacher_student', {
      nameZh: '教师结对留守儿童',
      nameEn: 'Teacher and left-behind child',
      helperSide: 'staff',
      helpedSide: 'person',
      isOneToOne: true,
      contactEveryDays: 7,
    });
    expect(own.json()).toMatchObject({ isDefault: false, isOneToOne: true });
    expectError(
      await agents.village.put('/api/v1/pairing-kinds/own', {
        nameZh: '村里的',
        nameEn: 'Own',
        helperSide: 'staff',
        helpedSide: 'person',
        contactEveryDays: 7,
      }),
      403,
      'forbidden',
    );
  });
});

describe('party-member parents and students', () => {
  it('pairs a party member with a student, one to one; a second parent for the student is refused with 409', async () => {
    const made = await pair(agents.village, {
      kind: 'parent_student',
      helper: { personId: partyMemberIds[0] },
      helpedId: studentIds[0],
      note: '每月看望一次',
    });
    expect(made).toMatchObject({
      kind: 'parent_student',
      helperSide: 'party_member',
      helpedSide: 'person',
      status: 'active',
      contactEveryDays: 30,
      startsOn: chinaToday(),
      isOverdue: false,
      contacts: [],
      allowedActions: ['end'],
    });
    expect(made.helped).toMatchObject({ name: studentName, isMinor: true, regionName: world.memberGrid.name });

    const second = await agents.village.post('/api/v1/pairings', {
      kind: 'parent_student',
      helper: { personId: partyMemberIds[1] },
      helpedId: studentIds[0],
    });
    expectError(second, 409, 'pairing_taken');
    // A parent may have several students: the rule is on the student's side.
    await pair(agents.village, {
      kind: 'parent_student',
      helper: { personId: partyMemberIds[0] },
      helpedId: studentIds[1],
    });
  });

  it('shortens a student’s name for a role without sensitive.read, as the registry does', async () => {
    const [shown] = await list(agents.cadre, `helpedId=${studentIds[0]}`);
    expect(shown!.helped.isMinor).toBe(true);
    expect(shown!.helped.name).not.toBe(studentName);
    expect(shown!.helped.name).toBe(`${[...studentName][0]}*`);
    const [full] = await list(agents.member, `helpedId=${studentIds[0]}`);
    expect(full!.helped.name).toBe(studentName);
  });

  it('takes a party member as parent, by personId, and nobody else', async () => {
    const [notMember] = await test.db
      .select({ id: persons.id })
      .from(persons)
      .where(and(eq(persons.regionId, world.memberGrid.id), eq(persons.isPartyMember, false)))
      .limit(1);
    const refused = await agents.village.post('/api/v1/pairings', {
      kind: 'parent_student',
      helper: { personId: notMember!.id },
      helpedId: studentIds[2],
    });
    expectError(refused, 400, 'validation_failed');
    const byStaff = await agents.village.post('/api/v1/pairings', {
      kind: 'parent_student',
      helper: { staffId: cadreStaffId },
      helpedId: studentIds[2],
    });
    expectError(byStaff, 400, 'validation_failed');
  });

  it.runIf(isOnPostgres)(
    'lets one of five parents racing for the same student win; the others answer 409',
    async () => {
      const answers = await raceBehindBarrier(test.db, 'pairings', 5, () =>
        Promise.all(
          [0, 1, 0, 1, 0].map((index) =>
            agents.village.post('/api/v1/pairings', {
              kind: 'parent_student',
              helper: { personId: partyMemberIds[index] },
              helpedId: studentIds[3],
            }),
          ),
        ),
      );
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409, 409, 409, 409]);
      for (const answer of answers.filter((item) => item.statusCode === 409)) {
        expect(answer.json<{ error: { code: string } }>().error.code).toBe('pairing_taken');
      }
      const active = await test.db
        .select({ id: pairings.id })
        .from(pairings)
        .where(and(eq(pairings.helpedId, studentIds[3]!), eq(pairings.status, 'active')));
      expect(active).toHaveLength(1);
    },
  );
});

describe('contacts and the overdue worklist', () => {
  it('puts a pairing past its contact frequency on the worklist of the village and of the helper, until a contact', async () => {
    const made = await pair(agents.village, {
      kind: 'cadre_household',
      helper: { staffId: cadreStaffId },
      helpedId: householdIds[0],
      startsOn: addDays(chinaToday(), -40),
      contactEveryDays: 30,
    });
    expect(made).toMatchObject({ isOverdue: true, dueOn: addDays(chinaToday(), -10), lastContactOn: null });
    expect((await list(agents.village, 'overdue=true')).map((item) => item.id)).toContain(made.id);
    expect((await list(agents.cadre, 'overdue=true&mine=true')).map((item) => item.id)).toContain(made.id);
    // The member helps in no pairing of their own: their list of their own is empty.
    expect(await list(agents.member, 'mine=true')).toEqual([]);

    const visit = await agents.member.post('/api/v1/visits', {
      id: uuidv7(),
      householdId: householdIds[0],
      visitedAt: new Date(Date.now() - 3_600_000).toISOString(),
      purpose: 'routine',
      findings: '包保干部随访',
    });
    expectStatus(visit, 201);
    const visitId = visit.json<{ id: string }>().id;
    const contacted = await agents.cadre.post(`/api/v1/pairings/${made.id}/contacts`, {
      kind: 'visit',
      visitId,
      note: '了解家中近况',
      helpGiven: '米面油一份',
    });
    expectStatus(contacted, 201);
    const detail = contacted.json<PairingDetail>();
    expect(detail).toMatchObject({
      isOverdue: false,
      lastContactOn: chinaToday(),
      dueOn: addDays(chinaToday(), 30),
      contactCount: 1,
    });
    expect(detail.contacts).toEqual([
      expect.objectContaining({ kind: 'visit', visitId, helpGiven: '米面油一份', contactedOn: chinaToday() }),
    ]);
    expect((await list(agents.village, 'overdue=true')).map((item) => item.id)).not.toContain(made.id);
    const entries = await findAuditEntries(test.db, { entityId: made.id });
    expect(entries.map((entry) => entry.action).sort()).toEqual(['pairing.create', 'pairing.record_contact']);
  });

  it('tells the helper and the village once about a missed contact, through the notifications', async () => {
    const made = await pair(agents.village, {
      kind: 'cadre_enterprise',
      helper: { staffId: cadreStaffId },
      helpedId: placeId,
      startsOn: addDays(chinaToday(), -90),
    });
    expect(await notifyOverduePairings(test.db)).toBeGreaterThanOrEqual(1);
    const told = await test.db.select().from(notifications).where(eq(notifications.kind, 'pairing_overdue'));
    const aboutIt = told.filter((notice) => notice.params.pairingId === made.id);
    expect(aboutIt.map((notice) => notice.accountId).sort()).toEqual(
      [world.accounts.cadre.id, world.accounts.village.id].sort(),
    );
    // Told once: the next round tells nothing new about it.
    await notifyOverduePairings(test.db);
    const again = await test.db.select().from(notifications).where(eq(notifications.kind, 'pairing_overdue'));
    expect(again.filter((notice) => notice.params.pairingId === made.id)).toHaveLength(2);
  });

  it('refuses a contact on a day to come, before the start, or naming a visit the caller cannot see', async () => {
    const [made] = await list(agents.member, 'kind=cadre_household');
    const path = `/api/v1/pairings/${made!.id}/contacts`;
    expectError(
      await agents.member.post(path, { kind: 'call', contactedOn: addDays(chinaToday(), 1) }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.member.post(path, { kind: 'call', contactedOn: addDays(made!.startsOn, -1) }),
      400,
      'validation_failed',
    );
    expectError(await agents.member.post(path, { kind: 'call', visitId: uuidv7() }), 404, 'visit_not_found');
    expectError(await agents.member.post(path, { kind: 'chat' }), 400, 'validation_failed');
  });
});

describe('ending and resuming', () => {
  it('ends a pairing with a reason (the village), which then takes no contact and frees its student', async () => {
    const [made] = await list(agents.village, `helpedId=${studentIds[1]}`);
    expectError(
      await agents.member.post(`/api/v1/pairings/${made!.id}/actions`, { action: 'end', reason: '毕业' }),
      403,
      'forbidden',
    );
    const stale = await agents.village.post(`/api/v1/pairings/${made!.id}/actions`, {
      action: 'end',
      reason: '毕业',
      version: made!.version + 1,
    });
    expectError(stale, 409, 'pairing_changed');
    const ended = await agents.village.post(`/api/v1/pairings/${made!.id}/actions`, {
      action: 'end',
      reason: '学生已毕业',
      version: made!.version,
    });
    expectStatus(ended, 200);
    expect(ended.json()).toMatchObject({ status: 'ended', endReason: '学生已毕业', allowedActions: ['resume'] });
    expectError(await agents.member.post(`/api/v1/pairings/${made!.id}/contacts`, { kind: 'call' }), 409, 'conflict');

    // Another parent takes the student; resuming the ended pairing then meets the one-to-one rule.
    await pair(agents.village, {
      kind: 'parent_student',
      helper: { personId: partyMemberIds[1] },
      helpedId: studentIds[1],
    });
    expectError(
      await agents.village.post(`/api/v1/pairings/${made!.id}/actions`, { action: 'resume' }),
      409,
      'pairing_taken',
    );
  });
});

describe('units and communities (1+N)', () => {
  it('pairs an active unit with a village, not with a town, nor a retired unit', async () => {
    const units = (await agents.county.get('/api/v1/units?includeRetired=true')).json<{ items: Unit[] }>().items;
    const active = units.find((unit) => unit.retiredAt === null)!;
    const retired = units.find((unit) => unit.retiredAt !== null)!;
    const made = await pair(agents.county, {
      kind: 'unit_community',
      helper: { unitId: active.id },
      helpedId: world.memberVillage.id,
    });
    expect(made).toMatchObject({
      helper: { id: active.id, name: active.name },
      helped: { id: world.memberVillage.id, name: world.memberVillage.name },
      contactEveryDays: 90,
      regionId: world.memberVillage.id,
    });
    expectError(
      await agents.county.post('/api/v1/pairings', {
        kind: 'unit_community',
        helper: { unitId: active.id },
        helpedId: world.town.id,
      }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.county.post('/api/v1/pairings', {
        kind: 'unit_community',
        helper: { unitId: retired.id },
        helpedId: world.memberVillage.id,
      }),
      400,
      'validation_failed',
    );
  });
});

describe('figures', () => {
  it('counts per kind and per region below: active, contacts, help given, overdue; and downloads them', async () => {
    const response = await agents.county.get(`/api/v1/pairings/figures?regionId=${world.town.id}`);
    expectStatus(response, 200);
    const figures = response.json<PairingFigures>();
    const household = figures.kinds.find((row) => row.kind === 'cadre_household')!;
    expect(household).toMatchObject({ kindName: { zh: '党员干部包保到户', en: 'Cadre and household' } });
    expect(household.contacts).toBeGreaterThanOrEqual(1);
    expect(household.helpGiven).toBeGreaterThanOrEqual(1);
    const enterprise = figures.kinds.find((row) => row.kind === 'cadre_enterprise')!;
    expect(enterprise.overdue).toBeGreaterThanOrEqual(1);
    const village = figures.children.filter((row) => row.regionId === world.memberVillage.id);
    expect(village.map((row) => row.kind)).toEqual(figures.kinds.map((row) => row.kind));
    for (const row of figures.kinds) {
      const below = figures.children.filter((child) => child.kind === row.kind);
      expect(
        below.reduce((total, child) => total + child.active, 0),
        row.kind,
      ).toBe(row.active);
    }

    const workbook = await agents.county.get(`/api/v1/pairings/figures.xlsx?regionId=${world.town.id}`);
    expectStatus(workbook, 200);
    expect(workbook.headers['content-type']).toContain('spreadsheetml');
    expect(workbook.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expectError(
      await agents.county.get(`/api/v1/pairings/figures?regionId=${world.town.id}&from=2026-05-01&to=2026-04-01`),
      400,
      'validation_failed',
    );
  });
});

describe('the scope of a grid', () => {
  it('keeps another grid’s worker from reading, listing, counting or exporting this grid’s pairings', async () => {
    const mine = await list(agents.member, '');
    expect(mine.length).toBeGreaterThan(0);
    const other = await list(agents.member2, '');
    expect(other.map((item) => item.id).filter((id) => mine.some((item) => item.id === id))).toEqual([]);
    const hidden = await agents.member2.get(`/api/v1/pairings/${mine[0]!.id}`);
    const missing = await agents.member2.get(`/api/v1/pairings/${uuidv7()}`);
    expectError(hidden, 404, 'pairing_not_found');
    expectError(missing, 404, 'pairing_not_found');
    const denied = await findAuditEntries(test.db, { entityId: mine[0]!.id, action: 'pairing.read' });
    expect(denied.map((entry) => entry.outcome)).toContain('denied');
    expectError(
      await agents.member2.get(`/api/v1/pairings/figures?regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    expectError(
      await agents.member2.get(`/api/v1/pairings/figures.xlsx?regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    // Their own figures count their grid's pairings alone.
    const ownFigures = (await agents.member2.get('/api/v1/pairings/figures')).json<PairingFigures>();
    expect(ownFigures.region.id).toBe(world.otherGrid.id);
    const ownActive = await test.db
      .select({ id: pairings.id })
      .from(pairings)
      .where(and(eq(pairings.status, 'active'), like(pairings.regionCode, `${world.otherGrid.code}%`)));
    expect(ownFigures.kinds.reduce((total, row) => total + row.active, 0)).toBe(ownActive.length);
    expectError(
      await agents.member2.post(`/api/v1/pairings/${mine[0]!.id}/contacts`, { kind: 'call' }),
      404,
      'pairing_not_found',
    );
    // Pairing someone of another grid: the village of the other grid cannot reach the member's household.
    expectError(
      await agents.member2.post('/api/v1/pairings', {
        kind: 'cadre_household',
        helper: { staffId: cadreStaffId },
        helpedId: householdIds[1],
      }),
      403,
      'forbidden',
    );
  });

  it('refuses bad input with 400 and a stable code', async () => {
    for (const body of [
      {},
      { kind: 'parent_student', helper: {}, helpedId: studentIds[4] },
      { kind: 'parent_student', helper: { personId: partyMemberIds[0], unitId: uuidv7() }, helpedId: studentIds[4] },
      { kind: 'nope', helper: { personId: partyMemberIds[0] }, helpedId: studentIds[4] },
      {
        kind: 'parent_student',
        helper: { personId: partyMemberIds[0] },
        helpedId: studentIds[4],
        startsOn: '2026-05-02',
        endsOn: '2026-05-01',
      },
      { kind: 'parent_student', helper: { personId: partyMemberIds[0] }, helpedId: studentIds[4], contactEveryDays: 0 },
    ]) {
      expectError(await agents.village.post('/api/v1/pairings', body), 400, 'validation_failed');
    }
    expectError(await agents.village.get('/api/v1/pairings?cursor=nonsense'), 400, 'validation_failed');
    expectError(await agents.village.get('/api/v1/pairings/not-an-id'), 400, 'validation_failed');
  });
});
