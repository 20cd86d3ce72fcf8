import { eq } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { households } from '../src/server/db/schema/index.js';
import type { GridMemberEvaluationList, GridMemberWeights } from '../src/shared/api/cadres.js';
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
 * Grid members (网格员) evaluated the same way as cadres with their own weights, through the API: the county sets the
 * weights apart from the cadres', a grid member's visits count on their visit-rate and work lines, and the lines with
 * nothing to count for them (attendance, accuracy) give their weight to the others.
 */

const usernames = ['county', 'town', 'village', 'member'] as const;
const today = chinaToday();
const from = addDays(today, -6);
const weights = { visitRate: 40, accuracy: 0, satisfaction: 20, attendance: 0, work: 40 };

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;

const evaluate = async (agent: Agent) => {
  const response = await agent.get(`/api/v1/cadres/evaluation/grid-members?from=${from}&to=${today}`);
  expectStatus(response, 200);
  return response.json<GridMemberEvaluationList>();
};

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
});

afterAll(() => test?.close());

describe('the weights for grid members', () => {
  it('default to the visits first, apart from the cadres’ weights', async () => {
    const response = await agents.village.get('/api/v1/cadres/grid-member-weights');
    expectStatus(response, 200);
    expect(response.json<GridMemberWeights>().weights).toEqual({
      visitRate: 50,
      accuracy: 0,
      satisfaction: 30,
      attendance: 0,
      work: 20,
    });
  });

  it('are set by the county only, adding up to 100, audited, leaving the cadres’ weights alone', async () => {
    expectError(await agents.village.put('/api/v1/cadres/grid-member-weights', { weights }), 403, 'forbidden');
    expectError(
      await agents.county.put('/api/v1/cadres/grid-member-weights', { weights: { ...weights, work: 50 } }),
      400,
      'validation_failed',
    );
    const saved = await agents.county.put('/api/v1/cadres/grid-member-weights', { weights });
    expectStatus(saved, 200);
    expect(saved.json<GridMemberWeights>().weights).toEqual(weights);
    expect(await findAuditEntries(test.db, { action: 'cadre_settings.update' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ details: { gridMemberWeights: weights } })]),
    );
    const cadreRules = (await agents.county.get('/api/v1/cadres/evaluation-rules')).json<{ weights: object }>();
    expect(cadreRules.weights).toMatchObject({ visitRate: 30, attendance: 20 });
  });
});

describe('the evaluation of grid members', () => {
  it('counts a grid member’s visits on the visit-rate and work lines with their own weights', async () => {
    const [home] = await test.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.regionId, world.memberGrid.id))
      .limit(1);
    expectStatus(
      await agents.member.post('/api/v1/visits', {
        id: uuidv7(),
        householdId: home!.id,
        visitedAt: new Date(Date.now() - 60_000).toISOString(),
        purpose: 'routine',
        findings: '了解独居老人近况。',
      }),
      201,
    );
    const list = await evaluate(agents.village);
    expect(list.weights).toEqual(weights);
    const member = list.items.find((item) => item.account.id === world.accounts.member.id)!;
    expect(member.grid).toEqual({ id: world.memberGrid.id, name: world.memberGrid.name });
    expect(member.groupName).toBe(world.memberVillage.name);
    const line = (indicator: string) => member.lines.find((candidate) => candidate.indicator === indicator)!;
    expect(line('visitRate').counts.visited).toBeGreaterThanOrEqual(1);
    expect(line('visitRate').score).toBeGreaterThan(0);
    expect(line('work').counts.work).toBeGreaterThanOrEqual(1);
    // Attendance and accuracy count nothing for a grid member, nor satisfaction without ratings: visits and work
    // share the whole weight, 40 : 40.
    for (const indicator of ['attendance', 'accuracy', 'satisfaction']) {
      expect(line(indicator)).toMatchObject({ score: null, weight: 0, points: 0 });
    }
    expect(line('visitRate').weight).toBe(50);
    expect(line('work').weight).toBe(50);
    expect(member.total).toBe(Math.round((line('visitRate').points + line('work').points) * 10) / 10);
    expect(member.rank).toBeGreaterThanOrEqual(1);
  });

  it('lists only the grid members of the caller’s subtree, and refuses a bad period', async () => {
    const village = await evaluate(agents.village);
    const grids = new Set(world.childrenOf(world.memberVillage.id).map((grid) => grid.id));
    expect(village.items.length).toBeGreaterThan(0);
    expect(village.items.every((item) => grids.has(item.grid.id))).toBe(true);
    const town = await evaluate(agents.town);
    expect(town.items.length).toBeGreaterThanOrEqual(village.items.length);
    expectError(
      await agents.village.get(`/api/v1/cadres/evaluation/grid-members?from=${today}&to=${from}`),
      400,
      'validation_failed',
    );
  });
});

describe('the working days a grid member’s work is expected on', () => {
  it('follow the county’s calendar: National Day off, the make-up Saturday on', async () => {
    // 2026-10-01 … 10-07 are the National Day holidays; Saturday 10-10 is a make-up working day (调休), Sunday 10-11 not.
    const response = await agents.village.get('/api/v1/cadres/evaluation/grid-members?from=2026-10-01&to=2026-10-11');
    expectStatus(response, 200);
    const { items } = response.json<GridMemberEvaluationList>();
    const rules = (await agents.village.get('/api/v1/cadres/evaluation-rules')).json<{ workPerServiceDay: number }>();
    expect(rules.workPerServiceDay).toBeGreaterThan(0);
    expect(items.length).toBeGreaterThan(0);
    for (const member of items) {
      const work = member.lines.find((line) => line.indicator === 'work')!;
      expect(work.counts.expected).toBe(3 * rules.workPerServiceDay);
    }
  });
});
