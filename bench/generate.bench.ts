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
import pg from 'pg';
import { hashPassword } from '../src/server/auth/passwords.js';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.js';
import { accounts, gridStaff, partyOrgRegions, partyOrgs, regions } from '../src/server/db/schema/index.js';
import { generateCounty, type DemoScale } from '../src/server/seed/demo-county.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';

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
}

async function measureSeeding(label: string, handle: DatabaseHandle): Promise<void> {
  await handle.migrate();
  const started = performance.now();
  const summary = await seedDemo(handle.db, { scale, password });
  const elapsed = milliseconds(started);
  const tables = { regions, accounts, gridStaff, partyOrgs, partyOrgRegions };
  const stored: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await handle.db.select({ rows: count() }).from(table);
    stored[name] = row?.rows ?? 0;
  }
  const totalRows = Object.values(summary.counts).reduce((sum, rows) => sum + rows, 0);
  console.log(`\n## ${label}`);
  for (const [name, rows] of Object.entries(stored)) console.log(`${name.padEnd(16)} ${String(rows).padStart(6)} rows`);
  console.log(
    `seeding: ${elapsed.toFixed(0)} ms for ${totalRows} rows, ${Math.round(totalRows / (elapsed / 1000))} rows/s`,
  );
}

async function benchPglite(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-bench-'));
  const handle = await openDatabase({ dataDir });
  try {
    await measureSeeding('PGlite (temporary folder)', handle);
  } finally {
    await handle.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function benchPostgres(serverUrl: string): Promise<void> {
  const databaseName = `gridlink_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${databaseName}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
    try {
      await measureSeeding(`PostgreSQL (${url.host}, database ${databaseName})`, handle);
    } finally {
      await handle.close();
    }
  } finally {
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  }
}

measureGeneration();
const hashStarted = performance.now();
await hashPassword(password);
console.log(`one password hash (included in each seeding figure): ${milliseconds(hashStarted).toFixed(0)} ms`);
await benchPglite();
if (process.env.DATABASE_URL) await benchPostgres(process.env.DATABASE_URL);
else console.log('\n(PostgreSQL skipped: set DATABASE_URL to a server the bench may create a database on.)');
