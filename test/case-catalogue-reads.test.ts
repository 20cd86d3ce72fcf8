import fs from 'node:fs';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, caseCategories } from '../src/server/db/schema/index.js';
import type { CaseCategory } from '../src/shared/api/case-catalogue.js';
import { defaultCaseCategories } from '../src/shared/cases.js';
import { insertRegion } from './factories.js';
import {
  createTestApp,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/** The migration that gave every county without a catalogue the default one, when reading stopped writing it. */
const backfill = new URL('../src/server/db/migrations/0019_catalogue_for_every_county.sql', import.meta.url);

/** A county's catalogue is written when the county is created (or by the upgrade for counties from before): a GET never writes. */
describe('the catalogue of a county, written at its creation and only read afterwards', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'admin' | 'county', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['admin', 'county'] as const);
  });

  afterAll(async () => {
    await test?.close();
  });

  const categoriesOf = async (agent: Agent, query = '') => {
    const response = await agent.get(`/api/v1/case-categories${query}`);
    expectStatus(response, 200);
    return response.json<{ items: CaseCategory[] }>().items;
  };

  /** How many catalogue rows and audit entries the database holds. */
  const rowCounts = async () => {
    const [categories] = await test.db.select({ rows: count() }).from(caseCategories);
    const [entries] = await test.db.select({ rows: count() }).from(auditLog);
    return { categories: categories!.rows, auditEntries: entries!.rows };
  };

  /** A county as one from before the upgrade: created without a catalogue. */
  const countyWithoutCatalogue = (code: string) =>
    insertRegion(test.db, { level: 'county', code, name: `旧县${code}`, kind: '县' });

  it('gives the demo county the default catalogue when it is created', async () => {
    const items = await categoriesOf(agents.county);
    expect(items.map((item) => item.code)).toEqual(defaultCaseCategories.map((category) => category.code));
  });

  it('reads a catalogue without writing a row or an audit entry', async () => {
    const before = await rowCounts();
    await categoriesOf(agents.county);
    await categoriesOf(agents.admin, `?countyId=${world.county.id}`);
    expect(await rowCounts()).toEqual(before);
  });

  it('answers an empty catalogue for a county that has none, instead of writing one on the read', async () => {
    const county = await countyWithoutCatalogue('339903');
    const before = await rowCounts();
    expect(await categoriesOf(agents.admin, `?countyId=${county.id}`)).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it('gives every county without a catalogue the default one on upgrade, and leaves the others as they are', async () => {
    const county = await countyWithoutCatalogue('339904');
    await test.db
      .update(caseCategories)
      .set({ department: '县城管执法局' })
      .where(sql`${caseCategories.countyId} = ${world.county.id} and ${caseCategories.code} = 'environment'`);
    const demoBefore = await categoriesOf(agents.county);

    for (const statement of fs.readFileSync(backfill, 'utf8').split('--> statement-breakpoint')) {
      await test.db.execute(sql.raw(statement));
    }

    const upgraded = await test.db
      .select()
      .from(caseCategories)
      .where(eq(caseCategories.countyId, county.id))
      .orderBy(caseCategories.sortOrder);
    // The default catalogue as it stood when the migration was written.
    expect(upgraded).toEqual(
      defaultCaseCategories.map((category, index) => ({
        ...category,
        countyId: county.id,
        isActive: true,
        sortOrder: index + 1,
        attributes: [],
        updatedAt: expect.any(Date) as Date,
      })),
    );
    expect(await categoriesOf(agents.county)).toEqual(demoBefore);
  });
});
