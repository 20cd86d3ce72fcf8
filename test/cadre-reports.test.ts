import ExcelJS from '../src/server/modules/registry/ledger/exceljs.js';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadreCheckIns, cadreLeaves, cadres, households, visits } from '../src/server/db/schema/index.js';
import { periodDays } from '../src/server/modules/cadre-reports/cadre-reports.service.js';
import type { CadreReport, CadreReportList } from '../src/shared/api/cadre-reports.js';
import type { Cadre, EvaluationList } from '../src/shared/api/cadres.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaDayStart, chinaToday } from '../src/shared/clock.js';
import { eq } from 'drizzle-orm';
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
 * Reports up the chain on cadres through the API: figures generated from the records, the flow level by level
 * (submit, return with a comment, approve), who may review, scope, the lock an approved period puts on check-ins
 * and leave until its approver reopens it, the downloads, and bad input.
 */

const usernames = ['admin', 'county', 'town', 'village', 'member', 'cadre'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let unit: Unit;
let cadre: Cadre;
let demoWork: number;
const today = chinaToday();
const thisMonth = today.slice(0, 7);
/** The month before this one: wholly past, so its figures do not move with the day the test runs. */
const lastMonth = addDays(`${thisMonth}-01`, -1).slice(0, 7);
const lastMonthDays = periodDays('monthly', lastMonth);
const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
const lastQuarter = quarterOf(addDays(periodDays('quarterly', quarterOf(today)).from, -1));

async function createUnit(name: string): Promise<Unit> {
  const created = await agents.county.post('/api/v1/units', { name, kind: 'department' });
  expectStatus(created, 201);
  return created.json<Unit>();
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  unit = await createUnit('县民政局');
  // Every day is a service day: the month's figures count each of its days.
  expectStatus(
    await agents.county.put('/api/v1/attendance/service-days', { weekdays: [1, 2, 3, 4, 5, 6, 7], expectedHours: 4 }),
    200,
  );
  const registered = await agents.village.post('/api/v1/cadres', {
    kind: 'cadre',
    name: '赵报告',
    unitId: unit.id,
    serviceRegionId: world.memberVillage.id,
    gridId: world.memberGrid.id,
    accountId: world.accounts.cadre.id,
    startsOn: lastMonthDays.from,
  });
  expectStatus(registered, 201);
  cadre = registered.json<Cadre>();
  // Last month: checked in on its first three days, a household visited on the first (work), two days of leave.
  const day = (index: number) => addDays(lastMonthDays.from, index);
  await test.db.insert(cadreCheckIns).values(
    [0, 1, 2].map((index) => ({
      countyId: world.county.id,
      id: uuidv7(),
      cadreId: cadre.id,
      day: day(index),
      checkedInAt: new Date(chinaDayStart(day(index)).getTime() + 9 * 3_600_000),
      latitude: 30,
      longitude: 120,
      createdBy: world.accounts.cadre.id,
    })),
  );
  // Work the demo already records for the cadre's account that month, besides the visit added here.
  const before = await agents.county.get(
    `/api/v1/cadres/evaluation?regionId=${world.memberVillage.id}&from=${lastMonthDays.from}&to=${lastMonthDays.to}`,
  );
  expectStatus(before, 200);
  demoWork =
    before
      .json<EvaluationList>()
      .items.find((item) => item.cadre.id === cadre.id)
      ?.lines.find((line) => line.indicator === 'work')?.counts.work ?? 0;
  const [home] = await test.db
    .select({ id: households.id })
    .from(households)
    .where(eq(households.regionId, world.memberGrid.id))
    .limit(1);
  await test.db.insert(visits).values({
    countyId: world.county.id,
    id: uuidv7(),
    householdId: home!.id,
    regionId: world.memberGrid.id,
    regionCode: world.memberGrid.code,
    visitedAt: new Date(chinaDayStart(day(0)).getTime() + 10 * 3_600_000),
    purpose: 'routine',
    recordedBy: world.accounts.cadre.id,
  });
  await test.db.insert(cadreLeaves).values({
    countyId: world.county.id,
    id: uuidv7(),
    cadreId: cadre.id,
    startsOn: day(3),
    endsOn: day(4),
    reason: '培训',
    status: 'approved',
  });
});

afterAll(() => test?.close());

const generate = (agent: Agent, body: Record<string, unknown>) => agent.post('/api/v1/cadre-reports', body);
const monthly = (period: string, regionId = world.memberVillage.id) => ({ kind: 'monthly', period, regionId });

async function generated(agent: Agent, body: Record<string, unknown>): Promise<CadreReport> {
  const response = await generate(agent, body);
  expect([200, 201]).toContain(response.statusCode);
  return response.json<CadreReport>();
}

async function step(agent: Agent, report: CadreReport, name: string, body: Record<string, unknown> = {}) {
  return agent.post(`/api/v1/cadre-reports/${report.id}/${name}`, { version: report.version, ...body });
}

async function stepped(agent: Agent, report: CadreReport, name: string, body: Record<string, unknown> = {}) {
  const response = await step(agent, report, name, body);
  expectStatus(response, 200);
  return response.json<CadreReport>();
}

async function notificationsOf(agent: Agent) {
  const response = await agent.get('/api/v1/notifications?limit=50');
  expectStatus(response, 200);
  return response.json<{ items: { kind: string; params: Record<string, unknown> }[] }>().items;
}

describe('generating a report from the records', () => {
  it('counts a community’s month: service days due, attended, 点卯, absent, leave, work, and audits it', async () => {
    const response = await generate(agents.village, monthly(lastMonth));
    expectStatus(response, 201);
    const report = response.json<CadreReport>();
    const days = Number(lastMonthDays.to.slice(8));
    expect(report).toMatchObject({
      kind: 'monthly',
      period: lastMonth,
      from: lastMonthDays.from,
      to: lastMonthDays.to,
      region: { id: world.memberVillage.id },
      unit: null,
      status: 'draft',
      version: 1,
    });
    expect(report.figures.serviceDays).toBe(days);
    expect(report.figures.rows).toEqual([
      expect.objectContaining({
        cadreId: cadre.id,
        name: '赵报告',
        unitName: '县民政局',
        communityName: world.memberVillage.name,
        expected: days - 2,
        attended: 3,
        rollCallOnly: 2,
        absent: days - 5,
        onLeave: 2,
        work: demoWork + 1,
      }),
    ]);
    expect(report.figures.units).toEqual([
      expect.objectContaining({ unitId: unit.id, cadres: 1, attended: 3, rollCallOnly: 2, work: demoWork + 1 }),
    ]);
    expect(report.figures.totals).toMatchObject({ cadres: 1, expected: days - 2, attended: 3, absent: days - 5 });
    expect(await findAuditEntries(test.db, { action: 'cadre_report.generate', entityId: report.id })).toHaveLength(1);
    // Generating again refreshes the same draft.
    const again = await generate(agents.village, monthly(lastMonth));
    expectStatus(again, 200);
    expect(again.json<CadreReport>()).toMatchObject({ id: report.id, version: 2 });
  });

  it('refuses bad input with the field to fix', async () => {
    const badPeriod = expectError(await generate(agents.village, monthly('2026-13')), 400, 'validation_failed');
    expect(badPeriod.message).toContain('2026-11');
    expectError(
      await generate(agents.village, { kind: 'quarterly', period: '2026-11', regionId: world.town.id }),
      400,
      'validation_failed',
    );
    expectError(await generate(agents.village, { kind: 'monthly', period: lastMonth }), 400, 'validation_failed');
    expectError(await generate(agents.village, monthly(lastMonth, world.memberGrid.id)), 400, 'validation_failed');
    expectError(
      await generate(agents.town, { kind: 'quarterly', period: lastQuarter, regionId: world.memberVillage.id }),
      400,
      'validation_failed',
    );
    expectError(await generate(agents.county, { kind: 'yearly', period: today.slice(0, 4) }), 400, 'validation_failed');
    const future = `${Number(today.slice(0, 4)) + 1}-01`;
    expectError(await generate(agents.village, monthly(future)), 400, 'validation_failed');
    expectError(await generate(agents.village, { kind: 'weekly', period: lastMonth }), 400, 'validation_failed');
    expectError(
      await agents.village.post('/api/v1/cadre-reports/not-an-id/submit', { version: 1 }),
      400,
      'validation_failed',
    );
  });

  it('lets only those who keep the level generate: a grid member may not, a village not a street’s or a unit’s', async () => {
    expectError(await generate(agents.member, monthly(lastMonth)), 403, 'forbidden');
    expectError(
      await generate(agents.village, { kind: 'quarterly', period: lastQuarter, regionId: world.town.id }),
      404,
      'region_not_found',
    );
    expectError(
      await generate(agents.village, { kind: 'yearly', period: today.slice(0, 4), unitId: unit.id }),
      403,
      'forbidden',
    );
  });
});

describe('the flow level by level', () => {
  it('goes up from the community: submitted, returned with a comment, refreshed, submitted again, approved', async () => {
    let report = await generated(agents.village, monthly(lastMonth));
    expectError(await step(agents.village, report, 'approve'), 403, 'forbidden');
    report = await stepped(agents.village, report, 'submit');
    expect(report).toMatchObject({ status: 'submitted', submittedBy: { id: world.accounts.village.id } });
    expect(await findAuditEntries(test.db, { action: 'cadre_report.submit', entityId: report.id })).toHaveLength(1);
    // The street is told, and finds it among the reports waiting for it.
    expect(
      (await notificationsOf(agents.town)).some(
        (notice) => notice.kind === 'cadre_report_review' && notice.params.reportId === report.id,
      ),
    ).toBe(true);
    const waiting = (await agents.town.get('/api/v1/cadre-reports?awaitingMe=true')).json<CadreReportList>();
    expect(waiting.items.map((item) => item.id)).toContain(report.id);
    expect(waiting.items.find((item) => item.id === report.id)?.canReview).toBe(true);
    // The village sees it but may not review it.
    const seen = (await agents.village.get(`/api/v1/cadre-reports/${report.id}`)).json<CadreReport>();
    expect(seen.canReview).toBe(false);
    // A submitted report keeps its figures.
    expectError(await generate(agents.village, monthly(lastMonth)), 409, 'cadre_report_changed');
    // A stale version, or a step that does not apply, answers 409.
    expectError(
      await agents.town.post(`/api/v1/cadre-reports/${report.id}/approve`, { version: 1 }),
      409,
      'cadre_report_changed',
    );
    expectError(await step(agents.town, report, 'reopen', { reason: '更正' }), 409, 'cadre_report_changed');
    expectError(await step(agents.town, report, 'return', { comment: '' }), 400, 'validation_failed');
    report = await stepped(agents.town, report, 'return', { comment: '请核实缺勤天数' });
    expect(report).toMatchObject({
      status: 'returned',
      comment: '请核实缺勤天数',
      reviewedBy: { id: world.accounts.town.id },
    });
    expect(
      (await notificationsOf(agents.village)).some(
        (notice) => notice.kind === 'cadre_report_returned' && notice.params.comment === '请核实缺勤天数',
      ),
    ).toBe(true);
    report = await generated(agents.village, monthly(lastMonth));
    expect(report.status).toBe('returned');
    report = await stepped(agents.village, report, 'submit');
    report = await stepped(agents.town, report, 'approve');
    expect(report).toMatchObject({ status: 'approved', comment: null, reviewedBy: { id: world.accounts.town.id } });
    expect(await findAuditEntries(test.db, { action: 'cadre_report.approve', entityId: report.id })).toHaveLength(1);
    expectError(await generate(agents.village, monthly(lastMonth)), 409, 'cadre_report_changed');
  });

  it('has a street’s quarter reviewed by the county, not by the street itself', async () => {
    let report = await generated(agents.town, { kind: 'quarterly', period: lastQuarter, regionId: world.town.id });
    report = await stepped(agents.town, report, 'submit');
    const refused = expectError(await step(agents.town, report, 'approve'), 403, 'forbidden');
    expect(refused.message).toContain('level above');
    report = await stepped(agents.county, report, 'approve');
    expect(report.status).toBe('approved');
  });

  it('has a unit’s year reviewed by someone other than who submitted it', async () => {
    const quietUnit = await createUnit('县档案馆');
    let report = await generated(agents.county, {
      kind: 'yearly',
      period: String(Number(today.slice(0, 4)) - 1),
      unitId: quietUnit.id,
    });
    expect(report).toMatchObject({ unit: { id: quietUnit.id, name: '县档案馆' }, region: { id: world.county.id } });
    report = await stepped(agents.county, report, 'submit');
    expectError(await step(agents.county, report, 'approve'), 403, 'forbidden');
    expectError(await step(agents.town, report, 'approve'), 404, 'cadre_report_not_found');
    report = await stepped(agents.admin, report, 'approve');
    expect(report.status).toBe('approved');
  });

  it('reads a report out of scope like a missing one, and audits the look', async () => {
    const other = await generated(agents.town, monthly(lastMonth, world.otherVillage.id));
    expectError(await agents.village.get(`/api/v1/cadre-reports/${other.id}`), 404, 'cadre_report_not_found');
    expectError(
      await agents.village.post(`/api/v1/cadre-reports/${other.id}/submit`, { version: other.version }),
      404,
      'cadre_report_not_found',
    );
    expectError(
      await agents.village.get(`/api/v1/cadre-reports/${other.id}/report.pdf`),
      404,
      'cadre_report_not_found',
    );
    expect(await findAuditEntries(test.db, { action: 'cadre_report.read', entityId: other.id })).not.toHaveLength(0);
    const list = (await agents.village.get('/api/v1/cadre-reports')).json<CadreReportList>();
    expect(list.items.map((item) => item.id)).not.toContain(other.id);
    expect(list.items.every((item) => item.region.id === world.memberVillage.id)).toBe(true);
  });
});

describe('an approved period is locked', () => {
  it('refuses check-ins, check-outs and leave in it until the approver reopens it', async () => {
    let report = await generated(agents.village, monthly(thisMonth));
    report = await stepped(agents.village, report, 'submit');
    report = await stepped(agents.town, report, 'approve');
    const location = { lat: 30, lng: 120 };
    const locked = expectError(
      await agents.cadre.post('/api/v1/attendance/check-ins', { id: uuidv7(), location }),
      409,
      'period_locked',
    );
    expect(locked.message).toContain(world.accounts.town.displayName);
    expect(locked.message).toContain(thisMonth);
    expectError(
      await agents.cadre.post('/api/v1/attendance/leaves', {
        cadreId: cadre.id,
        startsOn: today,
        endsOn: today,
        reason: '就医',
      }),
      409,
      'period_locked',
    );
    // Only the level above reopens, and with a reason.
    expectError(await step(agents.village, report, 'reopen', { reason: '补签到' }), 403, 'forbidden');
    expectError(await step(agents.town, report, 'reopen', {}), 400, 'validation_failed');
    report = await stepped(agents.town, report, 'reopen', { reason: '补录签到' });
    expect(report).toMatchObject({ status: 'returned', comment: '补录签到' });
    expect(await findAuditEntries(test.db, { action: 'cadre_report.reopen', entityId: report.id })).toHaveLength(1);
    const checkInId = uuidv7();
    expectStatus(await agents.cadre.post('/api/v1/attendance/check-ins', { id: checkInId, location }), 201);
    // Approved again: checking out of that day is a change to a locked period too.
    report = await stepped(agents.village, report, 'submit');
    report = await stepped(agents.town, report, 'approve');
    expectError(
      await agents.cadre.post(`/api/v1/attendance/check-ins/${checkInId}/check-out`, { location }),
      409,
      'period_locked',
    );
    await stepped(agents.town, report, 'reopen', { reason: '补录签退' });
    expectStatus(await agents.cadre.post(`/api/v1/attendance/check-ins/${checkInId}/check-out`, { location }), 200);
  });
});

describe('downloads', () => {
  it('writes the report as an .xlsx workbook and a PDF on the letterhead, each download audited', async () => {
    // Last month's report, approved by the street above.
    const list = await agents.village.get(`/api/v1/cadre-reports?kind=monthly&period=${lastMonth}&status=approved`);
    const [report] = list.json<CadreReportList>().items;
    const workbook = await agents.village.get(`/api/v1/cadre-reports/${report!.id}/report.xlsx`);
    expectStatus(workbook, 200);
    expect(workbook.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(workbook.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('干部明细')!;
    expect(String(sheet.getCell('A1').value)).toContain(world.memberVillage.name);
    expect(sheet.getRow(3).values).toEqual(expect.arrayContaining(['县民政局', '赵报告']));
    const pdf = await agents.village.get(`/api/v1/cadre-reports/${report!.id}/report.pdf`);
    expectStatus(pdf, 200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(decodeURIComponent(String(pdf.headers['content-disposition']))).toContain(`${world.memberVillage.name}`);
    expect(await findAuditEntries(test.db, { action: 'cadre_report.export', entityId: report!.id })).toHaveLength(2);
  });
});

describe('who served in the period', () => {
  it('counts a cadre whose service ended during the period up to its end, and none that ended before it', async () => {
    const monthBefore = addDays(`${lastMonth}-01`, -1).slice(0, 7);
    const days = periodDays('monthly', monthBefore);
    const register = async (name: string) => {
      const registered = await agents.village.post('/api/v1/cadres', {
        kind: 'cadre',
        name,
        unitId: unit.id,
        serviceRegionId: world.memberVillage.id,
        startsOn: addDays(days.from, -40),
      });
      expectStatus(registered, 201);
      return registered.json<Cadre>();
    };
    const endedDuring = await register('钱中止');
    const endedBefore = await register('孙已离');
    for (const [ended, endedOn] of [
      [endedDuring, addDays(days.from, 9)],
      [endedBefore, addDays(days.from, -1)],
    ] as const) {
      const action = { action: 'end', reason: '调回原单位', version: ended.version };
      expectStatus(await agents.village.post(`/api/v1/cadres/${ended.id}/actions`, action), 200);
      // The API ends a service today: this one ended on a day of that month, or before it.
      await test.db.update(cadres).set({ endedOn }).where(eq(cadres.id, ended.id));
    }
    // 赵报告 started after that month: not in it either.
    const report = await generated(agents.village, monthly(monthBefore));
    expect(report.figures.rows.map((row) => row.name)).toEqual(['钱中止']);
    expect(report.figures.rows[0]).toMatchObject({ expected: 10, attended: 0, absent: 10 });
  });
});
