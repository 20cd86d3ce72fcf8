import { count, eq, sql } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Role } from '../../shared/policy.js';
import { hashPassword } from '../auth/passwords.js';
import type { Database, Executor } from '../db/client.js';
import { accounts, gridStaff, partyOrgRegions, partyOrgs, regions } from '../db/schema/index.js';
import { writeSetting } from '../modules/settings/settings.repository.js';
import { generateCounty, type DemoScale } from './demo-county.js';

/** Rows per INSERT: large enough to be fast, well below PostgreSQL's 65,535 parameters per statement. */
const batchSize = 500;

export type DemoSetting = { scale: DemoScale; seed: number; seededAt: string };

/** A demo account as shown at start-up; `regionName` is null for the system administrator. */
export type DemoAccount = { username: string; displayName: string; role: Role; regionName: string | null };

export type DemoSeedSummary = {
  scale: DemoScale;
  seed: number;
  counts: { regions: number; accounts: number; gridStaff: number; partyOrgs: number; partyOrgRegions: number };
  accounts: DemoAccount[];
};

/**
 * Fills an empty database with the demo county in one transaction, so a failed seed leaves nothing behind.
 * The password is hashed once and shared by every demo account: scrypt is deliberately slow.
 */
export async function seedDemo(
  db: Database,
  options: { scale: DemoScale; password: string; seed?: number },
): Promise<DemoSeedSummary> {
  const demo = generateCounty({ scale: options.scale, seed: options.seed });
  const passwordHash = await hashPassword(options.password);
  const demoAccounts = demo.demoAccounts.map((account) => ({ ...account, passwordHash }));
  const setting: DemoSetting = { scale: demo.scale, seed: demo.seed, seededAt: new Date().toISOString() };

  await db.transaction(async (transaction) => {
    const [existing] = await transaction.select({ regions: count() }).from(regions);
    if (existing && existing.regions > 0) {
      throw new Error('The database already holds regions; the demo county is seeded only into an empty database.');
    }
    // Parents first: accounts point at regions, staff rows at regions and accounts.
    await insertInBatches(transaction, regions, demo.regions);
    await insertInBatches(transaction, accounts, demoAccounts);
    await insertInBatches(transaction, gridStaff, demo.staff);
    await insertInBatches(transaction, partyOrgs, demo.partyOrgs);
    await insertInBatches(transaction, partyOrgRegions, demo.partyOrgRegions);
    await writeSetting(transaction, 'demo', setting);
  });

  const regionNames = new Map(demo.regions.map((region) => [region.id, region.name]));
  return {
    scale: demo.scale,
    seed: demo.seed,
    counts: {
      regions: demo.regions.length,
      accounts: demoAccounts.length,
      gridStaff: demo.staff.length,
      partyOrgs: demo.partyOrgs.length,
      partyOrgRegions: demo.partyOrgRegions.length,
    },
    accounts: demoAccounts.map((account) => ({
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      regionName: account.regionId ? (regionNames.get(account.regionId) ?? null) : null,
    })),
  };
}

/** Gives every demo account a new password (hashed once) and lists the demo accounts, in the order seeded. */
export async function setDemoPasswords(db: Database, password: string): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(password);
  await db
    .update(accounts)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(eq(accounts.isDemo, true));
  return (
    db
      .select({
        username: accounts.username,
        displayName: accounts.displayName,
        role: accounts.role,
        regionName: regions.name,
      })
      .from(accounts)
      .leftJoin(regions, eq(regions.id, accounts.regionId))
      .where(eq(accounts.isDemo, true))
      // Demo ids are UUIDv7 handed out in generation order.
      .orderBy(accounts.id)
  );
}

async function insertInBatches<Table extends PgTable>(
  executor: Executor,
  table: Table,
  rows: readonly PgInsertValue<Table>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += batchSize) {
    await executor.insert(table).values(rows.slice(start, start + batchSize));
  }
}
