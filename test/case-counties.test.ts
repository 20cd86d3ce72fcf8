import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialCalendar } from '../src/server/modules/cases/deadlines.js';
import type { CaseCategory, CaseSettings } from '../src/shared/api/case-catalogue.js';
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
 * The catalogue, the working calendar and the map as an account that spans counties (the administrator) and the
 * accounts inside one county see them: the county named or implied, never another county's.
 */
describe('the county of the case screens, the default calendar and one count of open cases', () => {
  let test: TestApp;
  let world: DemoWorld;
  let neighbour: NeighbourCounty;
  let agents: Record<'admin' | 'county' | 'town' | 'village' | 'member', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    neighbour = await insertNeighbourCounty(test.db);
    agents = await signInAll(test.app, ['admin', 'county', 'town', 'village', 'member'] as const);
  });

  afterAll(async () => {
    await test?.close();
  });

  const categoriesOf = async (agent: Agent, query = '') => {
    const response = await agent.get(`/api/v1/case-categories${query}`);
    expectStatus(response, 200);
    return response.json<{ items: CaseCategory[] }>().items;
  };

  it('asks an account that spans counties to name the county, and answers its catalogue once named', async () => {
    const refused = expectError(await agents.admin.get('/api/v1/case-categories'), 400, 'validation_failed');
    expect(refused.details).toEqual({ field: 'countyId' });

    const demoItems = await categoriesOf(agents.admin, `?countyId=${world.county.id}`);
    expect(demoItems.map((item) => item.code)).toContain('environment');
    expect(demoItems).toEqual(await categoriesOf(agents.county));
    // The neighbour's catalogue is its own: an item changed there leaves the demo county's as it was.
    const changed = await agents.admin.put(`/api/v1/case-categories/environment?countyId=${neighbour.county.id}`, {
      ...demoItems.find((item) => item.code === 'environment'),
      code: undefined,
      countyId: undefined,
      updatedAt: undefined,
      department: '邻县城管局',
    });
    expectStatus(changed, 200);
    const neighbourItems = await categoriesOf(agents.admin, `?countyId=${neighbour.county.id}`);
    expect(neighbourItems.find((item) => item.code === 'environment')!.department).toBe('邻县城管局');
    expect((await categoriesOf(agents.county)).find((item) => item.code === 'environment')!.department).not.toBe(
      '邻县城管局',
    );

    expectError(await agents.admin.get(`/api/v1/case-categories?countyId=${world.town.id}`), 400, 'validation_failed');
    expectError(
      await agents.admin.get('/api/v1/case-categories?countyId=01890000-0000-7000-8000-000000000000'),
      404,
      'region_not_found',
    );
  });

  it('gives every account inside a county its own county’s catalogue, and reads another county as missing', async () => {
    const countyItems = await categoriesOf(agents.county);
    for (const agent of [agents.town, agents.village, agents.member]) {
      expect(await categoriesOf(agent)).toEqual(countyItems);
      expect(await categoriesOf(agent, `?countyId=${world.county.id}`)).toEqual(countyItems);
    }
    expectError(
      await agents.village.get(`/api/v1/case-categories?countyId=${neighbour.county.id}`),
      404,
      'region_not_found',
    );
    const [denial] = await findAuditEntries(test.db, {
      actorId: world.accounts.village.id,
      entityId: neighbour.county.id,
      outcome: 'denied',
    });
    expect(denial).toBeDefined();
    expectError(
      await agents.county.put(`/api/v1/case-settings?countyId=${neighbour.county.id}`, { holidays: [] }),
      404,
      'region_not_found',
    );
  });

  it('starts a county on the official calendar of this year and the next, which the county then edits', async () => {
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const official = [officialCalendar(year), officialCalendar(year + 1)];
    const fresh = await agents.admin.get(`/api/v1/case-settings?countyId=${neighbour.county.id}`);
    expectStatus(fresh, 200);
    expect(fresh.json<CaseSettings>()).toEqual({
      holidays: official.flatMap((calendar) => calendar.holidays),
      workdays: official.flatMap((calendar) => calendar.workdays),
      webhooks: [],
    });
    expect(official[0]!.holidays.length).toBeGreaterThan(20);

    // The county drops a holiday and adds a day of its own; the official dates of that year stay out.
    const [dropped, ...kept] = official[0]!.holidays;
    const edited = { holidays: [...kept, `${year}-12-31`].sort(), workdays: official[0]!.workdays, webhooks: [] };
    const saved = await agents.admin.put(`/api/v1/case-settings?countyId=${neighbour.county.id}`, edited);
    expectStatus(saved, 200);
    expect(saved.json<CaseSettings>().holidays).toEqual([...edited.holidays, ...official[1]!.holidays]);
    expect(saved.json<CaseSettings>().holidays).not.toContain(dropped);
    // The demo county's calendar is untouched by the neighbour's.
    const demo = (await agents.county.get('/api/v1/case-settings')).json<CaseSettings>();
    expect(demo.holidays).toContain(dropped);
  });
});
