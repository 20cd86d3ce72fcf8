import { and, asc, desc, eq, inArray, isNotNull, lt, not, or, sql, type SQL } from 'drizzle-orm';
import { defaultCaseCategories, openStatuses, type CaseLevel, type CaseStatus } from '../../../shared/cases.js';
import { lineageCodes } from '../../../shared/policy.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import {
  accounts,
  caseCategories,
  caseEvents,
  caseFiles,
  caseNumberCounters,
  cases,
  regions,
} from '../../db/schema/index.js';

/** The county's catalogue; a county that has none yet gets the default one first. */
export async function listCategories(db: Executor, countyId: string) {
  const rows = await db
    .select()
    .from(caseCategories)
    .where(eq(caseCategories.countyId, countyId))
    .orderBy(asc(caseCategories.sortOrder), asc(caseCategories.code));
  if (rows.length > 0) return rows;
  await db
    .insert(caseCategories)
    .values(defaultCaseCategories.map((category, index) => ({ ...category, countyId, sortOrder: index + 1 })))
    .onConflictDoNothing();
  return db
    .select()
    .from(caseCategories)
    .where(eq(caseCategories.countyId, countyId))
    .orderBy(asc(caseCategories.sortOrder), asc(caseCategories.code));
}

export type CaseCategoryRow = Awaited<ReturnType<typeof listCategories>>[number];

export async function upsertCategory(db: Executor, row: typeof caseCategories.$inferInsert) {
  const { countyId, code, ...changes } = row;
  await db
    .insert(caseCategories)
    .values(row)
    .onConflictDoUpdate({
      target: [caseCategories.countyId, caseCategories.code],
      set: { ...changes, updatedAt: sql`now()` },
    });
  return { countyId, code };
}

/** The database's clock: deadlines and the sweep agree on it whichever server instance asks. */
export async function databaseNow(db: Executor): Promise<Date> {
  const [row] = await selectRows<{ now: string | Date }>(db, sql`select now() as now`);
  return new Date(row!.now);
}

/** The next case number of the day in the county. */
export async function nextCaseNumber(db: Executor, countyId: string, countyCode: string, day: string) {
  const [row] = await db
    .insert(caseNumberCounters)
    .values({ countyId, day, lastNumber: 1 })
    .onConflictDoUpdate({
      target: [caseNumberCounters.countyId, caseNumberCounters.day],
      set: { lastNumber: sql`${caseNumberCounters.lastNumber} + 1` },
    })
    .returning({ lastNumber: caseNumberCounters.lastNumber });
  return `${countyCode}-${day.replaceAll('-', '')}-${String(row!.lastNumber).padStart(4, '0')}`;
}

export async function insertCase(db: Executor, row: typeof cases.$inferInsert) {
  await db.insert(cases).values(row);
}

const caseColumns = {
  record: cases,
  regionName: regions.name,
  reporterName: sql<string | null>`(select display_name from accounts where accounts.id = ${cases.reporterId})`,
  assigneeName: sql<string | null>`(select display_name from accounts where accounts.id = ${cases.assigneeId})`,
};

export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCase>>>;

/** A case inside the actor's scope; `forUpdate` locks it for a transition. */
export async function findCase(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select(caseColumns)
    .from(cases)
    .innerJoin(regions, eq(regions.id, cases.regionId))
    .where(and(eq(cases.id, id), withinScope(actor, cases.regionCode)));
  const [row] = await (options.forUpdate ? query.for('update', { of: cases }) : query);
  return row;
}

export async function caseExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: cases.id }).from(cases).where(eq(cases.id, id));
  return row !== undefined;
}

/** Writes a transition's changes if the case is still at the version it was read at. */
export async function updateCase(
  db: Executor,
  countyId: string,
  id: string,
  version: number,
  changes: Partial<typeof cases.$inferInsert>,
) {
  const updated = await db
    .update(cases)
    .set({ ...changes, version: version + 1, updatedAt: sql`now()` })
    .where(and(eq(cases.countyId, countyId), eq(cases.id, id), eq(cases.version, version)))
    .returning({ id: cases.id });
  return updated.length === 1;
}

export async function insertEvent(db: Executor, row: typeof caseEvents.$inferInsert) {
  await db.insert(caseEvents).values(row);
}

export function listEvents(db: Executor, countyId: string, caseId: string) {
  return db
    .select()
    .from(caseEvents)
    .where(and(eq(caseEvents.countyId, countyId), eq(caseEvents.caseId, caseId)))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
}

export type CaseFilter = {
  countyId: string | undefined;
  rootCode: string;
  statuses?: CaseStatus[] | undefined;
  categoryCode?: string | undefined;
  level?: CaseLevel | undefined;
  assigneeId?: string | undefined;
  isOverdue?: boolean | undefined;
  numbers?: string[] | undefined;
  after?: { reportedAt: Date; id: string } | undefined;
};

/** Still open and past its deadline (a case without one never is). */
const isOverdue = and(
  inArray(cases.status, [...openStatuses]),
  isNotNull(cases.deadline),
  lt(cases.deadline, sql`now()`),
)!;

/** Cases still being worked on, so their deadline runs. */
export const isOpen = inArray(cases.status, [...openStatuses]);

/** Cases of a region's subtree that the actor may see. */
export function casesUnder(actor: Actor, region: { countyId: string | undefined; code: string }): SQL | undefined {
  return and(
    region.countyId === undefined ? undefined : eq(cases.countyId, region.countyId),
    sql`${cases.regionCode} like ${`${region.code}%`}`,
    withinScope(actor, cases.regionCode),
  );
}

function filterCondition(actor: Actor, filter: CaseFilter): SQL | undefined {
  return and(
    casesUnder(actor, { countyId: filter.countyId, code: filter.rootCode }),
    filter.statuses ? inArray(cases.status, filter.statuses) : undefined,
    filter.categoryCode ? eq(cases.categoryCode, filter.categoryCode) : undefined,
    filter.level ? eq(cases.level, filter.level) : undefined,
    filter.assigneeId ? eq(cases.assigneeId, filter.assigneeId) : undefined,
    filter.numbers ? inArray(cases.number, filter.numbers) : undefined,
    filter.isOverdue === undefined ? undefined : filter.isOverdue ? isOverdue : not(isOverdue),
  );
}

/** Cases newest first; the cursor is the last row's report time and id. */
export function listCases(db: Executor, actor: Actor, filter: CaseFilter, limit: number) {
  const after = filter.after
    ? or(
        lt(cases.reportedAt, filter.after.reportedAt),
        and(eq(cases.reportedAt, filter.after.reportedAt), lt(cases.id, filter.after.id)),
      )
    : undefined;
  return db
    .select(caseColumns)
    .from(cases)
    .innerJoin(regions, eq(regions.id, cases.regionId))
    .where(and(filterCondition(actor, filter), after))
    .orderBy(desc(cases.reportedAt), desc(cases.id))
    .limit(limit);
}

/** An account that may be given a case: enabled, and the case's grid inside its region. */
export async function findAssignableAccount(db: Executor, accountId: string, caseRegionCode: string) {
  const [row] = await db
    .select({ id: accounts.id, displayName: accounts.displayName, role: accounts.role, regionCode: regions.code })
    .from(accounts)
    .leftJoin(regions, eq(regions.id, accounts.regionId))
    .where(and(eq(accounts.id, accountId), eq(accounts.isEnabled, true)));
  if (!row) return undefined;
  const isInRegion = row.regionCode === null || caseRegionCode.startsWith(row.regionCode);
  return isInRegion ? row : undefined;
}

/** The enabled accounts that handle cases at a level for a grid: anchored at that level, above or at the grid. */
export function findHandlers(db: Executor, caseRegionCode: string, roles: readonly string[]) {
  return db
    .select({ id: accounts.id })
    .from(accounts)
    .innerJoin(regions, eq(regions.id, accounts.regionId))
    .where(
      and(
        eq(accounts.isEnabled, true),
        inArray(accounts.role, [...roles] as (typeof accounts.role._.data)[]),
        inArray(regions.code, lineageCodes(caseRegionCode)),
      ),
    );
}

export async function insertFile(db: Executor, row: typeof caseFiles.$inferInsert) {
  await db.insert(caseFiles).values(row);
}

export function listFiles(db: Executor, countyId: string, caseId: string) {
  return db
    .select({
      id: caseFiles.id,
      eventId: caseFiles.eventId,
      fileName: caseFiles.fileName,
      contentType: caseFiles.contentType,
      size: caseFiles.size,
      createdAt: caseFiles.createdAt,
    })
    .from(caseFiles)
    .where(and(eq(caseFiles.countyId, countyId), eq(caseFiles.caseId, caseId)))
    .orderBy(asc(caseFiles.createdAt));
}

export async function findFile(db: Executor, countyId: string, caseId: string, fileId: string) {
  const [row] = await db
    .select()
    .from(caseFiles)
    .where(and(eq(caseFiles.countyId, countyId), eq(caseFiles.caseId, caseId), eq(caseFiles.id, fileId)));
  return row;
}
