/**
 * Reports up the chain on cadres at county scale (seed 004: 5,000 cadres and in-service party members across the
 * county, every Wednesday a service day), on PostgreSQL:
 *   (a) 50 dispatching units, 5,000 cadres with their accounts spread over the grids, 40 households a grid, a year
 *       of Wednesday check-ins (nine in ten kept), a visit on three check-in days in four (the work), a week of
 *       leave for one cadre in fifty: all bulk SQL (generate_series), not the API;
 *   (b) generating a street's quarterly report (POST /cadre-reports as the service does it: the figures of each of
 *       the street's cadres computed from the records, written as the draft): p50 and p95 (target p95 ≤ 200 ms);
 *   (c) for scale, a community's monthly report and a unit's yearly one (this year so far);
 *   (d) the 721 split (GET /cadres/time-split as the service answers it), with an inspection on one check-in day in
 *       five and a consultation at the community's service desk on one in four added to the load: a street's last
 *       quarter (target p95 ≤ 200 ms) and the county's year, then EXPLAIN ANALYZE of the counting statement (the
 *       county's with and without JIT).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/cadres.bench.ts
 *
 * Without DATABASE_URL it does nothing (PGlite is not the county-scale engine). The URL names a server to borrow: the
 * bench creates its own database there and drops it at the end.
 */
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { CadreReportKind } from '../src/shared/api/cadre-reports.js';
import { addDays, chinaToday } from '../src/shared/clock.js';
import { selectRows } from '../src/server/db/client.js';
import { generateReport, periodDays } from '../src/server/modules/cadre-reports/cadre-reports.service.js';
import { recordsByWhereQuery } from '../src/server/modules/cadres/time-split.repository.js';
import { listTimeSplits, saveTimeSplitRule } from '../src/server/modules/cadres/time-split.service.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';
import { withBenchDatabase } from './bench-database.js';
import { demoActor, percentile, seconds } from './measure.js';

const cadreCount = 5_000;
const unitCount = 50;
const householdsPerGrid = 40;
const repetitions = 20;
const target = 200;

const today = chinaToday();
const yearStart = addDays(today, -365);
const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
/** The last whole quarter, month and year: what a street and a community report on. */
const lastQuarter = quarterOf(addDays(periodDays('quarterly', quarterOf(today)).from, -1));
const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
const thisYear = today.slice(0, 4);

async function seedCadres(client: pg.Client, countyId: string) {
  await client.query('begin');
  // Bulk load: the tallies' triggers are not what this bench measures.
  await client.query('set local session_replication_role = replica');
  await client.query(
    `insert into units (county_id, id, name, kind)
      select $1, gen_random_uuid(), '派出单位' || n, 'department' from generate_series(1, $2::int) n`,
    [countyId, unitCount],
  );
  await client.query(
    `create temp table bench_cadres on commit drop as
      select gen_random_uuid() as id, gen_random_uuid() as account_id, i, g.id as grid_id, g.code, g.parent_id as village_id,
        u.id as unit_id
      from generate_series(0, $2::int - 1) i
      join (select id, code, parent_id, row_number() over (order by code) - 1 as n, count(*) over () as total
        from regions where level = 'grid' and county_id = $1) g on g.n = i % g.total
      join (select id, row_number() over (order by id) - 1 as n from units where county_id = $1) u on u.n = i % $3`,
    [countyId, cadreCount, unitCount],
  );
  await client.query(
    `insert into accounts (id, username, display_name, role, region_id)
      select account_id, 'bench-cadre-' || i, '干部' || i, 'cadre', grid_id from bench_cadres`,
  );
  await client.query(
    `insert into cadres (county_id, id, kind, name, unit_id, service_region_id, grid_id, region_code, account_id, starts_on)
      select $1, id, case when i % 3 = 0 then 'party_member' else 'cadre' end, '干部' || i, unit_id, village_id, grid_id,
        code, account_id, $2::date from bench_cadres`,
    [countyId, yearStart],
  );
  await client.query(
    `create temp table bench_households on commit drop as
      select gen_random_uuid() as id, g.id as grid_id, g.code, g.name, n
      from regions g cross join generate_series(1, $2::int) n where g.level = 'grid' and g.county_id = $1`,
    [countyId, householdsPerGrid],
  );
  await client.query(
    `insert into households (county_id, id, region_id, region_code, address)
      select $1, id, grid_id, code, name || n || '号' from bench_households`,
    [countyId],
  );
  await client.query('create index on bench_households (grid_id, n)');
  const checkIns = await client.query(
    `insert into cadre_check_ins (county_id, id, cadre_id, day, checked_in_at, latitude, longitude, inside_grid,
        distance_meters, checked_out_at, created_by)
      select $1, gen_random_uuid(), c.id, d::date, (d::date + time '09:00') at time zone 'Asia/Shanghai', 30, 120, true, 0,
        (d::date + time '12:30') at time zone 'Asia/Shanghai', c.account_id
      from bench_cadres c cross join generate_series($2::date, $3::date, interval '1 day') d
      where extract(isodow from d) = 3 and random() < 0.9`,
    [countyId, yearStart, today],
  );
  const work = await client.query(
    `insert into visits (county_id, id, household_id, region_id, region_code, visited_at, purpose, recorded_by)
      select $1, gen_random_uuid(), h.id, c.grid_id, c.code, k.checked_in_at + interval '1 hour', 'routine', c.account_id
      from cadre_check_ins k
        join bench_cadres c on c.id = k.cadre_id
        join bench_households h on h.grid_id = c.grid_id and h.n = 1 + abs(hashtext(k.id::text)) % $2
      where random() < 0.75`,
    [countyId, householdsPerGrid],
  );
  // The 721 split's other records: inspections in the cadre's grid and consultations at the community's desk.
  const inspections = await client.query(
    `insert into inspections (county_id, id, kind, place_id, region_id, region_code, checklist_id, checklist_version,
        checklist_name_zh, checklist_name_en, inspected_at, recorded_by)
      select $1, gen_random_uuid(), 'inspection', gen_random_uuid(), c.grid_id, c.code, gen_random_uuid(), 1, '消防检查',
        'Fire safety', k.checked_in_at + interval '2 hours', c.account_id
      from cadre_check_ins k join bench_cadres c on c.id = k.cadre_id
      where random() < 0.2`,
    [countyId],
  );
  await client.query(
    `insert into service_centres (county_id, id, region_id, region_code, kind, name)
      select $1, gen_random_uuid(), v.id, v.code, 'centre', v.name || '党群服务中心'
      from regions v where v.county_id = $1 and v.level = 'village'`,
    [countyId],
  );
  const consultations = await client.query(
    `insert into service_consultations (county_id, id, centre_id, kind, outcome, happened_at, subject, recorded_by)
      select $1, gen_random_uuid(), s.id, 'policy', 'answered', k.checked_in_at + interval '3 hours', '政策咨询',
        c.account_id
      from cadre_check_ins k join bench_cadres c on c.id = k.cadre_id join service_centres s on s.region_id = c.village_id
      where random() < 0.25`,
    [countyId],
  );
  await client.query(
    `insert into cadre_leaves (county_id, id, cadre_id, starts_on, ends_on, reason, status)
      select $1, gen_random_uuid(), id, $2::date + (i % 300), $2::date + (i % 300) + 6, '培训', 'approved'
      from bench_cadres where i % 50 = 0`,
    [countyId, yearStart],
  );
  await client.query('commit');
  // The work tallies the reports read, built once after the load that turned their triggers off.
  await client.query('select account_work_days_rebuild()');
  await client.query('analyze');
  return {
    checkIns: checkIns.rowCount ?? 0,
    visits: work.rowCount ?? 0,
    inspections: inspections.rowCount ?? 0,
    consultations: consultations.rowCount ?? 0,
  };
}

function report(label: string, durations: number[]) {
  const sorted = [...durations].sort((left, right) => left - right);
  console.log(
    `${label.padEnd(40)} p50 ${percentile(sorted, 0.5).toFixed(1).padStart(6)} ms  p95 ${percentile(sorted, 0.95).toFixed(1).padStart(6)} ms`,
  );
  return percentile(sorted, 0.95);
}

async function main() {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    console.log('DATABASE_URL is not set: the cadre reports bench runs on PostgreSQL only.');
    return;
  }
  await withBenchDatabase(serverUrl, async ({ handle, url, label }) => {
    const { db } = handle;
    console.log(`\n# ${label}`);
    let started = performance.now();
    await seedDemo(db, { scale: 'county', password: 'bench-demo-password', population: false });
    console.log(`demo county seeded in ${seconds(started).toFixed(1)} s`);
    const actor = await demoActor(db, 'county', 'cadres.bench');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      console.log('\n## (a) Load');
      started = performance.now();
      const loaded = await seedCadres(client, actor.countyId!);
      console.log(
        `${cadreCount} cadres of ${unitCount} units, ${loaded.checkIns} check-ins, ${loaded.visits} visits, ${loaded.inspections} inspections, ${loaded.consultations} consultations from ${yearStart} in ${seconds(started).toFixed(1)} s`,
      );
      const busiest = async (sql: string) =>
        (await client.query<{ id: string; name: string; cadres: number }>(sql)).rows[0]!;
      const street = await busiest(
        `select t.id, t.name, count(*)::int as cadres from cadres c join regions t on c.region_code like t.code || '%'
          where t.level = 'town' group by t.id, t.name order by cadres desc limit 1`,
      );
      const community = await busiest(
        `select v.id, v.name, count(*)::int as cadres from cadres c join regions v on v.id = c.service_region_id
          group by v.id, v.name order by cadres desc limit 1`,
      );
      const unit = await busiest(
        `select u.id, u.name, count(*)::int as cadres from cadres c join units u on u.id = c.unit_id
          group by u.id, u.name order by cadres desc limit 1`,
      );

      const measure = async (
        name: string,
        input: { kind: CadreReportKind; period: string; regionId?: string; unitId?: string },
      ) => {
        const durations: number[] = [];
        for (let index = 0; index < repetitions; index += 1) {
          const start = performance.now();
          await generateReport(db, actor, input);
          durations.push(performance.now() - start);
        }
        return report(name, durations);
      };
      console.log(`\n## (b) A street's quarterly report (${street.name}: ${street.cadres} cadres, ${lastQuarter})`);
      const p95 = await measure('generate quarterly (street)', {
        kind: 'quarterly',
        period: lastQuarter,
        regionId: street.id,
      });
      console.log(`target p95 ≤ ${target} ms: ${p95 <= target ? 'met' : 'NOT met'}`);
      console.log('\n## (c) For scale');
      await measure(`generate monthly (${community.name}: ${community.cadres})`, {
        kind: 'monthly',
        period: lastMonth,
        regionId: community.id,
      });
      await measure(`generate yearly (${unit.name}: ${unit.cadres})`, {
        kind: 'yearly',
        period: thisYear,
        unitId: unit.id,
      });

      console.log('\n## (d) The 721 split');
      await saveTimeSplitRule(db, actor, { enabled: true });
      const quarter = periodDays('quarterly', lastQuarter);
      const measureSplit = async (name: string, query: { regionId?: string; from: string; to: string }) => {
        const durations: number[] = [];
        let listed = 0;
        // Without the recording accounts' indexes one answer took minutes: a minute's runs are enough to tell.
        const started = performance.now();
        while (durations.length < repetitions && performance.now() - started < 60_000) {
          const start = performance.now();
          listed = (await listTimeSplits(db, actor, query)).items.length;
          durations.push(performance.now() - start);
        }
        return report(`${name}: ${listed} (${durations.length} runs)`, durations);
      };
      const splitP95 = await measureSplit(`split ${lastQuarter} (${street.name})`, {
        regionId: street.id,
        ...quarter,
      });
      console.log(`target p95 ≤ ${target} ms: ${splitP95 <= target ? 'met' : 'NOT met'}`);
      await measureSplit(`split ${yearStart} – ${today} (county)`, { from: yearStart, to: today });
      const explain = async (regionId: string, from: string, to: string, withoutJit = false) => {
        const workers = await client.query<{ accountId: string; areaCode: string }>(
          `select c.account_id as "accountId", c.region_code as "areaCode" from cadres c join regions t
            on c.region_code like t.code || '%' where t.id = $1 and c.account_id is not null`,
          [regionId],
        );
        // As the repository runs it (JIT off for the statement), or with the server's defaults.
        const plan = await db.transaction(async (transaction) => {
          if (withoutJit) await transaction.execute(sql`set local jit = off`);
          return selectRows<{ 'QUERY PLAN': string }>(
            transaction,
            sql`explain (analyze, buffers) ${recordsByWhereQuery(actor.countyId!, workers.rows, from, to)}`,
          );
        });
        return { accounts: workers.rows.length, lines: plan.map((row) => row['QUERY PLAN']) };
      };
      const streetPlan = await explain(street.id, quarter.from, quarter.to);
      console.log(`\nEXPLAIN ANALYZE of the street's count (${streetPlan.accounts} accounts):`);
      for (const line of streetPlan.lines) console.log(`  ${line}`);
      for (const withoutJit of [false, true]) {
        const countyPlan = await explain(actor.regionId!, yearStart, today, withoutJit);
        console.log(
          `\nThe county's year (${countyPlan.accounts} accounts), ${withoutJit ? 'JIT off' : 'the server defaults'}:`,
        );
        for (const line of countyPlan.lines.filter((text) => /Execution Time|Timing|^\S/.test(text))) {
          console.log(`  ${line.trim()}`);
        }
      }
    } finally {
      await client.end();
    }
  });
}

await main();
