import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { SampledEntityType } from '../../../shared/api/cadre-accuracy.js';
import { addDays, chinaDayStart } from '../../../shared/clock.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { accuracyChecks, accuracySamples, cadres, regions } from '../../db/schema/index.js';

/** The registry changes that make an entry one an account collected. */
const collectingActions = ['person.create', 'person.update', 'household.create', 'household.update'];

export type CollectedEntry = {
  accountId: string;
  entityType: SampledEntityType;
  entityId: string;
  regionCode: string;
  collectedAt: Date;
};

/**
 * The persons and households that still exist under a region and that accounts created or changed in a period (China
 * dates), from the audit log: the registry keeps no author column, the log names the account of every change.
 */
export async function findCollectedEntries(
  db: Executor,
  countyId: string,
  rootCode: string,
  accountIds: string[],
  from: string,
  to: string,
): Promise<CollectedEntry[]> {
  if (accountIds.length === 0) return [];
  const rows = await selectRows<Omit<CollectedEntry, 'collectedAt'> & { collectedAt: string | Date }>(
    db,
    sql`select entry.actor_id as "accountId", entry.entity_type as "entityType", entry.entity_id as "entityId",
        coalesce(person.region_code, household.region_code) as "regionCode", max(entry.at) as "collectedAt"
      from audit_log entry
      left join persons person on entry.entity_type = 'person' and person.county_id = entry.county_id
        and person.id::text = entry.entity_id
      left join households household on entry.entity_type = 'household' and household.county_id = entry.county_id
        and household.id::text = entry.entity_id
      where entry.county_id = ${countyId} and entry.outcome = 'success'
        and entry.actor_id in (${sql.join(
          accountIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        and entry.action in (${sql.join(
          collectingActions.map((action) => sql`${action}`),
          sql`, `,
        )})
        and entry.at >= ${chinaDayStart(from).toISOString()}::timestamptz
        and entry.at < ${chinaDayStart(addDays(to, 1)).toISOString()}::timestamptz
        and coalesce(person.region_code, household.region_code) like ${`${rootCode}%`}
      group by 1, 2, 3, 4`,
  );
  return rows.map((row) => ({ ...row, collectedAt: new Date(row.collectedAt) }));
}

export type SampleInsert = typeof accuracySamples.$inferInsert;
export type CheckInsert = typeof accuracyChecks.$inferInsert;

export async function insertSample(db: Executor, sample: SampleInsert, checks: CheckInsert[]): Promise<void> {
  await db.insert(accuracySamples).values(sample);
  if (checks.length > 0) await db.insert(accuracyChecks).values(checks);
}

/** A sample of the region or of one that overlaps its period: a second draw would let a bad one be replaced. */
export async function findOverlappingSample(
  db: Executor,
  countyId: string,
  regionId: string,
  from: string,
  to: string,
) {
  const [row] = await db
    .select({ id: accuracySamples.id })
    .from(accuracySamples)
    .where(
      and(
        eq(accuracySamples.countyId, countyId),
        eq(accuracySamples.regionId, regionId),
        sql`${accuracySamples.periodFrom} <= ${to}::date and ${accuracySamples.periodTo} >= ${from}::date`,
      ),
    );
  return row;
}

const sampleColumns = { sample: accuracySamples, regionName: regions.name };

/** Samples of a subtree in the actor's scope, the latest first. */
export function listSamples(db: Executor, actor: Actor, countyId: string | undefined, rootCode: string) {
  return db
    .select(sampleColumns)
    .from(accuracySamples)
    .innerJoin(regions, eq(regions.id, accuracySamples.regionId))
    .where(
      and(
        countyId === undefined ? undefined : eq(accuracySamples.countyId, countyId),
        sql`${accuracySamples.regionCode} like ${`${rootCode}%`}`,
        withinScope(actor, accuracySamples.regionCode),
      ),
    )
    .orderBy(desc(accuracySamples.drawnAt))
    .limit(200);
}

export async function findSample(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select(sampleColumns)
    .from(accuracySamples)
    .innerJoin(regions, eq(regions.id, accuracySamples.regionId))
    .where(and(eq(accuracySamples.id, id), withinScope(actor, accuracySamples.regionCode)));
  return row;
}

export async function sampleExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: accuracySamples.id }).from(accuracySamples).where(eq(accuracySamples.id, id));
  return row !== undefined;
}

const checkColumns = { check: accuracyChecks, cadreName: cadres.name };

function selectChecks(db: Executor) {
  return db
    .select(checkColumns)
    .from(accuracyChecks)
    .innerJoin(cadres, and(eq(cadres.countyId, accuracyChecks.countyId), eq(cadres.id, accuracyChecks.cadreId)))
    .innerJoin(
      accuracySamples,
      and(eq(accuracySamples.countyId, accuracyChecks.countyId), eq(accuracySamples.id, accuracyChecks.sampleId)),
    );
}

export type CheckRow = NonNullable<Awaited<ReturnType<typeof findCheck>>>;

export function listChecks(db: Executor, countyId: string, sampleId: string) {
  return selectChecks(db)
    .where(and(eq(accuracyChecks.countyId, countyId), eq(accuracyChecks.sampleId, sampleId)))
    .orderBy(asc(cadres.name), asc(accuracyChecks.id));
}

/** A check whose sample lies in the actor's scope; `forUpdate` locks it for the result. */
export async function findCheck(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = selectChecks(db).where(and(eq(accuracyChecks.id, id), withinScope(actor, accuracySamples.regionCode)));
  const [row] = await (options.forUpdate ? query.for('update', { of: accuracyChecks }) : query);
  return row;
}

export async function checkExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: accuracyChecks.id }).from(accuracyChecks).where(eq(accuracyChecks.id, id));
  return row !== undefined;
}

export async function updateCheck(
  db: Executor,
  countyId: string,
  id: string,
  changes: Pick<CheckInsert, 'result' | 'wrongFields' | 'note' | 'checkedBy' | 'checkedAt'>,
): Promise<void> {
  await db
    .update(accuracyChecks)
    .set(changes)
    .where(and(eq(accuracyChecks.countyId, countyId), eq(accuracyChecks.id, id)));
}
