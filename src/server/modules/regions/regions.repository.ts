import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, isNull, like, lte, or, sql } from 'drizzle-orm';
import type { RegionLevel } from '../../../shared/policy.js';
import type { StaffKind } from '../../../shared/staff.js';
import type { Actor } from '../../auth/actor.js';
import { scopePatternOf, withinScope, withinScopeOfPattern } from '../../auth/scope.js';
import { builtOnce, unnamed } from '../../db/built-once.js';
import { selectRows, type Executor } from '../../db/client.js';
import { gridStaff, regions } from '../../db/schema/index.js';

/** The summary fields of a region, with how many children it has. */
const summary = {
  id: regions.id,
  countyId: regions.countyId,
  parentId: regions.parentId,
  level: regions.level,
  code: regions.code,
  name: regions.name,
  kind: regions.kind,
  minLng: regions.minLng,
  minLat: regions.minLat,
  maxLng: regions.maxLng,
  maxLat: regions.maxLat,
  hasBoundary: sql<boolean>`${regions.boundary} is not null`,
  childCount: sql<number>`(select count(*)::int from regions as child where child.parent_id = regions.id)`,
};

export type RegionSummaryRow = Awaited<ReturnType<typeof listChildren>>[number];

/**
 * A region inside the actor's scope. Built once per database and kind of actor: nearly every request that names a
 * region (case lists, figures, coverage, the region page — 40 % of issue 9's morning mix) looks it up first.
 */
export async function findRegion(db: Executor, actor: Actor, id: string) {
  const isScoped = actor.regionCode !== undefined;
  const query = builtOnce(db, `region:${isScoped}`, () =>
    db
      .select({ ...summary, boundary: regions.boundary })
      .from(regions)
      .where(and(eq(regions.id, sql.placeholder('id')), withinScopeOfPattern(isScoped, regions.code)))
      .prepare(unnamed),
  );
  const [row] = await query.execute({ id, scopePattern: scopePatternOf(actor) });
  return row;
}

export async function regionExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.id, id));
  return row !== undefined;
}

export async function findRegionNameById(db: Executor, id: string) {
  const [row] = await db.select({ name: regions.name }).from(regions).where(eq(regions.id, id));
  return row?.name;
}

/** A region's children inside the actor's scope, in their order; built once like `findRegion` (figures ask it). */
export function listChildren(db: Executor, actor: Actor, parentId: string) {
  const isScoped = actor.regionCode !== undefined;
  const query = builtOnce(db, `region-children:${isScoped}`, () =>
    db
      .select(summary)
      .from(regions)
      .where(and(eq(regions.parentId, sql.placeholder('parentId')), withinScopeOfPattern(isScoped, regions.code)))
      .orderBy(asc(regions.sortOrder), asc(regions.code))
      .prepare(unnamed),
  );
  return query.execute({ parentId, scopePattern: scopePatternOf(actor) });
}

/** The top of what the actor sees: their own region, or every county for the system administrator. */
export function listScopeRoots(db: Executor, actor: Actor) {
  const condition = actor.regionId === undefined ? isNull(regions.parentId) : eq(regions.id, actor.regionId);
  return db.select(summary).from(regions).where(condition).orderBy(asc(regions.code));
}

export function searchRegions(db: Executor, actor: Actor, text: string, limit: number) {
  const escaped = text.replace(/[\\%_]/g, (character) => `\\${character}`);
  return db
    .select(summary)
    .from(regions)
    .where(
      and(withinScope(actor, regions.code), or(ilike(regions.name, `%${escaped}%`), like(regions.code, `${escaped}%`))),
    )
    .orderBy(asc(sql`length(${regions.code})`), asc(regions.code))
    .limit(limit);
}

/** Regions in scope whose bounding box holds the point, deepest and then lowest code first: candidates for the exact polygon test. */
export function findBoundaryCandidates(db: Executor, actor: Actor, lng: number, lat: number) {
  return db
    .select({ ...summary, boundary: regions.boundary })
    .from(regions)
    .where(
      and(
        withinScope(actor, regions.code),
        isNotNull(regions.boundary),
        lte(regions.minLng, lng),
        gte(regions.maxLng, lng),
        lte(regions.minLat, lat),
        gte(regions.maxLat, lat),
      ),
    )
    .orderBy(desc(sql`length(${regions.code})`), asc(regions.code));
}

export function listDescendantsAtLevel(db: Executor, actor: Actor, rootCode: string, level: RegionLevel) {
  return db
    .select({
      id: regions.id,
      code: regions.code,
      name: regions.name,
      level: regions.level,
      boundary: regions.boundary,
    })
    .from(regions)
    .where(and(like(regions.code, `${rootCode}%`), eq(regions.level, level), withinScope(actor, regions.code)))
    .orderBy(asc(regions.code));
}

/** Regions strictly below a region, by code, for matching imported features. */
export function listDescendantsByCodes(db: Executor, rootCode: string, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .select({ id: regions.id, parentId: regions.parentId, name: regions.name, code: regions.code })
    .from(regions)
    .where(and(inArray(regions.code, codes), like(regions.code, `${rootCode}_%`)));
}

/**
 * The regions the boundary rules compare the given ones with: their parents, their parents' children (siblings,
 * the regions themselves included) and their own children.
 */
export function listBoundaryNeighbours(db: Executor, around: { id: string; parentId: string | null }[]) {
  const parentIds = around.flatMap((region) => (region.parentId === null ? [] : [region.parentId]));
  const hasRoot = around.some((region) => region.parentId === null);
  return db
    .select({
      id: regions.id,
      parentId: regions.parentId,
      name: regions.name,
      code: regions.code,
      boundary: regions.boundary,
    })
    .from(regions)
    .where(
      or(
        parentIds.length > 0 ? inArray(regions.id, parentIds) : undefined,
        inArray(regions.parentId, [...parentIds, ...around.map((region) => region.id)]),
        hasRoot ? isNull(regions.parentId) : undefined,
      ),
    );
}

/** A json column as the driver gives it: pg and PGlite parse json, but say so for either. */
function parsedJson<Value>(value: Value | string): Value {
  return typeof value === 'string' ? (JSON.parse(value) as Value) : value;
}

/**
 * A region's ancestors (by their codes, kept inside the actor's scope, root first) and the staff of its subtree
 * counted by kind, in one statement: the region page is 8 % of the morning's requests in the HTTP bench, and each
 * statement costs a round trip on both sides.
 */
export async function findAncestorsAndStaffCounts(
  db: Executor,
  actor: Actor,
  ancestorCodes: string[],
  rootCode: string,
) {
  const [row] = await selectRows<{
    ancestors: { id: string; name: string; level: RegionLevel; code: string }[] | string;
    staffCounts: { kind: StaffKind; count: number }[] | string;
  }>(
    db,
    sql`select
      (select coalesce(json_agg(json_build_object(
          'id', ${regions.id}, 'name', ${regions.name}, 'level', ${regions.level}, 'code', ${regions.code}
        ) order by length(${regions.code})), '[]'::json)
        from ${regions}
        where ${and(inArray(regions.code, ancestorCodes), withinScope(actor, regions.code))}) as "ancestors",
      (select coalesce(json_agg(json_build_object('kind', counted.kind, 'count', counted.count)), '[]'::json)
        from (
          select ${gridStaff.kind} as kind, count(*)::int as count
          from ${gridStaff} inner join ${regions} on ${regions.id} = ${gridStaff.regionId}
          where ${like(regions.code, `${rootCode}%`)}
          group by ${gridStaff.kind}
        ) as counted) as "staffCounts"`,
  );
  return { ancestors: parsedJson(row!.ancestors), staffCounts: parsedJson(row!.staffCounts) };
}

/**
 * Serialises changes under these regions: two new children never compute the same code, and two boundaries
 * checked at once never both pass against the other's old shape. Locked in id order, so lockers never deadlock.
 */
export async function lockRegions(db: Executor, ids: string[]) {
  await db
    .select({ id: regions.id })
    .from(regions)
    .where(inArray(regions.id, ids))
    .orderBy(asc(regions.id))
    .for('update');
}

export async function findLastChildCode(db: Executor, parentId: string) {
  const [row] = await db
    .select({ code: regions.code })
    .from(regions)
    .where(eq(regions.parentId, parentId))
    .orderBy(desc(regions.code))
    .limit(1);
  return row?.code;
}

export async function insertRegion(db: Executor, row: typeof regions.$inferInsert) {
  await db.insert(regions).values(row);
}

export async function updateRegion(db: Executor, id: string, changes: Partial<typeof regions.$inferInsert>) {
  await db
    .update(regions)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(regions.id, id));
}

/** A region by id or code, ignoring scope: for the command line, which acts for the operator. */
export async function findRegionByIdOrCode(db: Executor, idOrCode: string) {
  const isId = /^[0-9a-f-]{36}$/i.test(idOrCode);
  const [row] = await db
    .select({ id: regions.id, code: regions.code, name: regions.name, countyId: regions.countyId })
    .from(regions)
    .where(isId ? eq(regions.id, idOrCode) : eq(regions.code, idOrCode));
  return row;
}

export function listCounties(db: Executor) {
  return db
    .select({ id: regions.id, code: regions.code, name: regions.name, countyId: regions.countyId })
    .from(regions)
    .where(isNull(regions.parentId));
}
