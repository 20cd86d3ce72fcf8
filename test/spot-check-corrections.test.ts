import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CadreReport } from '../src/shared/api/cadre-reports.js';
import type { Cadre, EvaluationList } from '../src/shared/api/cadres.js';
import type { SpotCheck, SpotCheckFinding, SpotCheckRecord } from '../src/shared/api/spot-checks.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signIn,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * Correcting a spot check's record and finding through the API (issue 13): whoever may record on the check corrects
 * what was found with a reason, the record shows who corrected it and when, the evaluation counts the corrected
 * outcome, and what must not change is refused — another street's check (404 as if missing), a stale version (409
 * spot_check_changed), a rectified finding (409 spot_check_finding_decided), a period whose report is approved
 * (409 period_locked), bad input (400).
 */

const usernames = ['county', 'town', 'village', 'cadre'] as const;
const today = chinaToday();
const from = addDays(today, -6);
const password = 'Spring-Rain-Over-Hills-7';

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
/** The town account of the county's other street. */
let otherTown: Agent;
let cadre: Cadre;
let check: SpotCheck;

const recordUrl = (recordId: string, spotCheckId = check.id) =>
  `/api/v1/spot-checks/${spotCheckId}/records/${recordId}`;
const findingUrl = (findingId: string, spotCheckId = check.id) =>
  `/api/v1/spot-checks/${spotCheckId}/findings/${findingId}`;

async function currentCheck(): Promise<SpotCheck> {
  const response = await agents.town.get(`/api/v1/spot-checks/${check.id}`);
  expectStatus(response, 200);
  return response.json<SpotCheck>();
}

async function currentRecord(): Promise<SpotCheckRecord> {
  return (await currentCheck()).records[0]!;
}

async function currentFinding(): Promise<SpotCheckFinding> {
  return (await currentCheck()).findings[0]!;
}

/** The cadre's attendance line of the evaluation of the week to today. */
async function attendanceLine() {
  const response = await agents.village.get(`/api/v1/cadres/evaluation?from=${from}&to=${today}`);
  expectStatus(response, 200);
  return response
    .json<EvaluationList>()
    .items.find((item) => item.cadre.id === cadre.id)!
    .lines.find((line) => line.indicator === 'attendance')!;
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const unitResponse = await agents.county.post('/api/v1/units', { name: '县督查室', kind: 'department' });
  expectStatus(unitResponse, 201);
  const unit = unitResponse.json<Unit>();
  // Every day is a service day, so that today and the week before count whatever the weekday.
  expectStatus(
    await agents.county.put('/api/v1/attendance/service-days', { weekdays: [1, 2, 3, 4, 5, 6, 7], expectedHours: 4 }),
    200,
  );
  const registered = await agents.village.post('/api/v1/cadres', {
    kind: 'cadre',
    name: '钱更正',
    unitId: unit.id,
    serviceRegionId: world.memberVillage.id,
    gridId: world.memberGrid.id,
    accountId: world.accounts.cadre.id,
    startsOn: from,
  });
  expectStatus(registered, 201);
  cadre = registered.json<Cadre>();
  const account = await agents.county.post('/api/v1/accounts', {
    username: 'other-town',
    displayName: '邻街道',
    password,
    role: 'town',
    regionId: world.otherTown.id,
  });
  expectStatus(account, 201);
  otherTown = await signIn(test.app, 'other-town', { password });
  const planned = await agents.town.post('/api/v1/spot-checks', {
    checkOn: today,
    title: '服务日到岗抽查',
    inspectors: ['张督查'],
    regionIds: [world.memberGrid.id],
  });
  expectStatus(planned, 201);
  check = planned.json<SpotCheck>();
  expectStatus(
    await agents.town.post(`/api/v1/spot-checks/${check.id}/records`, {
      cadreId: cadre.id,
      outcome: 'roll_call_only',
      place: '社区办公室',
      activity: '签到后玩手机',
    }),
    200,
  );
  const found = await agents.town.post(`/api/v1/spot-checks/${check.id}/findings`, {
    regionId: world.memberGrid.id,
    description: '服务日签到后未开展工作',
    deadline: addDays(today, 7),
  });
  expectStatus(found, 200);
  check = found.json<SpotCheck>();
  // The cadre checked in today, the one service day of the week they attended.
  expectStatus(
    await agents.cadre.post('/api/v1/attendance/check-ins', { id: uuidv7(), location: { lat: 30, lng: 120 } }),
    201,
  );
});

afterAll(() => test?.close());

describe('correcting a record', () => {
  it('changes what was found, keeps who corrected it, when and why, and audits the fields before and after', async () => {
    const record = await currentRecord();
    expect(record).toMatchObject({ outcome: 'roll_call_only', correction: null, version: 1 });
    const response = await agents.town.patch(recordUrl(record.id), {
      version: record.version,
      outcome: 'at_post',
      activity: '入户走访',
      reason: '督查组误记：干部当时在网格入户',
    });
    expectStatus(response, 200);
    const corrected = response.json<SpotCheck>().records[0]!;
    expect(corrected).toMatchObject({
      cadre: { id: cadre.id },
      outcome: 'at_post',
      place: '社区办公室',
      activity: '入户走访',
      version: 2,
      correction: { correctedBy: world.accounts.town.displayName, reason: '督查组误记：干部当时在网格入户' },
    });
    expect(Date.now() - Date.parse(corrected.correction!.correctedAt)).toBeLessThan(60_000);
    // The community sees the corrected record and its mark.
    const villageView = (await agents.village.get(`/api/v1/spot-checks/${check.id}`)).json<SpotCheck>();
    expect(villageView.records[0]).toMatchObject({
      outcome: 'at_post',
      correction: { reason: corrected.correction!.reason },
    });
    const [entry, ...others] = await findAuditEntries(test.db, {
      action: 'spot_check.correct_record',
      entityId: check.id,
    });
    expect(others).toEqual([]);
    expect(entry).toMatchObject({
      outcome: 'success',
      actorId: world.accounts.town.id,
      details: {
        recordId: record.id,
        cadreId: cadre.id,
        reason: '督查组误记：干部当时在网格入户',
        before: { outcome: 'roll_call_only', activity: '签到后玩手机' },
        after: { outcome: 'at_post', activity: '入户走访' },
      },
    });
  });

  it('lets the county above the planner correct too, and the record keeps the last correction', async () => {
    const record = await currentRecord();
    const response = await agents.county.patch(recordUrl(record.id), {
      version: record.version,
      note: '已核实走访记录',
      reason: '补记核实情况',
    });
    expectStatus(response, 200);
    expect(response.json<SpotCheck>().records[0]).toMatchObject({
      outcome: 'at_post',
      note: '已核实走访记录',
      version: 3,
      correction: { correctedBy: world.accounts.county.displayName, reason: '补记核实情况' },
    });
    expect(await findAuditEntries(test.db, { action: 'spot_check.correct_record', entityId: check.id })).toHaveLength(
      2,
    );
  });

  it('refuses a correction from a stale version, and of two sent at once takes one', async () => {
    const record = await currentRecord();
    const stale = await agents.town.patch(recordUrl(record.id), {
      version: record.version - 1,
      outcome: 'absent',
      reason: '旧页面上的更正',
    });
    expect(expectError(stale, 409, 'spot_check_changed').message).toContain('reload');
    const both = await Promise.all(
      (['absent', 'roll_call_only'] as const).map((outcome) =>
        agents.town.patch(recordUrl(record.id), { version: record.version, outcome, reason: '同时更正' }),
      ),
    );
    expect(both.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const refused = both.find((answer) => answer.statusCode === 409)!;
    expectError(refused, 409, 'spot_check_changed');
    const kept = both.find((answer) => answer.statusCode === 200)!.json<SpotCheck>().records[0]!;
    expect(await currentRecord()).toMatchObject({ outcome: kept.outcome, version: record.version + 1 });
    // Put back to at_post for the evaluation below.
    expectStatus(
      await agents.town.patch(recordUrl(record.id), { version: kept.version, outcome: 'at_post', reason: '复核' }),
      200,
    );
  });

  it('is refused to whoever may not record on the check; another street’s reads like a missing one', async () => {
    const record = await currentRecord();
    const body = { version: record.version, outcome: 'absent', reason: '越权更正' };
    expectError(await agents.village.patch(recordUrl(record.id), body), 403, 'forbidden');
    expectError(await agents.cadre.patch(recordUrl(record.id), body), 403, 'forbidden');
    const elsewhere = expectError(await otherTown.patch(recordUrl(record.id), body), 404, 'spot_check_not_found');
    const missingCheck = uuidv7();
    const missing = expectError(
      await otherTown.patch(recordUrl(record.id, missingCheck), body),
      404,
      'spot_check_not_found',
    );
    expect(elsewhere.message.replace(check.id, '…')).toBe(missing.message.replace(missingCheck, '…'));
    expect(
      await findAuditEntries(test.db, { action: 'spot_check.read', entityId: check.id, outcome: 'denied' }),
    ).toHaveLength(1);
    expectError(await agents.town.patch(recordUrl(uuidv7()), body), 404, 'not_found');
    expect(await currentRecord()).toMatchObject({ outcome: 'at_post', version: record.version });
  });

  it('refuses bad input with a stable code and changes nothing', async () => {
    const record = await currentRecord();
    const correct = (body: Record<string, unknown>) =>
      agents.town.patch(recordUrl(record.id), { version: record.version, reason: '更正', ...body });
    expectError(await correct({ outcome: 'absent', reason: undefined }), 400, 'validation_failed');
    expectError(await correct({ outcome: 'absent', reason: '   ' }), 400, 'validation_failed');
    expectError(await correct({ outcome: 'absent', version: undefined }), 400, 'validation_failed');
    expectError(await correct({ outcome: 'asleep' }), 400, 'validation_failed');
    expectError(await correct({ place: 'x'.repeat(201) }), 400, 'validation_failed');
    // Nothing that differs from what is recorded.
    expectError(await correct({}), 400, 'validation_failed');
    expectError(await correct({ outcome: 'at_post', place: '社区办公室' }), 400, 'validation_failed');
    expectError(
      await agents.town.patch(`/api/v1/spot-checks/${check.id}/records/not-an-id`, { version: 1, reason: '更正' }),
      400,
      'validation_failed',
    );
    expect(await currentRecord()).toMatchObject({ outcome: 'at_post', version: record.version });
  });
});

describe('the evaluation', () => {
  it('counts the corrected outcome: a 点卯 corrected to at post gives back the service day', async () => {
    const record = await currentRecord();
    expectStatus(
      await agents.town.patch(recordUrl(record.id), {
        version: record.version,
        outcome: 'roll_call_only',
        reason: '按原记录',
      }),
      200,
    );
    const failed = await attendanceLine();
    // Checked in today (one of seven days), but found 点卯: nothing attended counts.
    expect(failed.counts).toMatchObject({ attended: 1, expected: 7, spotChecked: 1, spotFailed: 1 });
    expect(failed.score).toBe(0);
    expectStatus(
      await agents.town.patch(recordUrl(record.id), {
        version: record.version + 1,
        outcome: 'at_post',
        reason: '核实后在岗',
      }),
      200,
    );
    const corrected = await attendanceLine();
    expect(corrected.counts).toMatchObject({ attended: 1, expected: 7, spotChecked: 1, spotFailed: 0 });
    expect(corrected.score).toBe(14.3);
  });
});

describe('correcting a finding', () => {
  it('changes an open finding’s text and deadline with a reason, and audits before and after', async () => {
    const finding = await currentFinding();
    expect(finding).toMatchObject({ status: 'open', correction: null, version: 1 });
    const response = await agents.town.patch(findingUrl(finding.id), {
      version: finding.version,
      description: '服务日签到后未入户走访',
      deadline: addDays(today, 14),
      reason: '问题表述不准确，期限按规定延至两周',
    });
    expectStatus(response, 200);
    expect(response.json<SpotCheck>().findings[0]).toMatchObject({
      description: '服务日签到后未入户走访',
      deadline: addDays(today, 14),
      status: 'open',
      version: 2,
      correction: { correctedBy: world.accounts.town.displayName, reason: '问题表述不准确，期限按规定延至两周' },
    });
    // The findings list shows the corrected one too.
    const listed = (await agents.village.get('/api/v1/spot-check-findings')).json<{ items: SpotCheckFinding[] }>();
    expect(listed.items.find((item) => item.id === finding.id)).toMatchObject({ deadline: addDays(today, 14) });
    const entries = await findAuditEntries(test.db, { action: 'spot_check_finding.correct', entityId: finding.id });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.details).toMatchObject({
      spotCheckId: check.id,
      before: { description: '服务日签到后未开展工作', deadline: addDays(today, 7) },
      after: { description: '服务日签到后未入户走访', deadline: addDays(today, 14) },
    });
  });

  it('refuses a stale version, bad input, the community, another street and a finding of another check', async () => {
    const finding = await currentFinding();
    const correct = (body: Record<string, unknown>, agent = agents.town, url = findingUrl(finding.id)) =>
      agent.patch(url, { version: finding.version, reason: '更正', ...body });
    expectError(await correct({ description: '旧页面', version: 1 }), 409, 'spot_check_changed');
    expectError(await correct({ deadline: addDays(today, -1) }), 400, 'validation_failed');
    expectError(await correct({ deadline: '2026-02-30' }), 400, 'validation_failed');
    expectError(await correct({ description: '  ' }), 400, 'validation_failed');
    expectError(await correct({ description: '新问题', reason: '' }), 400, 'validation_failed');
    expectError(await correct({ description: finding.description }), 400, 'validation_failed');
    expectError(await correct({ description: '越权' }, agents.village), 403, 'forbidden');
    expectError(await correct({ description: '越权' }, otherTown), 404, 'spot_check_not_found');
    const another = await agents.town.post('/api/v1/spot-checks', {
      checkOn: today,
      title: '另一次抽查',
      inspectors: ['李督查'],
      regionIds: [world.memberGrid.id],
    });
    expectStatus(another, 201);
    expectError(
      await correct({ description: '张冠李戴' }, agents.town, findingUrl(finding.id, another.json<SpotCheck>().id)),
      404,
      'spot_check_finding_not_found',
    );
    expect(await currentFinding()).toMatchObject({ description: finding.description, version: finding.version });
  });

  it('keeps a rectified finding as it was judged', async () => {
    const finding = await currentFinding();
    expectStatus(
      await agents.village.post(`/api/v1/spot-check-findings/${finding.id}/rectification`, {
        note: '已约谈并补走访',
        rectifiedOn: today,
      }),
      200,
    );
    expectError(
      await agents.town.patch(findingUrl(finding.id), {
        version: finding.version,
        description: '整改后再改问题',
        reason: '更正',
      }),
      409,
      'spot_check_finding_decided',
    );
    expect(await currentFinding()).toMatchObject({ status: 'rectified', description: finding.description });
  });
});

describe('an approved period', () => {
  it('locks the records of its checks until the approver reopens the report', async () => {
    const month = today.slice(0, 7);
    const generated = await agents.village.post('/api/v1/cadre-reports', {
      kind: 'monthly',
      period: month,
      regionId: world.memberVillage.id,
    });
    expect([200, 201]).toContain(generated.statusCode);
    let report = generated.json<CadreReport>();
    const step = async (agent: Agent, name: string, body: Record<string, unknown> = {}) => {
      const response = await agent.post(`/api/v1/cadre-reports/${report.id}/${name}`, {
        version: report.version,
        ...body,
      });
      expectStatus(response, 200);
      report = response.json<CadreReport>();
    };
    await step(agents.village, 'submit');
    await step(agents.town, 'approve');
    const record = await currentRecord();
    const correct = () =>
      agents.town.patch(recordUrl(record.id), { version: record.version, outcome: 'absent', reason: '事后更正' });
    const locked = expectError(await correct(), 409, 'period_locked');
    expect(locked.message).toContain('spot-check records');
    expect(locked.message).toContain(world.accounts.town.displayName);
    expect(await currentRecord()).toMatchObject({ outcome: 'at_post', version: record.version });
    await step(agents.town, 'reopen', { reason: '更正抽查记录' });
    const reopened = await correct();
    expectStatus(reopened, 200);
    expect(reopened.json<SpotCheck>().records[0]).toMatchObject({ outcome: 'absent', version: record.version + 1 });
  });
});
