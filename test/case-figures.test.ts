import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../src/server/db/client.js';
import { systemActor } from '../src/server/auth/actor.js';
import { rebuildCountyFigures } from '../src/server/modules/cases/figures.service.js';
import type { CaseFigures, CaseHeadline, CaseMap } from '../src/shared/api/case-figures.js';
import { actOn, reportCase } from './case-fixtures.js';
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

const headlineFields = ['reported', 'closed', 'closedOnTime', 'open', 'overdue'] as const;

describe('case figures, the map of open cases and the rebuild', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'member2' | 'leader' | 'town' | 'county', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'member2', 'leader', 'town', 'county'] as const);
  });

  afterAll(async () => {
    await test?.close();
  });

  const figuresOf = async (agent: Agent, regionId?: string, period = '') => {
    const response = await agent.get(`/api/v1/cases/figures?${regionId ? `regionId=${regionId}` : ''}${period}`);
    expectStatus(response, 200);
    return response.json<CaseFigures>();
  };
  const report = (body: Record<string, unknown> = {}) =>
    reportCase(agents.member, { description: '楼道垃圾堆放', regionId: world.memberGrid.id, ...body });
  /** Takes a grid case from its report to verified, rated by the member. */
  const workOn = async (id: string, rating: number) => {
    await actOn(agents.member, id, { action: 'accept' });
    await actOn(agents.member, id, { action: 'dispatch', assigneeId: world.accounts.leader.id });
    await actOn(agents.leader, id, { action: 'start' });
    await actOn(agents.leader, id, { action: 'handle', result: '已清理' });
    await actOn(agents.member, id, { action: 'verify', rating });
  };
  const difference = (after: CaseHeadline, before: CaseHeadline) =>
    Object.fromEntries(headlineFields.map((field) => [field, after[field] - before[field]]));
  /** The figures of the member's grid and of every region above it, as the county sees them. */
  const lineage = () => [world.memberGrid, world.memberVillage, world.town, world.county].map((region) => region.id);
  const lineageFigures = () => Promise.all(lineage().map((id) => figuresOf(agents.county, id)));

  let closedCaseId: string;

  it('counts a report in its grid and every region above, then its closing on time, level and rating', async () => {
    const before = await lineageFigures();
    const reported = await report();
    const afterReport = await lineageFigures();
    afterReport.forEach((figures, index) =>
      expect(difference(figures, before[index]!)).toEqual({
        reported: 1,
        closed: 0,
        closedOnTime: 0,
        open: 1,
        overdue: 0,
      }),
    );

    await workOn(reported.id, 4);
    await actOn(agents.member, reported.id, { action: 'close' });
    closedCaseId = reported.id;
    const afterClose = await lineageFigures();
    afterClose.forEach((figures, index) => {
      const earlier = before[index]!;
      expect(difference(figures, earlier)).toEqual({ reported: 1, closed: 1, closedOnTime: 1, open: 0, overdue: 0 });
      expect(figures.closedAt.grid.closed - earlier.closedAt.grid.closed).toBe(1);
      expect(figures.satisfaction.count - earlier.satisfaction.count).toBe(1);
      const environment = (rows: CaseFigures['byCategory']) =>
        rows.find((row) => row.code === 'environment')?.closed ?? 0;
      expect(environment(figures.byCategory) - environment(earlier.byCategory)).toBe(1);
      const visits = (rows: CaseFigures['bySource']) => rows.find((row) => row.source === 'visit')?.reported ?? 0;
      expect(visits(figures.bySource) - visits(earlier.bySource)).toBe(1);
    });
    const grid = afterClose[0]!;
    expect(grid.onTimeRate).toBeCloseTo(grid.closedOnTime / grid.closed, 3);
    expect(grid.averageHoursToClose).not.toBeNull();
  });

  it('counts a case past its deadline as overdue while open and as late once closed', async () => {
    const late = await report({ category: 'dispute_mediation', description: '邻里噪音纠纷' });
    await workOn(late.id, 3);
    await actOn(agents.member, late.id, { action: 'reopen', reason: '居民反映仍有噪音' });
    await test.db.execute(sql`update cases set deadline = now() - interval '1 hour' where id = ${late.id}`);
    const before = await figuresOf(agents.county, world.memberGrid.id);
    expect(before.overdue).toBeGreaterThanOrEqual(1);

    await actOn(agents.leader, late.id, { action: 'handle', result: '已调解' });
    await actOn(agents.member, late.id, { action: 'verify' });
    await actOn(agents.member, late.id, { action: 'close' });
    const after = await figuresOf(agents.county, world.memberGrid.id);
    expect(difference(after, before)).toEqual({ reported: 0, closed: 1, closedOnTime: 0, open: -1, overdue: -1 });
    expect(after.onTimeRate!).toBeLessThan(1);
  });

  it('takes a closing back when the case is reopened, and replaces a rating given again', async () => {
    const before = await figuresOf(agents.member);
    await actOn(agents.member, closedCaseId, { action: 'rate', rating: 5 });
    const rerated = await figuresOf(agents.member);
    expect(rerated.satisfaction.count).toBe(before.satisfaction.count);
    expect(rerated.satisfaction.average!).toBeGreaterThan(before.satisfaction.average!);

    await actOn(agents.member, closedCaseId, { action: 'reopen', reason: '垃圾又堆起来了' });
    const after = await figuresOf(agents.member);
    expect(difference(after, before)).toEqual({ reported: 0, closed: -1, closedOnTime: -1, open: 1, overdue: 0 });
    expect(after.closedAt.grid.closed - before.closedAt.grid.closed).toBe(-1);
  });

  it('shares the closings out by level and adds the children up to their parent', async () => {
    const { to } = (await figuresOf(agents.county)).period;
    const lastYear = `&from=${Number(to.slice(0, 4)) - 1}${to.slice(4)}&to=${to}`;
    for (const [agent, region] of [
      [agents.county, world.county],
      [agents.town, world.town],
      [agents.county, world.memberVillage],
    ] as const) {
      const figures = await figuresOf(agent, region.id, lastYear);
      expect(figures.children.map((child) => child.id)).toEqual(world.childrenOf(region.id).map((child) => child.id));
      for (const field of headlineFields) {
        expect(
          figures.children.reduce((total, child) => total + child[field], 0),
          field,
        ).toBe(figures[field]);
      }
      expect(figures.closed).toBeGreaterThan(0);
      const levels = Object.values(figures.closedAt);
      expect(levels.reduce((total, level) => total + level.closed, 0)).toBe(figures.closed);
      expect(levels.reduce((total, level) => total + level.share!, 0)).toBeCloseTo(1, 3);
      expect(figures.closedAt.grid.share).toBeCloseTo(figures.closedAt.grid.closed / figures.closed, 3);
    }
  });

  it('keeps another grid out of sight: 404 for regions outside scope, and none of their counts', async () => {
    expectError(
      await agents.member2.get(`/api/v1/cases/figures?regionId=${world.memberGrid.id}`),
      404,
      'region_not_found',
    );
    expectError(await agents.member2.get(`/api/v1/cases/figures?regionId=${world.town.id}`), 404, 'region_not_found');
    expectError(await agents.member2.get(`/api/v1/cases/map?regionId=${world.memberGrid.id}`), 404, 'region_not_found');
    const before = await figuresOf(agents.member2);
    expect(before.region.id).toBe(world.otherGrid.id);
    await report({ description: '另一网格看不到的案件' });
    const after = await figuresOf(agents.member2);
    expect(difference(after, before)).toEqual({ reported: 0, closed: 0, closedOnTime: 0, open: 0, overdue: 0 });
  });

  it('refuses periods that end before they start, span more than 3 years or are not dates', async () => {
    for (const period of [
      'from=2026-03-02&to=2026-03-01',
      'from=2020-01-01&to=2023-01-02',
      'from=2026-02-30',
      'to=yesterday',
    ]) {
      expectError(await agents.county.get(`/api/v1/cases/figures?${period}`), 400, 'validation_failed');
    }
    const longest = await figuresOf(agents.county, undefined, '&from=2020-01-01&to=2023-01-01');
    expect(longest.period).toEqual({ from: '2020-01-01', to: '2023-01-01' });
    const thisMonth = await figuresOf(agents.county);
    expect(thisMonth.period.from).toBe(`${thisMonth.period.to.slice(0, 8)}01`);
  });

  it('maps only the open cases with a location inside the scope', async () => {
    const located = await report({ location: { lat: 30.05, lng: 120.2 }, description: '路灯损坏' });
    const unlocated = await report({ description: '没有位置的案件' });
    const map = (await agents.member.get('/api/v1/cases/map')).json<CaseMap>();
    const ids = map.features.map((feature) => feature.properties.id);
    expect(ids).toContain(located.id);
    expect(ids).not.toContain(unlocated.id);
    expect(map.truncated).toBe(false);
    const mapped = map.features.find((feature) => feature.properties.id === located.id)!;
    expect(mapped.geometry.coordinates).toEqual([120.2, 30.05]);
    const rows = await selectRows<{ regionCode: string; status: string }>(
      test.db,
      sql`select region_code as "regionCode", status from cases
          where id in (${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )})`,
    );
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) {
      expect(row.regionCode.startsWith(world.memberGrid.code)).toBe(true);
      expect(['reported', 'accepted', 'dispatched', 'in_progress']).toContain(row.status);
    }
    const otherMap = (await agents.member2.get('/api/v1/cases/map')).json<CaseMap>();
    expect(otherMap.features.map((feature) => feature.properties.id)).not.toContain(located.id);

    await actOn(agents.member, located.id, { action: 'merge', duplicateOfId: unlocated.id });
    const afterMerge = (await agents.member.get('/api/v1/cases/map')).json<CaseMap>();
    expect(afterMerge.features.map((feature) => feature.properties.id)).not.toContain(located.id);
  });

  it('shows the demo county as a county is: cases overdue now, some closed late, some residents unhappy', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000);
    const from = new Date(today.getTime() - 89 * 86_400_000).toISOString().slice(0, 10);
    const figures = await figuresOf(agents.county, undefined, `&from=${from}`);
    expect(figures.overdue).toBeGreaterThan(0);
    expect(figures.closedOnTime).toBeLessThan(figures.closed);
    expect(figures.onTimeRate).toBeLessThan(0.98);
    expect(figures.satisfaction.average).toBeLessThan(4.5);
    const map = (await agents.county.get('/api/v1/cases/map')).json<CaseMap>();
    expect(map.features.some((feature) => feature.properties.isOverdue)).toBe(true);
  });

  it('counts on the map exactly the open and overdue cases the figures count, located or not', async () => {
    // One open case without a location, one on the map, one past its deadline: the map shows two dots of three.
    await report({ description: '没有位置的在办案件' });
    await report({ location: { lat: 30.05, lng: 120.2 }, description: '有位置的在办案件' });
    const late = await report({ description: '已超期的在办案件' });
    await test.db.execute(sql`update cases set deadline = now() - interval '1 hour' where id = ${late.id}`);
    const regions = [world.county, world.town, world.memberVillage, world.memberGrid];
    const viewers = [
      [agents.county, regions],
      [agents.town, regions.slice(1)],
      [agents.leader, regions.slice(3)],
    ] as const;
    for (const [agent, visible] of viewers) {
      for (const region of visible) {
        const figures = await figuresOf(agent, region.id);
        const map = (await agent.get(`/api/v1/cases/map?regionId=${region.id}`)).json<CaseMap>();
        expect({ open: map.open, overdue: map.overdue }).toEqual({ open: figures.open, overdue: figures.overdue });
        expect(map.features.length).toBeLessThan(map.open);
        expect(map.overdue).toBeGreaterThan(0);
      }
    }
    // The demo county as a whole: hundreds of cases, the same count both ways.
    const county = await figuresOf(agents.county);
    const countyMap = (await agents.county.get('/api/v1/cases/map')).json<CaseMap>();
    expect(countyMap.open).toBe(county.open);
    expect(countyMap.features.filter((feature) => feature.properties.isOverdue).length).toBeLessThanOrEqual(
      county.overdue,
    );
  });

  it('rebuilds from the cases exactly the figures the incremental writes gave, audited as the operator', async () => {
    const snapshot = () =>
      selectRows<Record<string, unknown>>(
        test.db,
        sql`select region_id, day::text, category_code, source, reported, closed, closed_on_time, closed_at_grid,
              closed_at_village, closed_at_town, closed_at_county, close_seconds::text, rating_sum, rating_count
            from case_figures
            where county_id = ${world.county.id}
              and (reported, closed, closed_on_time, close_seconds, rating_sum, rating_count) <> (0, 0, 0, 0, 0, 0)
            order by region_id, day, category_code, source`,
      );
    const incremental = await snapshot();
    expect(incremental.length).toBeGreaterThan(0);
    const [rebuilt] = await rebuildCountyFigures(test.db, systemActor('cli'), world.county.code);
    expect(await snapshot()).toEqual(incremental);
    const [entry] = await findAuditEntries(test.db, { action: 'case_figures.rebuild', entityId: world.county.id });
    expect(entry).toMatchObject({
      actorUsername: 'system:cli',
      actorId: null,
      regionCode: world.county.code,
      outcome: 'success',
      details: { rows: rebuilt!.rows },
    });
  });
});
