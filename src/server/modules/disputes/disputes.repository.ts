import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DisputeStatus, EscalationTarget } from '../../../shared/disputes.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { disputeKinds, disputeSessions, disputes, gridStaff, regions, talkPoints } from '../../db/schema/index.js';

const disputeColumns = {
  record: disputes,
  regionName: regions.name,
  talkPointName: sql<
    string | null
  >`(select name from talk_points where talk_points.county_id = ${disputes.countyId} and talk_points.id = ${disputes.talkPointId})`,
  sessionCount: sql<number>`(select count(*)::int from dispute_sessions where dispute_sessions.county_id = ${disputes.countyId} and dispute_sessions.dispute_id = ${disputes.id})`,
};

export type DisputeRow = NonNullable<Awaited<ReturnType<typeof findDispute>>>;

/** A dispute inside the actor's scope; `forUpdate` locks it for a change. */
export async function findDispute(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select(disputeColumns)
    .from(disputes)
    .innerJoin(regions, eq(regions.id, disputes.regionId))
    .where(and(eq(disputes.id, id), withinScope(actor, disputes.regionCode)));
  const [row] = await (options.forUpdate ? query.for('update', { of: disputes }) : query);
  return row;
}

export async function disputeExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: disputes.id }).from(disputes).where(eq(disputes.id, id));
  return row !== undefined;
}

/** Who registered the dispute of this id, in any county: a client's id sent again is answered only to them. */
export async function findCreatorOf(db: Executor, id: string) {
  const [row] = await db.select({ createdBy: disputes.createdBy }).from(disputes).where(eq(disputes.id, id));
  return row;
}

/** Inserts a dispute; false when one of that id exists already (a client's id sent again), inserting nothing. */
export async function insertDispute(db: Executor, row: typeof disputes.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(disputes)
    .values(row)
    .onConflictDoNothing({ target: [disputes.countyId, disputes.id] })
    .returning({ id: disputes.id });
  return inserted.length === 1;
}

/** Writes a change if the dispute is still at the version it was read at. */
export async function updateDispute(
  db: Executor,
  countyId: string,
  id: string,
  version: number,
  changes: Partial<typeof disputes.$inferInsert>,
): Promise<boolean> {
  const updated = await db
    .update(disputes)
    .set({ ...changes, version: version + 1, updatedAt: sql`now()` })
    .where(and(eq(disputes.countyId, countyId), eq(disputes.id, id), eq(disputes.version, version)))
    .returning({ id: disputes.id });
  return updated.length === 1;
}

export type DisputeFilter = {
  countyId: string | undefined;
  rootCode: string;
  statuses?: DisputeStatus[] | undefined;
  kind?: string | undefined;
  escalatedTo?: EscalationTarget | undefined;
  personId?: string | undefined;
  after?: { registeredAt: Date; id: string } | undefined;
};

/** Disputes of a region's subtree that the actor may see. */
function disputesUnder(actor: Actor, region: { countyId: string | undefined; code: string }): SQL | undefined {
  return and(
    region.countyId === undefined ? undefined : eq(disputes.countyId, region.countyId),
    sql`${disputes.regionCode} like ${`${region.code}%`}`,
    withinScope(actor, disputes.regionCode),
  );
}

/** A page of disputes, newest first. */
export function listDisputes(db: Executor, actor: Actor, filter: DisputeFilter, limit: number) {
  const after = filter.after;
  return db
    .select(disputeColumns)
    .from(disputes)
    .innerJoin(regions, eq(regions.id, disputes.regionId))
    .where(
      and(
        disputesUnder(actor, { countyId: filter.countyId, code: filter.rootCode }),
        filter.statuses ? inArray(disputes.status, filter.statuses) : undefined,
        filter.kind ? eq(disputes.kind, filter.kind) : undefined,
        filter.escalatedTo ? eq(disputes.escalatedTo, filter.escalatedTo) : undefined,
        filter.personId ? sql`${disputes.personIds} @> array[${filter.personId}]::uuid[]` : undefined,
        after
          ? or(
              lt(disputes.registeredAt, after.registeredAt),
              and(eq(disputes.registeredAt, after.registeredAt), lt(disputes.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(disputes.registeredAt), desc(disputes.id))
    .limit(limit);
}

export async function insertSession(db: Executor, row: typeof disputeSessions.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(disputeSessions)
    .values(row)
    .onConflictDoNothing({ target: [disputeSessions.countyId, disputeSessions.id] })
    .returning({ id: disputeSessions.id });
  return inserted.length === 1;
}

/** The dispute and author of the session of this id, in any county: a session sent again must be of the same dispute. */
export async function findSessionOrigin(db: Executor, id: string) {
  const [row] = await db
    .select({ disputeId: disputeSessions.disputeId, createdBy: disputeSessions.createdBy })
    .from(disputeSessions)
    .where(eq(disputeSessions.id, id));
  return row;
}

export function listSessions(db: Executor, countyId: string, disputeId: string) {
  return db
    .select()
    .from(disputeSessions)
    .where(and(eq(disputeSessions.countyId, countyId), eq(disputeSessions.disputeId, disputeId)))
    .orderBy(asc(disputeSessions.heldAt), asc(disputeSessions.id));
}

export type Period = { from: Date; to: Date };

export type FigureCounts = {
  disputes: number;
  mediated: number;
  settledInGrid: number;
  settledInVillage: number;
  settledInTown: number;
  escalated: number;
  withdrawn: number;
  open: number;
};

/**
 * The disputes registered in a subtree in a period (from inclusive, to exclusive), counted by where they stand now.
 * Mediated: at least one session held, or an outcome reached other than a withdrawal.
 */
export async function countFigures(db: Executor, countyId: string, rootCode: string, period: Period) {
  const [row] = await selectRows<Record<keyof FigureCounts, number | string>>(
    db,
    sql`select
      count(*)::int as "disputes",
      count(*) filter (where d.status in ('mediating', 'settled', 'escalated')
        or exists (select 1 from dispute_sessions s where s.county_id = d.county_id and s.dispute_id = d.id))::int
        as "mediated",
      count(*) filter (where d.status = 'settled' and d.settled_level = 'grid')::int as "settledInGrid",
      count(*) filter (where d.status = 'settled' and d.settled_level = 'village')::int as "settledInVillage",
      count(*) filter (where d.status = 'settled' and d.settled_level = 'town')::int as "settledInTown",
      count(*) filter (where d.status = 'escalated')::int as "escalated",
      count(*) filter (where d.status = 'withdrawn')::int as "withdrawn",
      count(*) filter (where d.status in ('registered', 'mediating'))::int as "open"
    from disputes d
    where d.county_id = ${countyId} and d.region_code like ${`${rootCode}%`}
      and d.registered_at >= ${period.from.toISOString()} and d.registered_at < ${period.to.toISOString()}`,
  );
  const counts = {} as FigureCounts;
  for (const [key, value] of Object.entries(row ?? {})) counts[key as keyof FigureCounts] = Number(value);
  return counts;
}

export function listKinds(db: Executor, countyId: string) {
  return db
    .select()
    .from(disputeKinds)
    .where(eq(disputeKinds.countyId, countyId))
    .orderBy(asc(disputeKinds.sortOrder), asc(disputeKinds.code));
}

export async function upsertKind(db: Executor, row: typeof disputeKinds.$inferInsert) {
  const { countyId: _countyId, code: _code, ...changes } = row;
  await db
    .insert(disputeKinds)
    .values(row)
    .onConflictDoUpdate({
      target: [disputeKinds.countyId, disputeKinds.code],
      set: { ...changes, updatedAt: sql`now()` },
    });
}

const talkPointColumns = { point: talkPoints, regionName: regions.name };

/**
 * Talk points of a subtree, by region and name. The service names the subtree: the caller's own, or for a grid's
 * worker their village, whose talk points serve every grid in it.
 */
export function listTalkPoints(db: Executor, region: { countyId: string; code: string }) {
  return db
    .select(talkPointColumns)
    .from(talkPoints)
    .innerJoin(regions, eq(regions.id, talkPoints.regionId))
    .where(and(eq(talkPoints.countyId, region.countyId), sql`${talkPoints.regionCode} like ${`${region.code}%`}`))
    .orderBy(asc(talkPoints.regionCode), asc(talkPoints.name))
    .limit(500);
}

/** The staff placed in any of these regions (a grid and the regions above it): the grid's first, then each level up. */
export function listStaffIn(db: Executor, countyId: string, regionCodes: string[]) {
  return db
    .select({
      id: gridStaff.id,
      name: gridStaff.name,
      kind: gridStaff.kind,
      regionId: gridStaff.regionId,
      regionName: regions.name,
      regionCode: regions.code,
    })
    .from(gridStaff)
    .innerJoin(regions, eq(regions.id, gridStaff.regionId))
    .where(and(eq(gridStaff.countyId, countyId), inArray(regions.code, regionCodes)))
    .orderBy(desc(sql`length(${regions.code})`), asc(gridStaff.name), asc(gridStaff.id))
    .limit(500);
}

/** A talk point of a county, wherever it is: a dispute may be mediated at its village's point. */
export async function findTalkPoint(db: Executor, countyId: string, id: string) {
  const [row] = await db
    .select(talkPointColumns)
    .from(talkPoints)
    .innerJoin(regions, eq(regions.id, talkPoints.regionId))
    .where(and(eq(talkPoints.countyId, countyId), eq(talkPoints.id, id)));
  return row;
}

/** Who added the talk point of this id, in any county: a client's id sent again is answered only to them. */
export async function findTalkPointCreator(db: Executor, id: string) {
  const [row] = await db.select({ createdBy: talkPoints.createdBy }).from(talkPoints).where(eq(talkPoints.id, id));
  return row;
}

export async function insertTalkPoint(db: Executor, row: typeof talkPoints.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(talkPoints)
    .values(row)
    .onConflictDoNothing({ target: [talkPoints.countyId, talkPoints.id] })
    .returning({ id: talkPoints.id });
  return inserted.length === 1;
}

/** The database's clock: registration times and figures' periods agree with it whichever server asks. */
export async function databaseNow(db: Executor): Promise<Date> {
  const [row] = await selectRows<{ now: string | Date }>(db, sql`select now() as now`);
  return new Date(row!.now);
}
