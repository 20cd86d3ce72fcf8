/**
 * The population registry at county scale ([004]: 160,800 households, 438,800 persons across 358 grids):
 *   (a) how long the demo population takes to generate;
 *   (b) how large its ledger files are, as CSV and .xlsx;
 *   (c) on PostgreSQL, the population (households, persons, person tags) bulk-inserted with one
 *       INSERT … SELECT FROM unnest(…) per 10,000 rows;
 *   (e) on those rows, person searches as the list endpoint makes them: name, pinyin, ID-number or phone suffix;
 *   (f) on the same rows, the whole county exported as an .xlsx ledger (rows/s, file size, peak memory);
 *   (d) then, into emptied tables: a raw COPY of the same persons (the yardstick), the ledger import of the CSV
 *       with its ratio to that COPY (target ≥ 0.5), and the .xlsx import with its peak memory.
 *
 *   npx tsx bench/registry.bench.ts
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/registry.bench.ts
 *
 * Without DATABASE_URL only (a) and (b) run. With it, the URL names a server to borrow: the bench creates the
 * database gridlink_bench_<pid> there, seeds the county's territory without its population, and drops it at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Actor } from '../src/server/auth/actor.js';
import type { Database } from '../src/server/db/client.js';
import { households, persons, personTags } from '../src/server/db/schema/index.js';
import { listPersons } from '../src/server/modules/registry/persons.service.js';
import { exportPersons } from '../src/server/modules/registry/registry-export.service.js';
import { importLedger } from '../src/server/modules/registry/registry-import.service.js';
import { describeLedgerProblem } from '../src/shared/ledger-problems.js';
import { generateCounty, type DemoCounty } from '../src/server/seed/demo-county.js';
import {
  bulkLayoutOf,
  personCopyStatement,
  writeCopyCsv,
  writeLedgerCsv,
  writeLedgerXlsx,
} from '../src/server/seed/ledger-files.js';
import { generatePopulation, type PersonRow, type Population } from '../src/server/seed/population.js';
import { Random } from '../src/server/seed/random.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';
import { withBenchDatabase } from './bench-database.js';
import { demoActor, percentile, seconds } from './measure.js';

const baselineBatchSize = 10_000;
const searchesPerKind = 100;
const searchPageSize = 20;

type LedgerFiles = { csv: string; xlsx: string; copy: string };

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function perSecond(rows: number, elapsedSeconds: number): string {
  return `${Math.round(rows / elapsedSeconds).toLocaleString('en')} rows/s`;
}

/** The highest resident set size seen while work runs, sampled every 50 ms (and once at the end). */
async function withPeakMemory<Result>(work: () => Promise<Result>): Promise<{ result: Result; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    const result = await work();
    return { result, peakRss: Math.max(peakRss, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

function generate(): { demo: DemoCounty; population: Population } {
  console.log('\n## (a) Generation, county scale');
  const started = performance.now();
  const demo = generateCounty({ scale: 'county' });
  const territorySeconds = seconds(started);
  const population = generatePopulation(demo);
  const elapsed = seconds(started);
  const grids = demo.regions.filter((region) => region.level === 'grid').length;
  console.log(`territory: ${demo.regions.length} regions (${grids} grids) in ${territorySeconds.toFixed(2)} s`);
  console.log(
    `population: ${population.households.length} households, ${population.persons.length} persons, ` +
      `${population.personTags.length} person tags, ${population.householdTags.length} household tags, ` +
      `${population.places.length} places in ${(elapsed - territorySeconds).toFixed(2)} s`,
  );
  console.log(`resident memory after generation: ${megabytes(process.memoryUsage().rss)}`);
  return { demo, population };
}

async function writeFiles(demo: DemoCounty, population: Population, folder: string): Promise<LedgerFiles> {
  console.log('\n## (b) Ledger files');
  const files: LedgerFiles = {
    csv: path.join(folder, 'county-ledger.csv'),
    xlsx: path.join(folder, 'county-ledger.xlsx'),
    copy: path.join(folder, 'persons.copy.csv'),
  };
  const write = async (label: string, file: string, work: () => Promise<void>) => {
    const started = performance.now();
    const { peakRss } = await withPeakMemory(work);
    const elapsed = seconds(started);
    console.log(
      `${label.padEnd(12)} ${megabytes(fs.statSync(file).size).padStart(9)} in ${elapsed.toFixed(1)} s, ` +
        `peak RSS ${megabytes(peakRss)}`,
    );
  };
  const { persons, households } = population;
  await write('CSV ledger', files.csv, () => writeLedgerCsv(persons, households, demo.regions, files.csv, population));
  await write('XLSX ledger', files.xlsx, () =>
    writeLedgerXlsx(persons, households, demo.regions, files.xlsx, population),
  );
  await write('COPY CSV', files.copy, () => writeCopyCsv(persons, files.copy));
  return files;
}

/** One table's rows as typed arrays, unnested into one INSERT per batch: the fastest load plain `pg` has. */
async function insertWithUnnest<Table extends PgTable>(
  client: pg.Client,
  table: Table,
  rows: readonly Table['$inferInsert'][],
): Promise<void> {
  const layout = bulkLayoutOf(table);
  const casts = layout.columnTypes.map((type, index) => `$${index + 1}::${type}[]`).join(', ');
  const statement = `INSERT INTO ${layout.tableName} (${layout.columnNames.join(', ')}) SELECT * FROM unnest(${casts})`;
  for (let start = 0; start < rows.length; start += baselineBatchSize) {
    const columns = layout.columnNames.map((): (string | null)[] => []);
    for (const row of rows.slice(start, start + baselineBatchSize)) {
      layout.fields(row).forEach((field, index) => columns[index]!.push(field));
    }
    await client.query(statement, columns);
  }
}

/** (c) What an import writes, in one transaction as the import does; answers the seconds it took. */
async function insertBaseline(databaseUrl: string, population: Population): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('begin');
    await insertWithUnnest(client, households, population.households);
    await insertWithUnnest(client, persons, population.persons);
    await insertWithUnnest(client, personTags, population.personTags);
    await client.query('commit');
    return seconds(started);
  } finally {
    await client.end();
  }
}

async function clearRegistry(db: Database): Promise<void> {
  await db.execute(sql`truncate persons, households, person_tags, household_tags, registry_imports`);
}

/** (d) The yardstick: the same persons written by a raw `COPY … FROM STDIN`, in one transaction; answers seconds. */
async function copyPersons(databaseUrl: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('begin');
    await pipeline(fs.createReadStream(file), client.query(copyFrom(personCopyStatement)));
    await client.query('commit');
    return seconds(started);
  } finally {
    await client.end();
  }
}

/** (d) One ledger file through the import, as an upload at county level; the ratio is its rows/s to COPY's. */
async function importFile(db: Database, actor: Actor, file: string, copySeconds: number): Promise<void> {
  const content = fs.readFileSync(file);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const { result, peakRss } = await withPeakMemory(() =>
    importLedger(db, actor, { regionId: actor.regionId!, fileName: path.basename(file), content }),
  );
  const elapsed = seconds(started);
  console.log(
    `${path.extname(file).slice(1).toUpperCase().padEnd(5)} ${result.totalRows} rows: ${result.inserted} inserted, ` +
      `${result.errorRows} with problems, in ${elapsed.toFixed(1)} s = ${perSecond(result.totalRows, elapsed)}, ` +
      `ratio to COPY ${(copySeconds / elapsed).toFixed(2)}; ` +
      `RSS ${megabytes(rssBefore)} before, peak ${megabytes(peakRss)} (+${megabytes(peakRss - rssBefore)})`,
  );
  for (const problem of result.problems.slice(0, 3)) {
    console.log(`      row ${problem.row}, ${problem.column}: ${describeLedgerProblem(problem, 'en')}`);
  }
}

/** The texts people type into the search box, drawn from persons who exist. */
function searchTexts(persons: readonly PersonRow[]): Record<string, string[]> {
  const random = new Random(4);
  const draw = (text: (person: PersonRow) => string | null | undefined) => {
    const texts: string[] = [];
    while (texts.length < searchesPerKind) {
      const value = text(random.pick(persons));
      if (value) texts.push(value);
    }
    return texts;
  };
  return {
    'full name': draw((person) => person.name),
    surname: draw((person) => person.name.slice(0, 1)),
    'pinyin prefix': draw((person) => person.namePinyin.slice(0, 5)),
    initials: draw((person) => person.nameInitials),
    'ID last 6': draw((person) => person.idNumber?.slice(-6)),
    'phone last 4': draw((person) => person.phone?.slice(-4)),
    'no search': Array.from({ length: 20 }, () => ''),
  };
}

/** (e) The first page of each search with its total, as GET /api/v1/persons?q=… answers it (without HTTP). */
async function measureSearches(db: Database, actor: Actor, texts: Record<string, string[]>): Promise<void> {
  for (const [kind, queries] of Object.entries(texts)) {
    const durations: number[] = [];
    let rows = 0;
    for (const text of queries) {
      const started = performance.now();
      const found = await listPersons(db, actor, { q: text || undefined, limit: searchPageSize });
      durations.push(performance.now() - started);
      rows += found.items.length;
    }
    durations.sort((first, second) => first - second);
    console.log(
      `${kind.padEnd(14)} p50 ${percentile(durations, 0.5).toFixed(1).padStart(7)} ms, ` +
        `p95 ${percentile(durations, 0.95).toFixed(1).padStart(7)} ms, ${(rows / queries.length).toFixed(1)} rows a page`,
    );
  }
}

/** (f) The county's people as the export endpoint streams them, into a sink that only counts the bytes. */
async function measureExport(db: Database, actor: Actor): Promise<void> {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const started = performance.now();
  const { result: rows, peakRss } = await withPeakMemory(() =>
    exportPersons(db, actor, { regionId: actor.regionId }, { isAsked: false }, sink),
  );
  const elapsed = seconds(started);
  console.log(
    `${rows} persons in ${elapsed.toFixed(1)} s = ${perSecond(rows, elapsed)}, ${megabytes(bytes)} .xlsx, ` +
      `peak memory ${megabytes(peakRss)}`,
  );
}

async function benchPostgres(serverUrl: string, population: Population, files: LedgerFiles): Promise<void> {
  await withBenchDatabase(serverUrl, async ({ handle, url, label }) => {
    const { db } = handle;
    console.log(`\n# ${label}`);
    let started = performance.now();
    await seedDemo(db, { scale: 'county', password: 'bench-demo-password', population: false });
    console.log(`territory, staff and party organisations seeded in ${seconds(started).toFixed(1)} s`);
    const actor = await demoActor(db, 'county', 'registry.bench');

    console.log('\n## (c) The population bulk-inserted with INSERT … SELECT FROM unnest');
    const baselineSeconds = await insertBaseline(url, population);
    const { length: personCount } = population.persons;
    console.log(
      `${population.households.length} households, ${personCount} persons, ${population.personTags.length} tags ` +
        `in ${baselineSeconds.toFixed(1)} s = ${perSecond(personCount, baselineSeconds)} (persons)`,
    );

    started = performance.now();
    await db.execute(sql`analyze households, persons, person_tags`);
    console.log(
      `\n## (e) Person search, first page of ${searchPageSize} and the total (analyze: ${seconds(started).toFixed(1)} s)`,
    );
    await measureSearches(db, actor, searchTexts(population.persons));
    console.log('\n## (f) Export of the whole county (masked .xlsx, as GET /api/v1/registry/export streams it)');
    await measureExport(db, actor);
    await clearRegistry(db);

    console.log(
      '\n## (d) Raw COPY of the persons, then the ledger import (county account and region), into emptied tables',
    );
    const copySeconds = await copyPersons(url, files.copy);
    console.log(`COPY  ${personCount} persons in ${copySeconds.toFixed(1)} s = ${perSecond(personCount, copySeconds)}`);
    await clearRegistry(db);
    await importFile(db, actor, files.csv, copySeconds);
    await clearRegistry(db);
    await importFile(db, actor, files.xlsx, copySeconds);
  });
}

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-registry-bench-'));
try {
  const { demo, population } = generate();
  const files = await writeFiles(demo, population, folder);
  if (process.env.DATABASE_URL) await benchPostgres(process.env.DATABASE_URL, population, files);
  else
    console.log(
      '\n(PostgreSQL parts (c)–(e) skipped: set DATABASE_URL to a server the bench may create a database on.)',
    );
} finally {
  fs.rmSync(folder, { recursive: true, force: true });
}
