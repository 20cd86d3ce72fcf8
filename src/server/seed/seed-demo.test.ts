import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq, isNotNull, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords.js';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import {
  accounts,
  gridStaff,
  householdTags,
  households,
  partyOrgs,
  personTags,
  persons,
  places,
  regions,
} from '../db/schema/index.js';
import { readSetting } from '../modules/settings/settings.service.js';
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
    for (const [table, expected] of [
      [households, summary.counts.households],
      [persons, summary.counts.persons],
      [personTags, summary.counts.personTags],
      [householdTags, summary.counts.householdTags],
      [places, summary.counts.places],
    ] as const) {
      const [stored] = await handle.db.select({ rows: count() }).from(table);
      expect(stored?.rows).toBe(expected);
    }
    expect(summary.counts.households).toBe(4_800);
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

  it('gives every household its head, a member of the household', async () => {
    const [headless] = await handle.db
      .select({ rows: count() })
      .from(households)
      .where(isNull(households.headPersonId));
    expect(headless?.rows).toBe(0);
    const [heads] = await handle.db
      .select({ rows: count() })
      .from(households)
      .innerJoin(persons, eq(persons.id, households.headPersonId))
      .where(eq(persons.householdId, households.id));
    expect(heads?.rows).toBe(summary.counts.households);
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

describe('seedDemo without the population', () => {
  it('seeds the territory, staff and party organisations only, for benchmarks that import the population', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-seed-'));
    const handle = await openDatabase({ dataDir });
    try {
      await handle.migrate();
      const summary = await seedDemo(handle.db, { scale: 'town', password: 'a demo password', population: false });
      const [personRows] = await handle.db.select({ rows: count() }).from(persons);
      const [regionRows] = await handle.db.select({ rows: count() }).from(regions);
      expect([summary.counts.persons, summary.counts.households, personRows?.rows]).toEqual([0, 0, 0]);
      expect(regionRows?.rows).toBe(summary.counts.regions);
    } finally {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
