import { and, eq, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attendance, Cadre, EvaluationList } from '../src/shared/api/cadres.js';
import type { Unit } from '../src/shared/api/units.js';
import { addDays, chinaDayStart } from '../src/shared/clock.js';
import { selectRows } from '../src/server/db/client.js';
import {
  cases,
  households,
  microWishes,
  moralBankEntries,
  pairingContacts,
  pairings,
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
 * The per-account, per-China-day work tallies (account_work_days) that the attendance, the evaluation and the cadre
 * reports read, against the same count done from the five tables themselves, through records added, re-dated,
 * handed to another account, moved to another county and deleted.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'village', Agent>;
let cadre: Cadre;
const year = { from: '2024-01-01', to: '2024-12-31' };

/** Work per county, account and China day counted from the records: what the attendance counted before the tallies. */
const plainWork = sql`
  select county_id, account_id, day, count(*)::int as work from (
    select county_id, recorded_by as account_id, (visited_at at time zone 'Asia/Shanghai')::date as day from visits
    union all
    select county_id, reporter_id, (reported_at at time zone 'Asia/Shanghai')::date from cases
    union all
    select county_id, registered_by, (registered_at at time zone 'Asia/Shanghai')::date from micro_wishes
    union all
    select county_id, claimant_account_id, (claimed_at at time zone 'Asia/Shanghai')::date from micro_wishes
    union all
    select county_id, recorded_by, occurred_on from moral_bank_entries where kind = 'deposit'
    union all
    select county_id, recorded_by, contacted_on from pairing_contacts
  ) work where account_id is not null and day is not null group by county_id, account_id, day`;

/** Tallies that differ from the plain count, either way (a day with no work left may stay with 0). */
async function tallyDifferences() {
  return selectRows<{ account_id: string; day: string }>(
    test.db,
    sql`
    with plain as (${plainWork}),
      kept as (select county_id, account_id, day, work from account_work_days where work <> 0)
    select account_id, day::text as day from ((table plain except table kept) union all (table kept except table plain))
      differences`,
  );
}

async function plainWorkOf(accountId: string) {
  const rows = await selectRows<{ day: string; work: number }>(
    test.db,
    sql`select day::text as day, work from (${plainWork}) plain
      where county_id = ${world.county.id} and account_id = ${accountId}`,
  );
  return new Map(rows.map((row) => [row.day, row.work]));
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['county', 'village'] as const);
  const unit = await agents.county.post('/api/v1/units', { name: '县统计局', kind: 'department' });
  expectStatus(unit, 201);
  // Every day a service day: the attendance shows the work of each day of the year.
  expectStatus(
    await agents.county.put('/api/v1/attendance/service-days', { weekdays: [1, 2, 3, 4, 5, 6, 7], expectedHours: 4 }),
    200,
  );
  const registered = await agents.village.post('/api/v1/cadres', {
    kind: 'cadre',
    name: '钱计数',
    unitId: unit.json<Unit>().id,
    serviceRegionId: world.memberVillage.id,
    gridId: world.memberGrid.id,
    accountId: world.accounts.cadre.id,
    startsOn: year.from,
  });
  expectStatus(registered, 201);
  cadre = registered.json<Cadre>();
}, 120_000);

afterAll(async () => {
  await test?.close();
});

describe('the work tallies', () => {
  it('equal the work counted from the records, through records added, re-dated, handed over, moved and deleted', async () => {
    const random = new Random(49);
    const neighbour = await insertNeighbourCounty(test.db);
    const accountIds = [world.accounts.cadre.id, world.accounts.member.id, world.accounts.village.id];
    const someAccount = () => random.pick(accountIds);
    /** An instant of 2024, on the hour, so that China midnight (16:00 UTC) falls between some of them. */
    const someInstant = () =>
      new Date(chinaDayStart(year.from).getTime() + random.integer(-20, 366 * 24 + 20) * 3_600_000);
    const someDay = () => addDays(year.from, random.integer(-1, 366));
    const grid = world.memberGrid;
    const [pairing] = await test.db
      .insert(pairings)
      .values({
        countyId: world.county.id,
        id: uuidv7(),
        kind: 'student',
        regionId: grid.id,
        regionCode: grid.code,
        helperSide: 'staff',
        helperStaffId: world.staffIn(grid.id)[0]!.id,
        helperName: '结对人',
        helpedSide: 'person',
        helpedId: uuidv7(),
        isOneToOne: false,
        startsOn: '2023-12-01',
        contactEveryDays: 30,
      })
      .returning({ id: pairings.id });

    const [household] = await test.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.regionId, grid.id))
      .limit(1);
    const recorded = { visits: [] as string[], cases: [] as string[], wishes: [] as string[] };
    const contacts: string[] = [];
    for (let index = 0; index < 40; index += 1) {
      const visitId = uuidv7();
      await test.db.insert(visits).values({
        countyId: world.county.id,
        id: visitId,
        regionId: grid.id,
        regionCode: grid.code,
        visitedAt: someInstant(),
        purpose: 'routine',
        householdId: household!.id,
        recordedBy: someAccount(),
      });
      recorded.visits.push(visitId);
      const caseId = uuidv7();
      await test.db.insert(cases).values({
        countyId: world.county.id,
        id: caseId,
        number: `339901-TALLY-${index}`,
        categoryCode: 'need.other',
        kind: 'need',
        tier: 'simple',
        source: 'visit',
        status: 'closed',
        level: 'grid',
        regionId: grid.id,
        regionCode: grid.code,
        description: '计数测试',
        reportedAt: someInstant(),
        reporterId: random.chance(0.9) ? someAccount() : null,
      });
      recorded.cases.push(caseId);
      const wishId = uuidv7();
      const isClaimed = random.chance(0.6);
      await test.db.insert(microWishes).values({
        countyId: world.county.id,
        id: wishId,
        regionId: grid.id,
        regionCode: grid.code,
        personId: uuidv7(),
        category: 'daily',
        content: '计数测试',
        status: isClaimed ? 'claimed' : 'published',
        registeredBy: someAccount(),
        registeredAt: someInstant(),
        claimantKind: isClaimed ? 'cadre' : null,
        claimantName: isClaimed ? '认领人' : null,
        claimantAccountId: isClaimed ? someAccount() : null,
        claimedAt: isClaimed ? someInstant() : null,
      });
      recorded.wishes.push(wishId);
      const isDeposit = random.chance(0.7);
      await test.db.insert(moralBankEntries).values({
        countyId: world.county.id,
        id: uuidv7(),
        personId: uuidv7(),
        regionCode: grid.code,
        kind: isDeposit ? 'deposit' : 'correction',
        points: isDeposit ? 5 : -2,
        reason: '计数测试',
        occurredOn: someDay(),
        recordedBy: someAccount(),
      });
      const contactId = uuidv7();
      await test.db.insert(pairingContacts).values({
        countyId: world.county.id,
        id: contactId,
        pairingId: pairing!.id,
        contactedOn: someDay(),
        kind: 'visit',
        recordedBy: someAccount(),
      });
      contacts.push(contactId);
    }
    expect(await tallyDifferences()).toEqual([]);

    for (const id of random.sample(recorded.visits, 25)) {
      const where = and(eq(visits.countyId, world.county.id), eq(visits.id, id));
      const change = random.integer(0, 3);
      if (change === 0) await test.db.update(visits).set({ visitedAt: someInstant() }).where(where);
      if (change === 1) await test.db.update(visits).set({ recordedBy: someAccount() }).where(where);
      if (change === 2)
        await test.db.update(visits).set({ visitedAt: someInstant(), recordedBy: someAccount() }).where(where);
      if (change === 3) await test.db.delete(visits).where(where);
    }
    for (const id of random.sample(recorded.cases, 25)) {
      const where = and(eq(cases.countyId, world.county.id), eq(cases.id, id));
      const change = random.integer(0, 3);
      if (change === 0)
        await test.db.update(cases).set({ reportedAt: someInstant(), reporterId: someAccount() }).where(where);
      if (change === 1) {
        await test.db
          .update(cases)
          .set({ countyId: neighbour.county.id, regionId: neighbour.grid.id, regionCode: neighbour.grid.code })
          .where(where);
      }
      if (change === 2) await test.db.update(cases).set({ description: '只改了描述' }).where(where);
      if (change === 3) await test.db.delete(cases).where(where);
    }
    for (const id of random.sample(recorded.wishes, 25)) {
      const where = and(eq(microWishes.countyId, world.county.id), eq(microWishes.id, id));
      const change = random.integer(0, 3);
      if (change === 0) {
        await test.db
          .update(microWishes)
          .set({
            claimantKind: 'cadre',
            claimantName: '认领人',
            claimantAccountId: someAccount(),
            claimedAt: someInstant(),
          })
          .where(where);
      }
      if (change === 1) {
        await test.db
          .update(microWishes)
          .set({ claimantKind: null, claimantName: null, claimantAccountId: null, claimedAt: null })
          .where(where);
      }
      if (change === 2) await test.db.update(microWishes).set({ registeredAt: someInstant() }).where(where);
      if (change === 3) await test.db.delete(microWishes).where(where);
    }
    // Moral-bank entries are append-only (corrected by another entry): only added, as above.
    for (const id of random.sample(contacts, 25)) {
      const where = and(eq(pairingContacts.countyId, world.county.id), eq(pairingContacts.id, id));
      const change = random.integer(0, 2);
      if (change === 0) await test.db.update(pairingContacts).set({ contactedOn: someDay() }).where(where);
      if (change === 1) await test.db.update(pairingContacts).set({ recordedBy: someAccount() }).where(where);
      if (change === 2) await test.db.delete(pairingContacts).where(where);
    }
    expect(await tallyDifferences()).toEqual([]);

    // What the attendance and the evaluation show the cadre: each day's work and the year's, as the records give them.
    const plain = await plainWorkOf(world.accounts.cadre.id);
    const attendance = await agents.county.get(
      `/api/v1/attendance?regionId=${world.memberVillage.id}&from=${year.from}&to=${year.to}`,
    );
    expectStatus(attendance, 200);
    const days = attendance.json<Attendance>().items.find((item) => item.cadre.id === cadre.id)!.days;
    expect(days).toHaveLength(366);
    expect(days.filter((day) => day.workCount !== (plain.get(day.day) ?? 0))).toEqual([]);
    const evaluation = await agents.county.get(
      `/api/v1/cadres/evaluation?regionId=${world.memberVillage.id}&from=${year.from}&to=${year.to}`,
    );
    expectStatus(evaluation, 200);
    const work = evaluation
      .json<EvaluationList>()
      .items.find((item) => item.cadre.id === cadre.id)!
      .lines.find((line) => line.indicator === 'work')!.counts.work;
    const yearWork = [...plain]
      .filter(([day]) => day >= year.from && day <= year.to)
      .reduce((sum, [, n]) => sum + n, 0);
    expect(work).toBe(yearWork);
    // The year is not empty: the comparisons above compared something.
    expect(yearWork).toBeGreaterThan(40);

    // The rebuild (the migration's, and the bench's after a bulk load) gives the same tallies.
    await test.db.execute(sql`select account_work_days_rebuild()`);
    expect(await tallyDifferences()).toEqual([]);
  }, 180_000);
});
