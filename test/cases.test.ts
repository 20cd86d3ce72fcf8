import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

type Case = {
  id: string;
  number: string;
  status: string;
  level: string;
  deadline: string | null;
  regionId: string;
  version: number;
  abilities: string[];
  closedLevel: string | null;
  assigneeId: string | null;
};
type CaseDetail = Case & {
  timeline: { action: string; toStatus: string; toLevel: string; actorName: string | null }[];
};

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

  const act = async (agent: Agent, id: string, body: Record<string, unknown>) => {
    const response = await agent.post(`/api/v1/cases/${id}/transitions`, body);
    expectStatus(response, 200);
    return response.json<Case>();
  };

  it('lists the catalogue of the county with its 13 default items', async () => {
    const catalogue = (await agents.member.get('/api/v1/case-categories')).json<{ items: { code: string }[] }>();
    expect(catalogue.items).toHaveLength(13);
    expect(catalogue.items.map((item) => item.code)).toContain('production_safety');
  });

  it('takes a hazard from a grid member through the village to the town, which closes it', async () => {
    const reported = await agents.member.post('/api/v1/cases', {
      category: 'production_safety',
      description: '饭店燃气管道老化',
      regionId: world.memberGrid.id,
    });
    expectStatus(reported, 201);
    const hazard = reported.json<Case>();
    expect(hazard).toMatchObject({ status: 'reported', level: 'village', regionId: world.memberGrid.id });
    expect(hazard.deadline).not.toBeNull();

    await act(agents.village, hazard.id, { action: 'accept' });
    const escalated = await act(agents.village, hazard.id, { action: 'escalate', reason: '需要镇里协调燃气公司' });
    expect(escalated).toMatchObject({ status: 'reported', level: 'town' });
    await act(agents.town, hazard.id, { action: 'accept' });
    const town = world.accounts.town;
    await act(agents.town, hazard.id, { action: 'dispatch', assigneeId: town.id });
    await act(agents.town, hazard.id, { action: 'start' });
    await act(agents.town, hazard.id, { action: 'handle', result: '已更换燃气管道' });
    await act(agents.member, hazard.id, { action: 'verify', rating: 5 });
    const closed = await act(agents.town, hazard.id, { action: 'close' });
    expect(closed).toMatchObject({ status: 'closed', closedLevel: 'town' });

    const detail = (await agents.member.get(`/api/v1/cases/${hazard.id}`)).json<CaseDetail>();
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

  it('lets one of two users acting at once succeed and answers the other 409', async () => {
    const created = (
      await agents.member.post('/api/v1/cases', {
        category: 'environment',
        description: '垃圾堆放',
        regionId: world.memberGrid.id,
      })
    ).json<Case>();
    const { leader } = await signInAll(test.app, ['leader'] as const);
    const [first, second] = await Promise.all([
      agents.member.post(`/api/v1/cases/${created.id}/transitions`, { action: 'accept', version: created.version }),
      leader.post(`/api/v1/cases/${created.id}/transitions`, { action: 'accept', version: created.version }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
  });
});
