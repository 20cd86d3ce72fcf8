import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { RegistrationStatus } from '../../../shared/api/cadre-registrations.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope, withinUnit } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { cadreInvitations, cadreRegistrations, regions, units } from '../../db/schema/index.js';

const serviceRegions = alias(regions, 'service_regions');
const homeRegions = alias(regions, 'home_regions');
const counties = alias(regions, 'counties');

// Invitations -----------------------------------------------------------------------------------------------------

export type InvitationInsert = typeof cadreInvitations.$inferInsert;

export async function insertInvitation(db: Executor, row: InvitationInsert): Promise<void> {
  await db.insert(cadreInvitations).values(row);
}

/** The registrations of an invitation still waiting for a decision. */
const pendingCount = sql<number>`(
  select count(*) from ${cadreRegistrations}
  where ${cadreRegistrations.countyId} = ${cadreInvitations.countyId}
    and ${cadreRegistrations.invitationId} = ${cadreInvitations.id}
    and ${cadreRegistrations.status} = 'pending'
)`.mapWith(Number);

function selectInvitations(db: Executor) {
  return db
    .select({
      record: cadreInvitations,
      serviceRegionName: serviceRegions.name,
      countyName: counties.name,
      unitName: units.name,
      pendingCount,
    })
    .from(cadreInvitations)
    .innerJoin(serviceRegions, eq(serviceRegions.id, cadreInvitations.serviceRegionId))
    .innerJoin(counties, eq(counties.id, cadreInvitations.countyId))
    .leftJoin(units, and(eq(units.countyId, cadreInvitations.countyId), eq(units.id, cadreInvitations.unitId)));
}

export type InvitationRow = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

/** An invitation inside the actor's scope. */
export async function findInvitation(db: Executor, actor: Actor, id: string) {
  const [row] = await selectInvitations(db).where(
    and(eq(cadreInvitations.id, id), withinScope(actor, cadreInvitations.regionCode)),
  );
  return row;
}

export async function invitationExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: cadreInvitations.id }).from(cadreInvitations).where(eq(cadreInvitations.id, id));
  return row !== undefined;
}

/** The invitation a public link names, wherever it is: the token is all the page knows. */
export async function findInvitationByToken(db: Executor, token: string) {
  const [row] = await selectInvitations(db).where(eq(cadreInvitations.token, token));
  return row;
}

/** The invitations of the actor's scope (of one county), newest first. */
export function listInvitations(db: Executor, actor: Actor, countyId: string | undefined) {
  return selectInvitations(db)
    .where(
      and(
        countyId === undefined ? undefined : eq(cadreInvitations.countyId, countyId),
        withinScope(actor, cadreInvitations.regionCode),
      ),
    )
    .orderBy(desc(cadreInvitations.id))
    .limit(200);
}

/** Revokes an invitation not revoked yet; false when it was. */
export async function revokeInvitation(db: Executor, countyId: string, id: string, by: string | null) {
  const updated = await db
    .update(cadreInvitations)
    .set({ revokedAt: sql`now()`, revokedBy: by })
    .where(
      and(eq(cadreInvitations.countyId, countyId), eq(cadreInvitations.id, id), isNull(cadreInvitations.revokedAt)),
    )
    .returning({ id: cadreInvitations.id });
  return updated.length === 1;
}

/** A county's active units, for the public page's choice. */
export function listActiveUnits(db: Executor, countyId: string) {
  return db
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(and(eq(units.countyId, countyId), isNull(units.retiredAt)))
    .orderBy(asc(units.name));
}

/** A county's communities (villages), for where a registrant lives. */
export function listCommunities(db: Executor, countyId: string) {
  return db
    .select({ id: regions.id, name: regions.name })
    .from(regions)
    .where(and(eq(regions.countyId, countyId), eq(regions.level, 'village')))
    .orderBy(asc(regions.code));
}

// Registrations ---------------------------------------------------------------------------------------------------

export type RegistrationInsert = typeof cadreRegistrations.$inferInsert;

export async function insertRegistration(db: Executor, row: RegistrationInsert): Promise<void> {
  await db.insert(cadreRegistrations).values(row);
}

function selectRegistrations(db: Executor) {
  return db
    .select({
      record: cadreRegistrations,
      unitName: units.name,
      serviceRegionName: serviceRegions.name,
      homeRegionName: homeRegions.name,
    })
    .from(cadreRegistrations)
    .innerJoin(units, and(eq(units.countyId, cadreRegistrations.countyId), eq(units.id, cadreRegistrations.unitId)))
    .innerJoin(serviceRegions, eq(serviceRegions.id, cadreRegistrations.serviceRegionId))
    .leftJoin(homeRegions, eq(homeRegions.id, cadreRegistrations.homeRegionId));
}

export type RegistrationRow = NonNullable<Awaited<ReturnType<typeof findRegistration>>>;

export async function findRegistration(db: Executor, actor: Actor, id: string) {
  const [row] = await selectRegistrations(db).where(
    and(
      eq(cadreRegistrations.id, id),
      withinScope(actor, cadreRegistrations.regionCode),
      withinUnit(actor, cadreRegistrations.unitId),
    ),
  );
  return row;
}

export async function registrationExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: cadreRegistrations.id })
    .from(cadreRegistrations)
    .where(eq(cadreRegistrations.id, id));
  return row !== undefined;
}

/** The registrations of a status in the actor's scope, oldest first (the order they are to be decided in). */
export function listRegistrations(
  db: Executor,
  actor: Actor,
  countyId: string | undefined,
  status: RegistrationStatus,
) {
  return selectRegistrations(db)
    .where(
      and(
        countyId === undefined ? undefined : eq(cadreRegistrations.countyId, countyId),
        eq(cadreRegistrations.status, status),
        withinScope(actor, cadreRegistrations.regionCode),
        withinUnit(actor, cadreRegistrations.unitId),
      ),
    )
    .orderBy(status === 'pending' ? asc(cadreRegistrations.id) : desc(cadreRegistrations.id))
    .limit(500);
}

/** Decides a registration still pending; false when someone decided it first. */
export async function decideRegistration(
  db: Executor,
  countyId: string,
  id: string,
  decision: Pick<RegistrationInsert, 'status' | 'rejectReason' | 'cadreId' | 'decidedBy'>,
): Promise<boolean> {
  const updated = await db
    .update(cadreRegistrations)
    .set({ ...decision, decidedAt: sql`now()` })
    .where(
      and(
        eq(cadreRegistrations.countyId, countyId),
        eq(cadreRegistrations.id, id),
        eq(cadreRegistrations.status, 'pending'),
      ),
    )
    .returning({ id: cadreRegistrations.id });
  return updated.length === 1;
}
