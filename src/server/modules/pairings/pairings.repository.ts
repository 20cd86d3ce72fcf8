import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { PairingStatus } from '../../../shared/pairings.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { accounts, pairingContacts, pairingKinds, pairings, regions } from '../../db/schema/index.js';

/** The day the next contact is due: the frequency counted from the last contact, or from the start. */
const dueOn = sql<string>`(coalesce(${pairings.lastContactOn}, ${pairings.startsOn}) + ${pairings.contactEveryDays})::text`;

const pairingColumns = {
  record: pairings,
  regionName: regions.name,
  dueOn,
  /** The household's address, the region's or the place's name; a resident is presented by the registry. */
  helpedLabel: sql<string | null>`case ${pairings.helpedSide}
    when 'household' then (select address from households h where h.county_id = ${pairings.countyId} and h.id = ${pairings.helpedId})
    when 'region' then (select name from regions r where r.id = ${pairings.helpedId})
    when 'place' then (select name from places p where p.county_id = ${pairings.countyId} and p.id = ${pairings.helpedId})
    end`,
  contactCount: sql<number>`(select count(*)::int from pairing_contacts c where c.county_id = ${pairings.countyId} and c.pairing_id = ${pairings.id})`,
};

export type PairingRow = NonNullable<Awaited<ReturnType<typeof findPairing>>>;

/** A pairing inside the actor's scope; `forUpdate` locks it for a change. */
export async function findPairing(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select(pairingColumns)
    .from(pairings)
    .innerJoin(regions, eq(regions.id, pairings.regionId))
    .where(and(eq(pairings.id, id), withinScope(actor, pairings.regionCode)));
  const [row] = await (options.forUpdate ? query.for('update', { of: pairings }) : query);
  return row;
}

export async function pairingExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: pairings.id }).from(pairings).where(eq(pairings.id, id));
  return row !== undefined;
}

export async function insertPairing(db: Executor, row: typeof pairings.$inferInsert): Promise<void> {
  await db.insert(pairings).values(row);
}

/** Writes a change if the pairing is still at the version it was read at. */
export async function updatePairing(
  db: Executor,
  countyId: string,
  id: string,
  version: number,
  changes: Partial<typeof pairings.$inferInsert>,
): Promise<boolean> {
  const updated = await db
    .update(pairings)
    .set({ ...changes, version: version + 1 })
    .where(and(eq(pairings.countyId, countyId), eq(pairings.id, id), eq(pairings.version, version)))
    .returning({ id: pairings.id });
  return updated.length === 1;
}

export type PairingFilter = {
  countyId: string | undefined;
  rootCode: string;
  kind?: string | undefined;
  status?: PairingStatus | undefined;
  /** Today's China date: only active pairings due before it. */
  overdueOn?: string | undefined;
  helperStaffId?: string | undefined;
  helperId?: string | undefined;
  helpedId?: string | undefined;
  after?: { dueOn: string; id: string } | undefined;
};

/** A page of pairings of a subtree in the actor's scope, the soonest due first (the most overdue on top). */
export function listPairings(db: Executor, actor: Actor, filter: PairingFilter, limit: number) {
  const after = filter.after;
  return db
    .select(pairingColumns)
    .from(pairings)
    .innerJoin(regions, eq(regions.id, pairings.regionId))
    .where(
      and(
        filter.countyId === undefined ? undefined : eq(pairings.countyId, filter.countyId),
        sql`${pairings.regionCode} like ${`${filter.rootCode}%`}`,
        withinScope(actor, pairings.regionCode),
        filter.kind ? eq(pairings.kind, filter.kind) : undefined,
        filter.status ? eq(pairings.status, filter.status) : undefined,
        filter.overdueOn
          ? and(eq(pairings.status, 'active'), sql`${dueOn}::date < ${filter.overdueOn}::date`)
          : undefined,
        filter.helperStaffId ? eq(pairings.helperStaffId, filter.helperStaffId) : undefined,
        filter.helperId
          ? or(
              eq(pairings.helperStaffId, filter.helperId),
              eq(pairings.helperPersonId, filter.helperId),
              eq(pairings.helperUnitId, filter.helperId),
            )
          : undefined,
        filter.helpedId ? eq(pairings.helpedId, filter.helpedId) : undefined,
        after
          ? or(
              sql`${dueOn}::date > ${after.dueOn}::date`,
              and(sql`${dueOn}::date = ${after.dueOn}::date`, gt(pairings.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(sql`${dueOn}::date`, asc(pairings.id))
    .limit(limit);
}

export async function insertContact(db: Executor, row: typeof pairingContacts.$inferInsert): Promise<void> {
  await db.insert(pairingContacts).values(row);
  // The latest contact's day, which the overdue list and the next due day read.
  await db
    .update(pairings)
    .set({ lastContactOn: sql`greatest(${pairings.lastContactOn}, ${row.contactedOn}::date)` })
    .where(and(eq(pairings.countyId, row.countyId), eq(pairings.id, row.pairingId)));
}

export function listContacts(db: Executor, countyId: string, pairingId: string) {
  return db
    .select({ contact: pairingContacts, recordedBy: accounts.displayName })
    .from(pairingContacts)
    .leftJoin(accounts, eq(accounts.id, pairingContacts.recordedBy))
    .where(and(eq(pairingContacts.countyId, countyId), eq(pairingContacts.pairingId, pairingId)))
    .orderBy(sql`${pairingContacts.contactedOn} desc`, sql`${pairingContacts.id} desc`);
}

export function listKinds(db: Executor, countyId: string) {
  return db.select().from(pairingKinds).where(eq(pairingKinds.countyId, countyId)).orderBy(asc(pairingKinds.code));
}

export async function upsertKind(db: Executor, row: typeof pairingKinds.$inferInsert) {
  const { countyId: _countyId, code: _code, ...changes } = row;
  await db
    .insert(pairingKinds)
    .values(row)
    .onConflictDoUpdate({
      target: [pairingKinds.countyId, pairingKinds.code],
      set: { ...changes, updatedAt: sql`now()` },
    });
}

export type FigureRow = {
  groupCode: string;
  kind: string;
  active: number;
  contacts: number;
  helpGiven: number;
  overdue: number;
};

/**
 * Counts per kind, grouped by the first `groupLength` digits of the region code (the region itself, or each child):
 * pairings active at some time in the period (China dates, inclusive), contacts and those that gave help in it,
 * and pairings overdue `today`.
 */
export async function countFigures(
  db: Executor,
  region: { countyId: string; code: string },
  groupLength: number,
  period: { from: string; to: string; today: string },
): Promise<FigureRow[]> {
  const rows = await selectRows<Record<keyof FigureRow, string | number>>(
    db,
    sql`select substr(p.region_code, 1, ${groupLength}) as "groupCode", p.kind as "kind",
      count(*) filter (where p.starts_on <= ${period.to}::date
        and (p.ends_on is null or p.ends_on >= ${period.from}::date)
        and (p.ended_at is null or (p.ended_at at time zone 'Asia/Shanghai')::date >= ${period.from}::date))::int
        as "active",
      coalesce(sum(c.contacts), 0)::int as "contacts",
      coalesce(sum(c.help), 0)::int as "helpGiven",
      count(*) filter (where p.status = 'active'
        and coalesce(p.last_contact_on, p.starts_on) + p.contact_every_days < ${period.today}::date)::int as "overdue"
    from pairings p
    left join lateral (
      select count(*) as contacts, count(*) filter (where help_given <> '') as help
      from pairing_contacts c
      where c.county_id = p.county_id and c.pairing_id = p.id
        and c.contacted_on between ${period.from}::date and ${period.to}::date
    ) c on true
    where p.county_id = ${region.countyId} and p.region_code like ${`${region.code}%`}
    group by 1, 2`,
  );
  return rows.map((row) => ({
    groupCode: String(row.groupCode),
    kind: String(row.kind),
    active: Number(row.active),
    contacts: Number(row.contacts),
    helpGiven: Number(row.helpGiven),
    overdue: Number(row.overdue),
  }));
}

/**
 * Active pairings, in every county, whose contact is late and not yet told about for the day it fell due: whom to
 * remind (the helper's account when a staff record with one helps) and of what.
 */
export function listOverdueUntold(db: Executor, today: string) {
  return selectRows<{
    countyId: string;
    id: string;
    regionCode: string;
    regionName: string;
    helperName: string;
    helperAccountId: string | null;
    dueOn: string;
  }>(
    db,
    sql`select p.county_id as "countyId", p.id as "id", p.region_code as "regionCode", r.name as "regionName",
        p.helper_name as "helperName", s.account_id as "helperAccountId",
        (coalesce(p.last_contact_on, p.starts_on) + p.contact_every_days)::text as "dueOn"
      from pairings p
      join regions r on r.id = p.region_id
      left join grid_staff s on s.county_id = p.county_id and s.id = p.helper_staff_id
      where p.status = 'active'
        and coalesce(p.last_contact_on, p.starts_on) + p.contact_every_days < ${today}::date
        and p.overdue_told_for is distinct from coalesce(p.last_contact_on, p.starts_on) + p.contact_every_days
      order by p.county_id, p.id
      limit 1000`,
  );
}

export async function markOverdueTold(db: Executor, countyId: string, id: string, dueOn: string): Promise<void> {
  await db
    .update(pairings)
    .set({ overdueToldFor: dueOn })
    .where(and(eq(pairings.countyId, countyId), eq(pairings.id, id)));
}

/** The active accounts of a village (its secretary's and staff's), who follow its pairings. */
export async function villageAccountIds(db: Executor, villageCode: string): Promise<string[]> {
  const rows = await db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(and(eq(regions.code, villageCode), eq(accounts.role, 'village'), eq(accounts.isEnabled, true)));
  return rows.map((row) => row.id);
}
