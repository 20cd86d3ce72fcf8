import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { households } from '../src/server/db/schema/index.js';
import { measureAgainstBoundary } from '../src/server/modules/attendance/grid-distance.js';
import { gradeOf, weighLines } from '../src/server/modules/cadres/evaluation.service.js';
import { readUploadedRows } from '../src/server/modules/registry/workbooks.service.js';
import type {
  Attendance,
  Cadre,
  CadrePage,
  CheckIn,
  EvaluationList,
  ImportResult,
  Leave,
} from '../src/shared/api/cadres.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import type { Area } from '../src/shared/geojson.js';
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
 * Cadres sent down through the API: registration (双报到) with its bad input and scope, check-ins on the field app
 * (idempotent by the client's id, measured against the grid), the 点卯 flag and absences, leave the community
 * decides, and the evaluation's lines and grade.
 */

const usernames = ['county', 'village', 'leader', 'member', 'member2', 'cadre'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let unit: Unit;
let cadre: Cadre;
const today = chinaToday();
const startsOn = addDays(today, -6);

/** A point well inside a grid: the middle of its first ring's corners (the demo's grids are convex). */
function pointInside(area: Area): { lat: number; lng: number } {
  const ring = area.type === 'Polygon' ? area.coordinates[0]! : area.coordinates[0]![0]!;
  const corners = ring.slice(0, -1);
  const mean = (index: number) => corners.reduce((sum, corner) => sum + corner[index]!, 0) / corners.length;
  return { lng: mean(0), lat: mean(1) };
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const created = await agents.county.post('/api/v1/units', {
    name: '县司法局',
    kind: 'department',
    contactName: '王主任',
    contactPhone: '13800001111',
  });
  expectStatus(created, 201);
  unit = created.json<Unit>();
  // Every day is a service day, so that today and the week before count whatever the weekday.
  expectStatus(
    await agents.county.put('/api/v1/attendance/service-days', { weekdays: [1, 2, 3, 4, 5, 6, 7], expectedHours: 4 }),
    200,
  );
});

afterAll(() => test?.close());

function registration(body: Record<string, unknown> = {}) {
  return {
    kind: 'cadre',
    name: '李下沉',
    phone: '13912345678',
    unitId: unit.id,
    serviceRegionId: world.memberVillage.id,
    homeRegionId: world.otherVillage.id,
    gridId: world.memberGrid.id,
    duties: '入户走访、政策宣传',
    accountId: world.accounts.cadre.id,
    startsOn,
    ...body,
  };
}

describe('registration', () => {
  it('registers a cadre where they serve and live, with the unit and grid, and audits it', async () => {
    const response = await agents.village.post('/api/v1/cadres', registration());
    expectStatus(response, 201);
    cadre = response.json<Cadre>();
    expect(cadre).toMatchObject({
      kind: 'cadre',
      phone: '13912345678',
      unit: { id: unit.id, name: '县司法局' },
      serviceRegion: { id: world.memberVillage.id, name: world.memberVillage.name },
      homeRegion: { id: world.otherVillage.id },
      grid: { id: world.memberGrid.id, name: world.memberGrid.name },
      status: 'active',
      startsOn,
    });
    expect(await findAuditEntries(test.db, { action: 'cadre.create', entityId: cadre.id })).toHaveLength(1);
    // The cadre reads the list of their grid, the phone masked (no sensitive.read).
    const page = (await agents.cadre.get('/api/v1/cadres')).json<CadrePage>();
    expect(page.items.find((item) => item.id === cadre.id)?.phone).toBe('139****5678');
    const byUnit = (await agents.county.get(`/api/v1/cadres?unitId=${unit.id}`)).json<CadrePage>();
    expect(byUnit.items.map((item) => item.id)).toEqual([cadre.id]);
  });

  it('refuses bad input with a field to fix and a stable code', async () => {
    const notACommunity = await agents.village.post(
      '/api/v1/cadres',
      registration({ serviceRegionId: world.memberGrid.id, accountId: undefined }),
    );
    expectError(notACommunity, 400, 'validation_failed');
    const foreignGrid = await agents.county.post(
      '/api/v1/cadres',
      registration({ gridId: world.otherGrid.id, accountId: undefined }),
    );
    expectError(foreignGrid, 400, 'validation_failed');
    const homeNotCommunity = await agents.village.post(
      '/api/v1/cadres',
      registration({ homeRegionId: world.otherGrid.id, accountId: undefined }),
    );
    expectError(homeNotCommunity, 400, 'validation_failed');
    expectError(
      await agents.village.post('/api/v1/cadres', registration({ unitId: uuidv7(), accountId: undefined })),
      404,
      'unit_not_found',
    );
    expectError(
      await agents.village.post('/api/v1/cadres', registration({ phone: '12345' })),
      400,
      'validation_failed',
    );
    expectError(await agents.village.post('/api/v1/cadres', registration({ name: '' })), 400, 'validation_failed');
    // The same account serves once at a time.
    expectError(await agents.village.post('/api/v1/cadres', registration()), 409, 'account_already_linked');
    expectError(
      await agents.village.post('/api/v1/cadres', registration({ accountId: world.accounts.member.id })),
      400,
      'validation_failed',
    );
  });

  it('keeps registration to the village and up, and a cadre out of scope reads as missing', async () => {
    expectError(await agents.member.post('/api/v1/cadres', registration({ accountId: undefined })), 403, 'forbidden');
    expectError(await agents.cadre.post('/api/v1/cadres', registration({ accountId: undefined })), 403, 'forbidden');
    // member2 works in another village of the town.
    expectError(await agents.member2.get(`/api/v1/cadres/${cadre.id}`), 404, 'cadre_not_found');
    expect(
      await findAuditEntries(test.db, { action: 'cadre.read', entityId: cadre.id, outcome: 'denied' }),
    ).toHaveLength(1);
    expectError(await agents.member2.get(`/api/v1/cadres/${uuidv7()}`), 404, 'cadre_not_found');
    expect((await agents.member2.get('/api/v1/cadres')).json<CadrePage>().items.map((item) => item.id)).not.toContain(
      cadre.id,
    );
  });

  it('assigns duties with the version seen, and answers 409 to a stale one', async () => {
    const assigned = await agents.village.post(`/api/v1/cadres/${cadre.id}/actions`, {
      action: 'assign',
      version: cadre.version,
      gridId: world.memberGrid.id,
      duties: '入户走访、信息采集',
    });
    expectStatus(assigned, 200);
    expect(assigned.json<Cadre>()).toMatchObject({ duties: '入户走访、信息采集', version: cadre.version + 1 });
    const stale = await agents.village.post(`/api/v1/cadres/${cadre.id}/actions`, {
      action: 'end',
      version: cadre.version,
      reason: '挂职期满',
    });
    expectError(stale, 409, 'cadre_changed');
    cadre = assigned.json<Cadre>();
  });

  it('answers an action on a cadre out of scope like a missing one, and keeps the attempt in the audit log', async () => {
    const password = 'Spring-Rain-Over-Hills-7';
    const account = await agents.county.post('/api/v1/accounts', {
      username: 'other-village',
      displayName: '邻村',
      password,
      role: 'village',
      regionId: world.otherVillage.id,
    });
    expectStatus(account, 201);
    const otherVillage = await signIn(test.app, 'other-village', { password });
    const denied = () => findAuditEntries(test.db, { action: 'cadre.read', entityId: cadre.id, outcome: 'denied' });
    const deniedBefore = (await denied()).length;
    expectError(
      await otherVillage.post(`/api/v1/cadres/${cadre.id}/actions`, {
        action: 'end',
        version: cadre.version,
        reason: '越权结束',
      }),
      404,
      'cadre_not_found',
    );
    expect(await denied()).toHaveLength(deniedBefore + 1);
    const unchanged = await agents.village.get(`/api/v1/cadres/${cadre.id}`);
    expect(unchanged.json<Cadre>()).toMatchObject({ status: 'active', version: cadre.version });
  });
});

describe('import of a unit’s list', () => {
  const upload = (agent: Agent, csv: string, fileName = 'list.csv') =>
    agent.request(
      'POST',
      `/api/v1/cadres/imports?unitId=${unit.id}&serviceRegionId=${world.memberVillage.id}&fileName=${fileName}`,
      Buffer.from(csv, 'utf8'),
      { 'content-type': 'text/csv' },
    );

  it('reports each row with a problem and registers nothing, then the fixed list whole', async () => {
    const header = '姓名,类别,手机号,网格,职责';
    const bad = `${header}\n王导入,下沉干部,13900000001,${world.memberGrid.name},入户走访\n赵导入,临时工,12345,不存在的网格,\n`;
    const refused = await upload(agents.village, bad);
    expectStatus(refused, 200);
    const report = refused.json<ImportResult>();
    expect(report.imported).toBe(0);
    expect(report.problems.map((problem) => [problem.rowNumber, problem.column])).toEqual([
      [3, '类别'],
      [3, '手机号'],
      [3, '网格'],
    ]);
    expect(report.problems.map((problem) => problem.message.zh).join('')).toContain('不存在的网格');
    expect((await agents.village.get('/api/v1/cadres?q=导入')).json<CadrePage>().items).toEqual([]);

    const good = `${header}\n王导入,下沉干部,13900000001,${world.memberGrid.name},入户走访\n赵导入,在职党员,,,\n`;
    const done = await upload(agents.village, good);
    expectStatus(done, 200);
    expect(done.json<ImportResult>()).toEqual({ imported: 2, problems: [] });
    const imported = (await agents.village.get('/api/v1/cadres?q=导入')).json<CadrePage>().items;
    expect(imported.map((item) => [item.name, item.kind, item.grid?.id ?? null])).toEqual([
      ['王导入', 'cadre', world.memberGrid.id],
      ['赵导入', 'party_member', null],
    ]);
    expect(await findAuditEntries(test.db, { action: 'cadre.create', entityId: imported[0]!.id })).toHaveLength(1);
  });

  it('gives the template with the header row the import reads, to those who may import', async () => {
    const template = await agents.village.get('/api/v1/cadres/import-template');
    expectStatus(template, 200);
    const rows = await readUploadedRows(template.rawPayload, 'template.xlsx');
    expect(rows[0]?.cells).toEqual(['姓名', '类别', '手机号', '网格', '职责']);
    expectError(await agents.member.get('/api/v1/cadres/import-template'), 403, 'forbidden');
  });

  it('refuses files it cannot read, a list without its header, and roles below the village', async () => {
    expectError(await upload(agents.village, '姓名\n张三\n', 'list.pdf'), 400, 'unsupported_file');
    expectError(await upload(agents.village, '名字\n张三\n'), 400, 'no_header_row');
    expectError(await upload(agents.member, '姓名\n张三\n'), 403, 'forbidden');
  });
});

describe('check-ins', () => {
  it('measures a check-in against the boundary: inside is 0 m, outside the metres to the nearest edge', () => {
    const square: Area = {
      type: 'Polygon',
      coordinates: [
        [
          [120, 30],
          [120.01, 30],
          [120.01, 30.01],
          [120, 30.01],
          [120, 30],
        ],
      ],
    };
    expect(measureAgainstBoundary(square, 120.005, 30.005)).toEqual({ inside: true, metres: 0 });
    // 0.001° of longitude at 30° N is about 96 m.
    const outside = measureAgainstBoundary(square, 120.011, 30.005);
    expect(outside.inside).toBe(false);
    expect(outside.metres).toBeGreaterThan(90);
    expect(outside.metres).toBeLessThan(100);
  });

  let checkIn: CheckIn;

  it('checks the cadre in inside their grid, once per client id and once a day', async () => {
    const location = pointInside(world.memberGrid.boundary!);
    const body = { id: uuidv7(), location };
    const first = await agents.cadre.post('/api/v1/attendance/check-ins', body);
    expectStatus(first, 201);
    checkIn = first.json<CheckIn>();
    expect(checkIn).toMatchObject({
      cadreId: cadre.id,
      day: today,
      insideGrid: true,
      distanceMeters: 0,
      isServiceDay: true,
    });
    const again = await agents.cadre.post('/api/v1/attendance/check-ins', body);
    expectStatus(again, 200);
    expect(again.json<CheckIn>()).toEqual(checkIn);
    expectError(
      await agents.cadre.post('/api/v1/attendance/check-ins', { id: uuidv7(), location }),
      409,
      'already_checked_in',
    );
    // Someone else's send of the id learns nothing of it.
    expectError(await agents.member.post('/api/v1/attendance/check-ins', body), 409, 'client_id_taken');
    expect(await findAuditEntries(test.db, { action: 'cadre.check_in', entityId: cadre.id })).toHaveLength(1);
  });

  it('refuses a check-in from an account that is no serving cadre, and bad locations', async () => {
    const location = pointInside(world.memberGrid.boundary!);
    expectError(
      await agents.member.post('/api/v1/attendance/check-ins', { id: uuidv7(), location }),
      409,
      'not_a_cadre',
    );
    expectError(
      await agents.cadre.post('/api/v1/attendance/check-ins', { id: uuidv7(), location: { lat: 200, lng: 120 } }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.cadre.post('/api/v1/attendance/check-ins', { id: 'not-an-id', location }),
      400,
      'validation_failed',
    );
    expectError(await agents.cadre.post('/api/v1/attendance/check-ins', { id: uuidv7() }), 400, 'validation_failed');
  });

  it('checks out of the own check-in only', async () => {
    const location = pointInside(world.memberGrid.boundary!);
    const out = await agents.cadre.post(`/api/v1/attendance/check-ins/${checkIn.id}/check-out`, { location });
    expectStatus(out, 200);
    expect(out.json<CheckIn>().checkedOutAt).not.toBeNull();
    expectError(
      await agents.leader.post(`/api/v1/attendance/check-ins/${checkIn.id}/check-out`, { location }),
      409,
      'not_a_cadre',
    );
  });
});

describe('attendance and leave', () => {
  let leave: Leave;

  it('takes leave the cadre asks for once the community approves it, once', async () => {
    const asked = await agents.cadre.post('/api/v1/attendance/leaves', {
      cadreId: cadre.id,
      startsOn: addDays(today, -3),
      endsOn: addDays(today, -2),
      reason: '单位集中培训',
    });
    expectStatus(asked, 201);
    leave = asked.json<Leave>();
    expect(leave.status).toBe('pending');
    expectError(
      await agents.cadre.post('/api/v1/attendance/leaves', {
        cadreId: cadre.id,
        startsOn: today,
        endsOn: addDays(today, -1),
        reason: '倒序',
      }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.cadre.post(`/api/v1/attendance/leaves/${leave.id}/decision`, { decision: 'approve' }),
      403,
      'forbidden',
    );
    const approved = await agents.village.post(`/api/v1/attendance/leaves/${leave.id}/decision`, {
      decision: 'approve',
    });
    expectStatus(approved, 200);
    expect(approved.json<Leave>().status).toBe('approved');
    expectError(
      await agents.village.post(`/api/v1/attendance/leaves/${leave.id}/decision`, { decision: 'reject' }),
      409,
      'leave_decided',
    );
    expectError(
      await agents.member2.get(`/api/v1/attendance/leaves?regionId=${world.memberVillage.id}`),
      404,
      'region_not_found',
    );
  });

  async function attendanceOfCadre() {
    const response = await agents.village.get(`/api/v1/attendance?from=${startsOn}&to=${today}`);
    expectStatus(response, 200);
    return response.json<Attendance>().items.find((item) => item.cadre.id === cadre.id)!;
  }

  it('flags today as 点卯 until the cadre records work, the days without check-in as absent or on leave', async () => {
    const before = await attendanceOfCadre();
    const statusOf = (row: typeof before, day: string) => row.days.find((item) => item.day === day)?.status;
    expect(statusOf(before, today)).toBe('roll_call_only');
    expect(statusOf(before, addDays(today, -1))).toBe('absent');
    expect(statusOf(before, addDays(today, -2))).toBe('on_leave');
    expect(statusOf(before, addDays(today, -3))).toBe('on_leave');
    expect(before).toMatchObject({ worked: 0, rollCallOnly: 1, onLeave: 2, absent: 4 });
    // The cadre visits a household of the grid: today's check-in is work done.
    const [home] = await test.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.regionId, world.memberGrid.id))
      .limit(1);
    const visit = await agents.cadre.post('/api/v1/visits', {
      id: uuidv7(),
      householdId: home!.id,
      visitedAt: new Date(Date.now() - 60_000).toISOString(),
      purpose: 'routine',
      findings: '了解老人用药情况。',
    });
    expectStatus(visit, 201);
    const after = await attendanceOfCadre();
    expect(statusOf(after, today)).toBe('worked');
    expect(after).toMatchObject({ worked: 1, rollCallOnly: 0 });
  });

  it('refuses a period the wrong way round or longer than a year', async () => {
    expectError(await agents.village.get(`/api/v1/attendance?from=${today}&to=${startsOn}`), 400, 'validation_failed');
    expectError(await agents.village.get(`/api/v1/attendance?from=2020-01-01&to=2022-01-01`), 400, 'validation_failed');
    expectError(await agents.village.get(`/api/v1/attendance?from=nope&to=${today}`), 400, 'validation_failed');
  });
});

describe('evaluation', () => {
  it('weighs the indicators, giving the weight of one with nothing to count to the others', () => {
    const weights = { visitRate: 30, accuracy: 20, satisfaction: 20, attendance: 20, work: 10 };
    const { lines, total } = weighLines(
      [
        { indicator: 'visitRate', counts: {}, score: 50 },
        { indicator: 'accuracy', counts: {}, score: null },
        { indicator: 'satisfaction', counts: {}, score: 100 },
        { indicator: 'attendance', counts: {}, score: 100 },
        { indicator: 'work', counts: {}, score: 0 },
      ],
      weights,
    );
    expect(lines.map((line) => line.weight)).toEqual([37.5, 0, 25, 25, 12.5]);
    expect(total).toBe(68.8);
    const thresholds = { excellent: 90, good: 75, fair: 60 };
    expect([95, 90, 80, 60, 59.9].map((value) => gradeOf(value, thresholds))).toEqual([
      'excellent',
      'excellent',
      'good',
      'fair',
      'poor',
    ]);
  });

  it('explains the cadre’s grade line by line and ranks them in their community', async () => {
    const response = await agents.village.get(`/api/v1/cadres/evaluation?from=${startsOn}&to=${today}`);
    expectStatus(response, 200);
    const { items, rules } = response.json<EvaluationList>();
    const own = items.find((item) => item.cadre.id === cadre.id)!;
    const line = (indicator: string) => own.lines.find((item) => item.indicator === indicator)!;
    expect(line('attendance').counts).toMatchObject({ attended: 1, expected: 5, onLeave: 2, absent: 4 });
    expect(line('attendance').score).toBe(20);
    expect(line('visitRate').counts.visited).toBe(1);
    expect(line('accuracy')).toMatchObject({ score: null, weight: 0, points: 0 });
    expect(own.total).toBeCloseTo(
      own.lines.reduce((sum, item) => sum + item.points, 0),
      0,
    );
    expect(own.grade).toBe(gradeOf(own.total, rules.thresholds));
    expect(own).toMatchObject({ rank: 1, groupName: world.memberVillage.name });
  });

  it('lets the county set weights that add up to 100, and only the county', async () => {
    const rules = {
      weights: { visitRate: 40, accuracy: 10, satisfaction: 20, attendance: 20, work: 10 },
      thresholds: { excellent: 85, good: 70, fair: 60 },
      workPerServiceDay: 1,
    };
    expectStatus(await agents.county.put('/api/v1/cadres/evaluation-rules', rules), 200);
    expect((await agents.cadre.get('/api/v1/cadres/evaluation-rules')).json()).toEqual(rules);
    expectError(
      await agents.county.put('/api/v1/cadres/evaluation-rules', { ...rules, weights: { ...rules.weights, work: 30 } }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.county.put('/api/v1/cadres/evaluation-rules', {
        ...rules,
        thresholds: { excellent: 60, good: 70, fair: 50 },
      }),
      400,
      'validation_failed',
    );
    expectError(await agents.village.put('/api/v1/cadres/evaluation-rules', rules), 403, 'forbidden');
    // The console in Chinese shows the server's refusal as it comes: a rule of ours in Chinese, not in English.
    const chinese = { 'accept-language': 'zh-CN' };
    const badWeights = { ...rules, weights: { ...rules.weights, work: 30 } };
    const badThresholds = { ...rules, thresholds: { excellent: 60, good: 70, fair: 50 } };
    for (const [body, zh] of [
      [badWeights, '各项权重合计须为 100。'],
      [badThresholds, '等次分数线须从优秀到一般依次降低。'],
    ] as const) {
      const refused = await agents.county.request('PUT', '/api/v1/cadres/evaluation-rules', body, chinese);
      expect(expectError(refused, 400, 'validation_failed').message).toContain(zh);
    }
    const refusedWeights = await agents.county.request(
      'PUT',
      '/api/v1/cadres/grid-member-weights',
      { weights: badWeights.weights },
      chinese,
    );
    expect(expectError(refusedWeights, 400, 'validation_failed').message).toContain('各项权重合计须为 100。');
    expect((await agents.county.get('/api/v1/cadres/evaluation-rules')).json()).toEqual(rules);
    expectError(
      await agents.village.put('/api/v1/attendance/service-days', { weekdays: [3], expectedHours: 4 }),
      403,
      'forbidden',
    );
    expectError(
      await agents.county.put('/api/v1/attendance/service-days', { weekdays: [8], expectedHours: 4 }),
      400,
      'validation_failed',
    );
  });

  it('ends the service: the cadre no longer checks in', async () => {
    const ended = await agents.village.post(`/api/v1/cadres/${cadre.id}/actions`, {
      action: 'end',
      version: cadre.version,
      reason: '挂职期满',
    });
    expectStatus(ended, 200);
    expect(ended.json<Cadre>()).toMatchObject({ status: 'ended', endReason: '挂职期满', endedOn: today });
    const location = pointInside(world.memberGrid.boundary!);
    expectError(
      await agents.cadre.post('/api/v1/attendance/check-ins', { id: uuidv7(), location }),
      409,
      'not_a_cadre',
    );
    expectError(
      await agents.village.post(`/api/v1/cadres/${cadre.id}/actions`, {
        action: 'end',
        version: cadre.version + 1,
        reason: '再次',
      }),
      409,
      'cadre_changed',
    );
  });
});
