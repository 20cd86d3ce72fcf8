import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { accounts, gridStaff, partyOrgs, regions } from '../db/schema/index.js';
import { readSetting } from '../modules/settings/settings.repository.js';
import { seedDemo, setDemoPasswords, type DemoSeedSummary, type DemoSetting } from './seed-demo.js';

describe('seedDemo', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  let summary: DemoSeedSummary;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-seed-'));
    handle = await openDatabase({ dataDir });
    await handle.migrate();
    summary = await seedDemo(handle.db, { scale: 'town', password: 'first demo password' });
  });

  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores every generated row and says so', async () => {
    const [regionRows] = await handle.db.select({ rows: count() }).from(regions);
    const [staffRows] = await handle.db.select({ rows: count() }).from(gridStaff);
    const [orgRows] = await handle.db.select({ rows: count() }).from(partyOrgs);
    expect(regionRows?.rows).toBe(summary.counts.regions);
    expect(staffRows?.rows).toBe(summary.counts.gridStaff);
    expect(orgRows?.rows).toBe(summary.counts.partyOrgs);
    expect(summary.accounts.map((account) => account.username)).toEqual([
      'admin',
      'county',
      'town',
      'village',
      'leader',
      'member',
      'member2',
      'cadre',
    ]);
    const demo = await readSetting<DemoSetting>(handle.db, 'demo');
    expect(demo?.scale).toBe('town');
  });

  it('links the grid accounts to their people in the grid', async () => {
    const linked = await handle.db
      .select({ username: accounts.username, kind: gridStaff.kind })
      .from(gridStaff)
      .innerJoin(accounts, eq(accounts.id, gridStaff.accountId))
      .where(isNotNull(gridStaff.accountId));
    expect(linked.map((row) => row.username).sort()).toEqual(['cadre', 'leader', 'member', 'member2']);
  });

  it('shares one hash among the demo accounts, and replaces it on demand', async () => {
    const before = await handle.db.select({ hash: accounts.passwordHash }).from(accounts);
    expect(new Set(before.map((row) => row.hash)).size).toBe(1);
    expect(await verifyPassword('first demo password', before[0]!.hash)).toBe(true);

    const listed = await setDemoPasswords(handle.db, 'second demo password');
    expect(listed).toEqual(summary.accounts);
    const [after] = await handle.db.select({ hash: accounts.passwordHash }).from(accounts).limit(1);
    expect(await verifyPassword('second demo password', after!.hash)).toBe(true);
  });

  it('refuses a database that already holds regions, leaving it untouched', async () => {
    await expect(seedDemo(handle.db, { scale: 'town', password: 'another password' })).rejects.toThrow(
      /empty database/,
    );
    const [regionRows] = await handle.db.select({ rows: count() }).from(regions);
    expect(regionRows?.rows).toBe(summary.counts.regions);
  });
});
