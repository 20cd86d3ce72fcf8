import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadreCheckIns, households, serviceConsultations } from '../src/server/db/schema/index.js';
import type { Area } from '../src/shared/geojson.js';
import type { Cadre, EvaluationList, TimeSplitList } from '../src/shared/api/cadres.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
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
 * The 721 time split (seed 003) through the API: off until the county turns it on; then each cadre's records of a
 * period counted in their grid (visits, check-ins inside it), at the service desk (consultations) and on rotation
 * (a check-in flagged outside the grid), on the evaluation and its own list, in scope only.
 */

const usernames = ['county', 'town', 'village', 'cadre', 'member'] as const;
const today = chinaToday();
const from = addDays(today, -6);

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let cadre: Cadre;
let withoutAccount: Cadre;

function pointInside(area: Area): { lat: number; lng: number } {
  const ring = area.type === 'Polygon' ? area.coordinates[0]! : area.coordinates[0]![0]!;
  const corners = ring.slice(0, -1);
  const mean = (index: number) => corners.reduce((sum, corner) => sum + corner[index]!, 0) / corners.length;
  return { lng: mean(0), lat: mean(1) };
}

const splits = (agent: Agent) =>
  agent.get(`/api/v1/cadres/time-split?from=${from}&to=${today}`).then((response) => {
    expectStatus(response, 200);
    return response.json<TimeSplitList>();
  });

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  const unitResponse = await agents.county.post('/api/v1/units', {
    name: '县农业农村局',
    kind: 'department',
    contactName: '李科长',
    contactPhone: '13800004444',
  });
  expectStatus(unitResponse, 201);
  const unit = unitResponse.json<Unit>();
  const register = async (body: Record<string, unknown>) => {
    const response = await agents.village.post('/api/v1/cadres', {
      kind: 'cadre',
      unitId: unit.id,
      serviceRegionId: world.memberVillage.id,
      gridId: world.memberGrid.id,
      // Serving since a month before the period, so the month before it lists them too (with nothing counted).
      startsOn: addDays(from, -30),
      ...body,
    });
    expectStatus(response, 201);
    return response.json<Cadre>();
  };
  cadre = await register({ name: '郑七二一', accountId: world.accounts.cadre.id });
  withoutAccount = await register({ name: '钱无号' });
});

afterAll(() => test?.close());

describe('the county setting', () => {
  it('is off by default: no split on the list or the evaluation', async () => {
    expect(await splits(agents.village)).toMatchObject({ enabled: false, items: [] });
    const rule = await agents.village.get('/api/v1/cadres/time-split-rule');
    expect(rule.json()).toEqual({ enabled: false });
    const evaluation = (
      await agents.village.get(`/api/v1/cadres/evaluation?from=${from}&to=${today}`)
    ).json<EvaluationList>();
    expect(evaluation.items.find((item) => item.cadre.id === cadre.id)?.timeSplit).toBeNull();
  });

  it('is turned on by the county only, audited', async () => {
    expectError(await agents.village.put('/api/v1/cadres/time-split-rule', { enabled: true }), 403, 'forbidden');
    expectError(
      await agents.county.put('/api/v1/cadres/time-split-rule', { enabled: 'yes' }),
      400,
      'validation_failed',
    );
    const saved = await agents.county.put('/api/v1/cadres/time-split-rule', { enabled: true });
    expectStatus(saved, 200);
    expect(saved.json()).toEqual({ enabled: true });
    expect(await findAuditEntries(test.db, { action: 'cadre_settings.update' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ details: { timeSplit: { enabled: true } } })]),
    );
  });
});

describe('the split', () => {
  it('counts the records in the grid, at the service desk and on rotation', async () => {
    const cadreAccount = world.accounts.cadre.id;
    // In the grid: today's check-in inside it and a visit to a household of it.
    expectStatus(
      await agents.cadre.post('/api/v1/attendance/check-ins', {
        id: uuidv7(),
        location: pointInside(world.memberGrid.boundary!),
      }),
      201,
    );
    const [home] = await test.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.regionId, world.memberGrid.id))
      .limit(1);
    expectStatus(
      await agents.cadre.post('/api/v1/visits', {
        id: uuidv7(),
        householdId: home!.id,
        visitedAt: new Date(Date.now() - 60_000).toISOString(),
        purpose: 'routine',
        findings: '了解独居老人近况。',
      }),
      201,
    );
    // At the desk: a consultation the cadre logged at the community's centre.
    const centre = await agents.town.post('/api/v1/service-centres', {
      regionId: world.memberVillage.id,
      kind: 'centre',
      name: '七二一党群服务中心',
    });
    expectStatus(centre, 201);
    await test.db.insert(serviceConsultations).values({
      countyId: world.county.id,
      id: uuidv7(),
      centreId: centre.json<{ id: string }>().id,
      kind: 'policy',
      outcome: 'answered',
      happenedAt: new Date(Date.now() - 120_000),
      subject: '医保政策咨询',
      recordedBy: cadreAccount,
    });
    // On rotation: yesterday's check-in flagged 800 m outside the grid; one with no boundary to measure is left out.
    const checkIn = {
      countyId: world.county.id,
      cadreId: cadre.id,
      latitude: 30,
      longitude: 120,
      createdBy: cadreAccount,
    };
    await test.db.insert(cadreCheckIns).values([
      {
        ...checkIn,
        id: uuidv7(),
        day: addDays(today, -1),
        checkedInAt: new Date(),
        insideGrid: false,
        distanceMeters: 800,
      },
      { ...checkIn, id: uuidv7(), day: addDays(today, -2), checkedInAt: new Date(), insideGrid: null },
    ]);

    const list = await splits(agents.village);
    expect(list.enabled).toBe(true);
    expect(list.target).toEqual({ grid: 70, desk: 20, rotation: 10 });
    // The cadre with no account has no records to count: not listed.
    expect(list.items.map((item) => item.cadre.id)).toEqual([cadre.id]);
    expect(list.items[0]!.split).toEqual({
      records: 4,
      grid: 2,
      desk: 1,
      rotation: 1,
      gridPercent: 50,
      deskPercent: 25,
      rotationPercent: 25,
    });
    const evaluation = (
      await agents.village.get(`/api/v1/cadres/evaluation?from=${from}&to=${today}`)
    ).json<EvaluationList>();
    expect(evaluation.items.find((item) => item.cadre.id === cadre.id)?.timeSplit).toEqual(list.items[0]!.split);
    expect(evaluation.items.find((item) => item.cadre.id === withoutAccount.id)?.timeSplit).toBeNull();
    // Outside the period: nothing counted, no shares.
    const earlier = (
      await agents.village.get(`/api/v1/cadres/time-split?from=${addDays(from, -30)}&to=${addDays(from, -1)}`)
    ).json<TimeSplitList>();
    expect(earlier.items[0]!.split).toMatchObject({ records: 0, gridPercent: null });
  });

  it('lists only the caller’s subtree, and refuses a period the wrong way round or over a year', async () => {
    const member = await splits(agents.member);
    expect(member.items.map((item) => item.cadre.id)).toEqual([cadre.id]);
    expectError(
      await agents.village.get(`/api/v1/cadres/time-split?from=${today}&to=${from}`),
      400,
      'validation_failed',
    );
    expectError(
      await agents.village.get('/api/v1/cadres/time-split?from=2020-01-01&to=2022-01-01'),
      400,
      'validation_failed',
    );
  });
});
