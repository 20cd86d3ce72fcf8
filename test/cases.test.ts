import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseCategory } from '../src/shared/api/case-catalogue.js';
import { actOn, attemptOn, detailOf, reportCase } from './case-fixtures.js';
import {
  createTestApp,
  expectError,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { isOnPostgres, raceBehindBarrier } from './postgres-race.js';

describe('cases: report, escalate, close', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'member2' | 'village' | 'town' | 'county', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'member2', 'village', 'town', 'county'] as const);
  });

  afterAll(async () => {
    await test?.close();
  });

  it('lists the catalogue of the county with its 13 default items', async () => {
    const catalogue = (await agents.member.get('/api/v1/case-categories')).json<{ items: CaseCategory[] }>();
    expect(catalogue.items).toHaveLength(13);
    expect(catalogue.items.map((item) => item.code)).toContain('production_safety');
  });

  it('takes a hazard from a grid member through the village to the town, which closes it', async () => {
    const hazard = await reportCase(agents.member, {
      category: 'production_safety',
      description: '饭店燃气管道老化',
      regionId: world.memberGrid.id,
    });
    expect(hazard).toMatchObject({ status: 'reported', level: 'village', regionId: world.memberGrid.id });
    expect(hazard.deadline).not.toBeNull();

    await actOn(agents.village, hazard.id, { action: 'accept' });
    const escalated = await actOn(agents.village, hazard.id, { action: 'escalate', reason: '需要镇里协调燃气公司' });
    expect(escalated).toMatchObject({ status: 'reported', level: 'town' });
    await actOn(agents.town, hazard.id, { action: 'accept' });
    const town = world.accounts.town;
    await actOn(agents.town, hazard.id, { action: 'dispatch', assigneeId: town.id });
    await actOn(agents.town, hazard.id, { action: 'start' });
    await actOn(agents.town, hazard.id, { action: 'handle', result: '已更换燃气管道' });
    await actOn(agents.member, hazard.id, { action: 'verify', rating: 5 });
    const closed = await actOn(agents.town, hazard.id, { action: 'close' });
    expect(closed).toMatchObject({ status: 'closed', closedLevel: 'town' });

    const detail = await detailOf(agents.member, hazard.id);
    expect(detail.timeline.map((event) => event.action)).toEqual([
      'report',
      'accept',
      'escalate',
      'accept',
      'dispatch',
      'start',
      'handle',
      'verify',
      'close',
    ]);
    expectError(await agents.member2.get(`/api/v1/cases/${hazard.id}`), 404, 'case_not_found');
  });

  it.runIf(isOnPostgres)('lets one of two users acting at once succeed and answers the other 409', async () => {
    const created = await reportCase(agents.member, { description: '垃圾堆放', regionId: world.memberGrid.id });
    const { leader } = await signInAll(test.app, ['leader'] as const);
    const [first, second] = await raceBehindBarrier(test.db, 'cases', 2, () =>
      Promise.all([
        attemptOn(agents.member, created.id, { action: 'accept', version: created.version }),
        attemptOn(leader, created.id, { action: 'accept', version: created.version }),
      ]),
    );
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
  });
});
