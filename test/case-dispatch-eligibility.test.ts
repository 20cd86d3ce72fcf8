import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseAssignees } from '../src/shared/api/cases.js';
import { actOn, attemptOn, reportCase } from './case-fixtures.js';
import { insertAccount, insertNeighbourCounty } from './factories.js';
import {
  createTestApp,
  expectError,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * A case goes only to someone who handles cases where it is: the people of its grid and the staff of its lineage up
 * to the level it sits at. Never the system administrator, a disabled account, another grid or another county.
 */
describe('dispatching a case to an account', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'village', Agent>;
  let outsiders: Record<string, string>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'village'] as const);
    const neighbour = await insertNeighbourCounty(test.db);
    const disabled = await insertAccount(test.db, {
      username: 'gone-member',
      role: 'grid_member',
      regionId: world.memberGrid.id,
      isEnabled: false,
    });
    outsiders = {
      'the system administrator': world.accounts.admin.id,
      'a disabled account of the same grid': disabled.id,
      'a grid member of another grid': world.accounts.member2.id,
      'an account of another county': neighbour.account.id,
      'the county, above the level the case sits at': world.accounts.county.id,
    };
  });

  afterAll(() => test?.close());

  async function assigneeIdsOf(agent: Agent, caseId: string) {
    const response = await agent.get(`/api/v1/cases/${caseId}/assignees`);
    return response.json<CaseAssignees>().items.map((item) => item.accountId);
  }

  it('refuses, for a grid member, every account outside the grid’s lineage, and takes the grid leader', async () => {
    const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
    await actOn(agents.member, reported.id, { action: 'accept' });
    const listed = await assigneeIdsOf(agents.member, reported.id);
    for (const [who, accountId] of Object.entries(outsiders)) {
      expect(listed, who).not.toContain(accountId);
      const refused = await attemptOn(agents.member, reported.id, { action: 'dispatch', assigneeId: accountId });
      expect(refused.statusCode, who).toBe(400);
      expectError(refused, 400, 'assignee_not_eligible');
    }
    const dispatched = await actOn(agents.member, reported.id, {
      action: 'dispatch',
      assigneeId: world.accounts.leader.id,
    });
    expect(dispatched).toMatchObject({ status: 'dispatched', assigneeId: world.accounts.leader.id });
  });

  it('refuses the same accounts for a village dispatching a case escalated to it', async () => {
    const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
    await actOn(agents.member, reported.id, { action: 'accept' });
    await actOn(agents.member, reported.id, { action: 'escalate', reason: '网格无法处理' });
    await actOn(agents.village, reported.id, { action: 'accept' });
    for (const [who, accountId] of Object.entries(outsiders)) {
      const refused = await attemptOn(agents.village, reported.id, { action: 'dispatch', assigneeId: accountId });
      expect(refused.statusCode, who).toBe(400);
      expectError(refused, 400, 'assignee_not_eligible');
    }
    expect(await assigneeIdsOf(agents.village, reported.id)).toContain(world.accounts.member.id);
  });
});
