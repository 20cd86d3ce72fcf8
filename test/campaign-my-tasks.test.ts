import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignTask, MyCampaignTasks } from '../src/shared/api/campaigns.js';
import {
  createTestApp,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * 今日任务's campaign part (GET /campaigns/my-tasks): the running campaigns covering the caller's area, each with its
 * open tasks that are the caller's or nobody's — not a colleague's, not one done, not a campaign yet to start, and
 * nothing of another grid.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'member' | 'member2' | 'leader' | 'village', Agent>;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['member', 'member2', 'leader', 'village'] as const);
});

afterAll(async () => {
  await test?.close();
});

function chinaDay(offsetDays: number) {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function staffIdOf(accountId: string) {
  return world.staff.find((staff) => staff.accountId === accountId)!.id;
}

async function createCampaign(name: string, startOffset: number) {
  const response = await agents.village.post('/api/v1/campaigns', {
    name,
    kind: 'knock_door',
    description: '入户敲门，摸排需求',
    startDate: chinaDay(startOffset),
    endDate: chinaDay(startOffset + 5),
    regionIds: [world.memberGrid.id],
    participants: [
      { kind: 'staff', staffId: staffIdOf(world.accounts.member.id) },
      { kind: 'staff', staffId: staffIdOf(world.accounts.leader.id) },
    ],
  });
  expectStatus(response, 201);
  return response.json<Campaign>();
}

async function addTask(campaign: Campaign, title: string, assigneeStaffId?: string) {
  const assignee = campaign.participants.find((participant) => participant.staffId === assigneeStaffId);
  const response = await agents.village.post(`/api/v1/campaigns/${campaign.id}/tasks`, {
    title,
    dueDate: chinaDay(1),
    ...(assignee ? { assigneeId: assignee.id } : {}),
  });
  expectStatus(response, 201);
  return response.json<CampaignTask>();
}

async function myTasks(agent: Agent) {
  const response = await agent.get('/api/v1/campaigns/my-tasks');
  expectStatus(response, 200);
  return response.json<MyCampaignTasks>();
}

describe('my campaign tasks', () => {
  it('lists the running campaigns of my grid with the open tasks that are mine or nobody’s', async () => {
    const running = await createCampaign('敲门行动（今日任务）', -1);
    const planned = await createCampaign('背包住村（下周）', 3);
    const mine = await addTask(running, '走访独居老人', staffIdOf(world.accounts.member.id));
    const open = await addTask(running, '张贴防诈骗海报');
    const leaders = await addTask(running, '召开户主会', staffIdOf(world.accounts.leader.id));
    const done = await addTask(running, '摸排出租房', staffIdOf(world.accounts.member.id));
    expectStatus(await agents.member.patch(`/api/v1/campaigns/${running.id}/tasks/${done.id}`, { isDone: true }), 200);
    await addTask(planned, '提前准备');

    const member = await myTasks(agents.member);
    const entry = member.items.find((item) => item.campaign.id === running.id);
    expect(entry?.campaign).toMatchObject({ name: '敲门行动（今日任务）', kind: 'knock_door', endDate: chinaDay(4) });
    expect(entry?.campaign.kindName?.zh).toBeTruthy();
    expect(entry?.tasks.map((task) => task.title)).toEqual([mine.title, open.title]);
    expect(member.items.some((item) => item.campaign.id === planned.id)).toBe(false);

    const leader = await myTasks(agents.leader);
    expect(leader.items.find((item) => item.campaign.id === running.id)?.tasks.map((task) => task.id)).toEqual([
      open.id,
      leaders.id,
    ]);
    // Another grid's member does not learn of this grid's campaign.
    expect((await myTasks(agents.member2)).items.some((item) => item.campaign.id === running.id)).toBe(false);
  });

  it('needs a signed-in caller', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/v1/campaigns/my-tasks' });
    expect(response.statusCode).toBe(401);
  });
});
