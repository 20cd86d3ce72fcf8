import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Unit, UnitList } from '../src/shared/api/units.js';
import { insertNeighbourCounty, type NeighbourCounty } from './factories.js';
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

/**
 * The county's units (共建单位): a reference list every account of the county reads, the county keeps (add, rename,
 * change the contact, retire), the administrator names the county, another county's units are never seen.
 */

const usernames = ['admin', 'county', 'town', 'village', 'member', 'cadre'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let neighbour: NeighbourCounty;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  neighbour = await insertNeighbourCounty(test.db);
});

afterAll(() => test?.close());

async function listUnits(agent: Agent, query = ''): Promise<Unit[]> {
  const response = await agent.get(`/api/v1/units${query}`);
  expectStatus(response, 200);
  return response.json<UnitList>().items;
}

async function addUnit(agent: Agent, body: Record<string, unknown>, query = ''): Promise<Unit> {
  const response = await agent.post(`/api/v1/units${query}`, body);
  expectStatus(response, 201);
  return response.json<Unit>();
}

describe('the list', () => {
  it('shows the demo county’s units by name to every account of the county, retired ones only when asked', async () => {
    for (const username of ['county', 'town', 'member', 'cadre'] as const) {
      const items = await listUnits(agents[username]);
      expect(items.map((unit) => unit.name)).toContain('县民政局');
      expect(
        items.every((unit) => unit.retiredAt === null),
        username,
      ).toBe(true);
      expect(items.map((unit) => unit.name)).toEqual(
        [...items.map((unit) => unit.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    const all = await listUnits(agents.member, '?includeRetired=true');
    expect(all.find((unit) => unit.name === '县粮食收储公司')?.retiredAt).not.toBeNull();
    expect(all.find((unit) => unit.name === '县民政局')).toMatchObject({
      kind: 'department',
      contactName: '陈晓燕',
      contactPhone: '0571-86012415',
    });
  });

  it('asks the administrator, whose account spans counties, to name the county', async () => {
    expectError(await agents.admin.get('/api/v1/units'), 400, 'validation_failed');
    expect((await listUnits(agents.admin, `?countyId=${world.county.id}`)).length).toBeGreaterThan(10);
    expect(await listUnits(agents.admin, `?countyId=${neighbour.county.id}`)).toEqual([]);
    expectError(await agents.admin.get(`/api/v1/units?countyId=${world.town.id}`), 400, 'validation_failed');
  });

  it('answers another county’s list like a missing county', async () => {
    const other = await agents.county.get(`/api/v1/units?countyId=${neighbour.county.id}`);
    expectError(other, 404, 'region_not_found');
  });
});

describe('keeping the list', () => {
  it('adds a unit, renames it, changes its contact and retires it, each audited', async () => {
    const unit = await addUnit(agents.county, {
      name: '县市场监督管理局',
      kind: 'department',
      contactName: '李红',
      contactPhone: '138 0571 2233',
    });
    expect(unit).toMatchObject({ name: '县市场监督管理局', contactPhone: '13805712233', retiredAt: null });
    expect((await listUnits(agents.member)).map((item) => item.id)).toContain(unit.id);

    const renamed = await agents.county.patch(`/api/v1/units/${unit.id}`, {
      name: '县市场监管局',
      contactName: '李芳',
    });
    expectStatus(renamed, 200);
    expect(renamed.json<Unit>()).toMatchObject({ name: '县市场监管局', contactName: '李芳' });

    const retired = await agents.county.patch(`/api/v1/units/${unit.id}`, { isRetired: true });
    expect(retired.json<Unit>().retiredAt).not.toBeNull();
    expect((await listUnits(agents.member)).map((item) => item.id)).not.toContain(unit.id);
    const back = await agents.county.patch(`/api/v1/units/${unit.id}`, { isRetired: false });
    expect(back.json<Unit>().retiredAt).toBeNull();

    const entries = await findAuditEntries(test.db, { entityId: unit.id });
    expect(entries.map((entry) => entry.action).sort()).toEqual([
      'unit.create',
      'unit.update',
      'unit.update',
      'unit.update',
    ]);
    expect(entries.every((entry) => entry.regionCode === world.county.code)).toBe(true);
  });

  it('lets the administrator add a unit to a county it names', async () => {
    const unit = await addUnit(agents.admin, { name: '邻县中学', kind: 'school' }, `?countyId=${neighbour.county.id}`);
    expect(unit).toMatchObject({ contactName: '', contactPhone: '' });
    expect((await listUnits(agents.admin, `?countyId=${neighbour.county.id}`)).map((item) => item.id)).toEqual([
      unit.id,
    ]);
    expect((await listUnits(agents.county, '?includeRetired=true')).map((item) => item.id)).not.toContain(unit.id);
    // The demo county's staff change it like a unit that does not exist, and the look is audited.
    const missing = expectError(
      await agents.county.patch(`/api/v1/units/${unit.id}`, { name: '改' }),
      404,
      'unit_not_found',
    );
    expect(missing.message).toContain(unit.id);
    const denied = await findAuditEntries(test.db, { entityId: unit.id, action: 'unit.read' });
    expect(denied.map((entry) => entry.outcome)).toEqual(['denied']);
  });

  it('leaves the list to the county: town, village, grid and cadre accounts are refused', async () => {
    const [unit] = await listUnits(agents.county);
    for (const username of ['town', 'village', 'member', 'cadre'] as const) {
      expectError(await agents[username].post('/api/v1/units', { name: '某单位', kind: 'other' }), 403, 'forbidden');
      expectError(await agents[username].patch(`/api/v1/units/${unit!.id}`, { name: '改' }), 403, 'forbidden');
    }
  });

  it('refuses bad input with 400 and a stable code', async () => {
    const [unit] = await listUnits(agents.county);
    for (const body of [
      {},
      { name: '', kind: 'department' },
      { name: '某单位', kind: 'bank' },
      { name: '某单位', kind: 'school', contactPhone: '12345' },
      { name: 'x'.repeat(101), kind: 'school' },
    ]) {
      expectError(await agents.county.post('/api/v1/units', body), 400, 'validation_failed');
    }
    expectError(await agents.county.patch(`/api/v1/units/${unit!.id}`, {}), 400, 'validation_failed');
    expectError(await agents.county.patch('/api/v1/units/not-an-id', { name: '改' }), 400, 'validation_failed');
    const signedOut = await test.app.inject({ method: 'GET', url: '/api/v1/units' });
    expect(signedOut.statusCode).toBe(401);
  });
});
