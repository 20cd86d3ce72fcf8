/**
 * Cases at county scale: 1,000,000 cases over a year in the 358 grids of the county-scale demo, on PostgreSQL.
 *   (a) the cases generated (by the demo's generator) and written by one COPY, streamed day by day;
 *   (b) the figures rebuilt from them (rebuildFigures), then VACUUM ANALYZE;
 *   (c) the figures endpoint's work (getFigures, without HTTP) for county × year, county × month, town × quarter,
 *       village × month and grid × month: p50/p95, target p95 < 100 ms;
 *   (d) the first page of the case list (listCases) in county, town and grid scope: newest, a status, overdue,
 *       assigned to me, waiting for me (我的待办), reported by me, one catalogue item: p50/p95, target p95 < 50 ms.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/cases.bench.ts
 *
 * Without DATABASE_URL it skips. With it, the URL names a server to borrow: the bench creates the database
 * gridlink_bench_<pid> there, seeds the county's territory without its population, and drops it at the end.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getTableColumns, sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CaseQuery } from '../src/shared/api/cases.js';
import { addDays, chinaDate } from '../src/shared/clock.js';
import type { RegionLevel } from '../src/shared/policy.js';
import type { Actor } from '../src/server/auth/actor.js';
import type { Database } from '../src/server/db/client.js';
import { cases } from '../src/server/db/schema/index.js';
import { listCases } from '../src/server/modules/cases/cases.service.js';
import { rebuildFigures } from '../src/server/modules/cases/figures.repository.js';
import { getFigures } from '../src/server/modules/cases/figures.service.js';
import { generateCases, type CaseRow } from '../src/server/seed/cases.js';
import { generateCounty, type DemoCounty, type RegionRow } from '../src/server/seed/demo-county.js';
import { bulkLayoutOf } from '../src/server/seed/ledger-files.js';
import { Random } from '../src/server/seed/random.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';
import { withBenchDatabase } from './bench-database.js';
import { demoActor, percentile, seconds } from './measure.js';

const caseCount = 1_000_000;
const days = 365;
const runsPerKind = 40;
const pageSize = 50;

const caseLayout = bulkLayoutOf(cases);
const copyStatement = `COPY cases (${caseLayout.columnNames.join(', ')}) FROM STDIN (FORMAT csv)`;

/** A field as COPY's CSV reads it: empty is null, timestamps in ISO form, an empty array as {}. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `{${value.join(',')}}`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = String(value);
  return text === '' || /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const propertyOf = new Map(Object.entries(getTableColumns(cases)).map(([property, column]) => [column.name, property]));

function csvLine(row: CaseRow): string {
  const record = row as Record<string, unknown>;
  return caseLayout.columnNames.map((name) => csvField(record[propertyOf.get(name)!])).join(',') + '\n';
}

/** (a) The cases, generated and copied a day at a time: never more than a day's rows in memory. */
async function copyCases(url: string, demo: DemoCounty, now: Date): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let count = 0;
    const lines = Readable.from(
      (function* () {
        for (const generated of generateCases(demo, { count: caseCount, days, now })) {
          count += generated.cases.length;
          yield generated.cases.map(csvLine).join('');
        }
      })(),
    );
    await pipeline(lines, client.query(copyFrom(copyStatement)));
    return count;
  } finally {
    await client.end();
  }
}

async function measure(label: string, runs: number, work: (random: Random) => Promise<unknown>, target: number) {
  const random = new Random(label.length * 7919);
  const durations: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work(random);
    durations.push(performance.now() - started);
  }
  durations.sort((first, second) => first - second);
  const p95 = percentile(durations, 0.95);
  console.log(
    `${label.padEnd(28)} p50 ${percentile(durations, 0.5).toFixed(1).padStart(6)} ms, ` +
      `p95 ${p95.toFixed(1).padStart(6)} ms  (target < ${target} ms ${p95 < target ? '✔' : '✘'})`,
  );
}

/** (c) The figures of a region for a period, as GET /api/v1/cases/figures answers them. */
async function measureFigures(db: Database, actor: Actor, demo: DemoCounty, today: string) {
  const at = (level: RegionLevel) => demo.regions.filter((region) => region.level === level);
  const county = demo.territory.county;
  // A month (or quarter) ending on a day of the year just generated.
  const period = (random: Random, length: number) => {
    const to = addDays(today, -random.integer(0, days - length));
    return { from: addDays(to, -(length - 1)), to };
  };
  const kinds: [string, (random: Random) => { region: RegionRow; from: string; to: string }][] = [
    ['county × year', () => ({ region: county, from: addDays(today, -(days - 1)), to: today })],
    ['county × month', (random) => ({ region: county, ...period(random, 30) })],
    ['town × quarter', (random) => ({ region: random.pick(at('town')), ...period(random, 91) })],
    ['village × month', (random) => ({ region: random.pick(at('village')), ...period(random, 30) })],
    ['grid × month', (random) => ({ region: random.pick(at('grid')), ...period(random, 30) })],
  ];
  for (const [label, draw] of kinds) {
    await measure(
      label,
      runsPerKind,
      (random) => {
        const { region, from, to } = draw(random);
        return getFigures(db, actor, { regionId: region.id!, from, to });
      },
      100,
    );
  }
}

const ownLists = new Set(['assigned to me', 'waiting for me', 'reported by me']);

/** (d) The list's first page in each scope, as GET /api/v1/cases answers it. */
async function measureLists(db: Database, demo: DemoCounty, actors: Record<'county' | 'town' | 'member', Actor>) {
  const scopes: [string, Actor, (random: Random) => string][] = [
    ['county', actors.county, () => demo.territory.county.id!],
    ['town', actors.town, (random) => random.pick(demo.territory.towns).region.id!],
    ['grid', actors.member, (random) => random.pick(demo.regions.filter((region) => region.level === 'grid')).id!],
  ];
  const filters: [string, (random: Random) => CaseQuery][] = [
    ['newest', () => ({})],
    ['status', (random) => ({ status: [random.pick(['in_progress', 'verified', 'closed', 'parked'] as const)] })],
    ['overdue', () => ({ overdue: true })],
    ['assigned to me', () => ({ assignedToMe: true })],
    ['waiting for me', () => ({ waitingForMe: true })],
    ['reported by me', () => ({ reportedByMe: true })],
    ['category', (random) => ({ category: random.pick(['environment', 'fire_safety', 'flood_disaster']) })],
  ];
  for (const [scope, scopeActor, regionOf] of scopes) {
    for (const [label, filter] of filters) {
      // The user's own lists are the scope's own account's; the rest is the county looking at a region of the scope.
      const isOwnList = ownLists.has(label);
      const actor = isOwnList ? scopeActor : actors.county;
      await measure(
        `${scope}: ${label}`,
        runsPerKind,
        (random) =>
          listCases(db, actor, {
            ...filter(random),
            regionId: isOwnList ? actor.regionId : regionOf(random),
            limit: pageSize,
          }),
        50,
      );
    }
  }
}

async function benchPostgres(serverUrl: string): Promise<void> {
  await withBenchDatabase(serverUrl, async ({ handle, url, label }) => {
    const { db } = handle;
    // The figures read through several pooled connections at once; the database is dropped with force at the end,
    // and a connection still saying goodbye then hears of it as an error nobody else listens to.
    (db as unknown as { $client: pg.Pool }).$client.on('error', () => undefined);
    console.log(`\n# ${label}`);
    let started = performance.now();
    await seedDemo(db, { scale: 'county', password: 'bench-demo-password', population: false });
    const demo = generateCounty({ scale: 'county' });
    const countyId = demo.territory.county.id!;
    console.log(`territory, staff and party organisations seeded in ${seconds(started).toFixed(1)} s`);

    console.log(`\n## (a) ${caseCount.toLocaleString('en')} cases over ${days} days, generated and copied`);
    const now = new Date();
    started = performance.now();
    const copied = await copyCases(url, demo, now);
    const copySeconds = seconds(started);
    console.log(
      `${copied.toLocaleString('en')} cases in ${copySeconds.toFixed(1)} s ` +
        `(${Math.round(copied / copySeconds).toLocaleString('en')} cases/s, generation included)`,
    );

    console.log('\n## (b) Figures rebuilt from the cases');
    started = performance.now();
    const rows = await rebuildFigures(db, countyId);
    console.log(`${rows.toLocaleString('en')} rollup rows in ${seconds(started).toFixed(1)} s`);
    started = performance.now();
    await db.execute(sql`vacuum analyze cases`);
    await db.execute(sql`vacuum analyze case_figures`);
    console.log(`vacuum analyze in ${seconds(started).toFixed(1)} s`);
    const [counts] = (
      (await db.execute(sql`
        select count(*) filter (where status in ('reported', 'accepted', 'dispatched', 'in_progress'))::int as open,
          count(*) filter (where status in ('reported', 'accepted', 'dispatched', 'in_progress')
            and deadline < now())::int as overdue
        from cases`)) as unknown as { rows: { open: number; overdue: number }[] }
    ).rows;
    console.log(`${counts!.open.toLocaleString('en')} open, ${counts!.overdue.toLocaleString('en')} overdue now`);

    const actors = {
      county: await demoActor(db, 'county', 'cases.bench'),
      town: await demoActor(db, 'town', 'cases.bench'),
      member: await demoActor(db, 'member', 'cases.bench'),
    };
    console.log(`\n## (c) Figures of a region and period (${runsPerKind} of each, county account, without HTTP)`);
    await measureFigures(db, actors.county, demo, chinaDate(now));
    console.log(`\n## (d) The case list's first page of ${pageSize} (${runsPerKind} of each, without HTTP)`);
    await measureLists(db, demo, actors);
  });
}

if (process.env.DATABASE_URL) await benchPostgres(process.env.DATABASE_URL);
else console.log('(Skipped: set DATABASE_URL to a PostgreSQL server the bench may create a database on.)');
