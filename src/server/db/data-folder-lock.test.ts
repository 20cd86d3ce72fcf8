import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openDatabase } from './client.js';
import { lockDataFolder } from './data-folder-lock.js';

const folders: string[] = [];

function newFolder(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-lock-test-'));
  folders.push(folder);
  return folder;
}

afterEach(() => {
  for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
});

function lockFileOf(folder: string) {
  return JSON.parse(fs.readFileSync(path.join(folder, 'gridlink.lock'), 'utf8')) as { pid: number; host: string };
}

/** The id of a process that has already exited. */
function deadProcessId(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
  return child.pid;
}

describe('lockDataFolder', () => {
  it('refuses a second lock on the same folder, naming the process that holds it', () => {
    const folder = newFolder();
    const unlock = lockDataFolder(folder);
    try {
      expect(() => lockDataFolder(folder)).toThrow(`process ${process.pid} on ${os.hostname()}`);
      expect(() => lockDataFolder(folder)).toThrow(/Stop that process first, or give this one its own DATA_DIR/);
    } finally {
      unlock();
    }
  });

  it('can be taken again once released', () => {
    const folder = newFolder();
    lockDataFolder(folder)();
    expect(fs.existsSync(path.join(folder, 'gridlink.lock'))).toBe(false);
    const unlock = lockDataFolder(folder);
    expect(lockFileOf(folder).pid).toBe(process.pid);
    unlock();
  });

  it('takes over a lock left by a process of this host that no longer runs', () => {
    const folder = newFolder();
    const stalePid = deadProcessId();
    fs.writeFileSync(
      path.join(folder, 'gridlink.lock'),
      JSON.stringify({ pid: stalePid, host: os.hostname(), startedAt: '2025-01-01T00:00:00Z', command: 'gone' }),
    );
    const unlock = lockDataFolder(folder);
    expect(lockFileOf(folder).pid).toBe(process.pid);
    unlock();
  });

  it('does not take over a lock of another host, whose processes it cannot see', () => {
    const folder = newFolder();
    fs.writeFileSync(
      path.join(folder, 'gridlink.lock'),
      JSON.stringify({ pid: deadProcessId(), host: 'other-machine', startedAt: '2025-01-01T00:00:00Z', command: 'x' }),
    );
    expect(() => lockDataFolder(folder)).toThrow(/on other-machine/);
  });

  it('refuses an unreadable lock file rather than guessing', () => {
    const folder = newFolder();
    fs.writeFileSync(path.join(folder, 'gridlink.lock'), 'not json');
    expect(() => lockDataFolder(folder)).toThrow(/in use by another process/);
  });
});

/** A PGlite folder to open: a copy of the test template when there is one (opening a new folder takes seconds). */
function pgliteFolder(): string {
  const folder = newFolder();
  const template = inject('templateDatabase');
  if (template.kind === 'pglite') fs.cpSync(template.folder, folder, { recursive: true });
  return folder;
}

describe('openDatabase on a PGlite folder', () => {
  it('refuses to open a folder that is already open, and leaves the first opener working', async () => {
    const folder = pgliteFolder();
    const first = await openDatabase({ dataDir: folder });
    try {
      await expect(openDatabase({ dataDir: folder })).rejects.toThrow(`process ${process.pid}`);
      expect(lockFileOf(folder).pid).toBe(process.pid);
      await expect(first.db.execute(sql`select 1`)).resolves.toBeDefined();
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(folder, 'gridlink.lock'))).toBe(false);
  });
});
