import type { Executor } from '../../db/client.js';
import { selectSetting, upsertSetting } from './settings.repository.js';

/** The installation's settings (a key and a JSON value each): what other modules read and write through. */
export async function readSetting<Value>(db: Executor, key: string): Promise<Value | undefined> {
  return (await selectSetting(db, key)) as Value | undefined;
}

export async function writeSetting(db: Executor, key: string, value: unknown): Promise<void> {
  await upsertSetting(db, key, value);
}

/** True when this database holds the demo county (seeded on a first start outside production). */
export async function isDemoInstallation(db: Executor): Promise<boolean> {
  return (await readSetting(db, 'demo')) !== undefined;
}
