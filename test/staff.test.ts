import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Staff } from '../src/shared/api/staff.js';
import { gridStaff } from '../src/server/db/schema/index.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type StaffRecord,
  type TestApp,
} from './helpers.js';

const maskedMobile = /^1\d{2}\*{4}\d{4}$/;

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'town' | 'village' | 'leader' | 'member' | 'cadre', Agent>;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['town', 'village', 'leader', 'member', 'cadre'] as const);
});

afterAll(() => testApp?.close());

/** A seeded person of the member's grid with a phone number. */
function personWithPhone(): StaffRecord {
  const person = world.staffIn(world.memberGrid.id).find((candidate) => candidate.phone !== null);
  if (!person) throw new Error('The demo grid has nobody with a phone.');
  return person;
}

/** A new person in the member's grid, made by the grid leader; `fields` override the defaults. */
async function createPerson(fields: Record<string, unknown> = {}, agent = agents.leader): Promise<Staff> {
  const response = await agent.post('/api/v1/staff', {
    regionId: world.memberGrid.id,
    kind: 'volunteer',
    name: '测试志愿者',
    ...fields,
  });
  expectStatus(response, 201);
  return response.json();
}

describe('phone numbers', () => {
  it('are masked in lists', async () => {
    const response = await agents.member.get(`/api/v1/staff?regionId=${world.memberGrid.id}`);
    expectStatus(response, 200);
    const people = response.json().items as Staff[];
    // The grid and its micro-grids.
    const subtree = [world.memberGrid, ...world.childrenOf(world.memberGrid.id)];
    expect(people.length).toBe(subtree.flatMap((region) => world.staffIn(region.id)).length);
    for (const person of people.filter((candidate) => candidate.phone !== null)) {
      expect(person.phone).toMatch(maskedMobile);
      expect(person.isPhoneMasked).toBe(true);
    }
  });

  it('are masked when one person is read, keeping the first three and last four digits', async () => {
    const seeded = personWithPhone();
    const person = (await agents.member.get(`/api/v1/staff/${seeded.id}`)).json<Staff>();
    expect(person.phone).toBe(`${seeded.phone!.slice(0, 3)}****${seeded.phone!.slice(-4)}`);
    expect(person.isPhoneMasked).toBe(true);
  });

  it('are shown in full on request to a role that may see them, and the look is audited with its reason', async () => {
    const seeded = personWithPhone();
    const response = await agents.member.get(
      `/api/v1/staff/${seeded.id}?reveal=true&reason=${encodeURIComponent('入户走访')}`,
    );
    expectStatus(response, 200);
    expect(response.json()).toMatchObject({ phone: seeded.phone, isPhoneMasked: false });
    const entries = await findAuditEntries(testApp.db, {
      actorId: world.accounts.member.id,
      entityId: seeded.id,
      action: 'staff.reveal_phone',
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ outcome: 'success', entityType: 'staff', details: { reason: '入户走访' } });
  });

  it('stay hidden from a cadre, who may not see them', async () => {
    const seeded = personWithPhone();
    const response = await agents.cadre.get(`/api/v1/staff/${seeded.id}?reveal=true`);
    expectError(response, 403, 'forbidden');
    expect(response.body).not.toContain(seeded.phone!);
    const reveals = await findAuditEntries(testApp.db, {
      actorId: world.accounts.cadre.id,
      action: 'staff.reveal_phone',
    });
    expect(reveals).toEqual([]);
  });

  it('are stored normalised from full-width digits and spaces', async () => {
    const person = await createPerson({ phone: '１３９ ０００１ ２２３３' });
    expect(person.phone).toBe('139****2233');
    const revealed = (
      await agents.leader.get(`/api/v1/staff/${person.id}?reveal=true&reason=${encodeURIComponent('核对号码')}`)
    ).json<Staff>();
    expect(revealed.phone).toBe('13900012233');
  });

  it('are refused when they are not a phone number', async () => {
    const response = await agents.leader.post('/api/v1/staff', {
      regionId: world.memberGrid.id,
      kind: 'volunteer',
      name: '号码错误',
      phone: '12345',
    });
    expect(expectError(response, 400, 'validation_failed').message).toMatch(/phone/);
  });
});

describe('placing people', () => {
  it('adds a person to a grid, who then appears in the grid’s list', async () => {
    const person = await createPerson({ name: '新志愿者', duties: '邻里互助', isPartyMember: true });
    expect(person).toMatchObject({
      regionId: world.memberGrid.id,
      regionName: world.memberGrid.name,
      kind: 'volunteer',
      name: '新志愿者',
      duties: '邻里互助',
      isPartyMember: true,
      phone: null,
    });
    const list = await agents.member.get(`/api/v1/staff?regionId=${world.memberGrid.id}&kind=volunteer`);
    expect(list.json().items.map((item: Staff) => item.id)).toContain(person.id);
  });

  it('adds a person to a micro-grid', async () => {
    const microGrid = world.childrenOf(world.memberGrid.id)[0]!;
    const person = await createPerson({ regionId: microGrid.id, kind: 'building_leader' });
    expect(person.regionId).toBe(microGrid.id);
  });

  it('refuses to place a person in a village or anything above a grid', async () => {
    for (const region of [world.memberVillage, world.town]) {
      const response = await agents.town.post('/api/v1/staff', {
        regionId: region.id,
        kind: 'volunteer',
        name: '放错',
      });
      expect(expectError(response, 400, 'validation_failed').message).toMatch(/grid/);
    }
  });

  it('needs the dispatching unit of a sunk cadre', async () => {
    const without = await agents.leader.post('/api/v1/staff', {
      regionId: world.memberGrid.id,
      kind: 'sunk_cadre',
      name: '下沉干部',
    });
    expect(expectError(without, 400, 'validation_failed').message).toMatch(/dispatching unit/);
    const person = await createPerson({ kind: 'sunk_cadre', name: '下沉干部', dispatchingUnit: '县司法局' });
    expect(person.dispatchingUnit).toBe('县司法局');
  });

  it('gives full-time or part-time only to grid members', async () => {
    const volunteer = await agents.leader.post('/api/v1/staff', {
      regionId: world.memberGrid.id,
      kind: 'volunteer',
      name: '志愿者',
      employment: 'full_time',
    });
    expectError(volunteer, 400, 'validation_failed');
    const member = await createPerson({ kind: 'grid_member', name: '专职网格员', employment: 'full_time' });
    expect(member.employment).toBe('full_time');
  });

  it('refuses to place a person in a grid outside the subtree as if it did not exist', async () => {
    const response = await agents.leader.post('/api/v1/staff', {
      regionId: world.otherGrid.id,
      kind: 'volunteer',
      name: '越界',
    });
    expectError(response, 404, 'region_not_found');
  });

  it('lets only roles with staff.write place people', async () => {
    for (const agent of [agents.member, agents.cadre]) {
      const response = await agent.post('/api/v1/staff', {
        regionId: world.memberGrid.id,
        kind: 'volunteer',
        name: 'x',
      });
      expectError(response, 403, 'forbidden');
    }
  });
});

describe('changing and removing people', () => {
  it('changes duties and moves a person to another grid of the village', async () => {
    const person = await createPerson({ kind: 'grid_member', employment: 'part_time' });
    const neighbourGrid = world.childrenOf(world.memberVillage.id)[1]!;
    const response = await agents.village.patch(`/api/v1/staff/${person.id}`, {
      duties: '巡查走访',
      regionId: neighbourGrid.id,
    });
    expectStatus(response, 200);
    expect(response.json()).toMatchObject({
      duties: '巡查走访',
      regionId: neighbourGrid.id,
      regionName: neighbourGrid.name,
    });
    // The grid leader of the first grid no longer sees the person.
    expectError(await agents.leader.get(`/api/v1/staff/${person.id}`), 404, 'staff_not_found');
  });

  it('checks the rules against the changed person as a whole', async () => {
    const person = await createPerson({ kind: 'grid_member', employment: 'part_time' });
    const response = await agents.leader.patch(`/api/v1/staff/${person.id}`, { kind: 'volunteer' });
    expectError(response, 400, 'validation_failed');
    const fixed = await agents.leader.patch(`/api/v1/staff/${person.id}`, { kind: 'volunteer', employment: null });
    expectStatus(fixed, 200);
    expect(fixed.json()).toMatchObject({ kind: 'volunteer', employment: null });
  });

  it('refuses to move a person out of the subtree', async () => {
    const person = await createPerson();
    const response = await agents.leader.patch(`/api/v1/staff/${person.id}`, { regionId: world.otherGrid.id });
    expectError(response, 404, 'region_not_found');
    expect((await agents.leader.get(`/api/v1/staff/${person.id}`)).json().regionId).toBe(world.memberGrid.id);
  });

  it('removes a person, who is then gone', async () => {
    const person = await createPerson();
    expectStatus(await agents.leader.delete(`/api/v1/staff/${person.id}`), 204);
    expectError(await agents.leader.get(`/api/v1/staff/${person.id}`), 404, 'staff_not_found');
    expectError(await agents.leader.delete(`/api/v1/staff/${person.id}`), 404, 'staff_not_found');
  });

  it('lets only roles with staff.write change or remove people', async () => {
    const person = personWithPhone();
    expectError(await agents.member.patch(`/api/v1/staff/${person.id}`, { duties: 'x' }), 403, 'forbidden');
    expectError(await agents.cadre.delete(`/api/v1/staff/${person.id}`), 403, 'forbidden');
  });
});

describe('listing people', () => {
  it('pages through a town without repeating or losing anyone', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const response = await agents.town.get(`/api/v1/staff?regionId=${world.town.id}&limit=97${query}`);
      expectStatus(response, 200);
      const body = response.json();
      expect(body.items.length).toBeLessThanOrEqual(97);
      seen.push(...body.items.map((item: Staff) => item.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    const rows = await testApp.db.select({ id: gridStaff.id, regionId: gridStaff.regionId }).from(gridStaff);
    const regionCodes = new Map(world.regions.map((region) => [region.id, region.code]));
    const expected = rows.filter((row) => regionCodes.get(row.regionId)?.startsWith(world.town.code));
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual(expected.map((row) => row.id).sort());
  });

  it('filters by kind', async () => {
    const response = await agents.village.get('/api/v1/staff?kind=grid_leader&limit=500');
    const leaders = response.json().items as Staff[];
    expect(leaders.length).toBeGreaterThan(0);
    for (const person of leaders) expect(person.kind).toBe('grid_leader');
  });

  it('refuses a cursor it did not give out', async () => {
    expectError(await agents.town.get('/api/v1/staff?cursor=garbage'), 400, 'validation_failed');
  });
});
