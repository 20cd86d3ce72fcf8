import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseFigures } from '../src/shared/api/case-figures.js';
import type { Case, CaseAssignee, CaseAssignees } from '../src/shared/api/cases.js';
import type { Page } from '../src/shared/api/common.js';
import { awaitedActionOf, type CaseFacts } from '../src/shared/cases.js';
import { rebuildFigures } from '../src/server/modules/cases/figures.repository.js';
import { sweepCases } from '../src/server/modules/cases/sweep.js';
import { actOn, attemptOn, detailOf, notificationsOf, reportCase } from './case-fixtures.js';
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

/**
 * The loop around a case as its people meet it: whom a case may be dispatched to, the to-do list (我的待办) and the
 * bell, the reporter's own list and outcome, 自行处置 and 督办 — as every role that touches them.
 */

const usernames = ['admin', 'county', 'town', 'village', 'leader', 'member', 'member2', 'cadre'] as const;
type Username = (typeof usernames)[number];

let test: TestApp;
let world: DemoWorld;
let agents: Record<Username, Agent>;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
});

afterAll(async () => {
  await test?.close();
});

/** Every case of a list, page after page. */
async function listAll(agent: Agent, query: string): Promise<Case[]> {
  const items: Case[] = [];
  let cursor: string | null = null;
  do {
    const response = await agent.get(`/api/v1/cases?limit=200&${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expectStatus(response, 200);
    const page = response.json<Page<Case>>();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const idsOf = (cases: { id: string }[]) => cases.map((item) => item.id).sort();

async function assigneesOf(agent: Agent, caseId: string): Promise<CaseAssignee[]> {
  const response = await agent.get(`/api/v1/cases/${caseId}/assignees`);
  expectStatus(response, 200);
  return response.json<CaseAssignees>().items;
}

/** The agent's notices of a case, newest first: their kind, and the step for a case waiting for theirs. */
async function noticesOf(agent: Agent, caseId: string): Promise<string[]> {
  return (await notificationsOf(agent, '?limit=200')).items
    .filter((notice) => notice.caseId === caseId)
    .map((notice) => (notice.kind === 'awaiting' ? `awaiting ${String(notice.params.action)}` : notice.kind));
}

/** A village matter (production safety starts at the village) reported by the member in their grid. */
const villageCase = (description = '饭店燃气管道老化') =>
  reportCase(agents.member, { category: 'production_safety', description, regionId: world.memberGrid.id });

/** A grid matter (environment) reported in the member's grid. */
const gridCase = (agent: Agent = agents.member, description = '楼道堆放杂物') =>
  reportCase(agent, { description, regionId: world.memberGrid.id });

describe('whom a case may be dispatched to', () => {
  const gridPeople = () => ['leader', 'member', 'cadre'].map((name) => world.accounts[name as Username].id);

  it('offers the village the grid’s leader, members and sunk cadre and itself, by name, grid and role', async () => {
    const reported = await villageCase();
    await actOn(agents.village, reported.id, { action: 'accept' });
    const assignees = await assigneesOf(agents.village, reported.id);
    const ids = assignees.map((assignee) => assignee.accountId);
    expect(ids).toEqual(expect.arrayContaining([...gridPeople(), world.accounts.village.id]));
    for (const outsider of ['member2', 'town', 'county', 'admin'] as const) {
      expect(ids).not.toContain(world.accounts[outsider].id);
    }
    // The demo's dispatching unit (县民政局) has an account at the county, and reads no cases.
    expect(assignees.map((assignee) => assignee.role)).not.toContain('unit');
    expect(assignees.find((assignee) => assignee.accountId === world.accounts.member.id)).toEqual({
      accountId: world.accounts.member.id,
      name: world.accounts.member.displayName,
      role: 'grid_member',
      regionId: world.memberGrid.id,
      regionName: world.memberGrid.name,
    });
    // The grid's own people come first.
    expect(assignees.at(-1)).toMatchObject({ regionId: world.memberVillage.id });

    expectError(
      await attemptOn(agents.village, reported.id, { action: 'dispatch', assigneeId: world.accounts.member2.id }),
      400,
      'assignee_not_eligible',
    );
    expectError(
      await attemptOn(agents.village, reported.id, { action: 'dispatch', assigneeId: world.accounts.town.id }),
      400,
      'assignee_not_eligible',
    );
    const dispatched = await actOn(agents.village, reported.id, {
      action: 'dispatch',
      assigneeId: world.accounts.member.id,
    });
    expect(dispatched).toMatchObject({ status: 'dispatched', assigneeId: world.accounts.member.id });
  });

  it('offers the grid leader the grid’s people for a grid case, and no one of another grid', async () => {
    const reported = await gridCase(agents.cadre);
    await actOn(agents.leader, reported.id, { action: 'accept' });
    const ids = (await assigneesOf(agents.leader, reported.id)).map((assignee) => assignee.accountId);
    expect(ids).toEqual(expect.arrayContaining(gridPeople()));
    for (const outsider of ['member2', 'village', 'town'] as const) {
      expect(ids).not.toContain(world.accounts[outsider].id);
    }
    expectError(
      await attemptOn(agents.leader, reported.id, { action: 'dispatch', assigneeId: world.accounts.member2.id }),
      400,
      'assignee_not_eligible',
    );
    const dispatched = await actOn(agents.leader, reported.id, {
      action: 'dispatch',
      assigneeId: world.accounts.cadre.id,
    });
    expect(dispatched.assigneeName).toBe(world.accounts.cadre.displayName);
  });

  it('adds the town’s staff once the case sits at the town', async () => {
    const reported = await villageCase('燃气泄漏需镇里协调');
    await actOn(agents.village, reported.id, { action: 'accept' });
    await actOn(agents.village, reported.id, { action: 'escalate', reason: '需要镇里协调燃气公司' });
    await actOn(agents.town, reported.id, { action: 'accept' });
    const ids = (await assigneesOf(agents.town, reported.id)).map((assignee) => assignee.accountId);
    expect(ids).toEqual(expect.arrayContaining([...gridPeople(), world.accounts.village.id, world.accounts.town.id]));
    expect(ids).not.toContain(world.accounts.county.id);
    expect(ids).not.toContain(world.accounts.member2.id);
  });

  it('answers 403 to whoever may not dispatch the case now, and 404 outside the scope', async () => {
    const reported = await villageCase('配电箱无防护');
    // Not accepted yet: nobody dispatches it.
    expectError(await agents.village.get(`/api/v1/cases/${reported.id}/assignees`), 403, 'forbidden');
    await actOn(agents.village, reported.id, { action: 'accept' });
    for (const name of ['cadre', 'member', 'town'] as const) {
      expectError(await agents[name].get(`/api/v1/cases/${reported.id}/assignees`), 403, 'forbidden');
    }
    expectError(await agents.member2.get(`/api/v1/cases/${reported.id}/assignees`), 404, 'case_not_found');
  });
});

describe('the to-do list and the bell', () => {
  it('puts a case handled in the grid on the leader’s list and rings the bell once, however often the sweep runs', async () => {
    const reported = await gridCase(agents.member, '楼下路灯不亮');
    await actOn(agents.leader, reported.id, { action: 'accept' });
    await actOn(agents.leader, reported.id, { action: 'dispatch', assigneeId: world.accounts.member.id });
    expect(idsOf(await listAll(agents.member, 'waitingForMe=true'))).toContain(reported.id);
    await actOn(agents.member, reported.id, { action: 'start' });
    await actOn(agents.member, reported.id, { action: 'handle', result: '已更换灯泡' });

    expect(idsOf(await listAll(agents.leader, 'waitingForMe=true'))).toContain(reported.id);
    expect(idsOf(await listAll(agents.member, 'waitingForMe=true'))).not.toContain(reported.id);
    await sweepCases(test.db);
    await sweepCases(test.db);
    // Told once that it waited to be accepted, once that it waits to be verified; never of their own steps.
    expect(await noticesOf(agents.leader, reported.id)).toEqual(['awaiting verify', 'awaiting accept']);
    expect(await noticesOf(agents.member, reported.id)).toEqual(['awaiting start', 'awaiting dispatch']);

    await actOn(agents.leader, reported.id, { action: 'verify', rating: 5 });
    expect(idsOf(await listAll(agents.leader, 'waitingForMe=true'))).toContain(reported.id);
    await actOn(agents.leader, reported.id, { action: 'close' });
    // Rated when verified: nothing waits any more.
    for (const name of ['leader', 'member', 'village'] as const) {
      expect(idsOf(await listAll(agents[name], 'waitingForMe=true'))).not.toContain(reported.id);
    }
  });

  it('puts a report at the village on the village’s list, and tells it', async () => {
    const reported = await villageCase('加油站消防通道堵塞');
    expect(idsOf(await listAll(agents.village, 'waitingForMe=true'))).toContain(reported.id);
    expect(await noticesOf(agents.village, reported.id)).toEqual(['awaiting accept']);
    for (const name of ['leader', 'town', 'member2'] as const) {
      expect(idsOf(await listAll(agents[name], 'waitingForMe=true'))).not.toContain(reported.id);
    }
  });

  it('tells the reporter when the town closes their escalated case, and lists their own reports', async () => {
    const reported = await villageCase('厂房堆放易燃物');
    await actOn(agents.village, reported.id, { action: 'accept' });
    await actOn(agents.village, reported.id, { action: 'escalate', reason: '需镇安监办处理' });
    expect(await noticesOf(agents.town, reported.id)).toEqual(['awaiting accept']);
    await actOn(agents.town, reported.id, { action: 'accept' });
    await actOn(agents.town, reported.id, { action: 'dispatch', assigneeId: world.accounts.town.id });
    await actOn(agents.town, reported.id, { action: 'start' });
    await actOn(agents.town, reported.id, { action: 'handle', result: '已清运易燃物' });
    await actOn(agents.leader, reported.id, { action: 'verify' });
    await actOn(agents.town, reported.id, { action: 'close' });

    expect((await noticesOf(agents.member, reported.id))[0]).toBe('outcome');
    const [outcome] = (await notificationsOf(agents.member)).items.filter((notice) => notice.caseId === reported.id);
    expect(outcome!.params).toMatchObject({ status: 'closed', number: reported.number });
    // Not rated yet: the reporter may give the resident's word, and it waits for that.
    expect(idsOf(await listAll(agents.member, 'waitingForMe=true'))).toContain(reported.id);
    await actOn(agents.member, reported.id, { action: 'rate', rating: 4 });
    expect(idsOf(await listAll(agents.member, 'waitingForMe=true'))).not.toContain(reported.id);

    const mine = await listAll(agents.member, 'reportedByMe=true');
    expect(mine.map((item) => item.id)).toContain(reported.id);
    expect(mine.every((item) => item.reporterId === world.accounts.member.id)).toBe(true);
    expect((await listAll(agents.leader, 'reportedByMe=true')).map((item) => item.id)).not.toContain(reported.id);
  });

  it('lists for every demo role exactly the demo cases whose next step is theirs, as the rules say', async () => {
    const counts: Partial<Record<Username, number>> = {};
    for (const name of usernames) {
      const agent = agents[name];
      const account = world.accounts[name];
      const [all, waiting] = await Promise.all([listAll(agent, ''), listAll(agent, 'waitingForMe=true')]);
      // The rules' clock: the database's, as the server's own answers use it.
      const now = new Date();
      const expected = all.filter((item) => {
        const facts = { ...item, closedAt: item.closedAt === null ? null : new Date(item.closedAt) } as CaseFacts;
        const action = awaitedActionOf(facts, { id: account.id, role: account.role, isInScope: true }, now);
        if (action) expect(item.abilities, `${name} on ${item.number}`).toContain(action);
        return action !== undefined;
      });
      expect(idsOf(waiting), name).toEqual(idsOf(expected));
      counts[name] = waiting.length;
    }
    // Not a comparison of empty lists: of the demo's hundreds of cases some wait for the town and the county.
    for (const name of ['county', 'town'] as const) expect(counts[name], name).toBeGreaterThan(0);
  });
});

describe('自行处置: the grid settles its own matter in one step', () => {
  it('takes a grid case from reported to handled with the member as assignee; the leader verifies', async () => {
    const reported = await gridCase(agents.cadre, '小区门口共享单车乱停');
    const handled = await actOn(agents.member, reported.id, { action: 'self_handle', result: '已整理摆放整齐' });
    expect(handled).toMatchObject({
      status: 'handled',
      assigneeId: world.accounts.member.id,
      result: '已整理摆放整齐',
    });
    expect(handled.abilities).not.toContain('verify');
    expectError(await attemptOn(agents.member, reported.id, { action: 'verify' }), 403, 'forbidden');
    expect(idsOf(await listAll(agents.leader, 'waitingForMe=true'))).toContain(reported.id);
    expect(await noticesOf(agents.leader, reported.id)).toEqual(['awaiting verify', 'awaiting accept']);
    await actOn(agents.leader, reported.id, { action: 'verify' });

    const { timeline } = await detailOf(agents.leader, reported.id);
    expect(timeline.map((event) => [event.action, event.toStatus])).toEqual([
      ['report', 'reported'],
      ['self_handle', 'handled'],
      ['verify', 'verified'],
    ]);
  });

  it('works from accepted too, and asks for the result', async () => {
    const reported = await gridCase(agents.member, '绿化带垃圾');
    await actOn(agents.leader, reported.id, { action: 'accept' });
    expectError(await attemptOn(agents.leader, reported.id, { action: 'self_handle' }), 400, 'validation_failed');
    const handled = await actOn(agents.leader, reported.id, { action: 'self_handle', result: '已清理' });
    expect(handled).toMatchObject({ status: 'handled', assigneeId: world.accounts.leader.id });
    // The member, who did not do it, verifies.
    await actOn(agents.member, reported.id, { action: 'verify' });
  });

  it('is not for a case above the grid, nor for anyone but the grid’s staff', async () => {
    const village = await villageCase('电动车楼道充电');
    expectError(
      await attemptOn(agents.member, village.id, { action: 'self_handle', result: '已劝离' }),
      403,
      'forbidden',
    );
    const grid = await gridCase(agents.member, '墙面小广告');
    for (const name of ['cadre', 'village', 'town'] as const) {
      expectError(
        await attemptOn(agents[name], grid.id, { action: 'self_handle', result: '已清除' }),
        403,
        'forbidden',
      );
    }
    expectError(
      await attemptOn(agents.member2, grid.id, { action: 'self_handle', result: '已清除' }),
      404,
      'case_not_found',
    );
  });
});

describe('督办: a level above presses for an open case', () => {
  const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  it('sets an earlier deadline, marks and counts it, and tells whoever the case waits for', async () => {
    const reported = await villageCase('仓库灭火器过期');
    await actOn(agents.village, reported.id, { action: 'accept' });
    const figuresBefore = (await agents.town.get('/api/v1/cases/figures')).json<CaseFigures>();
    const deadline = hoursFromNow(4);
    const urged = await actOn(agents.town, reported.id, { action: 'urge', reason: '汛期前必须整改', deadline });
    expect(urged).toMatchObject({ status: 'accepted', urgedCount: 1 });
    expect(new Date(urged.deadline!).toISOString()).toBe(deadline);
    expect(urged.urgedAt).not.toBeNull();

    const { timeline } = await detailOf(agents.village, reported.id);
    expect(timeline.at(-1)).toMatchObject({
      action: 'urge',
      note: '汛期前必须整改',
      actorName: world.accounts.town.displayName,
      details: { deadline, previousDeadline: reported.deadline },
    });
    expect((await noticesOf(agents.village, reported.id))[0]).toBe('urged');
    const listed = (await listAll(agents.village, 'waitingForMe=true')).find((item) => item.id === reported.id);
    expect(listed).toMatchObject({ urgedCount: 1 });
    const figuresAfter = (await agents.town.get('/api/v1/cases/figures')).json<CaseFigures>();
    expect(figuresAfter.urged).toBe(figuresBefore.urged + 1);
    // Recomputed from the cases, the figures count the urging the same.
    await rebuildFigures(test.db, world.county.id);
    expect((await agents.town.get('/api/v1/cases/figures')).json<CaseFigures>().urged).toBe(figuresAfter.urged);

    // The county may press again, earlier still.
    const again = await actOn(agents.county, reported.id, {
      action: 'urge',
      reason: '县里督办',
      deadline: hoursFromNow(2),
    });
    expect(again.urgedCount).toBe(2);
  });

  it('refuses a deadline in the past or later than the one running, and asks for both inputs', async () => {
    const reported = await villageCase('脚手架未固定');
    for (const deadline of [
      hoursFromNow(-1),
      new Date(new Date(reported.deadline!).getTime() + 60_000).toISOString(),
    ]) {
      const error = expectError(
        await attemptOn(agents.town, reported.id, { action: 'urge', reason: '请尽快', deadline }),
        400,
        'validation_failed',
      );
      expect(error.details).toMatchObject({ field: 'deadline' });
    }
    expectError(
      await attemptOn(agents.town, reported.id, { action: 'urge', reason: '请尽快' }),
      400,
      'validation_failed',
    );
    expectError(
      await attemptOn(agents.town, reported.id, { action: 'urge', deadline: hoursFromNow(1) }),
      400,
      'validation_failed',
    );
    expect((await detailOf(agents.village, reported.id)).urgedCount).toBe(0);
  });

  it('is only for levels above the case, in scope, on an open case', async () => {
    const reported = await villageCase('沿街商铺占道经营');
    const body = { action: 'urge', reason: '请尽快', deadline: hoursFromNow(3) };
    for (const name of ['village', 'leader', 'member', 'cadre'] as const) {
      expect((await detailOf(agents[name], reported.id)).abilities).not.toContain('urge');
      expectError(await attemptOn(agents[name], reported.id, body), 403, 'forbidden');
    }
    expect((await detailOf(agents.town, reported.id)).abilities).toContain('urge');
    expectError(await attemptOn(agents.member2, reported.id, body), 404, 'case_not_found');

    const grid = await gridCase(agents.member, '垃圾桶满溢');
    const handled = await actOn(agents.member, grid.id, { action: 'self_handle', result: '已清运' });
    expect((await detailOf(agents.village, grid.id)).abilities).not.toContain('urge');
    expectError(await attemptOn(agents.village, grid.id, { ...body, version: handled.version }), 409, 'case_changed');
  });
});
