import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/server/db/client.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';
import {
  createDatabase,
  dropDatabase,
  onServer,
  testDatabasePrefix,
  testPassword,
  withDatabaseName,
} from './test-database.js';

/** Migrates and seeds one database with the demo county; `handle.close()` leaves the folder unlocked. */
async function seedTemplate(options: { databaseUrl?: string; dataDir: string }): Promise<void> {
  const handle = await openDatabase(options);
  try {
    await handle.migrate();
    await seedDemo(handle.db, { scale: 'town', password: testPassword });
  } finally {
    await handle.close();
  }
}

/**
 * Builds the template every test file starts from, once per run: seeding costs seconds, a copy a fraction of one.
 * On PGlite the template is a folder; with DATABASE_URL it is a PostgreSQL database used as `TEMPLATE`.
 */
export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (databaseUrl) {
    const databaseName = `gridlink_template_${process.pid}`;
    await onServer(databaseUrl, async (client) => {
      await dropDatabase(client, databaseName, { force: true });
      await createDatabase(client, databaseName);
    });
    await seedTemplate({ databaseUrl: withDatabaseName(databaseUrl, databaseName), dataDir: os.tmpdir() });
    project.provide('templateDatabase', { kind: 'postgres', serverUrl: databaseUrl, databaseName });
    return async () => {
      await onServer(databaseUrl, async (client) => {
        const clones = await client.query<{ datname: string }>(
          `select datname from pg_database where starts_with(datname, $1)`,
          [testDatabasePrefix(databaseName)],
        );
        for (const clone of clones.rows) await dropDatabase(client, clone.datname, { force: true });
        await dropDatabase(client, databaseName, { force: true });
      });
    };
  }

  const folder = path.join(os.tmpdir(), `gridlink-test-template-${process.pid}`);
  fs.rmSync(folder, { recursive: true, force: true });
  await seedTemplate({ dataDir: folder });
  if (fs.existsSync(path.join(folder, 'gridlink.lock'))) {
    throw new Error(`The template ${folder} is still locked after closing; copies of it would refuse to open.`);
  }
  project.provide('templateDatabase', { kind: 'pglite', folder });
  return () => fs.rmSync(folder, { recursive: true, force: true });
}
