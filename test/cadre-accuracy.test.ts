import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadres } from '../src/server/db/schema/index.js';
import { sampleSize } from '../src/server/modules/cadres/accuracy.service.js';
import type {
  AccuracyCheck,
  AccuracyCheckView,
  AccuracySample,
  AccuracySampleList,
} from '../src/shared/api/cadre-accuracy.js';
import type { Cadre, EvaluationList } from '../src/shared/api/cadres.js';
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
 * Information-accuracy verification (信息核查) through the API: the village draws a sample of the entries its
 * cadres' accounts collected, re-checks each entry (never its own), another village reaches none of it, and the
 * evaluation's accuracy line counts the results.
 */

const usernames = ['county', 'town', 'village', 'member', 'cadre'] as const;
const today = chinaToday();
const from = addDays(today, -6);

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let otherVillage: Agent;
/** A grid member also sent down (its entries are sampled) and a village account also sent down (for the own-check rule). */
let memberCadre: Cadre;
let villageCadre: Cadre;
let sample: AccuracySample;

async function registerCadre(unit: Unit, name: string, accountId: string): Promise<Cadre> {
  const response = await agents.village.post('/api/v1/cadres', {
    kind: 'cadre',
    name,
    unitId: unit.id,
    serviceRegionId: world.memberVillage.id,
    gridId: world.memberGrid.id,
    duties: '信息采集',
    // Serving since a month before the period, so the month before it counts them too (with nothing checked).
    startsOn: addDays(from, -30),
  });
  expectStatus(response, 201);
  // The form links cadre accounts only; these people collect with the grid-worker accounts they already have.
  await test.db.update(cadres).set({ accountId }).where(eq(cadres.id, response.json<Cadre>().id));
  return response.json<Cadre>();
}

async function addPerson(agent: Agent, name: string, phone: string) {
  expectStatus(await agent.post('/api/v1/persons', { regionId: world.memberGrid.id, name, phone }), 201);
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const unitResponse = await agents.county.post('/api/v1/units', {
    name: '县统计局',
    kind: 'department',
    contactName: '赵主任',
    contactPhone: '13800002222',
  });
  expectStatus(unitResponse, 201);
  const unit = unitResponse.json<Unit>();
  memberCadre = await registerCadre(unit, '钱核查', world.accounts.member.id);
  villageCadre = await registerCadre(unit, '孙核查', world.accounts.village.id);
  for (const [index, name] of ['周一', '吴二', '郑三', '王四'].entries()) {
    await addPerson(agents.member, name, `1391234000${index}`);
  }
  const household = await agents.member.post('/api/v1/households', {
    regionId: world.memberGrid.id,
    address: '核查小区1号楼101室',
  });
  expectStatus(household, 201);
  await addPerson(agents.village, '冯五', '13912340009');
  const account = await agents.town.post('/api/v1/accounts', {
    username: 'other-village',
    displayName: '邻村',
    password: 'Spring-Rain-Over-Hills-7',
    role: 'village',
    regionId: world.otherVillage.id,
  });
  expectStatus(account, 201);
  otherVillage = await signIn(test.app, 'other-village', { password: 'Spring-Rain-Over-Hills-7' });
});

afterAll(() => test?.close());

describe('drawing a sample', () => {
  it('takes the share rounded up, at least the minimum, never more than there are', () => {
    const rules = { sharePercent: 5, minimumCount: 3 };
    expect([0, 2, 3, 10, 100, 101].map((entries) => sampleSize(entries, rules))).toEqual([0, 2, 3, 3, 5, 6]);
  });

  it('refuses bad input, and roles that do not manage cadres', async () => {
    const draw = (agent: Agent, body: Record<string, unknown>) =>
      agent.post('/api/v1/cadres/accuracy-samples', { regionId: world.memberVillage.id, from, to: today, ...body });
    expectError(await draw(agents.village, { from: today, to: from }), 400, 'validation_failed');
    expectError(await draw(agents.village, { from: 'yesterday' }), 400, 'validation_failed');
    expectError(await draw(agents.village, { regionId: world.memberGrid.id }), 400, 'validation_failed');
    expectError(await draw(agents.village, { regionId: uuidv7() }), 404, 'region_not_found');
    expectError(await draw(agents.member, {}), 403, 'forbidden');
    expectError(await draw(agents.cadre, {}), 403, 'forbidden');
    expectError(await draw(otherVillage, {}), 404, 'region_not_found');
  });

  it('draws the share of each cadre’s entries once, keeping the seed, and audits it', async () => {
    const response = await agents.village.post('/api/v1/cadres/accuracy-samples', {
      regionId: world.memberVillage.id,
      from,
      to: today,
    });
    expectStatus(response, 201);
    sample = response.json<AccuracySample>();
    expect(sample).toMatchObject({ region: { id: world.memberVillage.id }, sharePercent: 5, minimumCount: 3 });
    expect(sample.seed).toMatch(/^[0-9a-f]{32}$/);
    const ofCadre = (cadre: Cadre) => sample.checks.filter((check) => check.cadre.id === cadre.id);
    // Five entries of the grid member (four persons, a household): 5 % is less than the minimum of three.
    expect(ofCadre(memberCadre)).toHaveLength(3);
    expect(ofCadre(villageCadre)).toHaveLength(1);
    expect(sample.checks.every((check) => check.result === 'pending')).toBe(true);
    const [audit] = await findAuditEntries(test.db, { action: 'accuracy_sample.draw', entityId: sample.id });
    expect(audit?.details).toMatchObject({ seed: sample.seed, entries: 6, drawn: 4 });
    // Not drawn again until a favourable sample comes up: the same period, or one overlapping it.
    for (const period of [
      { from, to: today },
      { from: addDays(from, 2), to: addDays(today, 3) },
    ]) {
      expectError(
        await agents.village.post('/api/v1/cadres/accuracy-samples', { regionId: world.memberVillage.id, ...period }),
        409,
        'accuracy_sample_exists',
      );
    }
    const list = (await agents.town.get('/api/v1/cadres/accuracy-samples')).json<AccuracySampleList>();
    expect(list.items.map((item) => item.id)).toContain(sample.id);
  });

  it('lets only the county set the share, within bounds', async () => {
    expect((await agents.village.get('/api/v1/cadres/accuracy-rules')).json()).toEqual({
      sharePercent: 5,
      minimumCount: 3,
    });
    expectError(
      await agents.village.put('/api/v1/cadres/accuracy-rules', { sharePercent: 10, minimumCount: 2 }),
      403,
      'forbidden',
    );
    expectError(
      await agents.county.put('/api/v1/cadres/accuracy-rules', { sharePercent: 0, minimumCount: 2 }),
      400,
      'validation_failed',
    );
    expectStatus(await agents.county.put('/api/v1/cadres/accuracy-rules', { sharePercent: 10, minimumCount: 2 }), 200);
    expect(await findAuditEntries(test.db, { action: 'accuracy_settings.update' })).toHaveLength(1);
  });
});

describe('another village', () => {
  it('cannot list, read or check the sample, and its looks are audited', async () => {
    const list = (await otherVillage.get('/api/v1/cadres/accuracy-samples')).json<AccuracySampleList>();
    expect(list.items).toEqual([]);
    expectError(
      await otherVillage.get(`/api/v1/cadres/accuracy-samples/${sample.id}`),
      404,
      'accuracy_sample_not_found',
    );
    const check = sample.checks[0]!;
    expectError(await otherVillage.get(`/api/v1/cadres/accuracy-checks/${check.id}`), 404, 'accuracy_check_not_found');
    expectError(
      await otherVillage.put(`/api/v1/cadres/accuracy-checks/${check.id}`, { result: 'match' }),
      404,
      'accuracy_check_not_found',
    );
    const denied = await findAuditEntries(test.db, { entityId: sample.id, outcome: 'denied' });
    expect(denied.map((entry) => entry.action)).toEqual(['accuracy_sample.read']);
    expect(await findAuditEntries(test.db, { entityId: check.id, outcome: 'denied' })).toHaveLength(2);
  });
});

describe('checking entries', () => {
  const memberChecks = () => sample.checks.filter((check) => check.cadre.id === memberCadre.id);

  it('shows a sampled person masked as the registry shows it, and audits the read as the registry does', async () => {
    const person = memberChecks().find((check) => check.entityType === 'person');
    expect(person).toBeDefined();
    const response = await agents.village.get(`/api/v1/cadres/accuracy-checks/${person!.id}`);
    expectStatus(response, 200);
    const view = response.json<AccuracyCheckView>();
    expect(view.person?.phone).toMatch(/^139\*{4}\d{4}$/);
    expect(view.household).toBeNull();
    expect(await findAuditEntries(test.db, { action: 'person.read', entityId: person!.entityId })).toHaveLength(1);
  });

  it('refuses a mismatch without fields, an unknown field, and a role that does not manage cadres', async () => {
    const url = `/api/v1/cadres/accuracy-checks/${memberChecks()[0]!.id}`;
    expectError(await agents.village.put(url, { result: 'mismatch' }), 400, 'validation_failed');
    expectError(await agents.village.put(url, { result: 'match', wrongFields: ['phone'] }), 400, 'validation_failed');
    expectError(await agents.village.put(url, { result: 'mismatch', wrongFields: ['hair'] }), 400, 'validation_failed');
    expectError(await agents.village.put(url, { result: 'maybe' }), 400, 'validation_failed');
    expectError(await agents.member.put(url, { result: 'match' }), 403, 'forbidden');
    expectError(await agents.cadre.put(url, { result: 'match' }), 403, 'forbidden');
    expectError(
      await agents.village.put(`/api/v1/cadres/accuracy-checks/${uuidv7()}`, { result: 'match' }),
      404,
      'accuracy_check_not_found',
    );
  });

  it('records a match and a mismatch once each, and never by the account that collected the entry', async () => {
    const [first, second] = memberChecks();
    const match = await agents.village.put(`/api/v1/cadres/accuracy-checks/${first!.id}`, { result: 'match' });
    expectStatus(match, 200);
    expect(match.json<AccuracyCheck>()).toMatchObject({ result: 'match', wrongFields: [] });
    const mismatch = await agents.village.put(`/api/v1/cadres/accuracy-checks/${second!.id}`, {
      result: 'mismatch',
      wrongFields: ['phone', 'name'],
      note: '电话已停用',
    });
    expectStatus(mismatch, 200);
    expect(mismatch.json<AccuracyCheck>()).toMatchObject({ wrongFields: ['phone', 'name'], note: '电话已停用' });
    expectError(
      await agents.village.put(`/api/v1/cadres/accuracy-checks/${first!.id}`, {
        result: 'mismatch',
        wrongFields: ['name'],
      }),
      409,
      'accuracy_check_done',
    );
    expect(await findAuditEntries(test.db, { action: 'accuracy_check.record', entityId: second!.id })).toHaveLength(1);
    const own = sample.checks.find((check) => check.cadre.id === villageCadre.id)!;
    expectError(
      await agents.village.put(`/api/v1/cadres/accuracy-checks/${own.id}`, { result: 'match' }),
      403,
      'forbidden',
    );
    expectStatus(await agents.town.put(`/api/v1/cadres/accuracy-checks/${own.id}`, { result: 'match' }), 200);
  });
});

describe('evaluation', () => {
  it('scores accuracy from the checked entries of the period, and nothing when none was checked', async () => {
    const evaluate = async (period: string) => {
      const response = await agents.village.get(
        `/api/v1/cadres/evaluation?regionId=${world.memberVillage.id}&${period}`,
      );
      expectStatus(response, 200);
      const { items } = response.json<EvaluationList>();
      return (cadre: Cadre) =>
        items.find((item) => item.cadre.id === cadre.id)!.lines.find((line) => line.indicator === 'accuracy')!;
    };
    const accuracyOf = await evaluate(`from=${from}&to=${today}`);
    expect(accuracyOf(memberCadre)).toMatchObject({ counts: { checked: 2, mismatched: 1 }, score: 50 });
    expect(accuracyOf(villageCadre)).toMatchObject({ counts: { checked: 1, mismatched: 0 }, score: 100 });
    const before = await evaluate(`from=${addDays(from, -30)}&to=${addDays(from, -1)}`);
    expect(before(memberCadre)).toMatchObject({ counts: { checked: 0, mismatched: 0 }, score: null, weight: 0 });
  });
});
