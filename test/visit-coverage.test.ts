import { and, eq, like, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  FieldFigures,
  OverdueHouseholdPage,
  VisitCoverage,
  VisitPlanItem,
  VisitPlanPage,
  VisitPlanRule,
} from '../src/shared/api/field-work.js';
import { addDays, chinaDayStart } from '../src/shared/clock.js';
import { selectRows } from '../src/server/db/client.js';
import {
  householdTags,
  households,
  persons,
  personTags,
  places,
  visits,
  visitVisitors,
} from '../src/server/db/schema/index.js';
import ExcelJS from '../src/server/modules/registry/ledger/exceljs.js';
import { Random } from '../src/server/seed/random.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type RegionRecord,
  type TestApp,
} from './helpers.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let test: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'village' | 'member' | 'member2' | 'cadre', Agent>;
let today: string;

/** A household of the fixture, added to a demo grid. */
async function addHousehold(grid: RegionRecord, address: string, tags: string[] = []) {
  const id = uuidv7();
  await test.db.insert(households).values({
    countyId: grid.countyId,
    id,
    regionId: grid.id,
    regionCode: grid.code,
    address,
  });
  if (tags.length > 0) {
    await test.db
      .insert(householdTags)
      .values(tags.map((tagCode) => ({ countyId: grid.countyId, householdId: id, tagCode })));
  }
  return id;
}

/** A visit made at noon (China) of `date` by the given staff, straight into the table (the visits API is not ours). */
async function addVisit(
  grid: RegionRecord,
  target: { householdId?: string; placeId?: string },
  date: string,
  staffIds: string[],
) {
  const id = uuidv7();
  await test.db.insert(visits).values({
    countyId: grid.countyId,
    id,
    householdId: target.householdId ?? null,
    placeId: target.placeId ?? null,
    regionId: grid.id,
    regionCode: grid.code,
    visitedAt: new Date(chinaDayStart(date).getTime() + 12 * 3_600_000),
    purpose: 'routine',
    recordedBy: world.accounts.member.id,
  });
  if (staffIds.length > 0) {
    await test.db
      .insert(visitVisitors)
      .values(staffIds.map((staffId) => ({ countyId: grid.countyId, visitId: id, staffId })));
  }
  return id;
}

async function countHouseholds(code: string) {
  const [row] = await test.db
    .select({ count: sql<number>`count(*)::int` })
    .from(households)
    .where(like(households.regionCode, `${code}%`));
  return row!.count;
}

const march = 'from=2030-03-01&to=2030-03-31';
const fixture = {} as {
  twiceVisited: string;
  februaryOnly: string;
  otherGridVisited: string;
  memberStaff: string;
  cadreStaff: string;
  place: string;
};

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['county', 'village', 'member', 'member2', 'cadre'] as const);
  const result = (await test.db.execute(
    sql`select to_char(((now() at time zone 'UTC') + interval '8 hours')::date, 'YYYY-MM-DD') as today`,
  )) as unknown as { rows: { today: string }[] };
  const row = result.rows[0];
  today = row!.today;
  const gridA = world.memberGrid;
  const gridB = world.otherGrid;
  const staffA = world.staffIn(gridA.id);
  fixture.memberStaff = staffA.find((staff) => staff.kind === 'grid_member')!.id;
  fixture.cadreStaff = staffA.find((staff) => staff.kind === 'sunk_cadre')!.id;
  const memberBStaff = world.staffIn(gridB.id).find((staff) => staff.kind === 'grid_member')!.id;
  fixture.twiceVisited = await addHousehold(gridA, '覆盖测试路1号');
  fixture.februaryOnly = await addHousehold(gridA, '覆盖测试路2号');
  fixture.otherGridVisited = await addHousehold(gridB, '覆盖测试路3号');
  fixture.place = uuidv7();
  await test.db.insert(places).values({
    countyId: gridA.countyId,
    id: fixture.place,
    regionId: gridA.id,
    regionCode: gridA.code,
    kind: 'shop',
    name: '覆盖测试小店',
  });
  // Visited twice in March by the member (once with the cadre): one household, not two.
  await addVisit(gridA, { householdId: fixture.twiceVisited }, '2030-03-02', [fixture.memberStaff]);
  await addVisit(gridA, { householdId: fixture.twiceVisited }, '2030-03-20', [fixture.memberStaff, fixture.cadreStaff]);
  // February: outside the period.
  await addVisit(gridA, { householdId: fixture.februaryOnly }, '2030-02-28', [fixture.memberStaff]);
  // A place visited in March is no household.
  await addVisit(gridA, { placeId: fixture.place }, '2030-03-05', [fixture.memberStaff]);
  await addVisit(gridB, { householdId: fixture.otherGridVisited }, '2030-03-31', [memberBStaff]);
}, 120_000);

afterAll(async () => {
  await test?.close();
});

describe('visit coverage', () => {
  it('counts a household visited twice once, leaves out other periods and places', async () => {
    const response = await agents.member.get(`/api/v1/visits/coverage?regionId=${world.memberGrid.id}&${march}`);
    expectStatus(response, 200);
    const coverage = response.json<VisitCoverage>();
    const householdsA = await countHouseholds(world.memberGrid.code);
    expect(coverage.period).toEqual({ from: '2030-03-01', to: '2030-03-31' });
    expect(coverage.totals).toEqual({
      households: householdsA,
      visitedHouseholds: 1,
      rate: Number((1 / householdsA).toFixed(4)),
    });
    // February alone: the other household.
    const february = (
      await agents.member.get(`/api/v1/visits/coverage?regionId=${world.memberGrid.id}&from=2030-02-01&to=2030-02-28`)
    ).json<VisitCoverage>();
    expect(february.totals.visitedHouseholds).toBe(1);
    // Both months: both households, still not the place.
    const both = (
      await agents.member.get(`/api/v1/visits/coverage?regionId=${world.memberGrid.id}&from=2030-02-01&to=2030-03-31`)
    ).json<VisitCoverage>();
    expect(both.totals.visitedHouseholds).toBe(2);
  });

  it('gives each child region its own figures, and the village its staff', async () => {
    const village = world.memberVillage;
    const coverage = (
      await agents.county.get(`/api/v1/visits/coverage?regionId=${village.id}&${march}`)
    ).json<VisitCoverage>();
    const gridRow = coverage.rows.find((row) => row.id === world.memberGrid.id)!;
    expect(gridRow.name).toBe(world.memberGrid.name);
    expect(gridRow.visitedHouseholds).toBe(1);
    expect(gridRow.households).toBe(await countHouseholds(world.memberGrid.code));
    expect(coverage.rows.map((row) => row.id)).toEqual(world.childrenOf(village.id).map((row) => row.id));
    expect(coverage.totals.households).toBe(await countHouseholds(village.code));
    const member = coverage.staff!.find((row) => row.staffId === fixture.memberStaff)!;
    // Assigned: the households of the member's grid; visited by the member: one in March (a place is no
    // household); visits they took part in: three (two to the household, one to the place).
    expect(member).toMatchObject({
      assignedHouseholds: await countHouseholds(world.memberGrid.code),
      visitedHouseholds: 1,
      visits: 3,
    });
    const cadre = coverage.staff!.find((row) => row.staffId === fixture.cadreStaff)!;
    expect(cadre).toMatchObject({ visitedHouseholds: 1, visits: 1, kind: 'sunk_cadre' });
    // Above a village, no list of every cadre: the town's answer has none.
    const town = (
      await agents.county.get(`/api/v1/visits/coverage?regionId=${world.town.id}&${march}`)
    ).json<VisitCoverage>();
    expect(town.staff).toBeNull();
    expect(town.rows.find((row) => row.id === village.id)!.visitedHouseholds).toBe(
      world.otherVillage.id === village.id ? 2 : 1,
    );
  });

  it('lets the county see every region, and a grid member only their own (404, audited)', async () => {
    const county = await agents.county.get(`/api/v1/visits/coverage?regionId=${world.county.id}&${march}`);
    expectStatus(county, 200);
    expect(county.json<VisitCoverage>().totals.visitedHouseholds).toBe(2);
    expect(county.json<VisitCoverage>().totals.households).toBe(await countHouseholds(world.county.code));

    for (const url of [
      `/api/v1/visits/coverage?regionId=${world.otherGrid.id}&${march}`,
      `/api/v1/visits/coverage.xlsx?regionId=${world.otherGrid.id}&${march}`,
      `/api/v1/visits/plan?regionId=${world.otherGrid.id}`,
      `/api/v1/visits/overdue-households?regionId=${world.otherGrid.id}&days=30`,
      `/api/v1/field-figures?regionId=${world.otherGrid.id}`,
    ]) {
      expectError(await agents.member.get(url), 404, 'region_not_found');
    }
    const denied = await findAuditEntries(test.db, {
      actorId: world.accounts.member.id,
      entityId: world.otherGrid.id,
      outcome: 'denied',
    });
    expect(denied.length).toBeGreaterThanOrEqual(5);
    // Grid B's member sees grid B, with its one visited household.
    const own = (await agents.member2.get(`/api/v1/visits/coverage?${march}`)).json<VisitCoverage>();
    expect(own.region.id).toBe(world.otherGrid.id);
    expect(own.totals.visitedHouseholds).toBe(1);
  });

  it('refuses nonsense with 400, never 500', async () => {
    const base = `/api/v1/visits/coverage?regionId=${world.memberGrid.id}`;
    for (const url of [
      `${base}&from=2030-02-30`,
      `${base}&from=yesterday`,
      `${base}&from=2030-03-10&to=2030-03-01`,
      `${base}&from=2020-01-01&to=2030-01-01`,
      `${base}&from=0000-01-01`,
      `/api/v1/visits/coverage?regionId=not-a-uuid`,
      `/api/v1/visits/coverage?regionId=${world.memberGrid.id}%00`,
      `/api/v1/visits/plan?due=someday`,
      `/api/v1/visits/plan?cursor=garbage`,
      `/api/v1/visits/plan?limit=100000`,
      `/api/v1/visits/overdue-households?days=0`,
      `/api/v1/visits/overdue-households?days=${'9'.repeat(400)}`,
      `/api/v1/field-figures?to=2030-13-01`,
    ]) {
      const response = await agents.member.get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(400);
    }
  });

  it('answers /visits/coverage as a route of its own, not as a visit id', async () => {
    const response = await agents.member.get('/api/v1/visits/coverage');
    expectStatus(response, 200);
    expect(response.json<VisitCoverage>().region.id).toBe(world.memberGrid.id);
  });

  it('follows a household to its new grid, and forgets a deleted visit', async () => {
    const moving = await addHousehold(world.memberGrid, '覆盖测试路4号');
    const visitId = await addVisit(world.memberGrid, { householdId: moving }, '2030-04-02', [fixture.memberStaff]);
    const april = 'from=2030-04-01&to=2030-04-30';
    const visitedIn = async (grid: RegionRecord) =>
      (await agents.county.get(`/api/v1/visits/coverage?regionId=${grid.id}&${april}`)).json<VisitCoverage>().totals
        .visitedHouseholds;
    expect(await visitedIn(world.memberGrid)).toBe(1);
    await test.db
      .update(households)
      .set({ regionId: world.otherGrid.id, regionCode: world.otherGrid.code })
      .where(eq(households.id, moving));
    expect(await visitedIn(world.memberGrid)).toBe(0);
    expect(await visitedIn(world.otherGrid)).toBe(1);
    await test.db.delete(visitVisitors).where(eq(visitVisitors.visitId, visitId));
    await test.db.delete(visits).where(and(eq(visits.id, visitId), eq(visits.countyId, world.county.id)));
    expect(await visitedIn(world.otherGrid)).toBe(0);
  });
});

describe('coverage of any period, from the monthly and daily rollups', () => {
  const periods = [
    ['2031-01-01', '2031-01-31'],
    ['2031-02-01', '2031-02-28'],
    ['2031-03-01', '2031-03-31'],
    ['2031-01-01', '2031-03-31'],
    ['2031-02-01', '2031-03-31'],
    ['2031-02-01', '2031-04-30'],
    ['2031-03-01', '2031-04-30'],
    ['2031-01-01', '2031-04-30'],
    ['2031-01-31', '2031-02-01'],
    ['2031-02-02', '2031-03-31'],
    ['2031-03-02', '2031-04-30'],
  ] as const;

  /** What the visits themselves say: distinct households of the grid visited on a China date of the period. */
  async function visitedFromVisits(grid: RegionRecord, from: string, to: string) {
    const [row] = await selectRows<{ count: number }>(
      test.db,
      sql`select count(distinct v.household_id)::int as count from ${visits} v
        join ${households} h on h.county_id = v.county_id and h.id = v.household_id
        where h.region_code like ${`${grid.code}%`}
          and ((v.visited_at at time zone 'UTC') + interval '8 hours')::date between ${from}::date and ${to}::date`,
    );
    return row!.count;
  }

  async function expectCoverageAsTheVisitsSay(grid: RegionRecord) {
    for (const [from, to] of periods) {
      const coverage = (
        await agents.county.get(`/api/v1/visits/coverage?regionId=${grid.id}&from=${from}&to=${to}`)
      ).json<VisitCoverage>();
      expect({ from, to, ...coverage.totals }).toMatchObject({
        from,
        to,
        households: await countHouseholds(grid.code),
        visitedHouseholds: await visitedFromVisits(grid, from, to),
      });
    }
  }

  it('counts each household once whatever the period, through visits edited and deleted, households moved and deleted', async () => {
    const grid = world.memberGrid;
    const [first, second, third] = [
      await addHousehold(grid, '月度覆盖路1号'),
      await addHousehold(grid, '月度覆盖路2号'),
      await addHousehold(grid, '月度覆盖路3号'),
    ];
    // The first on the last day of January and twice in March; the second on the first of February; the third in
    // January and on the last day of April.
    await addVisit(grid, { householdId: first }, '2031-01-31', [fixture.memberStaff]);
    const firstMarch = await addVisit(grid, { householdId: first }, '2031-03-01', [fixture.memberStaff]);
    await addVisit(grid, { householdId: first }, '2031-03-15', [fixture.memberStaff]);
    const secondFebruary = await addVisit(grid, { householdId: second }, '2031-02-01', []);
    await addVisit(grid, { householdId: third }, '2031-01-10', []);
    await addVisit(grid, { householdId: third }, '2031-04-30', []);
    await expectCoverageAsTheVisitsSay(grid);
    const january = (
      await agents.county.get(`/api/v1/visits/coverage?regionId=${grid.id}&from=2031-01-01&to=2031-04-30`)
    ).json<VisitCoverage>();
    expect(january.totals.visitedHouseholds).toBe(3);

    // A visit's time corrected: February's visit was on the last day of March.
    await test.db
      .update(visits)
      .set({ visitedAt: new Date(chinaDayStart('2031-03-31').getTime() + 12 * 3_600_000) })
      .where(and(eq(visits.countyId, grid.countyId), eq(visits.id, secondFebruary)));
    await expectCoverageAsTheVisitsSay(grid);
    // A visit deleted: the first household's March is its 15th alone.
    await test.db.delete(visitVisitors).where(eq(visitVisitors.visitId, firstMarch));
    await test.db.delete(visits).where(and(eq(visits.countyId, grid.countyId), eq(visits.id, firstMarch)));
    await expectCoverageAsTheVisitsSay(grid);
    // A household moved to another grid takes its visits along; one deleted (its visits first) leaves the count.
    await test.db
      .update(households)
      .set({ regionId: world.otherGrid.id, regionCode: world.otherGrid.code })
      .where(eq(households.id, third));
    await expectCoverageAsTheVisitsSay(grid);
    await expectCoverageAsTheVisitsSay(world.otherGrid);
    await test.db.delete(visits).where(and(eq(visits.countyId, grid.countyId), eq(visits.householdId, second)));
    await test.db.delete(households).where(and(eq(households.countyId, grid.countyId), eq(households.id, second)));
    await expectCoverageAsTheVisitsSay(grid);
  });

  /** Per child region (codes of `childLength`), households and those visited in the period, from the tables. */
  async function coverageFromScan(code: string, childLength: number, from: string, to: string) {
    const rows = await selectRows<{ prefix: string; households: number; visited: number }>(
      test.db,
      sql`select substr(h.region_code, 1, ${childLength}) as prefix, count(*)::int as households,
          (count(*) filter (where exists (select 1 from ${visits} v
            where v.county_id = h.county_id and v.household_id = h.id
              and ((v.visited_at at time zone 'UTC') + interval '8 hours')::date between ${from}::date and ${to}::date
          )))::int as visited
        from ${households} h where h.region_code like ${`${code}%`} group by 1`,
    );
    return new Map(rows.map((row) => [row.prefix, row]));
  }

  /** The daily rollup as the triggers keep it, against the same triples worked out from the visits from scratch. */
  async function dayRollupDifferences() {
    return selectRows<{ region_code: string; day: string }>(
      test.db,
      sql`
      with days as (
        select distinct h.county_id, h.region_code, h.id,
          ((v.visited_at at time zone 'UTC') + interval '8 hours')::date as day
        from ${visits} v join ${households} h on h.county_id = v.county_id and h.id = v.household_id
      ), raw as (
        select county_id, region_code, day,
          coalesce(lag(day) over (partition by county_id, id order by day), '-infinity') as previous_day,
          coalesce(lead(day) over (partition by county_id, id order by day), 'infinity') as next_day
        from days
      ), counted as (
        select county_id, region_code, day, previous_day, next_day, count(*)::int as households from raw group by 1, 2, 3, 4, 5
      ), kept as (
        select county_id, region_code, day, previous_day, next_day, households from grid_visit_days where households <> 0
      )
      select region_code, to_char(day, 'YYYY-MM-DD') as day
      from ((table counted except table kept) union all (table kept except table counted)) differences`,
    );
  }

  it('equals a scan of the visits for random periods, through random visits, edits, moves and deletions', async () => {
    const random = new Random(51);
    const grids = [world.memberGrid, world.otherGrid, ...world.childrenOf(world.otherVillage.id)].slice(0, 4);
    const homes: { id: string; grid: RegionRecord }[] = [];
    for (const [index, grid] of grids.entries()) {
      for (let number = 1; number <= 6; number += 1) {
        homes.push({ id: await addHousehold(grid, `随机覆盖路${index}-${number}号`), grid });
      }
    }
    /** A day of 2034, or one of the last days of 2033 or the first of 2035 (years ahead of today: future-dated). */
    const randomDay = () => addDays('2034-01-01', random.integer(-10, 375));
    const recorded: { id: string; grid: RegionRecord }[] = [];
    for (let index = 0; index < 150; index += 1) {
      const home = random.pick(homes);
      recorded.push({ id: await addVisit(home.grid, { householdId: home.id }, randomDay(), []), grid: home.grid });
    }
    const regions = [world.county, world.town, world.otherVillage, ...grids];
    /** Comparisons where some households of the region were visited in the period and some not. */
    let telling = 0;
    async function expectAsTheScan() {
      expect(await dayRollupDifferences()).toEqual([]);
      // Periods that start or end on a day a household was visited, where off-by-one mistakes show.
      const visitedDays = (
        await selectRows<{ day: string }>(
          test.db,
          sql`select distinct to_char(((visited_at at time zone 'UTC') + interval '8 hours')::date, 'YYYY-MM-DD') as day
            from ${visits} where visited_at >= ${chinaDayStart('2033-12-01').toISOString()}::timestamptz`,
        )
      ).map((row) => row.day);
      const periods = [
        ...Array.from({ length: 6 }, () => {
          const day = random.pick(visitedDays);
          const span = random.integer(0, 70);
          return random.chance(0.5) ? { from: addDays(day, -span), to: day } : { from: day, to: addDays(day, span) };
        }),
        { from: '2034-01-01', to: '2034-12-31' },
        { from: '2034-03-01', to: '2034-03-20' },
        { from: '2033-12-25', to: '2035-01-05' },
        ...Array.from({ length: 9 }, () => {
          const from = randomDay();
          return { from, to: addDays(from, random.pick([0, 6, random.integer(1, 40), random.integer(30, 200)])) };
        }),
      ];
      for (const { from, to } of periods) {
        for (const region of regions) {
          const coverage = (
            await agents.county.get(`/api/v1/visits/coverage?regionId=${region.id}&from=${from}&to=${to}`)
          ).json<VisitCoverage>();
          const childLength = coverage.rows[0]?.code.length ?? region.code.length;
          const scan = await coverageFromScan(region.code, childLength, from, to);
          const expected = [...scan.values()].reduce(
            (sum, row) => ({ households: sum.households + row.households, visited: sum.visited + row.visited }),
            { households: 0, visited: 0 },
          );
          if (expected.visited > 0 && expected.visited < expected.households) telling += 1;
          expect({ region: region.code, from, to, ...coverage.totals }).toMatchObject({
            region: region.code,
            from,
            to,
            households: expected.households,
            visitedHouseholds: expected.visited,
          });
          for (const row of coverage.rows) {
            expect({ code: row.code, from, to, visited: row.visitedHouseholds }).toEqual({
              code: row.code,
              from,
              to,
              visited: scan.get(row.code)?.visited ?? 0,
            });
          }
        }
      }
    }
    await expectAsTheScan();

    for (const visit of random.sample(recorded, 60)) {
      const where = and(eq(visits.countyId, visit.grid.countyId), eq(visits.id, visit.id));
      const change = random.integer(0, 2);
      if (change === 0) {
        const day = randomDay();
        await test.db
          .update(visits)
          .set({ visitedAt: new Date(chinaDayStart(day).getTime() + random.integer(0, 23) * 3_600_000) })
          .where(where);
      }
      if (change === 1)
        await test.db
          .update(visits)
          .set({ householdId: random.pick(homes).id })
          .where(where);
      if (change === 2) await test.db.delete(visits).where(where);
    }
    // A household moved to another grid with its visits, one deleted after its visits.
    const [moved, removed] = random.sample(homes, 2);
    const target = grids.find((grid) => grid.id !== moved!.grid.id)!;
    await test.db
      .update(households)
      .set({ regionId: target.id, regionCode: target.code })
      .where(eq(households.id, moved!.id));
    await test.db.delete(visits).where(eq(visits.householdId, removed!.id));
    await test.db.delete(households).where(eq(households.id, removed!.id));
    await expectAsTheScan();
    expect(telling).toBeGreaterThan(100);
  }, 300_000);
});

describe('the coverage workbook', () => {
  it('opens with exceljs, in Chinese, with a row per child region and per staff member', async () => {
    const response = await agents.village.get(
      `/api/v1/visits/coverage.xlsx?regionId=${world.memberVillage.id}&${march}`,
    );
    expectStatus(response, 200);
    expect(response.headers['content-type']).toContain(xlsxType);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const regionsSheet = workbook.getWorksheet('下级区域')!;
    expect(regionsSheet.getRow(2).values).toEqual([undefined, '区域', '户数', '已走访户数', '入户率']);
    const names = regionsSheet.getColumn(1).values.slice(3);
    expect(names).toEqual([...world.childrenOf(world.memberVillage.id).map((row) => row.name), '合计']);
    const gridRow = regionsSheet.getRow(3 + names.indexOf(world.memberGrid.name));
    expect(gridRow.getCell(3).value).toBe(1);
    const staffSheet = workbook.getWorksheet('网格人员')!;
    const staffRows = staffSheet.getColumn(2).values.slice(3);
    expect(staffRows).toContain('网格员');
    expect(staffRows).toContain('下沉干部');
    expect(staffSheet.getColumn(3).values.slice(3)).toContain(world.memberGrid.name);
  });
});

describe('the visit plan', () => {
  let sensitiveOnly: string;
  let allowance: string;
  let neverVisited: string;

  beforeAll(async () => {
    // Visited 40 days ago; its only special tag is sensitive (disabled), on a member of the household.
    sensitiveOnly = await addHousehold(world.memberGrid, '覆盖测试路5号');
    const person = uuidv7();
    await test.db.insert(persons).values({
      countyId: world.county.id,
      id: person,
      householdId: sensitiveOnly,
      regionId: world.memberGrid.id,
      regionCode: world.memberGrid.code,
      name: '覆盖测试',
      namePinyin: 'fugaiceshi',
      nameInitials: 'fgcs',
    });
    await test.db.insert(personTags).values({ countyId: world.county.id, personId: person, tagCode: 'disabled' });
    await addVisit(world.memberGrid, { householdId: sensitiveOnly }, addDays(today, -40), [fixture.memberStaff]);
    // 低保, visited 10 days ago: due in 20 days.
    allowance = await addHousehold(world.memberGrid, '覆盖测试路6号', ['minimum_allowance']);
    await addVisit(world.memberGrid, { householdId: allowance }, addDays(today, -10), [fixture.memberStaff]);
    neverVisited = await addHousehold(world.memberGrid, '覆盖测试路7号');
  });

  async function planOf(agent: Agent, due = 'all'): Promise<Map<string, VisitPlanItem>> {
    const items = new Map<string, VisitPlanItem>();
    let cursor: string | null = null;
    do {
      const response = await agent.get(
        `/api/v1/visits/plan?due=${due}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expectStatus(response, 200);
      const page = response.json<VisitPlanPage>();
      for (const item of page.items) items.set(item.householdId, item);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  it('gives due dates by the county rule: special groups monthly, others quarterly, never visited due today', async () => {
    const plan = await planOf(agents.member);
    expect(plan.get(allowance)).toMatchObject({
      lastVisitDate: addDays(today, -10),
      dueDate: addDays(today, 20),
      intervalDays: 30,
      isOverdue: false,
      daysSinceVisit: 10,
      reasonTags: ['minimum_allowance'],
    });
    expect(plan.get(sensitiveOnly)).toMatchObject({
      dueDate: addDays(today, -10),
      intervalDays: 30,
      isOverdue: true,
      reasonTags: ['disabled'],
    });
    expect(plan.get(neverVisited)).toMatchObject({ lastVisitDate: null, dueDate: today, isOverdue: true });
    // The whole grid, each household once.
    expect(plan.size).toBe(await countHouseholds(world.memberGrid.code));
    const overdue = await planOf(agents.member, 'overdue');
    expect(overdue.has(sensitiveOnly)).toBe(true);
    expect(overdue.has(allowance)).toBe(false);
    // Ordered by due date: the first page starts with the most overdue.
    const first = (await agents.member.get('/api/v1/visits/plan?due=overdue&limit=1')).json<VisitPlanPage>();
    expect(first.items[0]!.dueDate <= addDays(today, -10)).toBe(true);
  });

  it('follows the rule the county saves', async () => {
    const rule: VisitPlanRule = {
      specialTags: ['minimum_allowance'],
      specialIntervalDays: 7,
      otherIntervalDays: 60,
      soonDays: 3,
    };
    expectError(await agents.member.put('/api/v1/visit-plan-settings', rule), 403, 'forbidden');
    expectError(
      await agents.county.put('/api/v1/visit-plan-settings', { ...rule, specialTags: ['no_such_tag'] }),
      400,
      'validation_failed',
    );
    const saved = await agents.county.put('/api/v1/visit-plan-settings', rule);
    expectStatus(saved, 200);
    try {
      const plan = await planOf(agents.member);
      expect(plan.get(allowance)).toMatchObject({ dueDate: addDays(today, -3), isOverdue: true, intervalDays: 7 });
      expect(plan.get(sensitiveOnly)).toMatchObject({ intervalDays: 60, dueDate: addDays(today, 20), reasonTags: [] });
      expect((await findAuditEntries(test.db, { action: 'visit_plan.update' })).length).toBe(1);
    } finally {
      await agents.county.put('/api/v1/visit-plan-settings', {
        specialTags: ['minimum_allowance', 'extreme_poverty', 'elderly_alone', 'disabled'],
        specialIntervalDays: 30,
        otherIntervalDays: 90,
        soonDays: 7,
      });
    }
  });

  it('does not tell a caller without sensitive.read which household carries a sensitive tag', async () => {
    const cadrePlan = await planOf(agents.cadre);
    // The household with only a hidden tag is scheduled like any other household for the cadre.
    expect(cadrePlan.get(sensitiveOnly)).toMatchObject({
      intervalDays: 90,
      dueDate: addDays(today, 50),
      isOverdue: false,
      reasonTags: [],
    });
    const plain = await addHousehold(world.memberGrid, '覆盖测试路8号');
    await addVisit(world.memberGrid, { householdId: plain }, addDays(today, -40), [fixture.memberStaff]);
    const again = await planOf(agents.cadre);
    const { householdId: _a, address: _b, ...hidden } = again.get(sensitiveOnly)!;
    const { householdId: _c, address: _d, ...ordinary } = again.get(plain)!;
    expect(hidden).toEqual(ordinary);
    expect((await planOf(agents.cadre, 'overdue')).has(sensitiveOnly)).toBe(false);
    // The rule as the cadre reads it names no sensitive tag either.
    const rule = (await agents.cadre.get('/api/v1/visit-plan-settings')).json<VisitPlanRule>();
    expect(rule.specialTags).not.toContain('disabled');
    expect((await planOf(agents.cadre)).get(sensitiveOnly)!.reasonTags).toEqual([]);
    // The member, who may read sensitive data, sees it due monthly.
    expect((await planOf(agents.member)).get(sensitiveOnly)!.intervalDays).toBe(30);
  });

  it('lists the households not visited for N days, never visited first', async () => {
    const response = await agents.member.get('/api/v1/visits/overdue-households?days=30&limit=200');
    expectStatus(response, 200);
    const page = response.json<OverdueHouseholdPage>();
    const ids = page.items.map((item) => item.householdId);
    expect(ids).toContain(sensitiveOnly);
    expect(ids).toContain(neverVisited);
    expect(ids).not.toContain(allowance);
    expect(page.items.find((item) => item.householdId === sensitiveOnly)!.daysSinceVisit).toBe(40);
    const firstVisited = page.items.findIndex((item) => item.lastVisitDate !== null);
    expect(page.items.slice(firstVisited).every((item) => item.lastVisitDate !== null)).toBe(true);
    const ten = (
      await agents.member.get('/api/v1/visits/overdue-households?days=10&limit=200')
    ).json<OverdueHouseholdPage>();
    expect(ten.items.map((item) => item.householdId)).toContain(allowance);
  });
});

describe('field figures', () => {
  it('counts person-times, households visited and the rate for a region and period', async () => {
    const response = await agents.village.get(`/api/v1/field-figures?regionId=${world.memberGrid.id}&${march}`);
    expectStatus(response, 200);
    const figures = response.json<FieldFigures>();
    expect(figures.visits).toMatchObject({
      visits: 3,
      // Visitors: 1 + 2 + 1 (the place's visit).
      personTimes: 4,
      visitedHouseholds: 1,
      placesVisited: 1,
    });
    // The other field modules' figures, as they count them (the fixture's March of 2030 has none of their records).
    expect(figures.campaigns).toMatchObject({ personTimes: 0, householdsReached: 0 });
    expect(figures.inspections).toMatchObject({ placesInspected: 0, hazardsFound: 0 });
    expect(figures.disputes).toMatchObject({ mediated: 0, settled: 0 });
    const workbook = new ExcelJS.Workbook();
    const file = await agents.village.get(`/api/v1/field-figures.xlsx?regionId=${world.memberGrid.id}&${march}`);
    expectStatus(file, 200);
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('入户走访')!;
    expect(sheet.getRow(4).values).toEqual([undefined, '走访人次', 4]);
  });
});
