import { eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cadre, GridMemberEvaluationList, TimeSplit, TimeSplitList } from '../src/shared/api/cadres.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaDate, chinaDayStart } from '../src/shared/clock.js';
import { selectRows } from '../src/server/db/client.js';
import {
  cadreCheckIns,
  cases,
  households,
  inspections,
  serviceConsultations,
  visits,
} from '../src/server/db/schema/index.js';
import { Random } from '../src/server/seed/random.js';
import { insertNeighbourCounty } from './factories.js';
import {
  createTestApp,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * The 721 split (GET /cadres/time-split and the grid members' evaluation), which finds each worker's records through
 * the recording accounts' indexes (migration 0053), against a plain count: every record of the county read back and
 * sorted in TypeScript, through random visits, inspections, cases, check-ins and consultations of three accounts in
 * two grids and a neighbouring county, on hours either side of China midnight, over random periods.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'town' | 'village', Agent>;
let cadre: Cadre;
const year = { from: '2024-01-01', to: '2024-12-31' };

type Place = 'grid' | 'desk' | 'rotation';
type SplitRecord = { accountIds: (string | null)[]; day: string; place: Place };

/** Every record of the county as the 721 method sorts it, read with plain selects: what the split must equal. */
async function plainRecords(areaOf: Map<string, string>): Promise<SplitRecord[]> {
  const countyId = world.county.id;
  const where = (accountId: string | null, code: string): Place =>
    accountId !== null && code.startsWith(areaOf.get(accountId) ?? '\u0000') ? 'grid' : 'rotation';
  const records: SplitRecord[] = [];
  for (const row of await test.db.select().from(visits).where(eq(visits.countyId, countyId))) {
    records.push({
      accountIds: [row.recordedBy],
      day: chinaDate(row.visitedAt),
      place: where(row.recordedBy, row.regionCode),
    });
  }
  for (const row of await test.db.select().from(inspections).where(eq(inspections.countyId, countyId))) {
    records.push({
      accountIds: [row.recordedBy],
      day: chinaDate(row.inspectedAt),
      place: where(row.recordedBy, row.regionCode),
    });
  }
  for (const row of await test.db.select().from(cases).where(eq(cases.countyId, countyId))) {
    // A case counts once for each account that reported or was assigned it (once if both).
    for (const accountId of new Set([row.reporterId, row.assigneeId])) {
      records.push({
        accountIds: [accountId],
        day: chinaDate(row.reportedAt),
        place: where(accountId, row.regionCode),
      });
    }
  }
  for (const row of await test.db.select().from(cadreCheckIns).where(eq(cadreCheckIns.countyId, countyId))) {
    if (row.insideGrid === null) continue;
    records.push({ accountIds: [row.createdBy], day: row.day, place: row.insideGrid ? 'grid' : 'rotation' });
  }
  for (const row of await test.db
    .select()
    .from(serviceConsultations)
    .where(eq(serviceConsultations.countyId, countyId))) {
    records.push({ accountIds: [row.recordedBy], day: chinaDate(row.happenedAt), place: 'desk' });
  }
  return records;
}

function plainSplit(records: SplitRecord[], accountId: string, from: string, to: string): TimeSplit {
  const counts = { grid: 0, desk: 0, rotation: 0 };
  for (const record of records) {
    if (record.accountIds.includes(accountId) && record.day >= from && record.day <= to) counts[record.place] += 1;
  }
  const total = counts.grid + counts.desk + counts.rotation;
  const percent = (part: number) => (total === 0 ? null : Math.round((part * 1000) / total) / 10);
  return {
    records: total,
    ...counts,
    gridPercent: percent(counts.grid),
    deskPercent: percent(counts.desk),
    rotationPercent: percent(counts.rotation),
  };
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['county', 'town', 'village'] as const);
  const unit = await agents.county.post('/api/v1/units', { name: '县统计局', kind: 'department' });
  expectStatus(unit, 201);
  const registered = await agents.village.post('/api/v1/cadres', {
    kind: 'cadre',
    name: '孙七二一',
    unitId: unit.json<Unit>().id,
    serviceRegionId: world.memberVillage.id,
    gridId: world.memberGrid.id,
    accountId: world.accounts.cadre.id,
    startsOn: year.from,
  });
  expectStatus(registered, 201);
  cadre = registered.json<Cadre>();
  expectStatus(await agents.county.put('/api/v1/cadres/time-split-rule', { enabled: true }), 200);
}, 120_000);

afterAll(async () => {
  await test?.close();
});

describe('the 721 split', () => {
  it('equals a plain count of each worker’s records, for the cadres and the grid members, over random periods', async () => {
    const random = new Random(721);
    const neighbour = await insertNeighbourCounty(test.db);
    const countyId = world.county.id;
    const { cadre: cadreAccount, member, member2 } = world.accounts;
    const accountIds = [cadreAccount.id, member.id, member2.id];
    const someAccount = () => (random.chance(0.95) ? random.pick(accountIds) : null);
    const grids = [world.memberGrid, world.otherGrid];
    /** An instant of 2024 on the hour, three in ten exactly at China midnight: the edges of a period are tried. */
    const someInstant = () =>
      random.chance(0.3)
        ? chinaDayStart(addDays(year.from, random.integer(-1, 366)))
        : new Date(chinaDayStart(year.from).getTime() + random.integer(-20, 366 * 24 + 20) * 3_600_000);
    const [household] = await test.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.regionId, world.memberGrid.id))
      .limit(1);
    const centre = await agents.town.post('/api/v1/service-centres', {
      regionId: world.memberVillage.id,
      kind: 'centre',
      name: '计数党群服务中心',
    });
    expectStatus(centre, 201);
    const checkInDays = new Set<string>();
    for (let index = 0; index < 60; index += 1) {
      const grid = random.pick(grids);
      await test.db.insert(visits).values({
        countyId,
        id: uuidv7(),
        regionId: grid.id,
        regionCode: grid.code,
        visitedAt: someInstant(),
        purpose: 'routine',
        householdId: household!.id,
        recordedBy: random.pick(accountIds),
      });
      const inspected = random.pick([...grids, neighbour.grid]);
      await test.db.insert(inspections).values({
        countyId: inspected === neighbour.grid ? neighbour.county.id : countyId,
        id: uuidv7(),
        kind: 'inspection',
        placeId: uuidv7(),
        regionId: inspected.id,
        regionCode: inspected.code,
        checklistId: uuidv7(),
        checklistVersion: 1,
        checklistNameZh: '消防检查',
        checklistNameEn: 'Fire safety',
        inspectedAt: someInstant(),
        recordedBy: someAccount(),
      });
      await test.db.insert(cases).values({
        countyId,
        id: uuidv7(),
        number: `339901-SPLIT-${index}`,
        categoryCode: 'need.other',
        kind: 'need',
        tier: 'simple',
        source: 'visit',
        status: 'closed',
        level: 'grid',
        regionId: grid.id,
        regionCode: grid.code,
        description: '七二一计数测试',
        reportedAt: someInstant(),
        reporterId: someAccount(),
        assigneeId: random.chance(0.5) ? someAccount() : null,
      });
      const day = chinaDate(someInstant());
      if (!checkInDays.has(day)) {
        checkInDays.add(day);
        await test.db.insert(cadreCheckIns).values({
          countyId,
          id: uuidv7(),
          cadreId: cadre.id,
          day,
          checkedInAt: chinaDayStart(day),
          latitude: 30,
          longitude: 120,
          insideGrid: random.pick([true, false, null]),
          createdBy: random.chance(0.8) ? cadreAccount.id : someAccount(),
        });
      }
      await test.db.insert(serviceConsultations).values({
        countyId,
        id: uuidv7(),
        centreId: centre.json<{ id: string }>().id,
        kind: 'policy',
        outcome: 'answered',
        happenedAt: someInstant(),
        subject: '政策咨询',
        recordedBy: someAccount(),
      });
    }
    // The plan the split runs on finds a worker's records by the recording accounts' indexes, not by scanning.
    const indexes = await selectRows<{ indexname: string }>(
      test.db,
      sql`select indexname from pg_indexes where indexname in
        ('inspections_recorded_by', 'service_consultations_recorded_by', 'cadre_check_ins_created_by')`,
    );
    expect(indexes.map((row) => row.indexname).sort()).toEqual([
      'cadre_check_ins_created_by',
      'inspections_recorded_by',
      'service_consultations_recorded_by',
    ]);

    const areaOf = new Map([
      [cadreAccount.id, world.memberGrid.code],
      [member.id, world.memberGrid.code],
      [member2.id, world.otherGrid.code],
    ]);
    const records = await plainRecords(areaOf);
    let counted = 0;
    for (let round = 0; round < 12; round += 1) {
      const from = addDays(year.from, random.integer(-2, 300));
      const to = round === 0 ? addDays(from, 365) : addDays(from, random.integer(0, 120));
      const list = await agents.village.get(`/api/v1/cadres/time-split?from=${from}&to=${to}`);
      expectStatus(list, 200);
      const split = list.json<TimeSplitList>().items.find((item) => item.cadre.id === cadre.id)!.split;
      expect(split, `the cadre, ${from} – ${to}`).toEqual(plainSplit(records, cadreAccount.id, from, to));
      const members = await agents.town.get(`/api/v1/cadres/evaluation/grid-members?from=${from}&to=${to}`);
      expectStatus(members, 200);
      const { items } = members.json<GridMemberEvaluationList>();
      for (const account of [member, member2]) {
        const evaluation = items.find((item) => item.account.id === account.id)!;
        expect(evaluation.timeSplit, `${account.username}, ${from} – ${to}`).toEqual(
          plainSplit(records, account.id, from, to),
        );
        counted += evaluation.timeSplit!.records;
      }
      counted += split.records;
    }
    // The periods held records of every kind: the comparison was not of empty splits.
    expect(counted).toBeGreaterThan(100);
  }, 120_000);

  it('is given for the grid members of the caller’s subtree only', async () => {
    const response = await agents.village.get(`/api/v1/cadres/evaluation/grid-members?from=${year.from}&to=${year.to}`);
    expectStatus(response, 200);
    const { items } = response.json<GridMemberEvaluationList>();
    const member = items.find((item) => item.account.id === world.accounts.member.id);
    expect(member?.timeSplit?.records).toBeGreaterThan(0);
    // member2 works in the town's other community: neither their card nor their split reaches this village.
    expect(items.some((item) => item.account.id === world.accounts.member2.id)).toBe(false);
  });

  it('is null on the grid members’ evaluation where the county has not turned it on', async () => {
    expectStatus(await agents.county.put('/api/v1/cadres/time-split-rule', { enabled: false }), 200);
    const response = await agents.village.get(`/api/v1/cadres/evaluation/grid-members?from=${year.from}&to=${year.to}`);
    expectStatus(response, 200);
    const { items } = response.json<GridMemberEvaluationList>();
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.timeSplit === null)).toBe(true);
    expectStatus(await agents.county.put('/api/v1/cadres/time-split-rule', { enabled: true }), 200);
  });
});
