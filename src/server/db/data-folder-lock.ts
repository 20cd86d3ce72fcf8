import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type LockOwner = { pid: number; host: string; startedAt: string; command: string };

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite lets two processes open one folder and silently loses one's writes, so the folder is locked exclusively.
 * A lock left by a process that no longer runs on this host is taken over.
 */
export function lockDataFolder(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'gridlink.lock');
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    command: process.argv.slice(1).join(' '),
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(owner), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readOwner(lockPath);
      if (holder && holder.host === owner.host && !isRunning(holder.pid)) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      const who = holder
        ? `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.startedAt})`
        : 'another process';
      throw new Error(
        `The data folder ${dataDir} is in use by ${who}. Stop that process first, or give this one its own DATA_DIR.`,
        { cause: error },
      );
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}.`);
}

function readOwner(lockPath: string): LockOwner | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}
