import { and, asc, eq, inArray, like, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client.js';
import { partyOrgRegions, partyOrgs, regions } from '../../db/schema/index.js';

/** A condition on a region-code column (the actor's scope, or a requested subtree). */
export type CodeCondition = (code: AnyColumn | SQL) => SQL | undefined;

const anchor = alias(regions, 'anchor');

/** An organisation touches a subtree when its anchor region or one of the regions it covers lies inside it. */
function touches(codeCondition: CodeCondition): SQL | undefined {
  const onAnchor = codeCondition(anchor.code);
  if (onAnchor === undefined) return undefined;
  return or(
    onAnchor,
    sql`exists (select 1 from party_org_regions as covering join regions as covered on covered.id = covering.region_id
          where covering.party_org_id = party_orgs.id and ${codeCondition(sql.raw('covered.code'))})`,
  );
}

/**
 * The organisation with the regions it covers inside the scope only: a town's organisation shown to one of its
 * villages names that village, not its neighbours, which the village cannot see either.
 */
function columnsWithin(scope: CodeCondition) {
  return {
    org: partyOrgs,
    anchorCode: anchor.code,
    coveredRegionIds: sql<string[]>`coalesce((select array_agg(covering.region_id::text order by covering.region_id)
      from party_org_regions as covering join regions as covered on covered.id = covering.region_id
      where covering.party_org_id = party_orgs.id and ${scope(sql.raw('covered.code')) ?? sql`true`}), '{}')`,
  };
}

export type PartyOrgRow = Awaited<ReturnType<typeof listPartyOrgs>>[number];

/** Organisations touching both the actor's scope and the requested subtree. */
export function listPartyOrgs(db: Executor, scope: CodeCondition, rootCode: string) {
  return db
    .select(columnsWithin(scope))
    .from(partyOrgs)
    .innerJoin(anchor, eq(anchor.id, partyOrgs.regionId))
    .where(
      and(
        touches(scope),
        touches((code) => like(code, `${rootCode}%`)),
      ),
    )
    .orderBy(asc(anchor.code), asc(partyOrgs.kind), asc(partyOrgs.name));
}

export async function findPartyOrg(db: Executor, scope: CodeCondition, id: string) {
  const [row] = await db
    .select(columnsWithin(scope))
    .from(partyOrgs)
    .innerJoin(anchor, eq(anchor.id, partyOrgs.regionId))
    .where(and(eq(partyOrgs.id, id), touches(scope)));
  return row;
}

export async function partyOrgExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: partyOrgs.id }).from(partyOrgs).where(eq(partyOrgs.id, id));
  return row !== undefined;
}

export async function findParentId(db: Executor, countyId: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ parentId: partyOrgs.parentId })
    .from(partyOrgs)
    .where(and(eq(partyOrgs.countyId, countyId), eq(partyOrgs.id, id)));
  return row?.parentId ?? null;
}

export async function hasChildren(db: Executor, countyId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: partyOrgs.id })
    .from(partyOrgs)
    .where(and(eq(partyOrgs.countyId, countyId), eq(partyOrgs.parentId, id)))
    .limit(1);
  return row !== undefined;
}

export async function insertPartyOrg(db: Executor, row: typeof partyOrgs.$inferInsert) {
  await db.insert(partyOrgs).values(row);
}

export async function updatePartyOrg(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<typeof partyOrgs.$inferInsert>,
) {
  await db
    .update(partyOrgs)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(partyOrgs.countyId, countyId), eq(partyOrgs.id, id)));
}

export async function replaceCoveredRegions(db: Executor, countyId: string, id: string, regionIds: string[]) {
  await db
    .delete(partyOrgRegions)
    .where(and(eq(partyOrgRegions.countyId, countyId), eq(partyOrgRegions.partyOrgId, id)));
  if (regionIds.length > 0) {
    await db.insert(partyOrgRegions).values(regionIds.map((regionId) => ({ countyId, partyOrgId: id, regionId })));
  }
}

export async function deletePartyOrg(db: Executor, countyId: string, id: string) {
  await db
    .delete(partyOrgRegions)
    .where(and(eq(partyOrgRegions.countyId, countyId), eq(partyOrgRegions.partyOrgId, id)));
  await db.delete(partyOrgs).where(and(eq(partyOrgs.countyId, countyId), eq(partyOrgs.id, id)));
}

export function findRegionsByIds(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.select({ id: regions.id, code: regions.code }).from(regions).where(inArray(regions.id, ids));
}
