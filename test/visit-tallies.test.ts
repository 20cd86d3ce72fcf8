import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FieldFigures } from '../src/shared/api/field-work.js';
import { addDays, chinaDayStart } from '../src/shared/clock.js';
import { selectRows } from '../src/server/db/client.js';
import { households, places, visits, visitVisitors } from '../src/server/db/schema/index.js';
import { splitByWholeMonths } from '../src/server/modules/field-work/coverage.repository.js';
import { Random } from '../src/server/seed/random.js';
import {
  createTestApp,
  expectStatus,
  loadDemoWorld,
  signIn,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

let test: TestApp;
let world: DemoWorld;
let county: Agent;

/** The field figures' visits and person-times counted from the visits and their visitors themselves. */
async function rawSums(code: string, from: string, to: string) {
  const [row] = await selectRows<{ visits: number; personTimes: number; places: number }>(
    test.db,
    sql`
    select count(*)::int as visits,
      coalesce(sum((select count(*) from visit_visitors vv where vv.county_id = v.county_id and vv.visit_id = v.id)), 0)::int
        as "personTimes",
      count(distinct v.place_id)::int as places
    from visits v
    where v.region_code like ${`${code}%`} and v.visited_at >= ${chinaDayStart(from).toISOString()}::timestamptz
      and v.visited_at < ${chinaDayStart(addDays(to, 1)).toISOString()}::timestamptz`,
  );
  return row!;
}

/** The daily and monthly tallies as the triggers keep them, against the same groupings of the visits from scratch. */
async function tallyDifferences() {
  return selectRows<{ grain: string; region_code: string; date: string }>(
    test.db,
    sql`
    with raw_days as (
      select v.county_id, v.region_code, visit_tally_day(v.visited_at) as day, count(*)::int as visits,
        coalesce(sum((select count(*) from visit_visitors vv where vv.county_id = v.county_id and vv.visit_id = v.id)), 0)::int
          as person_times
      from visits v group by 1, 2, 3
    ), raw as (
      select 'day' as grain, county_id, region_code, day, visits, person_times from raw_days
      union all
      select 'month', county_id, region_code, date_trunc('month', day)::date, sum(visits)::int, sum(person_times)::int
      from raw_days group by county_id, region_code, date_trunc('month', day)
    ), kept as (
      select 'day', county_id, region_code, day, visits, person_times from grid_visit_day_tallies
      where visits <> 0 or person_times <> 0
      union all
      select 'month', county_id, region_code, month, visits, person_times from grid_visit_tallies
      where visits <> 0 or person_times <> 0
    )
    select grain, region_code, to_char(day, 'YYYY-MM-DD') as date from ((table raw except all table kept)
      union all (table kept except all table raw)) differences`,
  );
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  county = await signIn(test.app, 'county');
}, 120_000);

afterAll(async () => {
  await test?.close();
});

describe('splitting a period by whole months', () => {
  it('keeps the whole months for the monthly rollups and the days before and after them for the daily ones', () => {
    expect(splitByWholeMonths({ from: '2033-01-01', to: '2033-12-31' })).toEqual({
      before: null,
      months: { first: '2033-01-01', last: '2033-12-01' },
      after: null,
    });
    expect(splitByWholeMonths({ from: '2033-01-15', to: '2033-03-10' })).toEqual({
      before: { from: '2033-01-15', to: '2033-01-31' },
      months: { first: '2033-02-01', last: '2033-02-01' },
      after: { from: '2033-03-01', to: '2033-03-10' },
    });
    // No whole month: all of it is days after (the month so far, a week, two halves of months).
    expect(splitByWholeMonths({ from: '2033-12-02', to: '2034-01-30' })).toEqual({
      before: null,
      months: null,
      after: { from: '2033-12-02', to: '2034-01-30' },
    });
    expect(splitByWholeMonths({ from: '2033-03-01', to: '2033-03-20' })).toEqual({
      before: null,
      months: null,
      after: { from: '2033-03-01', to: '2033-03-20' },
    });
    expect(splitByWholeMonths({ from: '2032-02-01', to: '2032-02-29' }).months).toEqual({
      first: '2032-02-01',
      last: '2032-02-01',
    });
  });
});

describe('the daily and monthly visit tallies', () => {
  it('give the same field figures as the visits themselves, through visits added, re-dated, moved and deleted', async () => {
    const random = new Random(40);
    const grids = [world.memberGrid, ...world.childrenOf(world.otherVillage.id)].filter(
      (grid) => world.staffIn(grid.id).length > 0,
    );
    const targets = await Promise.all(
      grids.map(async (grid) => {
        const householdId = uuidv7();
        const placeId = uuidv7();
        await test.db.insert(households).values({
          countyId: grid.countyId,
          id: householdId,
          regionId: grid.id,
          regionCode: grid.code,
          address: `统计测试路${grid.code}`,
        });
        await test.db.insert(places).values({
          countyId: grid.countyId,
          id: placeId,
          regionId: grid.id,
          regionCode: grid.code,
          kind: 'shop',
          name: `统计测试小店${grid.code}`,
        });
        return { grid, householdId, placeId, staff: world.staffIn(grid.id).map((staff) => staff.id) };
      }),
    );
    /** A random instant of 2033 (with the last hours of 2032 and the first of 2034 around the China new year). */
    const randomInstant = () =>
      new Date(chinaDayStart('2033-01-01').getTime() + random.integer(-20, 365 * 24 + 20) * 3_600_000);
    const recorded: { id: string; countyId: string; staff: string[] }[] = [];
    for (let index = 0; index < 120; index += 1) {
      const target = random.pick(targets);
      const id = uuidv7();
      const isPlace = random.chance(0.25);
      await test.db.insert(visits).values({
        countyId: target.grid.countyId,
        id,
        householdId: isPlace ? null : target.householdId,
        placeId: isPlace ? target.placeId : null,
        regionId: target.grid.id,
        regionCode: target.grid.code,
        visitedAt: randomInstant(),
        purpose: 'routine',
        recordedBy: world.accounts.member.id,
      });
      const staff = random.sample(target.staff, random.integer(0, Math.min(3, target.staff.length)));
      if (staff.length > 0) {
        await test.db
          .insert(visitVisitors)
          .values(staff.map((staffId) => ({ countyId: target.grid.countyId, visitId: id, staffId })));
      }
      recorded.push({ id, countyId: target.grid.countyId, staff });
    }
    expect(await tallyDifferences()).toEqual([]);

    for (const visit of random.sample(recorded, 60)) {
      const where = and(eq(visits.countyId, visit.countyId), eq(visits.id, visit.id));
      const visitorsOf = and(eq(visitVisitors.countyId, visit.countyId), eq(visitVisitors.visitId, visit.id));
      const change = random.integer(0, 5);
      if (change === 0) await test.db.update(visits).set({ visitedAt: randomInstant() }).where(where);
      if (change === 1) {
        const grid = random.pick(targets).grid;
        await test.db.update(visits).set({ regionId: grid.id, regionCode: grid.code }).where(where);
      }
      if (change === 2) {
        // The visit first, its visitors after (the visitors' trigger finds no visit and changes nothing).
        await test.db.delete(visits).where(where);
        await test.db.delete(visitVisitors).where(visitorsOf);
      }
      if (change === 3) {
        await test.db.delete(visitVisitors).where(visitorsOf);
        await test.db.delete(visits).where(where);
      }
      if (change === 4 && visit.staff.length > 0) {
        await test.db.delete(visitVisitors).where(and(visitorsOf, eq(visitVisitors.staffId, visit.staff[0]!)));
      }
      if (change === 5) {
        const extra = world.staff.find((staff) => !visit.staff.includes(staff.id))!;
        await test.db.insert(visitVisitors).values({ countyId: visit.countyId, visitId: visit.id, staffId: extra.id });
      }
    }
    expect(await tallyDifferences()).toEqual([]);

    const periods = [
      { from: '2033-01-01', to: '2033-12-31' },
      { from: '2033-03-01', to: '2033-05-31' },
      { from: '2033-12-01', to: '2033-12-31' },
      { from: '2032-12-31', to: '2034-01-01' },
      { from: '2033-03-01', to: '2033-03-20' },
      { from: '2033-06-09', to: '2033-06-15' },
      ...Array.from({ length: 8 }, () => {
        const from = addDays('2033-01-01', random.integer(-3, 360));
        return { from, to: addDays(from, random.integer(0, 120)) };
      }),
    ];
    const regions = [world.county, world.town, world.otherVillage, world.memberGrid, world.otherGrid];
    for (const period of periods) {
      for (const region of regions) {
        const response = await county.get(
          `/api/v1/field-figures?regionId=${region.id}&from=${period.from}&to=${period.to}`,
        );
        expectStatus(response, 200);
        const figures = response.json<FieldFigures>().visits;
        const raw = await rawSums(region.code, period.from, period.to);
        expect({ region: region.code, ...period, ...figures }).toMatchObject({
          region: region.code,
          ...period,
          visits: raw.visits,
          personTimes: raw.personTimes,
          placesVisited: raw.places,
        });
      }
    }
    // The year is neither empty nor the same for every region: the comparison above compared something.
    const year = await rawSums(world.county.code, '2033-01-01', '2033-12-31');
    expect(year.visits).toBeGreaterThan(50);
    expect(year.personTimes).toBeGreaterThan(year.visits / 2);
  }, 180_000);
});
