import { and, eq, like, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, selectRows } from '../src/server/db/client.js';
import { persons } from '../src/server/db/schema/index.js';
import ExcelJS from '../src/server/modules/registry/ledger/exceljs.js';
import type { Account, AccountSummary, Entry, EntryPage, Ranking, Reward, Rule } from '../src/shared/api/moral-bank.js';
import { chinaToday } from '../src/shared/clock.js';
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
 * The moral bank (道德银行): deposits by the grid's workers, approvals by the village, redemptions that never take
 * more than there is, an append-only ledger, statements and rankings — and another grid's accounts out of reach.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'village' | 'member' | 'member2' | 'cadre', Agent>;
/** Adults of the member's grid with no entry yet, each with a household; one adult of the other grid. */
let residents: { id: string; householdId: string | null }[];
let otherGridPerson: { id: string };

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['county', 'village', 'member', 'member2', 'cadre'] as const);
  const gridPeople = await test.db
    .select({ id: persons.id, householdId: persons.householdId, birthDate: persons.birthDate })
    .from(persons)
    .where(
      and(
        eq(persons.countyId, world.county.id),
        like(persons.regionCode, `${world.memberGrid.code}%`),
        // Residents the demo's own entries left alone: every balance here starts at zero.
        sql`not exists (select 1 from moral_bank_entries e where e.county_id = ${persons.countyId} and e.person_id = ${persons.id})`,
      ),
    )
    .orderBy(persons.id);
  residents = gridPeople.filter((row) => row.householdId !== null && row.birthDate !== null && row.birthDate < '1990');
  if (residents.length < 8) throw new Error('The demo grid needs eight adults in households.');
  const [other] = await test.db
    .select({ id: persons.id })
    .from(persons)
    .where(like(persons.regionCode, `${world.otherGrid.code}%`))
    .limit(1);
  otherGridPerson = other!;
});

afterAll(async () => {
  await test?.close();
});

let nextResident = 0;
/** A resident no other test of this file has touched. */
function freshResident() {
  const resident = residents[nextResident];
  nextResident += 1;
  if (!resident) throw new Error('Out of demo residents.');
  return resident;
}

async function createRule(body: Partial<Rule> & Record<string, unknown> = {}): Promise<Rule> {
  const response = await agents.village.post('/api/v1/moral-bank/rules', {
    regionId: world.memberVillage.id,
    name: '参加志愿服务',
    points: 5,
    period: 'week',
    periodLimit: 2,
    ...body,
  });
  expectStatus(response, 201);
  return response.json<Rule>();
}

async function createReward(body: Record<string, unknown> = {}): Promise<Reward> {
  const response = await agents.village.post('/api/v1/moral-bank/rewards', {
    name: '洗衣液一瓶',
    points: 10,
    stock: 5,
    regionId: world.memberVillage.id,
    ...body,
  });
  expectStatus(response, 201);
  return response.json<Reward>();
}

function deposit(agent: Agent, body: Record<string, unknown>) {
  return agent.post('/api/v1/moral-bank/deposits', { reason: '帮助邻居清理积雪', ...body });
}

async function accountOf(personId: string, agent: Agent = agents.member): Promise<Account> {
  const response = await agent.get(`/api/v1/moral-bank/accounts/${personId}`);
  expectStatus(response, 200);
  return response.json<Account>();
}

/** Gives a resident points through a rule that needs no approval. */
async function fund(personId: string, points: number) {
  const rule = await createRule({ name: '测试充值', points, periodLimit: null });
  expectStatus(await deposit(agents.member, { personId, points, ruleId: rule.id }), 201);
}

describe('deposits', () => {
  it('records a deposit under a rule at once, and the account and its household show it', async () => {
    const resident = freshResident();
    const rule = await createRule();
    const response = await deposit(agents.member, { personId: resident.id, points: 5, ruleId: rule.id });
    expectStatus(response, 201);
    const entry = response.json<Entry>();
    expect(entry).toMatchObject({ status: 'recorded', points: 5, kind: 'deposit', rule: { name: '参加志愿服务' } });
    const account = await accountOf(resident.id);
    expect(account.balance).toBe(5);
    expect(account.entries.items[0]!.id).toBe(entry.id);
    expect(account.household!.id).toBe(resident.householdId);
    expect(account.household!.balance).toBeGreaterThanOrEqual(5);
    expect(account.household!.members.find((member) => member.personId === resident.id)!.balance).toBe(5);
    const [audit] = await findAuditEntries(test.db, { action: 'moral_bank_entry.deposit', entityId: entry.id });
    expect(audit!.actorUsername).toBe('member');
  });

  it('makes a deposit without a rule wait for the village, which approves it once', async () => {
    const resident = freshResident();
    const waiting = (await deposit(agents.member, { personId: resident.id, points: 8 })).json<Entry>();
    expect(waiting.status).toBe('pending_approval');
    expect(await accountOf(resident.id)).toMatchObject({ balance: 0, pending: 8 });

    const pendingList = (
      await agents.village.get('/api/v1/moral-bank/entries?status=pending_approval&limit=200')
    ).json<EntryPage>();
    expect(pendingList.items.map((item) => item.id)).toContain(waiting.id);

    expectError(await agents.member.post(`/api/v1/moral-bank/entries/${waiting.id}/approve`, {}), 403, 'forbidden');
    const approved = await agents.village.post(`/api/v1/moral-bank/entries/${waiting.id}/approve`, {});
    expectStatus(approved, 200);
    expect(approved.json<Entry>()).toMatchObject({ status: 'approved', decision: { by: expect.any(String) } });
    expect(await accountOf(resident.id)).toMatchObject({ balance: 8, pending: 0 });
    expectError(
      await agents.village.post(`/api/v1/moral-bank/entries/${waiting.id}/refuse`, { reason: '重复' }),
      409,
      'entry_decided',
    );
    expect((await accountOf(resident.id)).balance).toBe(8);
  });

  it('refuses a waiting deposit with a reason: its points never count', async () => {
    const resident = freshResident();
    const rule = await createRule({ name: '好人好事', points: 20, requiresApproval: true });
    const waiting = (
      await deposit(agents.member, { personId: resident.id, points: 20, ruleId: rule.id })
    ).json<Entry>();
    expect(waiting.status).toBe('pending_approval');
    expectError(
      await agents.village.post(`/api/v1/moral-bank/entries/${waiting.id}/refuse`, {}),
      400,
      'validation_failed',
    );
    const refused = await agents.village.post(`/api/v1/moral-bank/entries/${waiting.id}/refuse`, {
      reason: '事迹不属实',
    });
    expect(refused.json<Entry>()).toMatchObject({ status: 'refused', decision: { reason: '事迹不属实' } });
    expect(await accountOf(resident.id)).toMatchObject({ balance: 0, pending: 0 });
  });

  it('refuses bad points, points above the rule, the period’s limit, NUL bytes and huge reasons', async () => {
    const resident = freshResident();
    const rule = await createRule({ name: '垃圾分类', points: 3, period: 'month', periodLimit: 1 });
    for (const points of [0, -5, 2.5]) {
      expectError(
        await deposit(agents.member, { personId: resident.id, points, ruleId: rule.id }),
        400,
        'validation_failed',
      );
    }
    expectError(
      await deposit(agents.member, { personId: resident.id, points: 4, ruleId: rule.id }),
      400,
      'points_above_rule',
    );
    expectError(await deposit(agents.member, { personId: resident.id, points: 51 }), 400, 'points_above_rule');
    expectStatus(await deposit(agents.member, { personId: resident.id, points: 3, ruleId: rule.id }), 201);
    expectError(
      await deposit(agents.member, { personId: resident.id, points: 1, ruleId: rule.id }),
      409,
      'rule_limit_reached',
    );
    expectError(
      await deposit(agents.member, { personId: resident.id, points: 1, reason: '好\u0000事' }),
      400,
      'validation_failed',
    );
    expectError(
      await deposit(agents.member, { personId: resident.id, points: 1, reason: '好'.repeat(501) }),
      400,
      'validation_failed',
    );
    expectError(
      await deposit(agents.member, { personId: resident.id, points: 1, occurredOn: '2099-01-01' }),
      400,
      'validation_failed',
    );
    expect((await accountOf(resident.id)).balance).toBe(3);
  });

  it('keeps cadres, who read the bank, from recording in it', async () => {
    const resident = freshResident();
    expectError(await deposit(agents.cadre, { personId: resident.id, points: 1 }), 403, 'forbidden');
    expectStatus(await agents.cadre.get(`/api/v1/moral-bank/accounts/${resident.id}`), 200);
  });

  it('records a deposit sent again with its client id once: the field app resends what lost its answer', async () => {
    const resident = freshResident();
    const rule = await createRule({ name: '离线补录', points: 4, periodLimit: null });
    const id = uuidv7();
    const body = { id, personId: resident.id, points: 4, ruleId: rule.id };
    const first = await deposit(agents.member, body);
    expectStatus(first, 201);
    const again = await deposit(agents.member, body);
    expectStatus(again, 200);
    expect(again.json<Entry>()).toEqual(first.json<Entry>());
    expect((await accountOf(resident.id)).balance).toBe(4);
    // Another account's record of that id is not theirs to read back, nor to know of.
    expectError(await deposit(agents.member2, body), 409, 'client_id_taken');
    expect((await findAuditEntries(test.db, { action: 'moral_bank_entry.deposit', entityId: id })).length).toBe(1);
  });

  it.runIf(isOnPostgres)('records one deposit when the same client id arrives ten times at once', async () => {
    const resident = freshResident();
    const rule = await createRule({ name: '并发补录', points: 2, periodLimit: null });
    const body = { id: uuidv7(), personId: resident.id, points: 2, ruleId: rule.id };
    const barrier = await openDatabase(test.config);
    try {
      const answers = await raceBehindBarrier(barrier.db, 'moral_bank_balances', 10, () =>
        Promise.all(Array.from({ length: 10 }, () => deposit(agents.member, body))),
      );
      expect(answers.map((answer) => answer.statusCode).sort()).toEqual([
        200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
      ]);
    } finally {
      await barrier.close();
    }
    expect((await accountOf(resident.id)).balance).toBe(2);
  });
});

/**
 * Ten redemptions at once behind the barrier. The barrier holds its lock on a pool of its own: the ten take the app's
 * ten connections, all waiting on the lock together.
 */
async function raceOnOwnConnection<Results>(racers: () => Promise<Results>): Promise<Results> {
  const barrier = await openDatabase(test.config);
  try {
    return await raceBehindBarrier(barrier.db, 'moral_bank_rewards', 10, racers);
  } finally {
    await barrier.close();
  }
}

describe('redemptions', () => {
  it('takes an item and its points together, and answers 409 when either runs out, changing nothing', async () => {
    const resident = freshResident();
    await fund(resident.id, 25);
    const reward = await createReward({ points: 10, stock: 1 });
    const redeemed = await agents.member.post('/api/v1/moral-bank/redemptions', {
      personId: resident.id,
      rewardId: reward.id,
    });
    expectStatus(redeemed, 201);
    expect(redeemed.json<Entry>()).toMatchObject({ kind: 'redemption', points: -10, reward: { id: reward.id } });
    expect((await accountOf(resident.id)).balance).toBe(15);
    expectError(
      await agents.member.post('/api/v1/moral-bank/redemptions', { personId: resident.id, rewardId: reward.id }),
      409,
      'reward_out_of_stock',
    );
    const expensive = await createReward({ name: '电饭煲', points: 30, stock: 2 });
    expectError(
      await agents.member.post('/api/v1/moral-bank/redemptions', { personId: resident.id, rewardId: expensive.id }),
      409,
      'points_insufficient',
    );
    const rewards = (await agents.member.get('/api/v1/moral-bank/rewards')).json<{ items: Reward[] }>().items;
    expect(rewards.find((item) => item.id === expensive.id)!.stock).toBe(2);
    expect(rewards.find((item) => item.id === reward.id)!.stock).toBe(0);
    expect((await accountOf(resident.id)).balance).toBe(15);

    const restocked = await agents.village.patch(`/api/v1/moral-bank/rewards/${reward.id}`, { addStock: 3 });
    expect(restocked.json<Reward>().stock).toBe(3);
    const retired = await agents.village.patch(`/api/v1/moral-bank/rewards/${reward.id}`, { retired: true });
    expect(retired.json<Reward>().retiredAt).not.toBeNull();
    expectError(
      await agents.member.post('/api/v1/moral-bank/redemptions', { personId: resident.id, rewardId: reward.id }),
      409,
      'reward_out_of_stock',
    );
  });

  it.runIf(isOnPostgres)('lets exactly 3 of 10 racing redemptions take the last 3 items', async () => {
    const resident = freshResident();
    await fund(resident.id, 100);
    const reward = await createReward({ name: '毛巾', points: 5, stock: 3 });
    const answers = await raceOnOwnConnection(() =>
      Promise.all(
        Array.from({ length: 10 }, () =>
          agents.member.post('/api/v1/moral-bank/redemptions', { personId: resident.id, rewardId: reward.id }),
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(7);
    for (const answer of answers.filter((item) => item.statusCode === 409)) {
      expect(answer.json<{ error: { code: string } }>().error.code).toBe('reward_out_of_stock');
    }
    expect((await accountOf(resident.id)).balance).toBe(85);
    const [row] = await selectRows<{ stock: number }>(
      test.db,
      sql`select stock from moral_bank_rewards where id = ${reward.id}`,
    );
    expect(row!.stock).toBe(0);
  });

  it.runIf(isOnPostgres)('lets exactly 4 of 10 racing redemptions spend the last 40 points', async () => {
    const resident = freshResident();
    await fund(resident.id, 40);
    const reward = await createReward({ name: '大米五斤', points: 10, stock: 10 });
    const answers = await raceOnOwnConnection(() =>
      Promise.all(
        Array.from({ length: 10 }, () =>
          agents.member.post('/api/v1/moral-bank/redemptions', { personId: resident.id, rewardId: reward.id }),
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(4);
    expect(
      answers
        .filter((answer) => answer.statusCode === 409)
        .map((answer) => answer.json<{ error: { code: string } }>().error.code),
    ).toEqual(Array(6).fill('points_insufficient'));
    expect((await accountOf(resident.id)).balance).toBe(0);
    const [row] = await selectRows<{ stock: number }>(
      test.db,
      sql`select stock from moral_bank_rewards where id = ${reward.id}`,
    );
    expect(row!.stock).toBe(6);
  });
});

describe('the ledger', () => {
  it('is corrected by new entries, never below zero, and refuses UPDATE and DELETE in the database', async () => {
    const resident = freshResident();
    const rule = await createRule({ name: '孝老爱亲', points: 10, periodLimit: null });
    const entry = (await deposit(agents.member, { personId: resident.id, points: 10, ruleId: rule.id })).json<Entry>();
    expectError(
      await agents.member.post(`/api/v1/moral-bank/entries/${entry.id}/corrections`, { points: -4, reason: '多记' }),
      403,
      'forbidden',
    );
    expectError(
      await agents.village.post(`/api/v1/moral-bank/entries/${entry.id}/corrections`, { points: -11, reason: '多记' }),
      409,
      'points_insufficient',
    );
    const correction = await agents.village.post(`/api/v1/moral-bank/entries/${entry.id}/corrections`, {
      points: -4,
      reason: '多记了 4 分',
    });
    expectStatus(correction, 201);
    expect(correction.json<Entry>()).toMatchObject({ kind: 'correction', points: -4, correctsEntryId: entry.id });
    expect((await accountOf(resident.id)).balance).toBe(6);
    await expect(
      test.db.execute(sql`update moral_bank_entries set points = 100 where id = ${entry.id}`),
    ).rejects.toThrow();
    await expect(test.db.execute(sql`delete from moral_bank_entries where id = ${entry.id}`)).rejects.toThrow();
    await expect(
      test.db.execute(sql`update moral_bank_balances set balance = -1 where person_id = ${resident.id}`),
    ).rejects.toThrow();
  });

  it('writes the village’s monthly statement: opening, moves and closing agree with the balance', async () => {
    const resident = freshResident();
    await fund(resident.id, 12);
    const response = await agents.village.get(
      `/api/v1/moral-bank/statement.xlsx?regionId=${world.memberVillage.id}&month=${chinaToday().slice(0, 7)}`,
    );
    expectStatus(response, 200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const accounts = workbook.getWorksheet('账户')!;
    const rows: unknown[][] = [];
    accounts.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[1]).toEqual(['居民', '网格', '期初积分', '存入', '兑换', '更正', '期末积分']);
    for (const row of rows.slice(2)) {
      const [, , opening, deposits, redemptions, corrections, closing] = row as number[];
      expect(opening! + deposits! - redemptions! + corrections!).toBe(closing);
    }
    const account = await accountOf(resident.id, agents.village);
    expect(rows.slice(2).some((row) => row[0] === account.personName && row[6] === account.balance)).toBe(true);
    expect(workbook.getWorksheet('明细')!.rowCount).toBeGreaterThan(2);
  });

  it('ranks households of the month only where the county turns rankings on', async () => {
    expectError(await agents.village.put('/api/v1/moral-bank/settings', { rankingsEnabled: true }), 403, 'forbidden');
    expectStatus(await agents.county.put('/api/v1/moral-bank/settings', { rankingsEnabled: false }), 200);
    expectError(await agents.village.get('/api/v1/moral-bank/rankings'), 409, 'rankings_off');
    expectStatus(await agents.county.put('/api/v1/moral-bank/settings', { rankingsEnabled: true }), 200);
    const ranking = await agents.village.get('/api/v1/moral-bank/rankings');
    expectStatus(ranking, 200);
    const items = ranking.json<Ranking>().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((item) => item.points)).toEqual([...items.map((item) => item.points)].sort((a, b) => b - a));
  });

  it('lists accounts largest first and finds residents by name', async () => {
    const accounts = (await agents.village.get('/api/v1/moral-bank/accounts')).json<{ items: AccountSummary[] }>()
      .items;
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.map((item) => item.balance)).toEqual(
      [...accounts.map((item) => item.balance)].sort((a, b) => b - a),
    );
  });
});

describe('the audit log', () => {
  it('holds an entry for every change this file made, by the action the route writes', async () => {
    const rule = await createRule({ name: '审计规则' });
    expectStatus(await agents.village.patch(`/api/v1/moral-bank/rules/${rule.id}`, { retired: true }), 200);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3)]);
    const photo = await agents.member.request('POST', '/api/v1/moral-bank/photos?fileName=deed.png', png, {
      'content-type': 'image/png',
    });
    expectStatus(photo, 201);
    const actions = [
      'moral_bank_entry.deposit',
      'moral_bank_entry.approve',
      'moral_bank_entry.refuse',
      'moral_bank_entry.correct',
      'moral_bank_entry.redeem',
      'moral_bank_entry.add_photo',
      'moral_bank_rule.create',
      'moral_bank_rule.update',
      'moral_bank_reward.create',
      'moral_bank_reward.update',
      'moral_bank_settings.update',
      'moral_bank.export',
    ] as const;
    for (const action of actions) {
      const entries = await findAuditEntries(test.db, { action, outcome: 'success' });
      expect(entries.length, action).toBeGreaterThan(0);
    }
  });
});

describe('scope', () => {
  it('answers another grid’s resident, entry, reward and statement like missing ones, and audits the look', async () => {
    const resident = freshResident();
    await fund(resident.id, 10);
    const entry = (await accountOf(resident.id)).entries.items[0]!;
    expectError(await agents.member2.get(`/api/v1/moral-bank/accounts/${resident.id}`), 404, 'person_not_found');
    expectError(await deposit(agents.member2, { personId: resident.id, points: 1 }), 404, 'person_not_found');
    expectError(await agents.member2.get(`/api/v1/moral-bank/entries/${entry.id}`), 404, 'moral_bank_entry_not_found');
    const denied = await findAuditEntries(test.db, { action: 'moral_bank_entry.read', entityId: entry.id });
    expect(denied.map((row) => row.outcome)).toContain('denied');
    const list = (await agents.member2.get('/api/v1/moral-bank/entries?limit=200')).json<EntryPage>();
    expect(list.items.some((item) => item.personId === resident.id)).toBe(false);
    expectError(
      await agents.member2.get(`/api/v1/moral-bank/entries?personId=${resident.id}&regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    expectError(
      await agents.member2.get(
        `/api/v1/moral-bank/statement.xlsx?regionId=${world.memberVillage.id}&month=${chinaToday().slice(0, 7)}`,
      ),
      404,
      'region_not_found',
    );
    const reward = await createReward();
    expectError(
      await agents.member2.post('/api/v1/moral-bank/redemptions', {
        personId: otherGridPerson.id,
        rewardId: reward.id,
      }),
      404,
      'reward_not_found',
    );
    const figures = (await agents.member2.get('/api/v1/moral-bank/figures')).json<{ regionId: string }>();
    expect(figures.regionId).toBe(world.otherGrid.id);
  });
});
