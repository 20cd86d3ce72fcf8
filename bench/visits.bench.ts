/**
 * Visit coverage (入户率) at county scale ([004]: 160,800 households in 358 grids) with a year of visits (about
 * 1,000,000, each with its visitors), on PostgreSQL:
 *   (a) the households bulk-inserted, the visits and visitors loaded by COPY with the coverage triggers off, then the
 *       per-household visit days built in one statement (what migration 0023 does for visits already there), the
 *       per-grid monthly and daily rollups from them (migrations 0030 and 0051), and the daily and monthly visit
 *       tallies (migrations 0040 and 0051);
 *   (b) the triggers' own cost: visits inserted one statement of many rows with them on;
 *   (c) GET /visits/coverage as the service answers it, for the county, a town, a village and a grid over a month,
 *       a quarter, a year, the month to the 20th, a week and a year from mid-month to mid-month: p50 and p95 (target:
 *       the county over a year p95 ≤ 100 ms, and any period as fast);
 *   (d) the field figures and a grid's visit plan, for scale.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/visits.bench.ts
 *
 * Without DATABASE_URL it does nothing (PGlite is not the county-scale engine). The URL names a server to borrow: the
 * bench creates its own database there and drops it at the end.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { uuidv7 } from 'uuidv7';
import { chinaDayStart } from '../src/shared/clock.js';
import { householdTags, households, persons, personTags } from '../src/server/db/schema/index.js';
import { getFieldFigures } from '../src/server/modules/field-work/field-figures.service.js';
import { getVisitCoverage, getVisitPlan } from '../src/server/modules/field-work/coverage.service.js';
import { generateCounty } from '../src/server/seed/demo-county.js';
import { bulkLayoutOf } from '../src/server/seed/ledger-files.js';
import { generatePopulation, type Population } from '../src/server/seed/population.js';
import { Random } from '../src/server/seed/random.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';
import { withBenchDatabase } from './bench-database.js';
import { demoActor, percentile, seconds } from './measure.js';

const targetVisits = 1_000_000;
const yearStart = '2025-12-01';
const yearDays = 365;
const repetitions = 20;
const periods = {
  month: { from: '2026-11-01', to: '2026-11-30' },
  quarter: { from: '2026-09-01', to: '2026-11-30' },
  year: { from: '2025-12-01', to: '2026-11-30' },
  // The region page's default (the month so far), a week, and a year that starts and ends mid-month.
  'to the 20th': { from: '2026-11-01', to: '2026-11-20' },
  week: { from: '2026-10-14', to: '2026-10-20' },
  'mid-month year': { from: '2025-12-10', to: '2026-11-20' },
} as const;
/** Households of these groups are visited twice as often, as the default rule asks (monthly against quarterly). */
const specialTags = new Set(['minimum_allowance', 'extreme_poverty', 'elderly_alone', 'disabled']);

async function insertWithUnnest<Table extends PgTable>(
  client: pg.Client,
  table: Table,
  rows: readonly Table['$inferInsert'][],
): Promise<void> {
  const layout = bulkLayoutOf(table);
  // Generated columns (the households' address sort key) are the database's to write.
  const kept = layout.columnNames.flatMap((name, index) => (name === 'address_sort_key' ? [] : [index]));
  const casts = kept.map((index, position) => `$${position + 1}::${layout.columnTypes[index]}[]`).join(', ');
  const names = kept.map((index) => layout.columnNames[index]);
  const statement = `INSERT INTO ${layout.tableName} (${names.join(', ')}) SELECT * FROM unnest(${casts})`;
  for (let start = 0; start < rows.length; start += 10_000) {
    const columns = kept.map((): (string | null)[] => []);
    for (const row of rows.slice(start, start + 10_000)) {
      const fields = layout.fields(row);
      kept.forEach((index, position) => columns[position]!.push(fields[index]!));
    }
    await client.query(statement, columns);
  }
}

type VisitPlanData = { lines: string[]; visitorLines: string[] };

/**
 * A year of visits: households drawn at random, the special groups' twice as often, at a random minute of a random
 * day; one visitor (a grid member, leader or cadre of the household's grid), a fifth of visits two.
 */
function generateVisits(
  population: Population,
  staffByRegion: Map<string, string[]>,
  parentOf: Map<string, string | null>,
  recordedBy: string,
): VisitPlanData {
  const random = new Random(11);
  const special = new Set<string>();
  for (const tag of population.householdTags) if (specialTags.has(tag.tagCode)) special.add(tag.householdId);
  const householdOfPerson = new Map(population.persons.map((person) => [person.id, person.householdId]));
  for (const tag of population.personTags) {
    const household = householdOfPerson.get(tag.personId);
    if (household && specialTags.has(tag.tagCode)) special.add(household);
  }
  const weighted = population.households.flatMap((household) =>
    special.has(household.id) ? [household, household] : [household],
  );
  const start = chinaDayStart(yearStart).getTime();
  const lines: string[] = [];
  const visitorLines: string[] = [];
  for (let index = 0; index < targetVisits; index += 1) {
    const household = random.pick(weighted);
    const visitedAt = new Date(start + random.integer(0, yearDays * 1440 - 1) * 60_000).toISOString();
    const id = uuidv7();
    lines.push(
      `${household.countyId},${id},${household.id},${household.regionId},${household.regionCode},${visitedAt},routine,${recordedBy}\n`,
    );
    const staff =
      staffByRegion.get(household.regionId) ?? staffByRegion.get(parentOf.get(household.regionId) ?? '') ?? [];
    if (staff.length === 0) continue;
    const first = random.pick(staff);
    visitorLines.push(`${household.countyId},${id},${first}\n`);
    const second = random.pick(staff);
    if (second !== first && random.chance(0.2)) visitorLines.push(`${household.countyId},${id},${second}\n`);
  }
  return { lines, visitorLines };
}

async function copyLines(client: pg.Client, statement: string, lines: string[]) {
  function* chunks() {
    for (let start = 0; start < lines.length; start += 10_000) yield lines.slice(start, start + 10_000).join('');
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(statement)));
}

function report(label: string, durations: number[]) {
  const sorted = [...durations].sort((left, right) => left - right);
  console.log(
    `${label.padEnd(24)} p50 ${percentile(sorted, 0.5).toFixed(1).padStart(6)} ms  p95 ${percentile(sorted, 0.95).toFixed(1).padStart(6)} ms`,
  );
  return percentile(sorted, 0.95);
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.log('DATABASE_URL is not set: the visit coverage bench runs on PostgreSQL only.');
    return;
  }
  let started = performance.now();
  const demo = generateCounty({ scale: 'county' });
  const population = generatePopulation(demo);
  console.log(
    `county generated: ${population.households.length} households, ${demo.regions.filter((region) => region.level === 'grid').length} grids in ${seconds(started).toFixed(1)} s`,
  );
  await withBenchDatabase(serverUrl, async ({ handle, url, label }) => {
    const { db } = handle;
    console.log(`\n# ${label}`);
    await seedDemo(db, { scale: 'county', password: 'bench-demo-password', population: false });
    const actor = await demoActor(db, 'county', 'visits.bench');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      console.log('\n## (a) Load');
      started = performance.now();
      // The monthly and daily rollups are built once after the load (below), not row by row as households and visits
      // arrive.
      await client.query('alter table household_visit_days disable trigger household_visit_days_grid_visit_months');
      await client.query('alter table household_visit_days disable trigger household_visit_days_grid_visit_days');
      await client.query('begin');
      await insertWithUnnest(client, households, population.households);
      await insertWithUnnest(client, persons, population.persons);
      await insertWithUnnest(client, personTags, population.personTags);
      await insertWithUnnest(client, householdTags, population.householdTags);
      await client.query('commit');
      console.log(`households, persons and tags inserted in ${seconds(started).toFixed(1)} s`);

      const staffRows = (
        await client.query<{ id: string; region_id: string }>(
          `select id, region_id from grid_staff where kind in ('grid_member', 'grid_leader', 'sunk_cadre')`,
        )
      ).rows;
      const staffByRegion = new Map<string, string[]>();
      for (const row of staffRows)
        staffByRegion.set(row.region_id, [...(staffByRegion.get(row.region_id) ?? []), row.id]);
      const parentOf = new Map(demo.regions.map((region) => [region.id!, region.parentId ?? null]));
      started = performance.now();
      const generated = generateVisits(population, staffByRegion, parentOf, actor.id);
      console.log(
        `${generated.lines.length} visits, ${generated.visitorLines.length} visitors generated in ${seconds(started).toFixed(1)} s`,
      );

      started = performance.now();
      await client.query('alter table visits disable trigger visits_household_visit_days');
      // The daily and monthly visit tallies too are built once after the load, not row by row.
      await client.query('alter table visits disable trigger visits_grid_visit_tallies');
      await client.query('alter table visit_visitors disable trigger visit_visitors_grid_visit_tallies');
      // The cadres' per-account work days (migration 0049) are not measured here: with it on, the million visits of
      // the bench's one recorder rewrote the same few hundred rows a million times (the load did not end in 20 min).
      await client.query('alter table visits disable trigger visits_account_work_days');
      await copyLines(
        client,
        'COPY visits (county_id, id, household_id, region_id, region_code, visited_at, purpose, recorded_by) FROM STDIN (FORMAT csv)',
        generated.lines,
      );
      await client.query('alter table visits enable trigger visits_household_visit_days');
      const copySeconds = seconds(started);
      console.log(
        `COPY visits: ${copySeconds.toFixed(1)} s = ${Math.round(generated.lines.length / copySeconds).toLocaleString('en')} rows/s`,
      );
      started = performance.now();
      await copyLines(
        client,
        'COPY visit_visitors (county_id, visit_id, staff_id) FROM STDIN (FORMAT csv)',
        generated.visitorLines,
      );
      console.log(`COPY visitors: ${seconds(started).toFixed(1)} s`);
      started = performance.now();
      // Every household has its row already (added with the households); the visits fill in their days.
      await client.query(`
        update household_visit_days d set days = x.days
        from (select county_id, household_id,
            range_agg(daterange(((visited_at at time zone 'UTC') + interval '8 hours')::date,
              ((visited_at at time zone 'UTC') + interval '8 hours')::date, '[]')) as days
          from visits where household_id is not null group by county_id, household_id) x
        where d.county_id = x.county_id and d.household_id = x.household_id`);
      const rollup = (
        await client.query<{ count: number }>(
          'select count(*)::int as count from household_visit_days where not isempty(days)',
        )
      ).rows[0]!.count;
      console.log(
        `household_visit_days built from the visits in ${seconds(started).toFixed(1)} s (${rollup} households)`,
      );
      started = performance.now();
      await client.query('select grid_visit_months_rebuild()');
      await client.query('select grid_visit_days_rebuild()');
      await client.query('alter table household_visit_days enable trigger household_visit_days_grid_visit_months');
      await client.query('alter table household_visit_days enable trigger household_visit_days_grid_visit_days');
      await client.query('select grid_visit_tallies_rebuild()');
      await client.query('alter table visits enable trigger visits_grid_visit_tallies');
      await client.query('alter table visit_visitors enable trigger visit_visitors_grid_visit_tallies');
      const [rollups] = (
        await client.query<{ months: number; days: number; tallies: number }>(
          `select (select count(*)::int from grid_visit_months) as months,
            (select count(*)::int from grid_visit_days) as days,
            (select count(*)::int from grid_visit_day_tallies) as tallies`,
        )
      ).rows;
      console.log(
        `grid_visit_months, grid_visit_days and the visit tallies built in ${seconds(started).toFixed(1)} s (${rollups!.months} rows of months, ${rollups!.days} of days, ${rollups!.tallies} of daily tallies)`,
      );
      started = performance.now();
      await client.query('vacuum analyze');
      console.log(`vacuum analyze: ${seconds(started).toFixed(1)} s`);
      const sizes = (
        await client.query<{ name: string; size: string }>(
          `select relname as name, pg_size_pretty(pg_total_relation_size(oid)) as size from pg_class
           where relname in ('visits', 'visit_visitors', 'household_visit_days', 'grid_visit_months', 'grid_visit_days',
             'grid_visit_tallies', 'grid_visit_day_tallies')
           order by relname`,
        )
      ).rows;
      console.log(`sizes (with indexes): ${sizes.map((row) => `${row.name} ${row.size}`).join(', ')}`);

      console.log('\n## (b) The trigger: 20,000 visits in one INSERT … SELECT with it on');
      started = performance.now();
      await client.query(
        `
        with picked as (select h.*, row_number() over (order by h.id) as rn from households h)
        insert into visits (county_id, id, household_id, region_id, region_code, visited_at, purpose, recorded_by)
        select p.county_id, gen_random_uuid(), p.id, p.region_id, p.region_code,
          timestamptz '2024-06-01 02:00:00+00' + (n % 30) * interval '1 day', 'routine', $1
        from generate_series(1, 20000) n
        join picked p on p.rn = (n * 7) % 160000 + 1`,
        [actor.id],
      );
      const triggerSeconds = seconds(started);
      console.log(`20,000 visits with the trigger: ${triggerSeconds.toFixed(1)} s (the pick included)`);
      started = performance.now();
      await client.query(`delete from visits where visited_at < timestamptz '2025-01-01'`);
      console.log(`the same 20,000 deleted (each household's days recomputed): ${seconds(started).toFixed(1)} s`);
    } finally {
      await client.end();
    }

    const [town] = demo.regions.filter((region) => region.level === 'town');
    const [village] = demo.regions.filter((region) => region.level === 'village' && region.parentId === town!.id);
    const [grid] = demo.regions.filter((region) => region.level === 'grid' && region.parentId === village!.id);
    const county = demo.regions.find((region) => region.level === 'county')!;
    const targets = { county, town: town!, village: village!, grid: grid! };

    console.log(
      `\n## (c) Coverage (getVisitCoverage as GET /visits/coverage answers), ${repetitions} runs after 3 warm-ups`,
    );
    let countyYear = 0;
    for (const [level, region] of Object.entries(targets)) {
      for (const [name, period] of Object.entries(periods)) {
        const query = { regionId: region.id!, ...period };
        for (let warm = 0; warm < 3; warm += 1) await getVisitCoverage(db, actor, query);
        const durations: number[] = [];
        let result;
        for (let run = 0; run < repetitions; run += 1) {
          const runStarted = performance.now();
          result = await getVisitCoverage(db, actor, query);
          durations.push(performance.now() - runStarted);
        }
        const p95 = report(`${level} ${name}`, durations);
        if (level === 'county' && name === 'year') countyYear = p95;
        if (name === 'year' || level === 'county') {
          console.log(
            `    ${result!.totals.visitedHouseholds}/${result!.totals.households} households visited (rate ${result!.totals.rate}), ${result!.rows.length} rows, staff ${result!.staff?.length ?? '—'}`,
          );
        }
      }
    }
    console.log(
      `county over a year: p95 ${countyYear.toFixed(1)} ms (target ≤ 100 ms): ${countyYear <= 100 ? 'met' : 'NOT met'}`,
    );

    console.log('\n## (d) Field figures (10 runs after a warm-up) and a grid’s visit plan');
    for (const [level, region] of Object.entries(targets)) {
      for (const [name, period] of Object.entries(periods)) {
        const query = { regionId: region.id!, ...period };
        await getFieldFigures(db, actor, query);
        const durations: number[] = [];
        for (let run = 0; run < 10; run += 1) {
          const runStarted = performance.now();
          await getFieldFigures(db, actor, query);
          durations.push(performance.now() - runStarted);
        }
        report(`field figures ${level} ${name}`, durations);
      }
    }
    const planDurations: number[] = [];
    for (let run = 0; run < 10; run += 1) {
      const runStarted = performance.now();
      await getVisitPlan(db, actor, { regionId: grid!.id!, due: 'overdue', limit: 50 });
      planDurations.push(performance.now() - runStarted);
    }
    report('plan of a grid', planDurations);
  });
}

await main();
