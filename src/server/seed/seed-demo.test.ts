import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords.js';
import { openDatabase, selectRows, type DatabaseHandle } from '../db/client.js';
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
      'unit',
    ]);
    const demo = await readSetting<DemoSetting>(handle.db, 'demo');
    expect(demo?.scale).toBe('town');
  });

  /**
   * The figures below are stated from the town-scale demo county's definition, not read from the seeder: the
   * territory of 赤溪镇 [001] (a street and a town, 7 villages, 60 grids), about 80 households a grid (4,800) and
   * 13,100 people, households of one to six people, and the staff and party organisations every grid is given.
   */
  const rowsOf = <Row>(query: SQL) => selectRows<Row>(handle.db, query);
  const countOf = async (query: SQL) => (await rowsOf<{ count: number }>(query))[0]!.count;

  it('builds the territory of the definition: a county, a street and a town, 7 villages, 60 grids', async () => {
    const levels = await rowsOf<{ level: string; count: number }>(
      sql`select level, count(*)::int as count from regions group by level`,
    );
    expect(Object.fromEntries(levels.map((row) => [row.level, row.count]))).toMatchObject({
      county: 1,
      town: 2,
      village: 7,
      grid: 60,
    });
    expect(
      await countOf(sql`select count(*)::int as count from regions child join regions parent on parent.id = child.parent_id
        where child.level = 'micro_grid' and parent.level <> 'grid'`),
    ).toBe(0);
  });

  it('registers 4,800 households of one to six people, 13,100 people in all', async () => {
    expect(await countOf(sql`select count(*)::int as count from households`)).toBe(4_800);
    expect(await countOf(sql`select count(*)::int as count from persons`)).toBe(13_100);
    const [sizes] = await rowsOf<{ households: number; smallest: number; largest: number }>(
      sql`select count(*)::int as households, min(size)::int as smallest, max(size)::int as largest
        from (select count(*) as size from persons group by household_id) as members`,
    );
    expect(sizes).toEqual({ households: 4_800, smallest: 1, largest: 6 });
  });

  it('staffs every grid as the definition says, with a building leader for each micro-grid', async () => {
    const ranges = await rowsOf<{ kind: string; fewest: number; most: number; grids: number }>(
      sql`select kind, min(staff)::int as fewest, max(staff)::int as most, count(*)::int as grids
        from (select grid.id, staff.kind, count(*) as staff from regions grid
          join grid_staff staff on staff.region_id = grid.id where grid.level = 'grid' group by grid.id, staff.kind) as per_grid
        group by kind order by kind`,
    );
    expect(ranges).toEqual([
      { kind: 'central_household', fewest: 1, most: 3, grids: 60 },
      { kind: 'grid_leader', fewest: 1, most: 1, grids: 60 },
      { kind: 'grid_member', fewest: 1, most: 3, grids: 60 },
      { kind: 'sunk_cadre', fewest: 1, most: 2, grids: 60 },
      { kind: 'volunteer', fewest: 2, most: 4, grids: 60 },
    ]);
    const microGrids = await rowsOf<{ leaders: number; others: number }>(
      sql`select count(*) filter (where staff.kind = 'building_leader')::int as leaders,
          count(*) filter (where staff.kind <> 'building_leader')::int as others
        from regions micro left join grid_staff staff on staff.region_id = micro.id
        where micro.level = 'micro_grid' group by micro.id`,
    );
    expect(microGrids.length).toBeGreaterThan(0);
    expect(microGrids.filter((row) => row.leaders !== 1 || row.others !== 0)).toEqual([]);
  });

  it('lays a party committee over each town and village, and each grid in exactly one branch', async () => {
    const kinds = await rowsOf<{ kind: string; count: number }>(
      sql`select kind, count(*)::int as count from party_orgs group by kind`,
    );
    expect(Object.fromEntries(kinds.map((row) => [row.kind, row.count]))).toMatchObject({
      town_committee: 2,
      village_committee: 7,
    });
    expect(
      await countOf(sql`select count(*)::int as count from regions grid where grid.level = 'grid' and (
        select count(*) from party_org_regions covered join party_orgs org on org.id = covered.party_org_id
        where covered.region_id = grid.id and org.kind = 'grid_branch') <> 1`),
    ).toBe(0);
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
    expect(await verifyPassword('first demo password', before[0]!.hash!)).toBe(true);

    const listed = await setDemoPasswords(handle.db, 'second demo password');
    expect(listed).toEqual(summary.accounts);
    const [after] = await handle.db.select({ hash: accounts.passwordHash }).from(accounts).limit(1);
    expect(await verifyPassword('second demo password', after!.hash!)).toBe(true);
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
