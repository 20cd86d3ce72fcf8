import { randomUUID } from 'node:crypto';
import ExcelJS from '../src/server/modules/registry/ledger/exceljs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../src/shared/api/accounts.js';
import type { CadreReport, CadreReportList } from '../src/shared/api/cadre-reports.js';
import type { Cadre, CadrePage, CadreSpotCheckList, EvaluationList } from '../src/shared/api/cadres.js';
import type { NotificationPage } from '../src/shared/api/notifications.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import { abilitiesOf } from '../src/shared/policy.js';
import { periodDays } from '../src/server/modules/cadre-reports/cadre-reports.service.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signIn,
  signInAll,
  type Agent,
  type ApiResponse,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * A dispatching unit's account (role `unit`, the demo's `unit` speaks for 县民政局): given by the county, it reads its
 * own cadres, their attendance and evaluation, the streets' quarterly reports about them and its own yearly report,
 * uploads its own list — and nothing else: another unit's cadres read like missing ones (audited), and nothing of
 * the registry, the cases or the territory answers it.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'town' | 'village', Agent>;
let unitAgent: Agent;
let ownUnit: { id: string; name: string };
let otherUnit: Unit;
let ownCadre: Cadre;
let otherCadre: Cadre;
const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
const lastQuarter = quarterOf(addDays(periodDays('quarterly', quarterOf(chinaToday())).from, -1));
const lastQuarterDays = periodDays('quarterly', lastQuarter);
/** A password the installation's policy accepts for a new account. */
const strongPassword = 'Spring-Rain-Over-Hills-7';
const lastYear = String(Number(chinaToday().slice(0, 4)) - 1);

async function register(name: string, unitId: string): Promise<Cadre> {
  const registered = await agents.village.post('/api/v1/cadres', {
    kind: 'cadre',
    name,
    unitId,
    serviceRegionId: world.memberVillage.id,
    gridId: world.memberGrid.id,
    startsOn: lastQuarterDays.from,
  });
  expectStatus(registered, 201);
  return registered.json<Cadre>();
}

/** The look at a hidden record answers exactly as a missing one, and is audited as denied; the miss is not. */
async function expectHiddenLikeMissing(urlOf: (id: string) => string, hiddenId: string) {
  const denied = () => findAuditEntries(test.db, { actorId: unitAgent.user.id, entityId: hiddenId, outcome: 'denied' });
  const before = (await denied()).length;
  const missingId = randomUUID();
  const hidden = await unitAgent.get(urlOf(hiddenId));
  const missing = await unitAgent.get(urlOf(missingId));
  expect(hidden.statusCode, hidden.body).toBe(404);
  expect(hidden.body.replaceAll(hiddenId, '<id>')).toBe(missing.body.replaceAll(missingId, '<id>'));
  expect(await denied()).toHaveLength(before + 1);
  expect(await findAuditEntries(test.db, { entityId: missingId })).toEqual([]);
}

async function workbookText(response: ApiResponse): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))));
  return cells.join('\n');
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['county', 'town', 'village'] as const);
  unitAgent = await signIn(test.app, 'unit');
  ownUnit = unitAgent.session.user.unit!;
  const created = await agents.county.post('/api/v1/units', { name: '县教育局二处', kind: 'department' });
  expectStatus(created, 201);
  otherUnit = created.json<Unit>();
  ownCadre = await register('钱自家', ownUnit.id);
  otherCadre = await register('孙别家', otherUnit.id);
});

afterAll(() => test?.close());

describe('giving a unit its account', () => {
  it('lets the county give a unit’s contact an account anchored at the county, naming the unit', async () => {
    const created = await agents.county.post('/api/v1/accounts', {
      username: 'jiaoyu-lianluo',
      displayName: '教育局联络员',
      role: 'unit',
      regionId: world.county.id,
      unitId: otherUnit.id,
      password: strongPassword,
    });
    expectStatus(created, 201);
    const account = created.json<Account>();
    expect(account).toMatchObject({ role: 'unit', regionId: world.county.id, unit: { id: otherUnit.id } });
    const [entry] = await findAuditEntries(test.db, { action: 'account.create', entityId: account.id });
    expect(entry?.details).toMatchObject({ role: 'unit', unitId: otherUnit.id });
    const signedIn = await signIn(test.app, 'jiaoyu-lianluo', { password: strongPassword });
    expect(signedIn.session.user.unit).toEqual({ id: otherUnit.id, name: otherUnit.name });
    const names = (await signedIn.get('/api/v1/cadres')).json<CadrePage>().items.map((item) => item.name);
    expect(names).toEqual(['孙别家']);
  });

  it('refuses a unit account without its unit, a unit for another role, another anchor, and other granters', async () => {
    const body = {
      username: 'lianluo-2',
      displayName: '联络员',
      role: 'unit',
      regionId: world.county.id,
      unitId: otherUnit.id,
      password: strongPassword,
    };
    expectError(await agents.county.post('/api/v1/accounts', { ...body, unitId: undefined }), 400, 'validation_failed');
    expectError(await agents.county.post('/api/v1/accounts', { ...body, role: 'county' }), 400, 'validation_failed');
    expectError(
      await agents.county.post('/api/v1/accounts', { ...body, regionId: world.town.id }),
      400,
      'validation_failed',
    );
    expectError(await agents.county.post('/api/v1/accounts', { ...body, unitId: randomUUID() }), 404, 'unit_not_found');
    // The town and the village manage accounts but not the county's units.
    expectError(await agents.town.post('/api/v1/accounts', body), 403, 'forbidden');
    expectError(await agents.village.post('/api/v1/accounts', body), 403, 'forbidden');
  });

  it('shows the unit and exactly the abilities of the policy table in the session', () => {
    expect(unitAgent.session.role).toBe('unit');
    expect(unitAgent.session.abilities).toEqual(abilitiesOf('unit'));
    expect(ownUnit.name).toBe('县民政局');
  });
});

describe('its own people', () => {
  it('lists, searches and reads its own cadres only; another unit’s reads like a missing one, audited', async () => {
    const listed = (await unitAgent.get('/api/v1/cadres?limit=200')).json<CadrePage>().items;
    expect(listed.map((item) => item.id)).toContain(ownCadre.id);
    expect(listed.every((item) => item.unit.id === ownUnit.id)).toBe(true);
    expect((await unitAgent.get(`/api/v1/cadres?q=${encodeURIComponent('孙别家')}`)).json<CadrePage>().items).toEqual(
      [],
    );
    expect((await unitAgent.get(`/api/v1/cadres?unitId=${otherUnit.id}`)).json<CadrePage>().items).toEqual([]);
    expectStatus(await unitAgent.get(`/api/v1/cadres/${ownCadre.id}`), 200);
    // The phone is starred: a unit has no sensitive.read.
    await expectHiddenLikeMissing((id) => `/api/v1/cadres/${id}`, otherCadre.id);
  });

  it('reads its own cadres’ attendance, leave and evaluation line by line, and no one else’s', async () => {
    const period = `from=${lastQuarterDays.from}&to=${lastQuarterDays.to}`;
    const attendance = await unitAgent.get(`/api/v1/attendance?${period}`);
    expectStatus(attendance, 200);
    const attended = attendance.json<{ items: { cadre: { id: string } }[] }>().items.map((item) => item.cadre.id);
    expect(attended).toContain(ownCadre.id);
    expect(attended).not.toContain(otherCadre.id);
    const evaluation = await unitAgent.get(`/api/v1/cadres/evaluation?${period}&rankWithin=unit`);
    expectStatus(evaluation, 200);
    const evaluated = evaluation.json<EvaluationList>().items;
    expect(evaluated.map((item) => item.cadre.id)).toEqual([ownCadre.id]);
    expect(evaluated[0]!.lines.map((line) => line.indicator)).toContain('attendance');
    // Asking for another unit, or a village's subtree, still gives its own people only.
    const ofOther = await unitAgent.get(`/api/v1/cadres/evaluation?${period}&unitId=${otherUnit.id}`);
    expect(ofOther.json<EvaluationList>().items).toEqual([]);
    const leave = await agents.village.post('/api/v1/attendance/leaves', {
      cadreId: otherCadre.id,
      startsOn: chinaToday(),
      endsOn: chinaToday(),
      reason: '出差',
    });
    expectStatus(leave, 201);
    const leaves = (await unitAgent.get('/api/v1/attendance/leaves')).json<{ items: { cadreId: string }[] }>().items;
    expect(leaves.map((item) => item.cadreId)).not.toContain(otherCadre.id);
  });

  it('reads what the spot checks found of its own cadres, and not of another unit’s', async () => {
    const planned = await agents.town.post('/api/v1/spot-checks', {
      checkOn: chinaToday(),
      title: '服务日暗访',
      inspectors: ['督查组甲'],
      regionIds: [world.memberVillage.id],
    });
    expectStatus(planned, 201);
    const checkId = planned.json<{ id: string }>().id;
    for (const cadre of [ownCadre, otherCadre]) {
      const recorded = await agents.town.post(`/api/v1/spot-checks/${checkId}/records`, {
        cadreId: cadre.id,
        outcome: 'roll_call_only',
        place: '社区服务站',
        activity: '签到后离开',
      });
      expectStatus(recorded, 200);
    }
    const found = await unitAgent.get(`/api/v1/cadres/${ownCadre.id}/spot-checks`);
    expectStatus(found, 200);
    expect(found.json<CadreSpotCheckList>().items).toEqual([
      expect.objectContaining({ spotCheckId: checkId, outcome: 'roll_call_only', activity: '签到后离开' }),
    ]);
    await expectHiddenLikeMissing((id) => `/api/v1/cadres/${id}/spot-checks`, otherCadre.id);
    // The checks themselves, with everyone they found, are the territory's.
    expectError(await unitAgent.get(`/api/v1/spot-checks/${checkId}`), 403, 'forbidden');
  });

  it('uploads its own list, and not another unit’s', async () => {
    const communities = await unitAgent.get('/api/v1/cadres/import-communities');
    expectStatus(communities, 200);
    expect(communities.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toContain(
      world.memberVillage.id,
    );
    const list = Buffer.from('姓名,类别,手机号\n李上传,下沉干部,13900001111\n');
    const url = (unitId: string) =>
      `/api/v1/cadres/imports?unitId=${unitId}&serviceRegionId=${world.memberVillage.id}&fileName=list.csv`;
    const headers = { 'content-type': 'text/csv' };
    expectError(await unitAgent.request('POST', url(otherUnit.id), list, headers), 404, 'unit_not_found');
    const imported = await unitAgent.request('POST', url(ownUnit.id), list, headers);
    expectStatus(imported, 200);
    expect(imported.json()).toEqual({ imported: 1, problems: [] });
    expectStatus(await unitAgent.get('/api/v1/cadres/import-template'), 200);
    // Registering, assigning or ending stays with the community.
    expectError(
      await unitAgent.post(`/api/v1/cadres/${ownCadre.id}/actions`, { action: 'end', version: 1, reason: '调回' }),
      403,
      'forbidden',
    );
  });
});

describe('reports up the chain', () => {
  let quarterly: CadreReport;

  beforeAll(async () => {
    const generated = await agents.town.post('/api/v1/cadre-reports', {
      kind: 'quarterly',
      period: lastQuarter,
      regionId: world.town.id,
    });
    expectStatus(generated, 201);
    quarterly = generated.json<CadreReport>();
  });

  it('receives the street’s quarterly report once sent, with its own people and its own subtotal only', async () => {
    // A draft is the street's own business.
    await expectHiddenLikeMissing((id) => `/api/v1/cadre-reports/${id}`, quarterly.id);
    // A unit none of whose people the report counts.
    const emptyUnit = (
      await agents.county.post('/api/v1/units', { name: '县档案馆', kind: 'department' })
    ).json<Unit>();
    const emptyUnitAccount = { username: 'dangan-lianluo', displayName: '档案馆联络员', role: 'unit' };
    expectStatus(
      await agents.county.post('/api/v1/accounts', {
        ...emptyUnitAccount,
        regionId: world.county.id,
        unitId: emptyUnit.id,
        password: strongPassword,
      }),
      201,
    );
    const emptyUnitAgent = await signIn(test.app, emptyUnitAccount.username, { password: strongPassword });
    const submitted = await agents.town.post(`/api/v1/cadre-reports/${quarterly.id}/submit`, {
      version: quarterly.version,
    });
    expectStatus(submitted, 200);
    // The unit is told on its bell, as the county is told to review; the street that sent it is not.
    const notices = async (agent: Agent) =>
      (await agent.get('/api/v1/notifications'))
        .json<NotificationPage>()
        .items.filter((notice) => notice.kind === 'cadre_report_received' && notice.params.reportId === quarterly.id);
    expect((await notices(unitAgent)).map((notice) => notice.params)).toEqual([
      { reportId: quarterly.id, subjectName: world.town.name, period: lastQuarter },
    ]);
    for (const other of [agents.town, agents.county, emptyUnitAgent]) expect(await notices(other)).toEqual([]);
    const listed = (await unitAgent.get('/api/v1/cadre-reports')).json<CadreReportList>().items;
    expect(listed.map((item) => item.id)).toEqual([quarterly.id]);
    const read = await unitAgent.get(`/api/v1/cadre-reports/${quarterly.id}`);
    expectStatus(read, 200);
    const { figures } = read.json<CadreReport>();
    expect(figures.rows.map((row) => row.cadreId)).toContain(ownCadre.id);
    expect(figures.rows.every((row) => row.unitId === ownUnit.id)).toBe(true);
    expect(figures.units.map((unit) => unit.unitId)).toEqual([ownUnit.id]);
    expect(figures.totals.cadres).toBe(figures.rows.length);
    const workbook = await unitAgent.get(`/api/v1/cadre-reports/${quarterly.id}/report.xlsx`);
    expectStatus(workbook, 200);
    const text = await workbookText(workbook);
    expect(text).toContain('钱自家');
    expect(text).not.toContain('孙别家');
    expectStatus(await unitAgent.get(`/api/v1/cadre-reports/${quarterly.id}/report.pdf`), 200);
    // It reads the report; it does not review or return it.
    expectError(
      await unitAgent.post(`/api/v1/cadre-reports/${quarterly.id}/return`, { version: 2, comment: '不对' }),
      403,
      'forbidden',
    );
  });

  it('does not receive a street’s report that counts none of its people', async () => {
    const otherTownVillage = world.childrenOf(world.otherTown.id)[0]!;
    const generated = await agents.county.post('/api/v1/cadre-reports', {
      kind: 'monthly',
      period: lastQuarterDays.from.slice(0, 7),
      regionId: otherTownVillage.id,
    });
    expectStatus(generated, 201);
    const report = generated.json<CadreReport>();
    await expectHiddenLikeMissing((id) => `/api/v1/cadre-reports/${id}`, report.id);
    await expectHiddenLikeMissing((id) => `/api/v1/cadre-reports/${id}/report.xlsx`, report.id);
  });

  it('generates and submits its own yearly report to the county, and no other unit’s or level’s', async () => {
    expectError(
      await unitAgent.post('/api/v1/cadre-reports', { kind: 'yearly', period: lastYear, unitId: otherUnit.id }),
      404,
      'unit_not_found',
    );
    expectError(
      await unitAgent.post('/api/v1/cadre-reports', {
        kind: 'monthly',
        period: lastQuarterDays.from.slice(0, 7),
        regionId: world.memberVillage.id,
      }),
      403,
      'forbidden',
    );
    const generated = await unitAgent.post('/api/v1/cadre-reports', {
      kind: 'yearly',
      period: lastYear,
      unitId: ownUnit.id,
    });
    expectStatus(generated, 201);
    const yearly = generated.json<CadreReport>();
    expect(yearly.unit).toEqual(ownUnit);
    expect(yearly.figures.rows.every((row) => row.unitId === ownUnit.id)).toBe(true);
    const submitted = await unitAgent.post(`/api/v1/cadre-reports/${yearly.id}/submit`, { version: yearly.version });
    expectStatus(submitted, 200);
    const awaiting = (await agents.county.get('/api/v1/cadre-reports?awaitingMe=true')).json<CadreReportList>();
    expect(awaiting.items.map((item) => item.id)).toContain(yearly.id);
    // Nor does it submit the street's report it received.
    const street = (await unitAgent.get(`/api/v1/cadre-reports?kind=quarterly`)).json<CadreReportList>().items[0]!;
    expectError(
      await unitAgent.post(`/api/v1/cadre-reports/${street.id}/submit`, { version: street.version }),
      403,
      'forbidden',
    );
  });
});

describe('nothing else', () => {
  /** The reads a unit's account is given: its session, its notifications, and what the tests above cover. */
  const allowed = new Set([
    // Public: what the console needs before sign-in, and the root.
    '/',
    '/api/v1/config',
    '/api/v1/session',
    '/api/v1/session/second-factor',
    '/api/v1/notifications',
    '/api/v1/notifications/unread-count',
    '/api/v1/cadres',
    '/api/v1/cadres/evaluation',
    '/api/v1/cadres/evaluation-rules',
    '/api/v1/cadres/accuracy-rules',
    // The county's rules, as the two above: whether the 721 split shows, and the grid members' weights.
    '/api/v1/cadres/time-split-rule',
    '/api/v1/cadres/grid-member-weights',
    '/api/v1/cadres/import-template',
    '/api/v1/cadres/import-communities',
    '/api/v1/cadre-registrations',
    '/api/v1/attendance',
    '/api/v1/attendance/service-days',
    '/api/v1/attendance/leaves',
    '/api/v1/cadre-reports',
  ]);

  it('is refused every other list, search, count, figure and export of the API', async () => {
    const document = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const reads = Object.entries(document.paths).flatMap(([path, operations]) =>
      'get' in operations && !path.includes('{') && !path.startsWith('/api/v1/public/') ? [path] : [],
    );
    expect(reads.length).toBeGreaterThan(50);
    const answered: string[] = [];
    for (const path of reads.filter((candidate) => !allowed.has(candidate))) {
      const response = await unitAgent.get(path);
      // Refused for want of the capability, or for a query it lacks; never an answer with data.
      if (response.statusCode === 200) answered.push(path);
    }
    expect(answered).toEqual([]);
  });

  it('reads no registry person, household, case, region or staff by id', async () => {
    const person = world.staff[0]!;
    for (const url of [
      `/api/v1/regions/${world.memberGrid.id}`,
      `/api/v1/staff/${person.id}`,
      `/api/v1/persons?regionId=${world.memberGrid.id}`,
      `/api/v1/households?regionId=${world.memberGrid.id}`,
      `/api/v1/cases?regionId=${world.memberGrid.id}`,
      `/api/v1/registry/export?regionId=${world.memberGrid.id}`,
      `/api/v1/regions/${world.county.id}/figures`,
      '/api/v1/spot-checks',
      '/api/v1/spot-check-findings',
      '/api/v1/cadres/accuracy-samples',
      '/api/v1/cadre-invitations',
    ]) {
      const response = await unitAgent.get(url);
      expect([403, 404], `${url}: ${response.body}`).toContain(response.statusCode);
    }
  });
});
