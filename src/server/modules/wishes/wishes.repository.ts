import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { ClaimantKind, WishStatus } from '../../../shared/wishes.js';
import { wallStatuses } from '../../../shared/wishes.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { gridStaff, microWishEvents, microWishes, persons, regions, units, wishDrives } from '../../db/schema/index.js';

const wishColumns = {
  record: microWishes,
  regionName: regions.name,
  driveName: sql<
    string | null
  >`(select name from wish_drives where wish_drives.county_id = ${microWishes.countyId} and wish_drives.id = ${microWishes.driveId})`,
  registeredByName: sql<
    string | null
  >`(select display_name from accounts where accounts.id = ${microWishes.registeredBy})`,
};

export type WishRow = NonNullable<Awaited<ReturnType<typeof findWish>>>;

/** A wish inside the actor's scope; `forUpdate` locks it for a step of its life cycle. */
export async function findWish(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select(wishColumns)
    .from(microWishes)
    .innerJoin(regions, eq(regions.id, microWishes.regionId))
    .where(and(eq(microWishes.id, id), withinScope(actor, microWishes.regionCode)));
  const [row] = await (options.forUpdate ? query.for('update', { of: microWishes }) : query);
  return row;
}

/** Whose wishes a resident's page reads: the registry person their phone matched. */
export type WishOwner = { countyId: string; personId: string };

/** A wish of the owner's own; `forUpdate` locks it for their acknowledgement. */
export async function findOwnWish(db: Executor, owner: WishOwner, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select(wishColumns)
    .from(microWishes)
    .innerJoin(regions, eq(regions.id, microWishes.regionId))
    .where(
      and(eq(microWishes.countyId, owner.countyId), eq(microWishes.personId, owner.personId), eq(microWishes.id, id)),
    );
  const [row] = await (options.forUpdate ? query.for('update', { of: microWishes }) : query);
  return row;
}

/** The owner's latest wishes, newest first. */
export function listOwnWishes(db: Executor, owner: WishOwner, limit: number) {
  return db
    .select(wishColumns)
    .from(microWishes)
    .innerJoin(regions, eq(regions.id, microWishes.regionId))
    .where(and(eq(microWishes.countyId, owner.countyId), eq(microWishes.personId, owner.personId)))
    .orderBy(desc(microWishes.registeredAt), desc(microWishes.id))
    .limit(limit);
}

/** The registry person a resident's wish is of, wherever they live. */
export async function findOwnerPerson(db: Executor, owner: WishOwner) {
  const [row] = await db
    .select({
      countyId: persons.countyId,
      id: persons.id,
      regionId: persons.regionId,
      regionCode: persons.regionCode,
      householdId: persons.householdId,
    })
    .from(persons)
    .where(and(eq(persons.countyId, owner.countyId), eq(persons.id, owner.personId)));
  return row;
}

export async function wishExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: microWishes.id }).from(microWishes).where(eq(microWishes.id, id));
  return row !== undefined;
}

/** Inserts a wish; false when one of its id was there already (a client's id sent twice at once). */
export async function insertWish(db: Executor, row: typeof microWishes.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(microWishes)
    .values(row)
    .onConflictDoNothing({ target: [microWishes.countyId, microWishes.id] })
    .returning({ id: microWishes.id });
  return inserted.length === 1;
}

/** Who registered the wish of this id, in any county: a client's id is checked before its county is known. */
export async function findWishOrigin(db: Executor, id: string) {
  const [row] = await db
    .select({ registeredBy: microWishes.registeredBy })
    .from(microWishes)
    .where(eq(microWishes.id, id))
    .limit(1);
  return row;
}

/** The wish already made of a need, if any: a need becomes one wish. */
export async function findWishOfNeed(db: Executor, countyId: string, needId: string) {
  const [row] = await db
    .select({ id: microWishes.id })
    .from(microWishes)
    .where(and(eq(microWishes.countyId, countyId), eq(microWishes.needId, needId)));
  return row;
}

/**
 * Writes a step if the wish is still at the version and status it was read at: of two claimants racing for one
 * wish, the second finds the version moved on and changes nothing.
 */
export async function updateWish(
  db: Executor,
  key: { countyId: string; id: string; version: number; status: WishStatus },
  changes: Partial<typeof microWishes.$inferInsert>,
): Promise<boolean> {
  const updated = await db
    .update(microWishes)
    .set({ ...changes, version: key.version + 1, updatedAt: sql`now()` })
    .where(
      and(
        eq(microWishes.countyId, key.countyId),
        eq(microWishes.id, key.id),
        eq(microWishes.version, key.version),
        eq(microWishes.status, key.status),
      ),
    )
    .returning({ id: microWishes.id });
  return updated.length === 1;
}

export async function insertEvent(db: Executor, row: typeof microWishEvents.$inferInsert) {
  await db.insert(microWishEvents).values(row);
}

export function listEvents(db: Executor, countyId: string, wishId: string) {
  return db
    .select()
    .from(microWishEvents)
    .where(and(eq(microWishEvents.countyId, countyId), eq(microWishEvents.wishId, wishId)))
    .orderBy(asc(microWishEvents.createdAt), asc(microWishEvents.id));
}

/** The histories of several wishes of a county, oldest step first. */
export function listEventsOfWishes(db: Executor, countyId: string, wishIds: string[]) {
  return db
    .select()
    .from(microWishEvents)
    .where(and(eq(microWishEvents.countyId, countyId), inArray(microWishEvents.wishId, wishIds)))
    .orderBy(asc(microWishEvents.createdAt), asc(microWishEvents.id));
}

export type WishFilter = {
  countyId: string | undefined;
  rootCode: string;
  statuses?: WishStatus[] | undefined;
  driveId?: string | undefined;
  personId?: string | undefined;
  needId?: string | undefined;
  claimantKind?: ClaimantKind | undefined;
  isLate?: boolean | undefined;
  /** Today in China: a claimed wish promised before it is late. */
  today: string;
  after?: { registeredAt: Date; id: string } | undefined;
};

/** Wishes of a region's subtree that the actor may see. */
function wishesUnder(actor: Actor, region: { countyId: string | undefined; code: string }): SQL | undefined {
  return and(
    region.countyId === undefined ? undefined : eq(microWishes.countyId, region.countyId),
    sql`${microWishes.regionCode} like ${`${region.code}%`}`,
    withinScope(actor, microWishes.regionCode),
  );
}

function lateCondition(today: string): SQL {
  return sql`(${microWishes.status} = 'claimed' and ${microWishes.promisedOn} < ${today})`;
}

/** A page of wishes, newest first. */
export function listWishes(db: Executor, actor: Actor, filter: WishFilter, limit: number) {
  const after = filter.after;
  return db
    .select(wishColumns)
    .from(microWishes)
    .innerJoin(regions, eq(regions.id, microWishes.regionId))
    .where(
      and(
        wishesUnder(actor, { countyId: filter.countyId, code: filter.rootCode }),
        filter.statuses ? inArray(microWishes.status, filter.statuses) : undefined,
        filter.driveId ? eq(microWishes.driveId, filter.driveId) : undefined,
        filter.personId ? eq(microWishes.personId, filter.personId) : undefined,
        filter.needId ? eq(microWishes.needId, filter.needId) : undefined,
        filter.claimantKind ? eq(microWishes.claimantKind, filter.claimantKind) : undefined,
        filter.isLate === undefined
          ? undefined
          : filter.isLate
            ? lateCondition(filter.today)
            : sql`not ${lateCondition(filter.today)}`,
        after
          ? or(
              lt(microWishes.registeredAt, after.registeredAt),
              and(eq(microWishes.registeredAt, after.registeredAt), lt(microWishes.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(microWishes.registeredAt), desc(microWishes.id))
    .limit(limit);
}

/** How far wishes got, as counts; `reached` counts a wish at a step or any step after it. */
const progressColumns = sql`
  count(*) filter (where w.status not in ('rejected', 'cancelled'))::int as "registered",
  count(*) filter (where w.status in ('published', 'claimed', 'fulfilled', 'acknowledged'))::int as "published",
  count(*) filter (where w.status in ('claimed', 'fulfilled', 'acknowledged'))::int as "claimed",
  count(*) filter (where w.status in ('fulfilled', 'acknowledged'))::int as "fulfilled",
  count(*) filter (where w.status = 'acknowledged')::int as "acknowledged"`;

export type Progress = {
  registered: number;
  published: number;
  claimed: number;
  fulfilled: number;
  acknowledged: number;
};

function numbersOf<Key extends string>(row: Record<string, unknown> | undefined, keys: readonly Key[]) {
  const counts = {} as Record<Key, number>;
  for (const key of keys) counts[key] = Number(row?.[key] ?? 0);
  return counts;
}

const progressKeys = ['registered', 'published', 'claimed', 'fulfilled', 'acknowledged'] as const;

export type Period = { from: Date; to: Date };

/**
 * The figures of a subtree over the wishes registered in a period: how far each got, the rejected and cancelled,
 * the late, and claims and fulfilments by claimant kind.
 */
export async function countFigures(
  db: Executor,
  region: { countyId: string; code: string },
  period: Period,
  options: { today: string; driveId?: string | undefined },
) {
  const [row] = await selectRows<Record<string, number | string>>(
    db,
    sql`select ${progressColumns},
      count(*) filter (where w.status = 'rejected')::int as "rejected",
      count(*) filter (where w.status = 'cancelled')::int as "cancelled",
      count(*) filter (where w.status = 'claimed' and w.promised_on < ${options.today})::int as "late",
      count(*) filter (where w.claimant_kind = 'party_member' and w.status in ('claimed', 'fulfilled', 'acknowledged'))::int as "claimedByPartyMember",
      count(*) filter (where w.claimant_kind = 'cadre' and w.status in ('claimed', 'fulfilled', 'acknowledged'))::int as "claimedByCadre",
      count(*) filter (where w.claimant_kind = 'unit' and w.status in ('claimed', 'fulfilled', 'acknowledged'))::int as "claimedByUnit",
      count(*) filter (where w.claimant_kind = 'party_member' and w.status in ('fulfilled', 'acknowledged'))::int as "fulfilledByPartyMember",
      count(*) filter (where w.claimant_kind = 'cadre' and w.status in ('fulfilled', 'acknowledged'))::int as "fulfilledByCadre",
      count(*) filter (where w.claimant_kind = 'unit' and w.status in ('fulfilled', 'acknowledged'))::int as "fulfilledByUnit"
    from micro_wishes w
    where w.county_id = ${region.countyId} and w.region_code like ${`${region.code}%`}
      and w.registered_at >= ${period.from.toISOString()} and w.registered_at < ${period.to.toISOString()}
      ${options.driveId ? sql`and w.drive_id = ${options.driveId}` : sql``}`,
  );
  return numbersOf(row, [
    ...progressKeys,
    'rejected',
    'cancelled',
    'late',
    'claimedByPartyMember',
    'claimedByCadre',
    'claimedByUnit',
    'fulfilledByPartyMember',
    'fulfilledByCadre',
    'fulfilledByUnit',
  ] as const);
}

/** The same progress per child region of a region (its code one level longer). */
export async function countByChildRegion(
  db: Executor,
  region: { countyId: string; id: string },
  period: Period,
  driveId: string | undefined,
) {
  const rows = await selectRows<Record<string, number | string> & { regionId: string; regionName: string }>(
    db,
    sql`select c.id as "regionId", c.name as "regionName", ${progressColumns}
    from regions c
    left join micro_wishes w on w.county_id = ${region.countyId} and w.region_code like c.code || '%'
      and w.registered_at >= ${period.from.toISOString()} and w.registered_at < ${period.to.toISOString()}
      ${driveId ? sql`and w.drive_id = ${driveId}` : sql``}
    where c.parent_id = ${region.id}
    group by c.id, c.name, c.code
    order by c.code`,
  );
  return rows.map((row) => ({
    regionId: row.regionId,
    regionName: row.regionName,
    ...numbersOf(row, progressKeys),
  }));
}

/** Each drive's progress: its wishes, by how far they got. */
export async function driveProgress(db: Executor, countyId: string, driveIds: string[]) {
  if (driveIds.length === 0) return new Map<string, Progress>();
  const rows = await selectRows<Record<string, number | string> & { driveId: string }>(
    db,
    sql`select w.drive_id as "driveId", ${progressColumns}
    from micro_wishes w
    where w.county_id = ${countyId} and w.drive_id in (${sql.join(
      driveIds.map((id) => sql`${id}`),
      sql`, `,
    )})
    group by w.drive_id`,
  );
  return new Map(rows.map((row) => [row.driveId, numbersOf(row, progressKeys)]));
}

const driveColumns = { drive: wishDrives, regionName: regions.name };

/** Drives of a subtree, and those of the regions above it that reach into it (a county's drive is every village's). */
export function listDrives(db: Executor, region: { countyId: string; code: string }) {
  return db
    .select(driveColumns)
    .from(wishDrives)
    .innerJoin(regions, eq(regions.id, wishDrives.regionId))
    .where(
      and(
        eq(wishDrives.countyId, region.countyId),
        or(
          sql`${wishDrives.regionCode} like ${`${region.code}%`}`,
          sql`${region.code} like ${wishDrives.regionCode} || '%'`,
        ),
      ),
    )
    .orderBy(desc(wishDrives.startsOn), asc(wishDrives.name))
    .limit(200);
}

/** The drives that reach a place (its region's, or one above it) and are open on the day, soonest ending first. */
export function listOpenDrivesReaching(db: Executor, place: { countyId: string; code: string }, day: string) {
  return db
    .select({ id: wishDrives.id, name: wishDrives.name, endsOn: wishDrives.endsOn })
    .from(wishDrives)
    .where(
      and(
        eq(wishDrives.countyId, place.countyId),
        sql`${place.code} like ${wishDrives.regionCode} || '%'`,
        lte(wishDrives.startsOn, day),
        gte(wishDrives.endsOn, day),
      ),
    )
    .orderBy(asc(wishDrives.endsOn), asc(wishDrives.name));
}

/** A drive by its id, in a county (or any, for the system administrator, who has none). */
export async function findDrive(db: Executor, countyId: string | undefined, id: string) {
  const [row] = await db
    .select(driveColumns)
    .from(wishDrives)
    .innerJoin(regions, eq(regions.id, wishDrives.regionId))
    .where(and(countyId === undefined ? undefined : eq(wishDrives.countyId, countyId), eq(wishDrives.id, id)));
  return row;
}

export async function driveExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: wishDrives.id }).from(wishDrives).where(eq(wishDrives.id, id));
  return row !== undefined;
}

export async function insertDrive(db: Executor, row: typeof wishDrives.$inferInsert) {
  await db.insert(wishDrives).values(row);
}

/**
 * Claimed wishes whose promised date passed and that nobody was told about yet, in every county (the sweep tells
 * the claimant and the village once).
 */
export function listLateUntold(db: Executor, today: string) {
  return db
    .select(wishColumns)
    .from(microWishes)
    .innerJoin(regions, eq(regions.id, microWishes.regionId))
    .where(
      and(
        eq(microWishes.status, 'claimed'),
        sql`${microWishes.promisedOn} < ${today}`,
        sql`${microWishes.lateNotifiedAt} is null`,
      ),
    )
    .orderBy(asc(microWishes.promisedOn))
    .limit(500);
}

export async function markLateNotified(db: Executor, countyId: string, ids: string[]) {
  if (ids.length === 0) return;
  await db
    .update(microWishes)
    .set({ lateNotifiedAt: sql`now()` })
    .where(and(eq(microWishes.countyId, countyId), inArray(microWishes.id, ids)));
}

/** The county of a six-digit division code: its id and name. */
export async function findCountyByCode(db: Executor, code: string) {
  const [row] = await db
    .select({ id: regions.id, name: regions.name, code: regions.code })
    .from(regions)
    .where(and(eq(regions.code, code), eq(regions.level, 'county')));
  return row;
}

/**
 * The public wall's page: published wishes (and what became of them) of a county, newest first, with only the
 * columns the wall may show: the resident's name to be shortened, the village's name, the claimant unit's name.
 * A minor's wish is never on the wall: persons under 18 on `today` are left out.
 */
export function listWallWishes(
  db: Executor,
  filter: {
    countyId: string;
    driveId?: string | undefined;
    minorsBornFrom: string;
    after?: { registeredAt: Date; id: string } | undefined;
  },
  limit: number,
) {
  const after = filter.after;
  return selectRows<{
    id: string;
    residentName: string;
    villageName: string | null;
    category: string;
    content: string;
    status: (typeof wallStatuses)[number];
    claimantUnitName: string | null;
    registeredAt: string | Date;
    reviewedAt: string | Date | null;
  }>(
    db,
    sql`select w.id, p.name as "residentName",
      (select v.name from regions v where v.code = substring(w.region_code from 1 for 12) and v.level = 'village')
        as "villageName",
      w.category, w.content, w.status,
      case when w.claimant_kind = 'unit' then w.claimant_name end as "claimantUnitName",
      w.registered_at as "registeredAt", w.reviewed_at as "reviewedAt"
    from micro_wishes w
    join persons p on p.county_id = w.county_id and p.id = w.person_id
    where w.county_id = ${filter.countyId}
      and w.status in (${sql.join(
        wallStatuses.map((status) => sql`${status}`),
        sql`, `,
      )})
      and p.birth_date is not null and p.birth_date < ${filter.minorsBornFrom}
      ${filter.driveId ? sql`and w.drive_id = ${filter.driveId}` : sql``}
      ${
        after
          ? sql`and (w.registered_at < ${after.registeredAt.toISOString()}
              or (w.registered_at = ${after.registeredAt.toISOString()} and w.id < ${after.id}))`
          : sql``
      }
    order by w.registered_at desc, w.id desc
    limit ${limit}`,
  );
}

/** The wall's counts over the same wishes as its list. */
export async function countWall(
  db: Executor,
  filter: { countyId: string; driveId?: string | undefined; minorsBornFrom: string },
) {
  const [row] = await selectRows<Record<string, number | string>>(
    db,
    sql`select
      count(*)::int as "published",
      count(*) filter (where w.status in ('claimed', 'fulfilled', 'acknowledged'))::int as "claimed",
      count(*) filter (where w.status in ('fulfilled', 'acknowledged'))::int as "fulfilled"
    from micro_wishes w
    join persons p on p.county_id = w.county_id and p.id = w.person_id
    where w.county_id = ${filter.countyId}
      and w.status in ('published', 'claimed', 'fulfilled', 'acknowledged')
      and p.birth_date is not null and p.birth_date < ${filter.minorsBornFrom}
      ${filter.driveId ? sql`and w.drive_id = ${filter.driveId}` : sql``}`,
  );
  return numbersOf(row, ['published', 'claimed', 'fulfilled'] as const);
}

/** The village staff accounts of a wish's village, who are told when a wish awaits their review. */
export async function villageAccountIds(db: Executor, villageCode: string): Promise<string[]> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`select a.id from accounts a join regions r on r.id = a.region_id
      where a.is_enabled and a.role = 'village' and r.code = ${villageCode}`,
  );
  return rows.map((row) => row.id);
}

/** The database's clock. */
export async function databaseNow(db: Executor): Promise<Date> {
  const [row] = await selectRows<{ now: string | Date }>(db, sql`select now() as now`);
  return new Date(row!.now);
}

/** A unit of the county still working with it, to claim a wish. */
export async function findActiveUnit(db: Executor, countyId: string, id: string) {
  const [unit] = await db
    .select()
    .from(units)
    .where(and(eq(units.countyId, countyId), eq(units.id, id), isNull(units.retiredAt)));
  return unit;
}

/** A staff record of the county, to claim a wish as a cadre or a party member. */
export async function findStaffRecord(db: Executor, countyId: string, id: string) {
  const [staff] = await db
    .select()
    .from(gridStaff)
    .where(and(eq(gridStaff.countyId, countyId), eq(gridStaff.id, id)));
  return staff;
}

/** A resident of the county with whether they are a party member, to claim a wish. */
export async function findPersonForClaim(db: Executor, countyId: string, id: string) {
  const [person] = await db
    .select({ id: persons.id, name: persons.name, isPartyMember: persons.isPartyMember })
    .from(persons)
    .where(and(eq(persons.countyId, countyId), eq(persons.id, id)));
  return person;
}
