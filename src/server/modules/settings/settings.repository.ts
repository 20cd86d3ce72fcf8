import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { settings } from '../../db/schema/index.js';

export async function readSetting<Value>(db: Executor, key: string): Promise<Value | undefined> {
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
  return row?.value as Value | undefined;
}

export async function writeSetting(db: Executor, key: string, value: unknown): Promise<void> {
  await db
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

/** True when this database holds the demo county (seeded on a first start outside production). */
export async function isDemoInstallation(db: Executor): Promise<boolean> {
  return (await readSetting(db, 'demo')) !== undefined;
}
