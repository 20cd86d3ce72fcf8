/**
 * How long the demo county takes to generate and to seed, on PGlite and (when DATABASE_URL is set) PostgreSQL.
 *
 *   npx tsx bench/generate.bench.ts [town|county]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/generate.bench.ts
 *
 * For PostgreSQL the URL names a server to borrow: the bench creates a database of its own there and drops it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { hashPassword } from '../src/server/auth/passwords.js';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.js';
import {
  accounts,
  gridStaff,
  householdTags,
  households,
  partyOrgRegions,
  partyOrgs,
  personTags,
  persons,
  places,
  regions,
} from '../src/server/db/schema/index.js';
import { generateCounty, type DemoScale } from '../src/server/seed/demo-county.js';
import { generatePopulation } from '../src/server/seed/population.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';
import { withBenchDatabase } from './bench-database.js';

const scale: DemoScale = process.argv[2] === 'town' ? 'town' : 'county';
const password = 'bench-demo-password';
const generationRuns = 5;

function milliseconds(since: number): number {
  return performance.now() - since;
}

function measureGeneration(): void {
  const durations: number[] = [];
  let demo = generateCounty({ scale });
  for (let run = 0; run < generationRuns; run++) {
    const started = performance.now();
    demo = generateCounty({ scale });
    durations.push(milliseconds(started));
  }
  const levels = new Map<string, number>();
  for (const region of demo.regions) levels.set(region.level, (levels.get(region.level) ?? 0) + 1);
  console.log(`\n# Demo county, scale ${scale}`);
  console.log(`regions by level: ${[...levels].map(([level, regionCount]) => `${level} ${regionCount}`).join(', ')}`);
  console.log(`generation: ${Math.min(...durations).toFixed(1)} ms best of ${generationRuns} (first run excluded)`);
  const started = performance.now();
  const population = generatePopulation(demo);
  console.log(
    `population: ${population.households.length} households, ${population.persons.length} persons, ` +
      `generated in ${milliseconds(started).toFixed(0)} ms (one run)`,
  );
}

async function measureSeeding(label: string, handle: DatabaseHandle): Promise<void> {
  const started = performance.now();
  const summary = await seedDemo(handle.db, { scale, password });
  const elapsed = milliseconds(started);
  const tables = {
    regions,
    accounts,
    gridStaff,
    partyOrgs,
    partyOrgRegions,
    households,
    persons,
    personTags,
    householdTags,
    places,
  };
  const stored: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await handle.db.select({ rows: count() }).from(table);
    stored[name] = row?.rows ?? 0;
  }
  const totalRows = Object.values(summary.counts).reduce((sum, rows) => sum + rows, 0);
  console.log(`\n## ${label}`);
  for (const [name, rows] of Object.entries(stored)) console.log(`${name.padEnd(16)} ${String(rows).padStart(8)} rows`);
  console.log(
    `seeding: ${elapsed.toFixed(0)} ms for ${totalRows} rows, ${Math.round(totalRows / (elapsed / 1000))} rows/s`,
  );
}

async function benchPglite(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-bench-'));
  const handle = await openDatabase({ dataDir });
  try {
    await handle.migrate();
    await measureSeeding('PGlite (temporary folder)', handle);
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function benchPostgres(serverUrl: string): Promise<void> {
  return withBenchDatabase(serverUrl, ({ handle, label }) => measureSeeding(label, handle));
}

measureGeneration();
const hashStarted = performance.now();
await hashPassword(password);
console.log(`one password hash (included in each seeding figure): ${milliseconds(hashStarted).toFixed(0)} ms`);
await benchPglite();
if (process.env.DATABASE_URL) await benchPostgres(process.env.DATABASE_URL);
else console.log('\n(PostgreSQL skipped: set DATABASE_URL to a server the bench may create a database on.)');
