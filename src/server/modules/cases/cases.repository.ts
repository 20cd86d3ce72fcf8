import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  not,
  or,
  sql,
  type Placeholder,
  type SQL,
} from 'drizzle-orm';
import {
  awaitedActions,
  caseLevels,
  caseTransitions,
  defaultCaseCategories,
  handlingLevelOf,
  openStatuses,
  reopenWindowDays,
  type CaseAction,
  type CaseLevel,
  type CaseParty,
  type CaseStatus,
} from '../../../shared/cases.js';
import { lineageCodes, type Role } from '../../../shared/policy.js';
import type { Actor } from '../../auth/actor.js';
import { scopePatternOf, withinScope, withinScopeOfPattern } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { builtOnce, unnamed } from '../../db/built-once.js';
import {
  accounts,
  caseCategories,
  caseEvents,
  caseFiles,
  caseNumberCounters,
  cases,
  regions,
} from '../../db/schema/index.js';

/** The county's catalogue, in its order. */
export function listCategories(db: Executor, countyId: string) {
  return db
    .select()
    .from(caseCategories)
    .where(eq(caseCategories.countyId, countyId))
    .orderBy(asc(caseCategories.sortOrder), asc(caseCategories.code));
}

/** Gives a county the default catalogue, in the default order; items it already has stay as they are. */
export async function insertDefaultCategories(db: Executor, countyId: string) {
  await db
    .insert(caseCategories)
    .values(defaultCaseCategories.map((category, index) => ({ ...category, countyId, sortOrder: index + 1 })))
    .onConflictDoNothing();
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

/** Inserts a case; false when a case of that id exists already (a client's id sent again), inserting nothing. */
export async function insertCase(db: Executor, row: typeof cases.$inferInsert): Promise<boolean> {
  const inserted = await db
    .insert(cases)
    .values(row)
    .onConflictDoNothing({ target: [cases.countyId, cases.id] })
    .returning({ id: cases.id });
  return inserted.length === 1;
}

/** Who reported the case of this id, in any county: a client's id sent again is answered only to its reporter. */
/** Cases an account reported since an instant (a resident's daily limit). */
export async function countReportsSince(db: Executor, reporterId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(eq(cases.reporterId, reporterId), gte(cases.reportedAt, since)));
  return row!.count;
}

export async function findReporterOf(db: Executor, id: string) {
  const [row] = await db.select({ reporterId: cases.reporterId }).from(cases).where(eq(cases.id, id));
  return row;
}

const caseColumns = {
  record: cases,
  /** The database's clock as the row was read, which deadlines are measured by: no extra round trip to ask it. */
  databaseNow: sql<string | Date>`now()`,
  regionName: regions.name,
  reporterName: sql<string | null>`(select display_name from accounts where accounts.id = ${cases.reporterId})`,
  assigneeName: sql<string | null>`(select display_name from accounts where accounts.id = ${cases.assigneeId})`,
  /** The item's names as the catalogue has them now; null for an item the county has since removed. */
  categoryNameZh: sql<
    string | null
  >`(select name_zh from case_categories where case_categories.county_id = ${cases.countyId} and case_categories.code = ${cases.categoryCode})`,
  categoryNameEn: sql<
    string | null
  >`(select name_en from case_categories where case_categories.county_id = ${cases.countyId} and case_categories.code = ${cases.categoryCode})`,
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

/** A time as `Date.prototype.toISOString` writes it (milliseconds, UTC), written by the database. */
function isoTime(column: typeof caseEvents.at | typeof caseFiles.createdAt): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

type TimelineRow = {
  id: string;
  at: string;
  actorName: string | null;
  action: (typeof caseEvents.$inferSelect)['action'];
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  fromLevel: CaseLevel | null;
  toLevel: CaseLevel;
  note: string | null;
  details: Record<string, unknown> | null;
};
type PhotoRow = {
  id: string;
  eventId: string | null;
  fileName: string;
  contentType: string;
  size: number;
  createdAt: string;
};

/** A json column as the driver gives it: pg and PGlite parse json, but say so for either. */
function parsedJson<Value>(value: Value | string): Value {
  return typeof value === 'string' ? (JSON.parse(value) as Value) : value;
}

/**
 * A case inside the actor's scope with its timeline (in order) and its photos (oldest first), in one statement:
 * the case page is a sixth of the morning's requests, and each statement costs a round trip on both sides.
 */
export async function findCaseWithTimeline(db: Executor, actor: Actor, id: string) {
  const isScoped = actor.regionCode !== undefined;
  const query = builtOnce(db, `case-with-timeline:${isScoped}`, () => buildCaseWithTimeline(db, isScoped));
  const [row] = await query.execute({ id, scopePattern: scopePatternOf(actor) });
  if (!row) return undefined;
  return { ...row, timeline: parsedJson(row.timeline), files: parsedJson(row.files) };
}

function buildCaseWithTimeline(db: Executor, isScoped: boolean) {
  return db
    .select({
      ...caseColumns,
      timeline: sql<TimelineRow[] | string>`(
        select coalesce(json_agg(json_build_object(
          'id', ${caseEvents.id}, 'at', ${isoTime(caseEvents.at)}, 'actorName', ${caseEvents.actorName},
          'action', ${caseEvents.action}, 'fromStatus', ${caseEvents.fromStatus}, 'toStatus', ${caseEvents.toStatus},
          'fromLevel', ${caseEvents.fromLevel}, 'toLevel', ${caseEvents.toLevel}, 'note', ${caseEvents.note},
          'details', ${caseEvents.details}
        ) order by ${caseEvents.at}, ${caseEvents.id}), '[]'::json)
        from ${caseEvents}
        where ${caseEvents.countyId} = ${cases.countyId} and ${caseEvents.caseId} = ${cases.id})`,
      files: sql<PhotoRow[] | string>`(
        select coalesce(json_agg(json_build_object(
          'id', ${caseFiles.id}, 'eventId', ${caseFiles.eventId}, 'fileName', ${caseFiles.fileName},
          'contentType', ${caseFiles.contentType}, 'size', ${caseFiles.size},
          'createdAt', ${isoTime(caseFiles.createdAt)}
        ) order by ${caseFiles.createdAt}), '[]'::json)
        from ${caseFiles}
        where ${caseFiles.countyId} = ${cases.countyId} and ${caseFiles.caseId} = ${cases.id})`,
    })
    .from(cases)
    .innerJoin(regions, eq(regions.id, cases.regionId))
    .where(and(eq(cases.id, sql.placeholder('id')), withinScopeOfPattern(isScoped, cases.regionCode)))
    .prepare(unnamed);
}

export type CaseFilter = {
  countyId: string | undefined;
  rootCode: string;
  statuses?: CaseStatus[] | undefined;
  categoryCode?: string | undefined;
  level?: CaseLevel | undefined;
  assigneeId?: string | undefined;
  reporterId?: string | undefined;
  /** Only the cases whose next step this user may take now. */
  awaiting?: Actor | undefined;
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

/**
 * A list's condition with every value a placeholder (`valuesOf` gives them), so that the SQL depends only on the
 * filter's shape (`shapeOf`) and one built query serves every list of that shape.
 */
function filterCondition(isScoped: boolean, filter: CaseFilter): SQL | undefined {
  const value = sql.placeholder;
  return and(
    filter.countyId === undefined ? undefined : eq(cases.countyId, value('countyId')),
    sql`${cases.regionCode} like ${value('rootPattern')}`,
    withinScopeOfPattern(isScoped, cases.regionCode),
    filter.statuses ? inArray(cases.status, placeholdersFor('status', filter.statuses)) : undefined,
    filter.categoryCode ? eq(cases.categoryCode, value('categoryCode')) : undefined,
    filter.level ? eq(cases.level, value('level')) : undefined,
    filter.assigneeId ? eq(cases.assigneeId, value('assigneeId')) : undefined,
    filter.reporterId ? eq(cases.reporterId, value('reporterId')) : undefined,
    filter.awaiting ? awaitingCondition({ role: filter.awaiting.role, id: value('awaitingId') }) : undefined,
    filter.numbers ? inArray(cases.number, placeholdersFor('number', filter.numbers)) : undefined,
    filter.isOverdue === undefined ? undefined : filter.isOverdue ? isOverdue : not(isOverdue),
    filter.after
      ? or(
          lt(cases.reportedAt, value('afterReportedAt')),
          and(eq(cases.reportedAt, value('afterReportedAt')), lt(cases.id, value('afterId'))),
        )
      : undefined,
  );
}

/** A placeholder for each value of an array filter (`status0`, `status1` …): the shape counts the values. */
function placeholdersFor(name: string, values: readonly unknown[]): Placeholder[] {
  return values.map((_, index) => sql.placeholder(`${name}${index}`));
}

function valuesFor(name: string, values: readonly unknown[] | undefined): Record<string, unknown> {
  return Object.fromEntries((values ?? []).map((value, index) => [`${name}${index}`, value]));
}

/** The values of `filterCondition`'s placeholders. */
function valuesOf(actor: Actor, filter: CaseFilter, limit: number): Record<string, unknown> {
  return {
    countyId: filter.countyId,
    rootPattern: `${filter.rootCode}%`,
    scopePattern: scopePatternOf(actor),
    ...valuesFor('status', filter.statuses),
    categoryCode: filter.categoryCode,
    level: filter.level,
    assigneeId: filter.assigneeId,
    reporterId: filter.reporterId,
    awaitingId: filter.awaiting?.id,
    ...valuesFor('number', filter.numbers),
    afterReportedAt: filter.after?.reportedAt.toISOString(),
    afterId: filter.after?.id,
    limit,
  };
}

/**
 * What decides a list's SQL: whether the actor is scoped, which filters are given, how many values an array filter
 * holds and whose step the list waits for (the role; the account is a value). Read off every field of the filter,
 * so a filter added later changes the shape without being named here.
 */
function shapeOf(actor: Actor, filter: CaseFilter): string {
  const fields = Object.entries(filter).map(([field, value]) => {
    if (Array.isArray(value)) return [field, value.length];
    if (typeof value === 'boolean') return [field, value];
    if (field === 'awaiting' && value) return [field, (value as Actor).role];
    return [field, Boolean(value)];
  });
  return JSON.stringify([actor.regionCode !== undefined, fields]);
}

const never = sql`false`;

/** Whose step a list waits for: the role shapes the condition, the account's id is a value of it. */
type Awaiting = { role: Role; id: string | Placeholder };

/** The SQL twin of `isParty` in src/shared/cases.ts (scope aside, which every list applies). */
function partyCondition(party: CaseParty, actor: Awaiting): SQL {
  const level = handlingLevelOf(actor.role);
  const isGridStaff = actor.role === 'grid_leader' || actor.role === 'grid_member';
  switch (party) {
    case 'handler':
      return level ? eq(cases.level, level) : never;
    case 'gridStaff':
      return isGridStaff ? sql`true` : never;
    case 'worker':
      return isGridStaff || actor.role === 'cadre' ? sql`true` : never;
    case 'assignee':
      return eq(cases.assigneeId, actor.id);
    case 'reporter':
      return eq(cases.reporterId, actor.id);
    case 'superior':
      return level ? inArray(cases.level, caseLevels.slice(0, caseLevels.indexOf(level))) : never;
    case 'viewer':
      return sql`true`;
  }
}

/** The SQL twin of the conditions of `awaitedActionOf` beyond the status and the parties. */
function awaitedGuard(action: CaseAction, actor: Awaiting): SQL | undefined {
  switch (action) {
    case 'verify':
      return sql`${cases.assigneeId} is distinct from ${actor.id}`;
    case 'rate':
      return and(
        sql`${cases.tier} <> 'simple'`,
        isNull(cases.rating),
        gte(cases.closedAt, sql`now() - make_interval(days => ${reopenWindowDays})`),
      );
    default:
      return undefined;
  }
}

/**
 * Cases waiting for this user's step: for each status, the step it waits for (`awaitedActions`), taken by any of
 * that step's parties. Built from the same table as `awaitedActionOf`, which the tests compare it with.
 */
function awaitingCondition(actor: Awaiting): SQL {
  const steps = (Object.entries(awaitedActions) as [CaseStatus, CaseAction][]).map(([status, action]) =>
    and(
      eq(cases.status, status),
      or(...caseTransitions[action].parties.map((party) => partyCondition(party, actor))),
      awaitedGuard(action, actor),
    ),
  );
  return or(...steps)!;
}

/**
 * Cases newest first; the cursor is the last row's report time and id. Built once per database and shape of filter:
 * building this select of thirty columns and four subqueries, with the to-do list's condition, cost drizzle more CPU
 * than the rest of the request (issue 9's HTTP bench; the to-do list and the case lists are a quarter of its mix).
 */
export function listCases(db: Executor, actor: Actor, filter: CaseFilter, limit: number) {
  const isScoped = actor.regionCode !== undefined;
  const query = builtOnce(db, `case-list:${shapeOf(actor, filter)}`, () =>
    db
      .select(caseColumns)
      .from(cases)
      .innerJoin(regions, eq(regions.id, cases.regionId))
      .where(filterCondition(isScoped, filter))
      .orderBy(desc(cases.reportedAt), desc(cases.id))
      .limit(sql.placeholder('limit'))
      .prepare(unnamed),
  );
  return query.execute(valuesOf(actor, filter, limit));
}

/**
 * The enabled accounts anchored in a case's grid or a region above it (grid staff, sunk cadres, the village, town
 * and county), and the accounts named besides (its assignee, its reporter) wherever they are anchored.
 */
export function findAccountsAround(db: Executor, caseRegionCode: string, namedIds: readonly string[] = []) {
  return (
    db
      .select({
        id: accounts.id,
        displayName: accounts.displayName,
        role: accounts.role,
        regionId: accounts.regionId,
        regionName: regions.name,
        regionCode: regions.code,
      })
      .from(accounts)
      .leftJoin(regions, eq(regions.id, accounts.regionId))
      .where(
        and(
          eq(accounts.isEnabled, true),
          or(
            inArray(regions.code, lineageCodes(caseRegionCode)),
            namedIds.length > 0 ? inArray(accounts.id, [...namedIds]) : undefined,
          ),
        ),
      )
      // The grid's own people first, then each level up.
      .orderBy(desc(sql`length(${regions.code})`), asc(accounts.displayName))
  );
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

/** How many photos a case holds. */
export async function countFiles(db: Executor, countyId: string, caseId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(caseFiles)
    .where(and(eq(caseFiles.countyId, countyId), eq(caseFiles.caseId, caseId)));
  return row?.count ?? 0;
}

export async function findFile(db: Executor, countyId: string, caseId: string, fileId: string) {
  const [row] = await db
    .select({ storageKey: caseFiles.storageKey, contentType: caseFiles.contentType, size: caseFiles.size })
    .from(caseFiles)
    .where(and(eq(caseFiles.countyId, countyId), eq(caseFiles.caseId, caseId), eq(caseFiles.id, fileId)));
  return row;
}

/** Photos whose bytes are still in the table (taken before the file store), a batch at a time. */
export async function listUnmovedFiles(db: Executor, batchSize: number) {
  return db
    .select({
      countyId: caseFiles.countyId,
      id: caseFiles.id,
      storageKey: caseFiles.storageKey,
      contentType: caseFiles.contentType,
      content: caseFiles.content,
    })
    .from(caseFiles)
    .where(isNotNull(caseFiles.content))
    .limit(batchSize);
}

/** The photo's bytes are in the file store now: the table keeps only their key and hash. */
export async function forgetFileContent(db: Executor, countyId: string, fileId: string): Promise<void> {
  await db
    .update(caseFiles)
    .set({ content: null })
    .where(and(eq(caseFiles.countyId, countyId), eq(caseFiles.id, fileId)));
}
