import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../src/server/config.js';
import {
  backupDatabase,
  backupFiles,
  checksumTables,
  filesBackupFolder,
  findPostgresTool,
  restoreDatabase,
  restoreFiles,
  type DatabaseLocation,
  type TableChecksum,
} from '../src/server/db/backup.js';
import { openDatabase, type DatabaseHandle } from '../src/server/db/client.js';
import { openFileStore } from '../src/server/storage/open-file-store.js';
import { keysUnder } from './s3-server.js';
import { cloneTemplate, dropClone, onServer, createDatabase, withDatabaseName } from './test-database.js';

const runFile = promisify(execFile);
const template = inject('templateDatabase');
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-backup-test-'));
const createdDatabases: string[] = [];

/** Every table gridlink keeps, with its row count and an md5 of all its rows in order: equal means identical. */
async function fingerprint(location: DatabaseLocation): Promise<TableChecksum[]> {
  const handle = await openDatabase(location);
  try {
    return await checksumTables(handle.db);
  } finally {
    await handle.close();
  }
}

/** A fresh copy of the seeded demo county, as a folder or a database, to back up. */
async function seededDatabase(): Promise<DatabaseLocation> {
  const dataDir = fs.mkdtempSync(path.join(folder, 'data-'));
  if (template.kind === 'pglite') {
    fs.cpSync(template.folder, dataDir, { recursive: true });
    return { dataDir };
  }
  const name = await cloneTemplate(template);
  createdDatabases.push(name);
  return { dataDir, databaseUrl: withDatabaseName(template.serverUrl, name) };
}

/** An empty folder or an empty database to restore into. */
async function emptyDatabase(): Promise<DatabaseLocation> {
  const dataDir = fs.mkdtempSync(path.join(folder, 'empty-'));
  if (template.kind === 'pglite') return { dataDir };
  const name = `gridlink_restore_${process.pid}_${createdDatabases.length}`;
  await onServer(template.serverUrl, (client) => createDatabase(client, name));
  createdDatabases.push(name);
  return { dataDir, databaseUrl: withDatabaseName(template.serverUrl, name) };
}

let source: DatabaseLocation;
let backupFile: string;
let sourceFingerprint: Awaited<ReturnType<typeof fingerprint>>;

beforeAll(async () => {
  source = await seededDatabase();
  sourceFingerprint = await fingerprint(source);
  backupFile = path.join(folder, 'gridlink.backup');
  await backupDatabase(source, backupFile);
});

afterAll(async () => {
  if (template.kind === 'postgres') {
    for (const name of createdDatabases) await dropClone(template.serverUrl, name);
  }
  fs.rmSync(folder, { recursive: true, force: true });
});

// Each test opens several databases (a PGlite costs seconds on a busy machine) and unpacks a backup.
describe(`backup and restore drill (${template.kind})`, { timeout: 120_000 }, () => {
  it('restores into an empty database every table with the same rows, byte for byte', async () => {
    const target = await emptyDatabase();
    await restoreDatabase(target, backupFile);
    const restored = await fingerprint(target);
    expect(sourceFingerprint.length).toBeGreaterThan(20);
    const totalRows = sourceFingerprint.reduce((sum, table) => sum + table.rows, 0);
    expect(totalRows).toBeGreaterThan(1000);
    expect(restored).toEqual(sourceFingerprint);
  });

  it('refuses to restore over a database that holds data, unless forced', async () => {
    const target = await seededDatabase();
    const handle = await openDatabase(target);
    try {
      await handle.db.execute(sql`delete from notifications`);
      await handle.db.execute(sql`create table left_behind (id int)`);
    } finally {
      await handle.close();
    }
    const changed = await fingerprint(target);
    await expect(restoreDatabase(target, backupFile)).rejects.toThrow(/--force/);
    expect(await fingerprint(target)).toEqual(changed);

    await restoreDatabase(target, backupFile, { force: true });
    expect(await fingerprint(target)).toEqual(sourceFingerprint);
  });

  it('leaves the database as it was when a forced restore fails half-way', async () => {
    const target = await seededDatabase();
    const before = await fingerprint(target);
    const truncated = path.join(folder, 'truncated.backup');
    const whole = fs.readFileSync(backupFile);
    fs.writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(restoreDatabase(target, truncated, { force: true })).rejects.toThrow(
      template.kind === 'pglite' ? /damaged or incomplete/ : /pg_restore failed/,
    );
    expect(await fingerprint(target)).toEqual(before);
  });

  it('tells which kind of database a backup belongs to when it does not match', async () => {
    const target = await emptyDatabase();
    const otherKind: DatabaseLocation = target.databaseUrl ? { dataDir: target.dataDir } : { ...target };
    if (!target.databaseUrl) otherKind.databaseUrl = 'postgres://nobody@127.0.0.1:1/none';
    await expect(restoreDatabase(otherKind, backupFile)).rejects.toThrow(
      target.databaseUrl ? /PostgreSQL backup.*DATABASE_URL/ : /embedded database.*unset DATABASE_URL/,
    );
    const junk = path.join(folder, 'junk.backup');
    fs.writeFileSync(junk, 'not a backup');
    await expect(restoreDatabase(target, junk)).rejects.toThrow(/not a gridlink backup/);
  });
});

describe.runIf(template.kind === 'pglite')(
  'the embedded database in use (PGlite only: a server holds its folder)',
  () => {
    let running: DatabaseHandle;
    let location: DatabaseLocation;

    beforeAll(async () => {
      location = await emptyDatabase();
      running = await openDatabase(location);
    });
    afterAll(() => running?.close());

    it('refuses to back up or restore a folder a server holds, naming the process', async () => {
      const expected = new RegExp(`in use by process ${process.pid}`);
      await expect(restoreDatabase(location, backupFile, { force: true })).rejects.toThrow(expected);
      await expect(backupDatabase(location, path.join(folder, 'held.backup'))).rejects.toThrow(expected);
      expect(fs.existsSync(path.join(folder, 'held.backup'))).toBe(false);
    });
  },
);

describe("the folder store's files", () => {
  const fileStoreIn = (dataDir: string) => loadConfig({ DATA_DIR: dataDir }).fileStore;

  it('travel beside the backup and come back with the restore, in place of what the store held', async () => {
    const sourceFiles = fileStoreIn(source.dataDir);
    await openFileStore(sourceFiles).put('photos/county/photo-1', Buffer.from('photo'), { contentType: 'image/png' });
    const file = path.join(folder, 'with-files.backup');
    expect(backupFiles(sourceFiles, file)).toBe(true);
    expect(keysUnder(filesBackupFolder(file))).toEqual(['photos/county/photo-1']);

    const targetFiles = fileStoreIn(fs.mkdtempSync(path.join(folder, 'files-')));
    await openFileStore(targetFiles).put('photos/county/left-over', Buffer.from('x'), { contentType: 'image/png' });
    expect(restoreFiles(targetFiles, file)).toBe(true);
    if (targetFiles.kind !== 'folder') throw new Error('The default store is a folder.');
    expect(keysUnder(targetFiles.folder)).toEqual(['photos/county/photo-1']);
    expect(fs.readFileSync(path.join(targetFiles.folder, 'photos', 'county', 'photo-1'), 'utf8')).toBe('photo');
  });

  it('leave a bucket to be backed up by its own means', () => {
    const bucket = loadConfig({
      FILE_STORE: 's3',
      S3_BUCKET: 'files',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
    }).fileStore;
    const file = path.join(folder, 'bucket.backup');
    expect(backupFiles(bucket, file)).toBe(false);
    expect(fs.existsSync(filesBackupFolder(file))).toBe(false);
    expect(restoreFiles(bucket, backupFile)).toBe(false);
  });
});

describe('the PostgreSQL tools', () => {
  it('says which version is needed and how to get it when pg_dump is missing or too old', async () => {
    await expect(findPostgresTool('pg_dump', 99)).rejects.toThrow(
      /No pg_dump for PostgreSQL 99 or newer.*postgresql-client-99/,
    );
  });
});

describe('the command line', () => {
  // Three processes that each load the server's code: slow on a busy machine.
  it(
    'backs up with `gridlink backup`, refuses `gridlink restore` over data without --force, prints checksums',
    { timeout: 120_000 },
    async () => {
      const target = await seededDatabase();
      const environment = { ...process.env, DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '' };
      const gridlink = [process.execPath, '--import', 'tsx', path.resolve('src/server/main.ts')] as const;
      const file = path.join(folder, 'cli.backup');
      const backup = await runFile(gridlink[0], [...gridlink.slice(1), 'backup', file], { env: environment });
      expect(backup.stdout).toContain(`Backup written to ${file}`);
      expect(fs.statSync(file).size).toBeGreaterThan(10_000);
      expect(backup.stdout).toContain(`Files (photos, waiting uploads) copied to ${file}.files`);
      expect(fs.statSync(`${file}.files`).isDirectory()).toBe(true);

      const refused = await runFile(gridlink[0], [...gridlink.slice(1), 'restore', file], { env: environment }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(refused).toMatchObject({ code: 1 });
      expect((refused as { stderr: string }).stderr).toMatch(/already holds.*--force/);

      // The drill's comparison: one line per table, exactly what the restore must reproduce.
      const checksums = await runFile(gridlink[0], [...gridlink.slice(1), 'checksums'], { env: environment });
      const expected = sourceFingerprint.map((table) => `${table.table}\t${table.rows}\t${table.checksum}`);
      expect(checksums.stdout.trim().split('\n')).toEqual(expected);
    },
  );
});
