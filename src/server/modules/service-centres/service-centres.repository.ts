import { and, asc, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { ConsultationOutcome } from '../../../shared/service-centres.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { accounts, consultationKinds, regions, serviceCentres, serviceConsultations } from '../../db/schema/index.js';

export function listKinds(db: Executor, countyId: string) {
  return db.select().from(consultationKinds).where(eq(consultationKinds.countyId, countyId));
}

export async function upsertKind(db: Executor, row: typeof consultationKinds.$inferInsert) {
  const { countyId: _countyId, code: _code, ...changes } = row;
  await db
    .insert(consultationKinds)
    .values(row)
    .onConflictDoUpdate({
      target: [consultationKinds.countyId, consultationKinds.code],
      set: { ...changes, updatedAt: sql`now()` },
    });
}

/**
 * The centres an actor sees: those of their subtree, and those of the town and village above them, where their grid's
 * residents go and where the grid's workers take their turn at the desk.
 */
function centreVisibleTo(actor: Actor) {
  if (actor.regionCode === undefined) return undefined;
  return or(
    withinScope(actor, serviceCentres.regionCode),
    sql`${actor.regionCode} like ${serviceCentres.regionCode} || '%'`,
  );
}

const centreColumns = {
  centre: serviceCentres,
  regionName: regions.name,
  consultationCount: sql<number>`(select count(*)::int from service_consultations c where c.county_id = ${serviceCentres.countyId} and c.centre_id = ${serviceCentres.id})`,
};

export type CentreRow = NonNullable<Awaited<ReturnType<typeof findCentre>>>;

/** A centre the actor sees. */
export async function findCentre(db: Executor, actor: Actor, id: string) {
  const [row] = await db
    .select(centreColumns)
    .from(serviceCentres)
    .innerJoin(regions, eq(regions.id, serviceCentres.regionId))
    .where(and(eq(serviceCentres.id, id), centreVisibleTo(actor)));
  return row;
}

export async function centreExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: serviceCentres.id }).from(serviceCentres).where(eq(serviceCentres.id, id));
  return row !== undefined;
}

/** The centres serving a region's subtree or the regions above it, as far as the actor sees them. */
export function listCentres(db: Executor, actor: Actor, filter: { countyId: string | undefined; rootCode: string }) {
  return db
    .select(centreColumns)
    .from(serviceCentres)
    .innerJoin(regions, eq(regions.id, serviceCentres.regionId))
    .where(
      and(
        filter.countyId === undefined ? undefined : eq(serviceCentres.countyId, filter.countyId),
        or(
          sql`${serviceCentres.regionCode} like ${`${filter.rootCode}%`}`,
          sql`${filter.rootCode} like ${serviceCentres.regionCode} || '%'`,
        ),
        centreVisibleTo(actor),
      ),
    )
    .orderBy(asc(serviceCentres.regionCode), asc(serviceCentres.kind), asc(serviceCentres.name));
}

export async function insertCentre(db: Executor, row: typeof serviceCentres.$inferInsert): Promise<void> {
  await db.insert(serviceCentres).values(row);
}

export async function insertConsultation(db: Executor, row: typeof serviceConsultations.$inferInsert): Promise<void> {
  await db.insert(serviceConsultations).values(row);
}

export type ConsultationFilter = {
  kind?: string | undefined;
  outcome?: ConsultationOutcome | undefined;
  id?: string | undefined;
  /** Only those this account logged: a grid worker at the desk of the village above their grid. */
  recordedBy?: string | undefined;
  after?: { happenedAt: string; id: string } | undefined;
};

/** A centre's consultations, the latest first. */
export function listConsultations(
  db: Executor,
  countyId: string,
  centreId: string,
  filter: ConsultationFilter,
  limit: number,
) {
  const after = filter.after;
  return db
    .select({ consultation: serviceConsultations, recordedBy: accounts.displayName })
    .from(serviceConsultations)
    .leftJoin(accounts, eq(accounts.id, serviceConsultations.recordedBy))
    .where(
      and(
        eq(serviceConsultations.countyId, countyId),
        eq(serviceConsultations.centreId, centreId),
        filter.id ? eq(serviceConsultations.id, filter.id) : undefined,
        filter.recordedBy ? eq(serviceConsultations.recordedBy, filter.recordedBy) : undefined,
        filter.kind ? eq(serviceConsultations.kind, filter.kind) : undefined,
        filter.outcome ? eq(serviceConsultations.outcome, filter.outcome) : undefined,
        after
          ? or(
              lt(serviceConsultations.happenedAt, new Date(after.happenedAt)),
              and(
                eq(serviceConsultations.happenedAt, new Date(after.happenedAt)),
                lt(serviceConsultations.id, after.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(serviceConsultations.happenedAt), desc(serviceConsultations.id))
    .limit(limit);
}

export type FigureRow = { kind: string; outcome: ConsultationOutcome; month: string; count: number };

/** A centre's consultations between two China dates (inclusive), counted by kind, outcome and China month. */
export async function countFigures(
  db: Executor,
  countyId: string,
  centreId: string,
  period: { from: string; to: string },
): Promise<FigureRow[]> {
  const chinaTime = sql`(${serviceConsultations.happenedAt} at time zone 'Asia/Shanghai')`;
  const month = sql<string>`to_char(${chinaTime}, 'YYYY-MM')`;
  return db
    .select({
      kind: serviceConsultations.kind,
      outcome: serviceConsultations.outcome,
      month,
      count: sql<number>`count(*)::int`,
    })
    .from(serviceConsultations)
    .where(
      and(
        eq(serviceConsultations.countyId, countyId),
        eq(serviceConsultations.centreId, centreId),
        sql`${chinaTime}::date between ${period.from}::date and ${period.to}::date`,
      ),
    )
    .groupBy(serviceConsultations.kind, serviceConsultations.outcome, month)
    .orderBy(month);
}
