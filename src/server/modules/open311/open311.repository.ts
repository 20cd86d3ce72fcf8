import { and, asc, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { CaseEventAction, CaseStatus } from '../../../shared/cases.js';
import type { Executor } from '../../db/client.js';
import { caseCategories, caseEvents, caseFiles, cases, open311Clients } from '../../db/schema/index.js';

export async function insertClient(db: Executor, row: typeof open311Clients.$inferInsert) {
  await db.insert(open311Clients).values(row);
}

export function listClients(db: Executor, countyId: string) {
  return db
    .select({
      id: open311Clients.id,
      name: open311Clients.name,
      keyPrefix: open311Clients.keyPrefix,
      requestsPerMinute: open311Clients.requestsPerMinute,
      createdAt: open311Clients.createdAt,
      revokedAt: open311Clients.revokedAt,
    })
    .from(open311Clients)
    .where(eq(open311Clients.countyId, countyId))
    .orderBy(desc(open311Clients.createdAt));
}

/** The live client a key's hash names, with its county. */
export async function findClientByKeyHash(db: Executor, keyHash: string) {
  const [row] = await db
    .select()
    .from(open311Clients)
    .where(and(eq(open311Clients.keyHash, keyHash), isNull(open311Clients.revokedAt)));
  return row;
}

/** Revokes a live client of a county; the row it revoked, or undefined when there was none. */
export async function revokeClient(db: Executor, countyId: string, id: string) {
  const [row] = await db
    .update(open311Clients)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(open311Clients.countyId, countyId), eq(open311Clients.id, id), isNull(open311Clients.revokedAt)))
    .returning({ id: open311Clients.id, name: open311Clients.name });
  return row;
}

/** What a county publishes over Open311: the cases that arrived over it, and those it marked public. */
function isPublic(countyId: string): SQL {
  return and(eq(cases.countyId, countyId), isPublished())!;
}

function isPublished(): SQL {
  return or(eq(cases.source, 'open311'), eq(cases.isPublished, true))!;
}

/** A photo's public file name: its token and the extension of its type. */
const publicFileName = sql<string>`${caseFiles.publicToken}::text || case ${caseFiles.contentType}
  when 'image/png' then '.png' when 'image/webp' then '.webp' else '.jpg' end`;

/** The case's first photo taken by whoever reported it (the report's photo), by its public file name. */
const reportPhoto = sql<string | null>`(select ${publicFileName} from ${caseFiles}
  where ${caseFiles.countyId} = ${cases.countyId} and ${caseFiles.caseId} = ${cases.id}
    and ${caseFiles.createdBy} is not distinct from ${cases.reporterId}
  order by ${caseFiles.createdAt}, ${caseFiles.id} limit 1)`;

/**
 * The photo of the work a step reports done (handled, closed): photos are added on their own, so it is the one the
 * step's actor added nearest to the step, within half an hour of it. Other steps, and steps of the system or of an
 * Open311 client, have none.
 */
const stepPhoto = sql<string | null>`(select ${publicFileName} from ${caseFiles}
  where ${caseEvents.action} in ('handle', 'self_handle', 'close')
    and ${caseFiles.countyId} = ${caseEvents.countyId} and ${caseFiles.caseId} = ${caseEvents.caseId}
    and ${caseFiles.createdBy} = ${caseEvents.actorId}
    and ${caseFiles.createdAt} between ${caseEvents.at} - interval '30 minutes' and ${caseEvents.at} + interval '30 minutes'
  order by abs(extract(epoch from ${caseFiles.createdAt} - ${caseEvents.at})), ${caseFiles.id} limit 1)`;

/** A photo of a published case by the case's number and the photo's public token; undefined for anything else. */
export async function findPublicPhoto(db: Executor, caseNumber: string, publicToken: string) {
  const [row] = await db
    .select({ storageKey: caseFiles.storageKey, contentType: caseFiles.contentType })
    .from(caseFiles)
    .innerJoin(cases, and(eq(cases.countyId, caseFiles.countyId), eq(cases.id, caseFiles.caseId)))
    .where(and(eq(caseFiles.publicToken, publicToken), eq(cases.number, caseNumber), isPublished()));
  return row;
}

export type PublicRequestFilter = {
  countyId: string;
  numbers?: string[] | undefined;
  ids?: string[] | undefined;
  categoryCode?: string | undefined;
  statuses?: CaseStatus[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
};

/** Public cases, newest first, with no personal data: no names, phones or people. */
export function listPublicRequests(db: Executor, filter: PublicRequestFilter) {
  return db
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      categoryCode: cases.categoryCode,
      categoryName: caseCategories.nameZh,
      department: cases.department,
      description: cases.description,
      address: cases.address,
      latitude: cases.latitude,
      longitude: cases.longitude,
      result: cases.result,
      reportedAt: cases.reportedAt,
      updatedAt: cases.updatedAt,
      deadline: cases.deadline,
      photo: reportPhoto,
    })
    .from(cases)
    .leftJoin(
      caseCategories,
      and(eq(caseCategories.countyId, cases.countyId), eq(caseCategories.code, cases.categoryCode)),
    )
    .where(
      and(
        isPublic(filter.countyId),
        filter.numbers && inArray(cases.number, filter.numbers),
        filter.ids && inArray(cases.id, filter.ids),
        filter.categoryCode === undefined ? undefined : eq(cases.categoryCode, filter.categoryCode),
        filter.statuses && inArray(cases.status, filter.statuses),
        filter.from && gte(cases.reportedAt, filter.from),
        filter.to && lte(cases.reportedAt, filter.to),
      ),
    )
    .orderBy(desc(cases.reportedAt), desc(cases.id))
    .limit(filter.limit);
}

export type PublicRequestRow = Awaited<ReturnType<typeof listPublicRequests>>[number];

/** The timeline entries of public cases that a resident may read, oldest first. */
export function listPublicEvents(
  db: Executor,
  filter: { countyId: string; actions: readonly CaseEventAction[]; from: Date; to: Date; limit: number },
) {
  return db
    .select({
      id: caseEvents.id,
      caseNumber: cases.number,
      actorId: caseEvents.actorId,
      action: caseEvents.action,
      toStatus: caseEvents.toStatus,
      note: caseEvents.note,
      details: caseEvents.details,
      at: caseEvents.at,
      photo: stepPhoto,
    })
    .from(caseEvents)
    .innerJoin(cases, and(eq(cases.countyId, caseEvents.countyId), eq(cases.id, caseEvents.caseId)))
    .where(
      and(
        isPublic(filter.countyId),
        eq(caseEvents.countyId, filter.countyId),
        inArray(caseEvents.action, [...filter.actions]),
        gte(caseEvents.at, filter.from),
        lte(caseEvents.at, filter.to),
      ),
    )
    .orderBy(asc(caseEvents.at), asc(caseEvents.id))
    .limit(filter.limit);
}

export type PublicEventRow = Awaited<ReturnType<typeof listPublicEvents>>[number];

/** The newest timeline entry of a case: the one an action just wrote. */
export async function findLatestEventId(db: Executor, countyId: string, caseId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: caseEvents.id })
    .from(caseEvents)
    .where(and(eq(caseEvents.countyId, countyId), eq(caseEvents.caseId, caseId)))
    .orderBy(desc(caseEvents.at), desc(caseEvents.id))
    .limit(1);
  return row?.id;
}
