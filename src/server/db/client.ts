import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { packageRoot } from '../package-root.js';
import { lockDataFolder } from './data-folder-lock.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** A database or a transaction: repositories accept either. */
export type Executor = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  kind: 'pglite' | 'postgres';
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Where losing and regaining the database is reported, once per outage; the server points it at its log. */
  setConnectionLog(log: ConnectionLog): void;
};

/** The part of a pino logger the connection reports need. */
export type ConnectionLog = {
  warn(details: Record<string, unknown>, message: string): void;
  info(message: string): void;
};

const consoleConnectionLog: ConnectionLog = {
  warn: (details, message) => console.warn(message, details),
  info: (message) => console.info(message),
};

/**
 * A connection that is waited for longer than this fails the request (503) instead of holding it: during an
 * outage a client learns within seconds that it should retry.
 */
const connectionTimeoutMilliseconds = 3000;

/** Connections the server keeps to PostgreSQL; the HTTP bench's raw pool takes the same number. */
export const postgresPoolSize = 10;

const migrationsFolder = path.join(packageRoot, 'src/server/db/migrations');

/** Serialises migrations between server instances that start at the same time. */
const migrationLockKey = 727_100_001;

/** Opens PostgreSQL when a URL is given, else PGlite in `dataDir` (locked against a second process). */
export async function openDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: postgresPoolSize,
      connectionTimeoutMillis: connectionTimeoutMilliseconds,
    });
    const connection = watchConnections(pool);
    const db = drizzlePostgres(pool, { schema }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      setConnectionLog: connection.setLog,
      async migrate() {
        const client = await pool.connect();
        try {
          await client.query('select pg_advisory_lock($1)', [migrationLockKey]);
          await migratePostgres(drizzlePostgres(client, { schema }), { migrationsFolder });
        } finally {
          await client.query('select pg_advisory_unlock($1)', [migrationLockKey]).catch(() => undefined);
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  const unlock = lockDataFolder(options.dataDir);
  try {
    const client = await PGlite.create(path.join(options.dataDir, 'pgdata'));
    const db = drizzlePglite(client, { schema }) as unknown as Database;
    return {
      db,
      kind: 'pglite',
      // The embedded database lives in this process: it cannot go away while the server runs.
      setConnectionLog: () => undefined,
      migrate: () => migratePglite(drizzlePglite(client, { schema }), { migrationsFolder }),
      async close() {
        await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * Without a listener, an error on an idle or checked-out client (PostgreSQL restarting, a network cut) is an
 * unhandled 'error' event that ends the process. The pool drops such clients itself and opens new ones when the
 * database is back, so noting the loss is all there is to do. Each client gets its own listener because a client
 * checked out for a transaction has none from the pool.
 */
function watchConnections(pool: pg.Pool) {
  let log = consoleConnectionLog;
  let isLost = false;
  const noteLoss = (error: Error) => {
    if (isLost) return;
    isLost = true;
    // The code and class only: a driver's message may quote a statement.
    log.warn({ code: (error as { code?: string }).code, type: error.name }, 'Lost the connection to the database');
  };
  pool.on('error', noteLoss);
  pool.on('connect', (client) => {
    client.on('error', noteLoss);
    if (isLost) {
      isLost = false;
      log.info('Connected to the database again');
    }
  });
  return {
    setLog(next: ConnectionLog) {
      log = next;
    },
  };
}

const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown: the server is stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);

/** Errors the pg driver and PGlite raise without a code when the connection is gone or never came. */
const unavailableMessages = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Cannot use a pool after calling end on the pool/,
  /^PGlite is closed/,
];

/**
 * True when an error means the database cannot be reached right now (rather than that a query is wrong): the
 * request may succeed if retried. Looks through drizzle's wrapper (`cause`) and Node's multi-address errors.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (unavailableCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (unavailableMessages.some((pattern) => pattern.test(error.message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) {
    return true;
  }
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/** True when the database answers (readiness). */
export async function isDatabaseReachable(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

/** Rows of a hand-written query: both drivers answer `{ rows }`, which the shared database type leaves unknown. */
export async function selectRows<Row>(db: Executor, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

/** True for PostgreSQL's unique_violation (23505), however the driver wraps it: for check-then-insert races. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return (cause?.code ?? code) === '23505';
}
