/**
 * A database of the bench's own on a PostgreSQL server it borrows: created before the work, dropped after it,
 * whatever happens in between. The URL names the server (any database on it); the name carries the process id,
 * so two benches on one server do not meet.
 */
import os from 'node:os';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.js';

export type BenchDatabase = { handle: DatabaseHandle; url: string; label: string };

export async function withBenchDatabase<Result>(
  serverUrl: string,
  work: (database: BenchDatabase) => Promise<Result>,
  /** Tells apart two databases of one bench. */
  suffix = '',
): Promise<Result> {
  const databaseName = `gridlink_bench_${process.pid}${suffix}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${databaseName}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir() });
    try {
      await handle.migrate();
      return await work({ handle, url: url.toString(), label: `PostgreSQL (${url.host}, database ${databaseName})` });
    } finally {
      await handle.close();
    }
  } finally {
    await admin.query(`drop database if exists ${databaseName} with (force)`);
    await admin.end();
  }
}
