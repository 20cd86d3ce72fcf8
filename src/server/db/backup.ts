import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { FileStoreSettings } from '../config.js';
import { selectRows, type Database } from './client.js';
import { lockDataFolder } from './data-folder-lock.js';

const run = promisify(execFile);

/** Where the database is: PostgreSQL when a URL is given, else PGlite in `dataDir`. */
export type DatabaseLocation = { databaseUrl?: string; dataDir: string };

/** Debian and Ubuntu install each PostgreSQL major version's tools side by side here. */
const debianToolsFolder = '/usr/lib/postgresql';

/** pg_dump's custom format starts with these bytes; PGlite's tarball is gzip. */
const postgresDumpMagic = Buffer.from('PGDMP');
const gzipMagic = Buffer.from([0x1f, 0x8b]);

/**
 * Writes a backup of the whole database to `file`: pg_dump's custom format for PostgreSQL, PGlite's own data-folder
 * tarball for the embedded database. The file appears only once complete, so a failed backup never looks like one.
 */
export async function backupDatabase(location: DatabaseLocation, file: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    if (location.databaseUrl) await dumpPostgres(location.databaseUrl, partial);
    else await dumpPglite(location.dataDir, partial);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * Loads a backup made by `backupDatabase` into an empty database. A database that already holds gridlink's data is
 * refused unless `force`, which replaces everything in it.
 */
export async function restoreDatabase(
  location: DatabaseLocation,
  file: string,
  options: { force?: boolean } = {},
): Promise<void> {
  const kind = readBackupKind(file);
  if (location.databaseUrl) {
    if (kind !== 'postgres') {
      throw new Error(`${file} is a backup of the embedded database (PGlite); unset DATABASE_URL to restore it.`);
    }
    return restorePostgres(location.databaseUrl, file, options.force ?? false);
  }
  if (kind !== 'pglite') {
    throw new Error(`${file} is a PostgreSQL backup (pg_dump); set DATABASE_URL to the database to restore it into.`);
  }
  return restorePglite(location.dataDir, file, options.force ?? false);
}

/** Where a backup keeps the files of the folder store: a folder beside the database's file, laid out as the store. */
export function filesBackupFolder(file: string): string {
  return `${file}.files`;
}

/**
 * Copies the folder store's files beside the database's backup (`FILE.files`), once the database is written: every
 * photo the backup's rows name is then in the copy. A bucket (FILE_STORE=s3) is backed up by its own means; this
 * answers false then, and copies nothing.
 */
export function backupFiles(settings: FileStoreSettings, file: string): boolean {
  if (settings.kind !== 'folder') return false;
  const target = filesBackupFolder(file);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  try {
    if (fs.existsSync(settings.folder)) {
      fs.cpSync(settings.folder, partial, {
        recursive: true,
        // Files still being written belong to no row yet.
        filter: (source) => path.relative(settings.folder, source) !== '.incoming',
      });
    } else {
      fs.mkdirSync(partial);
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return true;
}

/**
 * Puts the files of a backup back into the folder store, replacing what it held, as the database's restore replaces
 * the rows. Answers false when there is nothing to restore: a bucket, or a backup taken with one (no `FILE.files`).
 */
export function restoreFiles(settings: FileStoreSettings, file: string): boolean {
  const source = filesBackupFolder(file);
  if (settings.kind !== 'folder' || !fs.existsSync(source)) return false;
  // Copied beside the store and swapped in whole, so a failed copy leaves the store as it was.
  const restoring = `${settings.folder}.restoring`;
  fs.rmSync(restoring, { recursive: true, force: true });
  try {
    fs.cpSync(source, restoring, { recursive: true });
    fs.rmSync(settings.folder, { recursive: true, force: true });
    fs.renameSync(restoring, settings.folder);
  } finally {
    fs.rmSync(restoring, { recursive: true, force: true });
  }
  return true;
}

export type TableChecksum = { table: string; rows: number; checksum: string };

/**
 * The row count and an md5 of every row of every gridlink table, in a fixed order: the restore drill compares the
 * lists of the live database and the restored one, which must be identical.
 */
export async function checksumTables(db: Database): Promise<TableChecksum[]> {
  const tables = await selectRows<{ schema: string; name: string }>(
    db,
    sql`select schemaname as schema, tablename as name from pg_tables
        where schemaname in ('public', 'drizzle') order by 1, 2`,
  );
  const checksums: TableChecksum[] = [];
  for (const table of tables) {
    const [row] = await selectRows<{ rows: number; checksum: string }>(
      db,
      sql`select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as checksum
          from ${sql.identifier(table.schema)}.${sql.identifier(table.name)} t`,
    );
    checksums.push({ table: `${table.schema}.${table.name}`, rows: row!.rows, checksum: row!.checksum });
  }
  return checksums;
}

function readBackupKind(file: string): 'postgres' | 'pglite' {
  if (!fs.existsSync(file)) throw new Error(`There is no file ${file}.`);
  const head = Buffer.alloc(5);
  const descriptor = fs.openSync(file, 'r');
  try {
    fs.readSync(descriptor, head, 0, head.length, 0);
  } finally {
    fs.closeSync(descriptor);
  }
  if (head.equals(postgresDumpMagic)) return 'postgres';
  if (head.subarray(0, 2).equals(gzipMagic)) return 'pglite';
  throw new Error(`${file} is not a gridlink backup (neither pg_dump's custom format nor a PGlite tarball).`);
}

// ---------------------------------------------------------------------------------------------------------------
// PostgreSQL

/**
 * The connection for pg_dump and pg_restore, with the password in the environment rather than on the command line,
 * where every user of the machine could read it in the process list.
 */
function toolConnection(databaseUrl: string): { url: string; environment: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), environment: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

async function serverMajorVersion(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection lost mid-way is reported by the query that fails; the listener keeps it from ending the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const result = await client.query<{ server_version_num: string }>('show server_version_num');
    return Math.floor(Number(result.rows[0]!.server_version_num) / 10_000);
  } finally {
    await client.end();
  }
}

async function toolMajorVersion(executable: string): Promise<number | undefined> {
  try {
    const { stdout } = await run(executable, ['--version']);
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * pg_dump and pg_restore must be at least as new as the server. Prefers the tools of the server's own major version,
 * then the newest installed one, then whatever is on the PATH.
 */
export async function findPostgresTool(tool: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<string> {
  const installed = fs.existsSync(debianToolsFolder)
    ? fs
        .readdirSync(debianToolsFolder)
        .filter((version) => /^\d+$/.test(version))
        .map(Number)
        .sort((left, right) => (left === serverMajor ? -1 : right === serverMajor ? 1 : right - left))
        .map((version) => path.join(debianToolsFolder, String(version), 'bin', tool))
    : [];
  const found: string[] = [];
  for (const candidate of [...installed.filter((file) => fs.existsSync(file)), tool]) {
    const version = await toolMajorVersion(candidate);
    if (version === undefined) continue;
    if (version >= serverMajor) return candidate;
    found.push(`${candidate} (${version})`);
  }
  throw new Error(
    `No ${tool} for PostgreSQL ${serverMajor} or newer was found` +
      (found.length > 0 ? ` (only ${found.join(', ')})` : '') +
      `. Install the client tools of version ${serverMajor} or newer, ` +
      `e.g. \`apt install postgresql-client-${serverMajor}\`.`,
  );
}

/** Runs a PostgreSQL tool, turning a failure into an error with what the tool said. */
async function runTool(executable: string, args: string[], environment: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(executable, args, { env: environment, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const said = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`${path.basename(executable)} failed${said ? `: ${said}` : '.'}`, { cause: error });
  }
}

async function dumpPostgres(databaseUrl: string, file: string): Promise<void> {
  const pgDump = await findPostgresTool('pg_dump', await serverMajorVersion(databaseUrl));
  const connection = toolConnection(databaseUrl);
  await runTool(pgDump, ['--format=custom', `--file=${file}`, `--dbname=${connection.url}`], connection.environment);
}

/** The schemas gridlink keeps: its own tables (public) and drizzle's record of applied migrations. */
const gridlinkSchemas = ['public', 'drizzle'];

async function restorePostgres(databaseUrl: string, file: string, isForced: boolean): Promise<void> {
  const pgRestore = await findPostgresTool('pg_restore', await serverMajorVersion(databaseUrl));
  const connection = toolConnection(databaseUrl);
  // One transaction: a restore that fails half-way leaves nothing behind.
  const restore = () =>
    runTool(
      pgRestore,
      ['--single-transaction', '--exit-on-error', '--no-owner', `--dbname=${connection.url}`, file],
      connection.environment,
    );
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query<{ tables: number }>(
      'select count(*)::int as tables from pg_tables where schemaname = any($1)',
      [gridlinkSchemas],
    );
    const tables = rows[0]!.tables;
    if (tables === 0) return await restore();
    if (!isForced) {
      throw new Error(
        `The database already holds ${tables} tables. Restore into an empty database, ` +
          'or add --force to replace everything in this one.',
      );
    }
    await replaceSchemas(client, restore);
  } finally {
    await client.end();
  }
}

/**
 * Moves gridlink's schemas aside, restores, and drops them only once the restore succeeded; a failed restore puts
 * them back, so --force never leaves a database emptier than it found it.
 */
async function replaceSchemas(client: pg.Client, restore: () => Promise<void>): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    'select nspname as name from pg_namespace where nspname = any($1)',
    [gridlinkSchemas],
  );
  const asideName = (schema: string) => `${schema}_before_restore_${process.pid}`;
  const moved = rows.map((row) => row.name);
  const rename = async (from: (schema: string) => string, to: (schema: string) => string) => {
    for (const schema of moved) {
      await client.query(
        `alter schema ${client.escapeIdentifier(from(schema))} rename to ${client.escapeIdentifier(to(schema))}`,
      );
    }
  };
  const same = (schema: string) => schema;
  await client.query('begin');
  await rename(same, asideName);
  // pg_restore expects the public schema to exist, as in any new database.
  if (moved.includes('public')) await client.query('create schema public');
  await client.query('commit');
  try {
    await restore();
  } catch (error) {
    await client.query('begin');
    for (const schema of moved) await client.query(`drop schema if exists ${client.escapeIdentifier(schema)} cascade`);
    await rename(asideName, same);
    await client.query('commit');
    throw error;
  }
  for (const schema of moved) await client.query(`drop schema ${client.escapeIdentifier(asideName(schema))} cascade`);
}

// ---------------------------------------------------------------------------------------------------------------
// PGlite

function pgliteFolder(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

function hasPgliteData(dataDir: string): boolean {
  const folder = pgliteFolder(dataDir);
  return fs.existsSync(folder) && fs.readdirSync(folder).length > 0;
}

/** Takes the folder's lock for the work: a server using the folder makes this fail with its name and process. */
async function withLockedFolder<Result>(dataDir: string, work: () => Promise<Result>): Promise<Result> {
  const unlock = lockDataFolder(dataDir);
  try {
    return await work();
  } finally {
    unlock();
  }
}

async function dumpPglite(dataDir: string, file: string): Promise<void> {
  if (!hasPgliteData(dataDir)) throw new Error(`There is no database in ${dataDir} to back up.`);
  await withLockedFolder(dataDir, async () => {
    const database = await PGlite.create(pgliteFolder(dataDir));
    try {
      const tarball = await database.dumpDataDir('gzip');
      fs.writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await database.close();
    }
  });
}

/**
 * The tar inside the backup's gzip. Decompressed here because PGlite's own decompression lets a damaged file's error
 * escape as an unhandled one; PGlite takes the plain tar as well.
 */
function unpackTarball(file: string): Uint8Array<ArrayBuffer> {
  try {
    return new Uint8Array(gunzipSync(fs.readFileSync(file)));
  } catch (error) {
    throw new Error(`${file} is damaged or incomplete; nothing was restored.`, { cause: error });
  }
}

async function restorePglite(dataDir: string, file: string, isForced: boolean): Promise<void> {
  await withLockedFolder(dataDir, async () => {
    if (hasPgliteData(dataDir) && !isForced) {
      throw new Error(
        `${dataDir} already holds a database. Restore into an empty DATA_DIR, ` +
          'or add --force to replace the database in this one.',
      );
    }
    // Unpacked beside the folder and swapped in only once it opens, so a bad file leaves the old database whole.
    const restoring = `${pgliteFolder(dataDir)}.restoring`;
    fs.rmSync(restoring, { recursive: true, force: true });
    try {
      const database = await PGlite.create(restoring, { loadDataDir: new Blob([unpackTarball(file)]) });
      try {
        await database.query('select 1');
      } finally {
        await database.close();
      }
      fs.rmSync(pgliteFolder(dataDir), { recursive: true, force: true });
      fs.renameSync(restoring, pgliteFolder(dataDir));
    } finally {
      fs.rmSync(restoring, { recursive: true, force: true });
    }
  });
}
