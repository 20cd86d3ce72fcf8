import { and, count, eq, sql } from 'drizzle-orm';
import type { PgInsertValue, PgTable } from 'drizzle-orm/pg-core';
import type { Role } from '../../shared/policy.js';
import { hashPassword } from '../auth/passwords.js';
import type { Database, Executor } from '../db/client.js';
import {
  accounts,
  caseEvents,
  caseNumberCounters,
  cases,
  gridStaff,
  householdTags,
  households,
  partyOrgRegions,
  partyOrgs,
  personTags,
  persons,
  places,
  regions,
  householdNeeds,
  visitPersons,
  visits,
  visitVisitors,
} from '../db/schema/index.js';
import { createDefaultCatalogue } from '../modules/cases/catalogue.service.js';
import { createDefaultChecklists } from '../modules/inspections/inspections.service.js';
import { rebuildFigures } from '../modules/cases/figures.repository.js';
import { writeSetting } from '../modules/settings/settings.service.js';
import { generateCaseList } from './cases.js';
import { generateCounty, type DemoScale } from './demo-county.js';
import { generatePopulation, type Population } from './population.js';
import { generateVisits } from './visits.js';
import { seedCampaigns } from './campaigns.js';
import { seedInspections } from './inspections.js';
import { disputeSessions, disputes, talkPoints } from '../db/schema/index.js';
import { generateDisputes } from './disputes.js';
import {
  moralBankBalances,
  moralBankDecisions,
  moralBankEntries,
  moralBankRewards,
  moralBankRules,
  moralBankSettings,
} from '../db/schema/moral-bank.js';
import { generateMoralBank } from './moral-bank.js';
import { serviceCentres, serviceConsultations } from '../db/schema/index.js';
import { generateServiceCentres } from './service-centres.js';
import { units } from '../db/schema/index.js';
import { demoDispatchingUnitName, generateUnits } from './units.js';
import { pairingContacts, pairings } from '../db/schema/index.js';
import { generatePairings } from './pairings.js';
import { microWishEvents, microWishes, wishDrives } from '../db/schema/index.js';
import { generateWishes } from './wishes.js';

/** PostgreSQL takes at most 65,535 parameters per statement; a batch stays below that whatever its width. */
const parametersPerStatement = 60_000;
/** Rows per INSERT at most: more saves little time and builds ever larger statements. */
const maximumBatchSize = 2_000;
/** Cases of the last 90 days: about what 60 grids report, and quick enough for a first start. */
const demoCases = { count: 600, days: 90 };

export type DemoSetting = { scale: DemoScale; seed: number; seededAt: string };

/** A demo account as shown at start-up; `regionName` is null for the system administrator. */
export type DemoAccount = {
  username: string;
  displayName: string;
  role: Role;
  regionName: string | null;
  /** The dispatching unit a `unit` account speaks for. */
  unitName: string | null;
};

export type DemoSeedSummary = {
  scale: DemoScale;
  seed: number;
  counts: {
    regions: number;
    accounts: number;
    gridStaff: number;
    partyOrgs: number;
    partyOrgRegions: number;
    households: number;
    persons: number;
    personTags: number;
    householdTags: number;
    places: number;
    cases: number;
    caseEvents: number;
  };
  accounts: DemoAccount[];
};

const noPopulation: Population = { households: [], persons: [], personTags: [], householdTags: [], places: [] };
const noCases: ReturnType<typeof generateCaseList> = { cases: [], events: [], counters: [] };

/**
 * Fills an empty database with the demo county in one transaction, so a failed seed leaves nothing behind.
 * The password is hashed once and shared by every demo account: scrypt is deliberately slow. `population: false`
 * seeds the territory, people in grids and party organisations only, for benchmarks that import the population
 * (and their cases).
 */
export async function seedDemo(
  db: Database,
  options: { scale: DemoScale; password: string; seed?: number; population?: boolean },
): Promise<DemoSeedSummary> {
  const demo = generateCounty({ scale: options.scale, seed: options.seed });
  const population = options.population === false ? noPopulation : generatePopulation(demo);
  const demoCaseList =
    options.population === false
      ? noCases
      : generateCaseList(demo, { ...demoCases, now: new Date(), withEvents: true });
  const passwordHash = await hashPassword(options.password);
  // The county's partner units (共建单位): departments, enterprises and schools, one retired.
  const demoUnits = generateUnits(demo.territory.county.id!, new Date());
  // The demo's dispatching unit account speaks for the civil affairs bureau, which sends cadres down.
  const demoUnitId = demoUnits.find((unit) => unit.name === demoDispatchingUnitName)!.id;
  const demoAccounts = demo.demoAccounts.map((account) => ({
    ...account,
    passwordHash,
    unitId: account.role === 'unit' ? demoUnitId : null,
  }));
  const setting: DemoSetting = { scale: demo.scale, seed: demo.seed, seededAt: new Date().toISOString() };

  await db.transaction(async (transaction) => {
    const [existing] = await transaction.select({ regions: count() }).from(regions);
    if (existing && existing.regions > 0) {
      throw new Error('The database already holds regions; the demo county is seeded only into an empty database.');
    }
    // Parents first: accounts point at regions, staff rows at regions and accounts.
    await insertInBatches(transaction, regions, demo.regions);
    // A county is created with its catalogue of grid items.
    await createDefaultCatalogue(transaction, demo.territory.county.id!);
    await createDefaultChecklists(transaction, demo.territory.county.id!);
    await insertInBatches(transaction, units, demoUnits);
    await insertInBatches(transaction, accounts, demoAccounts);
    await insertInBatches(transaction, gridStaff, demo.staff);
    await insertInBatches(transaction, partyOrgs, demo.partyOrgs);
    await insertInBatches(transaction, partyOrgRegions, demo.partyOrgRegions);
    await insertInBatches(transaction, households, population.households);
    await insertInBatches(transaction, persons, population.persons);
    await insertInBatches(transaction, personTags, population.personTags);
    await insertInBatches(transaction, householdTags, population.householdTags);
    await insertInBatches(transaction, places, population.places);
    if (demoCaseList.cases.length > 0) {
      const countyId = demo.territory.county.id!;
      await insertInBatches(transaction, cases, demoCaseList.cases);
      await insertInBatches(transaction, caseEvents, demoCaseList.events);
      await insertInBatches(transaction, caseNumberCounters, demoCaseList.counters);
      await rebuildFigures(transaction, countyId);
    }
    // Visits of the last 120 days, the cases from visits among them (migration 0023's triggers count coverage).
    const demoVisits = generateVisits(demo, population, demoCaseList.cases, { now: new Date(), days: 120 });
    await insertInBatches(transaction, visits, demoVisits.visits);
    await insertInBatches(transaction, visitVisitors, demoVisits.visitors);
    await insertInBatches(transaction, visitPersons, demoVisits.persons);
    await insertInBatches(transaction, householdNeeds, demoVisits.needs);
    // A finished 敲门行动 of last month and a running 固定服务日, over visits and cases seeded above.
    if (population.households.length > 0) await seedCampaigns(transaction, demo, { now: new Date() });
    // A month of hazard inspections (隐患排查) of the small places, some failures fixed, some cases, a few re-checked.
    if (population.places.length > 0) await seedInspections(transaction, demo.territory.county.id!, new Date());
    await writeSetting(transaction, 'demo', setting);
    // Pairings (结对帮扶) of each village over the last 120 days with their contacts, about one in five late.
    if (population.persons.length > 0) {
      const demoPairings = generatePairings(demo, population, demoUnits, { now: new Date(), days: 120 });
      await insertInBatches(transaction, pairings, demoPairings.pairings);
      await insertInBatches(transaction, pairingContacts, demoPairings.contacts);
    }
    // The county's Mid-Autumn drive (中秋微心愿): three wishes a village in every state, claimed by party members,
    // cadres sent down and the partner units, some past their promised date.
    if (population.persons.length > 0) {
      const demoWishes = generateWishes(demo, population, demoUnits, { now: new Date(), wishesPerVillage: 3 });
      await insertInBatches(transaction, wishDrives, demoWishes.drives);
      await insertInBatches(transaction, microWishes, demoWishes.wishes);
      await insertInBatches(transaction, microWishEvents, demoWishes.events);
    }
    // About 30 disputes of the last quarter and a talk point (百姓说事点) in each village.
    if (population.persons.length > 0) {
      const demoDisputes = generateDisputes(demo, population, { count: 30, days: 90, now: new Date() });
      await insertInBatches(transaction, talkPoints, demoDisputes.talkPoints);
      await insertInBatches(transaction, disputes, demoDisputes.disputes);
      await insertInBatches(transaction, disputeSessions, demoDisputes.sessions);
    }
    // The moral bank (道德银行): rules, each village's catalogue and about 150 entries per village over 90 days.
    if (population.persons.length > 0) {
      const bank = generateMoralBank(demo, population, { now: new Date(), days: 90, entriesPerVillage: 150 });
      await insertInBatches(transaction, moralBankSettings, bank.settings);
      await insertInBatches(transaction, moralBankRules, bank.rules);
      await insertInBatches(transaction, moralBankRewards, bank.rewards);
      await insertInBatches(transaction, moralBankEntries, bank.entries);
      await insertInBatches(transaction, moralBankDecisions, bank.decisions);
      await insertInBatches(transaction, moralBankBalances, bank.balances);
    }
    // A party-mass service centre (党群服务中心) in each town and village, a talk point in each village, and a few
    // consultations a month at each village's centre.
    if (population.persons.length > 0) {
      const demoCentres = generateServiceCentres(demo, population, {
        now: new Date(),
        days: 120,
        consultationsPerVillage: 24,
      });
      await insertInBatches(transaction, serviceCentres, demoCentres.centres);
      await insertInBatches(transaction, serviceConsultations, demoCentres.consultations);
    }
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
      households: population.households.length,
      persons: population.persons.length,
      personTags: population.personTags.length,
      householdTags: population.householdTags.length,
      places: population.places.length,
      cases: demoCaseList.cases.length,
      caseEvents: demoCaseList.events.length,
    },
    accounts: demoAccounts.map((account) => ({
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      regionName: account.regionId ? (regionNames.get(account.regionId) ?? null) : null,
      unitName: demoUnits.find((unit) => unit.id === account.unitId)?.name ?? null,
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
        unitName: units.name,
      })
      .from(accounts)
      .leftJoin(regions, eq(regions.id, accounts.regionId))
      .leftJoin(units, and(eq(units.countyId, accounts.regionId), eq(units.id, accounts.unitId)))
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
  const columns = rows[0] ? Object.keys(rows[0]).length : 1;
  const batchSize = Math.min(maximumBatchSize, Math.floor(parametersPerStatement / columns));
  for (let start = 0; start < rows.length; start += batchSize) {
    await executor.insert(table).values(rows.slice(start, start + batchSize));
  }
}
