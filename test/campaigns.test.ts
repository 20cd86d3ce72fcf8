import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../src/server/db/client.js';
import type {
  Campaign,
  CampaignPage,
  CampaignProblem,
  CampaignProgress,
  CampaignTask,
  CampaignVisit,
} from '../src/shared/api/campaigns.js';
import ExcelJS from '../src/server/modules/registry/ledger/exceljs.js';
import { campaignFigures } from '../src/server/modules/campaigns/campaigns.service.js';
import { reportCase } from './case-fixtures.js';
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
 * Campaigns (敲门行动 …): their tallies are counted from the visits and cases recorded under them — a household
 * visited twice counts once, each visitor of each visit is one person-time, problems found and solved follow the
 * cases — and a campaign is seen only by those whose area overlaps it.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'member' | 'member2' | 'leader' | 'village' | 'town' | 'cadre' | 'county', Agent>;
let homes: string[];
let otherHome: string;
let memberStaffId: string;
let leaderStaffId: string;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['member', 'member2', 'leader', 'village', 'town', 'cadre', 'county'] as const);
  const rows = await selectRows<{ id: string }>(
    test.db,
    sql`select id from households where region_id = ${world.memberGrid.id} order by id limit 3`,
  );
  homes = rows.map((row) => row.id);
  const [other] = await selectRows<{ id: string }>(
    test.db,
    sql`select id from households where region_id = ${world.otherGrid.id} limit 1`,
  );
  otherHome = other!.id;
  memberStaffId = world.staff.find((staff) => staff.accountId === world.accounts.member.id)!.id;
  leaderStaffId = world.staff.find((staff) => staff.accountId === world.accounts.leader.id)!.id;
});

afterAll(async () => {
  await test?.close();
});

function today(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

function campaignBody(body: Record<string, unknown> = {}) {
  return {
    name: '敲门行动（测试）',
    kind: 'knock_door',
    description: '入户敲门，摸排需求',
    startDate: today(-3),
    endDate: today(3),
    regionIds: [world.memberGrid.id],
    participants: [
      { kind: 'staff', staffId: memberStaffId },
      { kind: 'staff', staffId: leaderStaffId, attendances: 2 },
      { kind: 'partner_unit', name: '县供电公司', organisation: '结对共建单位' },
    ],
    ...body,
  };
}

async function createCampaign(agent: Agent, body: Record<string, unknown> = {}) {
  const response = await agent.post('/api/v1/campaigns', campaignBody(body));
  expectStatus(response, 201);
  return response.json<Campaign>();
}

async function recordVisit(agent: Agent, body: Record<string, unknown>) {
  const response = await agent.post('/api/v1/visits', {
    id: uuidv7(),
    visitedAt: new Date(Date.now() - 3_600_000).toISOString(),
    purpose: 'campaign_task',
    findings: '敲门走访',
    ...body,
  });
  expectStatus(response, 201);
}

describe('a campaign’s tallies', () => {
  let campaign: Campaign;

  beforeAll(async () => {
    campaign = await createCampaign(agents.village);
    // The first household twice (once by two visitors), the second once: two households, four person-times.
    await recordVisit(agents.member, { householdId: homes[0], campaignId: campaign.id });
    await recordVisit(agents.member, {
      householdId: homes[0],
      campaignId: campaign.id,
      visitorStaffIds: [memberStaffId, leaderStaffId],
    });
    await recordVisit(agents.member, { householdId: homes[1], campaignId: campaign.id });
    // A visit under no campaign counts for none.
    await recordVisit(agents.member, { householdId: homes[2] });
    // Problems: one open, one answered on the spot (closed), one not under the campaign.
    await reportCase(agents.member, { regionId: world.memberGrid.id, campaignId: campaign.id });
    await reportCase(agents.member, {
      regionId: world.memberGrid.id,
      campaignId: campaign.id,
      tier: 'simple',
      result: '已当场告知办理流程',
    });
    await reportCase(agents.member, { regionId: world.memberGrid.id });
  });

  it('counts a household visited twice once, each visitor of each visit, and problems found and solved', async () => {
    const read = (await agents.village.get(`/api/v1/campaigns/${campaign.id}`)).json<Campaign>();
    expect(read.status).toBe('running');
    expect(read.kindName).toEqual({ zh: '敲门行动', en: 'Knock-door action' });
    expect(read.participants.map((participant) => participant.name)).toContain('县供电公司');
    const householdsInGrid = (
      await selectRows<{ count: number }>(
        test.db,
        sql`select count(*)::int as count from households where region_id = ${world.memberGrid.id}`,
      )
    )[0]!.count;
    expect(read.tallies).toEqual({
      targets: householdsInGrid,
      reachedTargets: 2,
      coverageRate: 2 / householdsInGrid,
      // 1 + 2 + 1 visitors, and the leader's two recorded attendances.
      personTimes: 6,
      householdsReached: 2,
      visits: 3,
      problemsFound: 2,
      problemsSolved: 1,
    });
  });

  it('shows the progress per region, each participant’s person-times, the problems and the visits', async () => {
    const progress = (await agents.village.get(`/api/v1/campaigns/${campaign.id}/progress`)).json<CampaignProgress>();
    expect(progress.items).toHaveLength(1);
    expect(progress.items[0]).toMatchObject({ regionName: world.memberGrid.name, reachedTargets: 2, personTimes: 4 });
    const byName = Object.fromEntries(progress.participants.map((item) => [item.name, item.personTimes]));
    const memberName = world.staff.find((staff) => staff.id === memberStaffId)!.name;
    const leaderName = world.staff.find((staff) => staff.id === leaderStaffId)!.name;
    expect(byName).toMatchObject({ [memberName]: 3, [leaderName]: 3, 县供电公司: 0 });
    const problems = (await agents.leader.get(`/api/v1/campaigns/${campaign.id}/problems`)).json<{
      items: CampaignProblem[];
      total: number;
    }>();
    expect(problems.total).toBe(2);
    expect(problems.items.map((problem) => problem.status).sort()).toEqual(['closed', 'reported']);
    const visits = (await agents.leader.get(`/api/v1/campaigns/${campaign.id}/visits`)).json<{
      items: CampaignVisit[];
      total: number;
    }>();
    expect(visits.total).toBe(3);
    expect(visits.items.some((visit) => visit.visitorNames.length === 2)).toBe(true);
  });

  it('counts a case reported from a visit under the campaign among its problems', async () => {
    const response = await agents.member.post('/api/v1/visits', {
      id: uuidv7(),
      householdId: homes[1],
      visitedAt: new Date().toISOString(),
      purpose: 'campaign_task',
      campaignId: campaign.id,
      followUp: { case: { category: 'environment', description: '院墙破损需修缮' } },
    });
    expectStatus(response, 201);
    const read = (await agents.village.get(`/api/v1/campaigns/${campaign.id}`)).json<Campaign>();
    expect(read.tallies).toMatchObject({ problemsFound: 3, problemsSolved: 1, householdsReached: 2, visits: 4 });
  });

  it('narrows target households to the tags named', async () => {
    const [tagged] = await selectRows<{ tag: string }>(
      test.db,
      sql`select pt.tag_code as tag from persons p join person_tags pt on pt.person_id = p.id
        join tag_definitions d on d.code = pt.tag_code and not d.is_sensitive
        where p.region_id = ${world.memberGrid.id} group by pt.tag_code order by count(*) desc limit 1`,
    );
    const [expected] = await selectRows<{ count: number }>(
      test.db,
      sql`select count(*)::int as count from households h where h.region_id = ${world.memberGrid.id} and (
        exists (select 1 from household_tags ht where ht.household_id = h.id and ht.tag_code = ${tagged!.tag})
        or exists (select 1 from persons p join person_tags pt on pt.person_id = p.id
          where p.household_id = h.id and pt.tag_code = ${tagged!.tag}))`,
    );
    const taggedCampaign = await createCampaign(agents.leader, { targetTags: [tagged!.tag] });
    expect(taggedCampaign.targetTags).toEqual([tagged!.tag]);
    expect(taggedCampaign.tallies.targets).toBe(expected!.count);
    expect(expected!.count).toBeGreaterThan(0);
  });

  it('gives the same figures to the field figures for the grid and the period', async () => {
    const actor = {
      id: world.accounts.village.id,
      username: 'village',
      displayName: 'village',
      role: 'village' as const,
      regionId: world.memberVillage.id,
      regionCode: world.memberVillage.code,
      countyId: world.county.id,
      address: undefined,
      userAgent: undefined,
    };
    const figures = await campaignFigures(test.db, actor, {
      regionId: world.memberGrid.id,
      from: today(-1),
      to: today(),
    });
    expect(figures.campaigns).toBeGreaterThanOrEqual(1);
    expect(figures.householdsReached).toBeGreaterThanOrEqual(2);
    expect(figures.problemsFound).toBeGreaterThanOrEqual(3);
    expect(figures.problemsSolved).toBeGreaterThanOrEqual(1);
  });

  it('writes the summary workbook with names, not codes', async () => {
    const response = await agents.village.get(`/api/v1/campaigns/${campaign.id}/summary.xlsx`);
    expectStatus(response, 200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheets: Record<string, string[][]> = {};
    workbook.eachSheet((sheet) => {
      const rows: string[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((value) => String(value ?? ''))));
      sheets[sheet.name] = rows;
    });
    expect(Object.keys(sheets)).toEqual(['汇总', '分区域', '参与人员', '问题清单']);
    expect(sheets['汇总']!.flat()).toContain('敲门行动');
    expect(sheets['分区域']![1]![0]).toBe(world.memberGrid.name);
    expect(sheets['参与人员']!.flat()).toContain('共建单位');
    expect(sheets['问题清单']!.flat()).toContain('已结案');
    expect(sheets['问题清单']!.flat()).not.toContain('closed');
  });
});

describe('who sees and changes a campaign', () => {
  let campaign: Campaign;

  beforeAll(async () => {
    campaign = await createCampaign(agents.village, { name: '固定服务日（测试）', kind: 'fixed_service_day' });
  });

  it('shows it to those whose area overlaps it, and answers 404 to the others (audited)', async () => {
    expectStatus(await agents.member.get(`/api/v1/campaigns/${campaign.id}`), 200);
    expectStatus(await agents.town.get(`/api/v1/campaigns/${campaign.id}`), 200);
    expectError(await agents.member2.get(`/api/v1/campaigns/${campaign.id}`), 404, 'campaign_not_found');
    expectError(await agents.member2.get(`/api/v1/campaigns/${campaign.id}/progress`), 404, 'campaign_not_found');
    expectError(await agents.member2.get(`/api/v1/campaigns/${campaign.id}/summary.xlsx`), 404, 'campaign_not_found');
    const denied = await findAuditEntries(test.db, {
      entityId: campaign.id,
      outcome: 'denied',
      actorId: world.accounts.member2.id,
    });
    expect(denied.length).toBeGreaterThanOrEqual(3);
    const list = (await agents.member2.get('/api/v1/campaigns?limit=200')).json<CampaignPage>();
    expect(list.items.map((item) => item.id)).not.toContain(campaign.id);
    const mine = (await agents.member.get('/api/v1/campaigns?status=running&limit=200')).json<CampaignPage>();
    expect(mine.items.map((item) => item.id)).toContain(campaign.id);
  });

  it('lets those whose area holds every region change it; a grid member only reads', async () => {
    const patched = await agents.leader.patch(`/api/v1/campaigns/${campaign.id}`, { description: '每周三固定服务' });
    expectStatus(patched, 200);
    expect(patched.json<Campaign>().description).toBe('每周三固定服务');
    expectError(await agents.member.patch(`/api/v1/campaigns/${campaign.id}`, { name: '改名' }), 403, 'forbidden');
    // The town's campaign over two villages: the village leader sees it but may not change it.
    const wide = await createCampaign(agents.town, {
      regionIds: [world.memberVillage.id, world.otherVillage.id],
      participants: [],
    });
    expect(wide.canEdit).toBe(true);
    const seenByVillage = (await agents.village.get(`/api/v1/campaigns/${wide.id}`)).json<Campaign>();
    expect(seenByVillage.canEdit).toBe(false);
    expectError(await agents.village.patch(`/api/v1/campaigns/${wide.id}`, { name: '改名了' }), 403, 'forbidden');
    // A region outside one's area cannot be named (404, as if it did not exist).
    expectError(
      await agents.village.post(
        '/api/v1/campaigns',
        campaignBody({ regionIds: [world.otherGrid.id], participants: [] }),
      ),
      404,
      'region_not_found',
    );
    expectError(await agents.member.post('/api/v1/campaigns', campaignBody()), 403, 'forbidden');
  });

  it('is planned before its start, finished after its end, and cancelled when cancelled', async () => {
    const planned = await createCampaign(agents.village, { startDate: today(5), endDate: today(6), participants: [] });
    expect(planned.status).toBe('planned');
    const finished = await createCampaign(agents.village, {
      startDate: today(-9),
      endDate: today(-8),
      participants: [],
    });
    expect(finished.status).toBe('finished');
    const cancelled = await agents.village.patch(`/api/v1/campaigns/${planned.id}`, { isCancelled: true });
    expect(cancelled.json<Campaign>().status).toBe('cancelled');
    const list = (await agents.village.get('/api/v1/campaigns?status=finished&limit=200')).json<CampaignPage>();
    expect(list.items.map((item) => item.id)).toContain(finished.id);
    expect(list.items.every((item) => item.status === 'finished')).toBe(true);
    // A problem cannot be filed under a cancelled campaign.
    const response = await agents.member.post('/api/v1/cases', {
      category: 'environment',
      description: '楼道堆放杂物',
      regionId: world.memberGrid.id,
      campaignId: planned.id,
    });
    expectError(response, 400, 'validation_failed');
  });

  it('keeps tasks: added by an editor, marked done by their assignee', async () => {
    const read = (await agents.village.get(`/api/v1/campaigns/${campaign.id}`)).json<Campaign>();
    const memberParticipant = read.participants.find((participant) => participant.staffId === memberStaffId)!;
    const created = await agents.village.post(`/api/v1/campaigns/${campaign.id}/tasks`, {
      title: '走访独居老人',
      dueDate: today(1),
      assigneeId: memberParticipant.id,
    });
    expectStatus(created, 201);
    const task = created.json<CampaignTask>();
    expect(task.assigneeName).toBe(memberParticipant.name);
    const done = await agents.member.patch(`/api/v1/campaigns/${campaign.id}/tasks/${task.id}`, { isDone: true });
    expectStatus(done, 200);
    expect(done.json<CampaignTask>().isDone).toBe(true);
    expectError(
      await agents.member.patch(`/api/v1/campaigns/${campaign.id}/tasks/${task.id}`, { title: '改' }),
      403,
      'forbidden',
    );
    expectError(
      await agents.village.post(`/api/v1/campaigns/${campaign.id}/tasks`, { title: '无主任务', assigneeId: uuidv7() }),
      400,
      'validation_failed',
    );
    const tasks = (await agents.member.get(`/api/v1/campaigns/${campaign.id}/tasks`)).json<{ items: CampaignTask[] }>();
    expect(tasks.items.map((item) => item.id)).toContain(task.id);
    expectStatus(await agents.village.delete(`/api/v1/campaigns/${campaign.id}/tasks/${task.id}`), 204);
  });
});

describe('bad input', () => {
  it('answers 400, never 500', async () => {
    const bodies = [
      campaignBody({ endDate: today(-10) }),
      campaignBody({ startDate: '2026-02-30' }),
      campaignBody({ startDate: '0000-01-01' }),
      campaignBody({ endDate: today(400) }),
      campaignBody({ regionIds: [] }),
      campaignBody({ regionIds: ['not-a-uuid'] }),
      campaignBody({ kind: 'No Such Kind' }),
      campaignBody({ kind: 'no_such_kind' }),
      campaignBody({ name: 'x'.repeat(10_000) }),
      campaignBody({ name: '名\u0000称' }),
      campaignBody({ participants: [{ kind: 'staff' }] }),
      campaignBody({ participants: [{ kind: 'volunteer' }] }),
      campaignBody({ targetTags: ['no_such_tag'] }),
      campaignBody({ regionIds: [world.memberGrid.id, world.memberVillage.id] }),
    ];
    for (const body of bodies) {
      const response = await agents.village.post('/api/v1/campaigns', body);
      expect([400], JSON.stringify(body).slice(0, 200)).toContain(response.statusCode);
    }
    expectError(await agents.village.get('/api/v1/campaigns?cursor=nonsense'), 400, 'validation_failed');
    expectError(await agents.village.get('/api/v1/campaigns?status=sleeping'), 400, 'validation_failed');
    expectError(await agents.village.get('/api/v1/campaigns/not-a-uuid'), 400, 'validation_failed');
    expectError(await agents.village.get(`/api/v1/campaigns/${uuidv7()}`), 404, 'campaign_not_found');
    expectError(await agents.village.patch(`/api/v1/campaigns/${uuidv7()}`, {}), 400, 'validation_failed');
  });

  it('pages the list by its cursor', async () => {
    const first = (await agents.county.get('/api/v1/campaigns?limit=2')).json<CampaignPage>();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = (
      await agents.county.get(`/api/v1/campaigns?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`)
    ).json<CampaignPage>();
    expect(second.items.map((item) => item.id)).not.toContain(first.items[0]!.id);
  });

  it('counts nothing of another grid for a grid member of this one', async () => {
    const wide = await createCampaign(agents.town, {
      regionIds: [world.memberVillage.id, world.otherVillage.id],
      participants: [],
    });
    await recordVisit(agents.member2, { householdId: otherHome, campaignId: wide.id });
    const seenByMember = (await agents.member.get(`/api/v1/campaigns/${wide.id}`)).json<Campaign>();
    expect(seenByMember.tallies.visits).toBe(0);
    const seenByOther = (await agents.member2.get(`/api/v1/campaigns/${wide.id}`)).json<Campaign>();
    expect(seenByOther.tallies.visits).toBe(1);
    const seenByTown = (await agents.town.get(`/api/v1/campaigns/${wide.id}`)).json<Campaign>();
    expect(seenByTown.tallies.visits).toBe(1);
  });
});

describe('the demo county', () => {
  it('has a finished 敲门行动 of last month and a running 固定服务日, with visits and problems under them', async () => {
    const finished = (await agents.county.get('/api/v1/campaigns?status=finished&limit=200')).json<CampaignPage>();
    const knockDoor = finished.items.find(
      (item) => item.kind === 'knock_door' && item.name.endsWith('“敲门行动”入户走访'),
    );
    expect(knockDoor).toBeDefined();
    const running = (await agents.county.get('/api/v1/campaigns?status=running&limit=200')).json<CampaignPage>();
    const serviceDay = running.items.find(
      (item) => item.kind === 'fixed_service_day' && item.name.endsWith('每周三固定服务日'),
    );
    expect(serviceDay).toBeDefined();
    for (const summary of [knockDoor!, serviceDay!]) {
      const campaign = (await agents.county.get(`/api/v1/campaigns/${summary.id}`)).json<Campaign>();
      expect(campaign.tallies.visits).toBeGreaterThan(0);
      expect(campaign.tallies.householdsReached).toBeGreaterThan(0);
      expect(campaign.tallies.personTimes).toBeGreaterThanOrEqual(campaign.tallies.visits);
      expect(campaign.participants.length).toBeGreaterThan(1);
    }
    const knockDoorDetail = (await agents.county.get(`/api/v1/campaigns/${knockDoor!.id}`)).json<Campaign>();
    expect(knockDoorDetail.tallies.problemsFound).toBeGreaterThan(0);
  });
});
