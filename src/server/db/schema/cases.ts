import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { CategoryAttribute } from '../../../shared/api/case-catalogue.js';
import type {
  CaseAttributeAnswer,
  CaseEventAction,
  CaseKind,
  CaseLevel,
  CaseSource,
  CaseStatus,
  CaseTier,
  TimeLimit,
} from '../../../shared/cases.js';
import type { NotificationKind, RobotMessage } from '../../../shared/notifications.js';
import { accounts } from './accounts.js';
import { campaigns } from './campaigns.js';
import { regions } from './regions.js';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/** The grid item catalogue (网格事项清单) of each county. */
export const caseCategories = pgTable(
  'case_categories',
  {
    countyId: uuid('county_id')
      .notNull()
      .references(() => regions.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind').$type<CaseKind>().notNull(),
    defaultTier: text('default_tier').$type<CaseTier>().notNull(),
    handlingLevel: text('handling_level').$type<CaseLevel>().notNull(),
    department: text('department').notNull().default(''),
    generalLimit: jsonb('general_limit').$type<TimeLimit>().notNull(),
    complexLimit: jsonb('complex_limit').$type<TimeLimit>().notNull(),
    isActive: boolean('is_active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    /** The extra questions a report of the item answers (Open311 service attributes). */
    attributes: jsonb('attributes').$type<CategoryAttribute[]>().notNull().default([]),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.code] })],
);

/**
 * Cases, keyed by county like the registry. `regionCode` is the code of the grid (or micro-grid) the case lies in,
 * so scope is a prefix condition; `level` is where in the chain it sits now.
 */
export const cases = pgTable(
  'cases',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    /** What people quote on the phone: the county code, the day and a counter (339901-20261126-0007). */
    number: text('number').notNull(),
    categoryCode: text('category_code').notNull(),
    kind: text('kind').$type<CaseKind>().notNull(),
    tier: text('tier').$type<CaseTier>().notNull(),
    source: text('source').$type<CaseSource>().notNull(),
    status: text('status').$type<CaseStatus>().notNull(),
    level: text('level').$type<CaseLevel>().notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    address: text('address').notNull().default(''),
    description: text('description').notNull(),
    householdId: uuid('household_id'),
    personIds: uuid('person_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    placeId: uuid('place_id'),
    /** The resident who raised it, as told (a name and phone to call back), when not the reporting account. */
    residentName: text('resident_name'),
    residentPhone: text('resident_phone'),
    reporterId: uuid('reporter_id').references(() => accounts.id),
    assigneeId: uuid('assignee_id').references(() => accounts.id),
    department: text('department'),
    isPublished: boolean('is_published').notNull().default(false),
    duplicateOfId: uuid('duplicate_of_id'),
    result: text('result'),
    deadline: timestamp('deadline', { withTimezone: true }),
    warnAt: timestamp('warn_at', { withTimezone: true }),
    warnedAt: timestamp('warned_at', { withTimezone: true }),
    /** When the sweep found it past its deadline at its current level (cleared when the level changes). */
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedLevel: text('closed_level').$type<CaseLevel>(),
    isClosedOnTime: boolean('is_closed_on_time'),
    rating: smallint('rating'),
    /** 督办: how often a level above pressed for the case, and when last. */
    urgedCount: integer('urged_count').notNull().default(0),
    urgedAt: timestamp('urged_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** The campaign (敲门行动 …) the case was found under, if any: its "problems found". */
    campaignId: uuid('campaign_id'),
    /** The answers to its item's extra questions, as reported. */
    attributes: jsonb('attributes').$type<CaseAttributeAnswer[]>().notNull().default([]),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    foreignKey({
      name: 'cases_campaign_fk',
      columns: [table.countyId, table.campaignId],
      foreignColumns: [campaigns.countyId, campaigns.id],
    }),
    index('cases_campaign')
      .on(table.countyId, table.campaignId)
      .where(sql`${table.campaignId} is not null`),
    index('cases_number').on(table.countyId, table.number),
    index('cases_reported').on(table.countyId, table.reportedAt, table.id),
    index('cases_region_code').using(
      'btree',
      table.countyId,
      table.regionCode.op('text_pattern_ops'),
      table.reportedAt,
    ),
    index('cases_assignee').on(table.assigneeId, table.reportedAt),
    // 我上报的: a user's own reports, newest first.
    index('cases_reporter').on(table.reporterId, table.reportedAt),
    // 我的待办 looks among closed cases only at those of the user's level closed in the last days (waiting for a
    // rating), among the cases waiting for a level's handler only at that level's, and among the cases in work only
    // at the user's own: each arm of its condition then reads a few hundred rows of a county, not tens of thousands.
    index('cases_closed_at')
      .on(table.countyId, table.level, table.closedAt)
      .where(sql`${table.status} = 'closed'`),
    index('cases_waiting')
      .on(table.countyId, table.status, table.level)
      .where(sql`${table.status} in ('reported', 'accepted', 'handled', 'verified')`),
    index('cases_assignee_working')
      .on(table.assigneeId, table.status)
      .where(sql`${table.status} in ('dispatched', 'in_progress')`),
    // A household named by cases is kept: deleting one asks whether any case names it.
    index('cases_household')
      .on(table.countyId, table.householdId)
      .where(sql`${table.householdId} is not null`),
    // A list of one status, newest first, read in order however rare the status (parked, returned).
    index('cases_status').on(table.countyId, table.status, table.reportedAt),
    // The sweep looks only at open cases with a deadline.
    index('cases_deadline')
      .on(table.deadline)
      .where(sql`${table.status} in ('reported', 'accepted', 'dispatched', 'in_progress')`),
    index('cases_warn_at')
      .on(table.warnAt)
      .where(
        sql`${table.warnedAt} is null and ${table.status} in ('reported', 'accepted', 'dispatched', 'in_progress')`,
      ),
  ],
);

/** The timeline of a case: every action, by whom and when; never changed afterwards. */
export const caseEvents = pgTable(
  'case_events',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Null for what the system did by itself (an escalation at the deadline, a warning). */
    actorId: uuid('actor_id').references(() => accounts.id),
    actorName: text('actor_name'),
    action: text('action').$type<CaseEventAction>().notNull(),
    fromStatus: text('from_status').$type<CaseStatus>(),
    toStatus: text('to_status').$type<CaseStatus>().notNull(),
    fromLevel: text('from_level').$type<CaseLevel>(),
    toLevel: text('to_level').$type<CaseLevel>().notNull(),
    note: text('note'),
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('case_events_case').on(table.countyId, table.caseId, table.at),
    // The webhook sweep reads each subscribed county's events since its last scan.
    index('case_events_county_at').on(table.countyId, table.at),
  ],
);

/**
 * Photos and files of a case (before, after, evidence): the bytes in the file store under `storage_key`, their
 * SHA-256 here. `content` still holds the bytes of photos taken before the file store until the server moves them
 * there at its start; a later release drops the column.
 */
export const caseFiles = pgTable(
  'case_files',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    caseId: uuid('case_id').notNull(),
    eventId: uuid('event_id'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content'),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The random part of the photo's public address (Open311 media_url), served only while its case is public. */
    publicToken: uuid('public_token').notNull().defaultRandom(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    uniqueIndex('case_files_public_token').on(table.publicToken),
    index('case_files_case').on(table.countyId, table.caseId),
    // Each account's recent uploads, for its upload rate limit.
    index('case_files_creator').on(table.createdBy, table.createdAt),
    // The photos still to move into the file store: none once the server has started after the upgrade.
    index('case_files_unmoved')
      .on(table.countyId, table.id)
      .where(sql`content is not null`),
  ],
);

/** Day counters behind case numbers. */
export const caseNumberCounters = pgTable(
  'case_number_counters',
  {
    countyId: uuid('county_id').notNull(),
    day: date('day').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.day] })],
);

/**
 * Case figures rolled up per region (the case's grid and each region above it), day, category and source, written
 * with each report, closing and rating: a county's year is then a few thousand rows however many cases it had.
 */
export const caseFigures = pgTable(
  'case_figures',
  {
    countyId: uuid('county_id').notNull(),
    regionId: uuid('region_id').notNull(),
    day: date('day').notNull(),
    categoryCode: text('category_code').notNull(),
    source: text('source').$type<CaseSource>().notNull(),
    reported: integer('reported').notNull().default(0),
    closed: integer('closed').notNull().default(0),
    closedOnTime: integer('closed_on_time').notNull().default(0),
    closedAtGrid: integer('closed_at_grid').notNull().default(0),
    closedAtVillage: integer('closed_at_village').notNull().default(0),
    closedAtTown: integer('closed_at_town').notNull().default(0),
    closedAtCounty: integer('closed_at_county').notNull().default(0),
    closeSeconds: bigint('close_seconds', { mode: 'number' }).notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    /** Urgings (督办) given on the day. */
    urged: integer('urged').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.regionId, table.day, table.categoryCode, table.source] })],
);

/**
 * In-app notifications: a case waiting for someone's step, a deadline near, an urging, an outcome for its reporter.
 * Stored as a kind with its parameters, which the console puts into words in the user's language.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    countyId: uuid('county_id').notNull(),
    caseId: uuid('case_id'),
    kind: text('kind').$type<NotificationKind>().notNull(),
    params: jsonb('params').$type<Record<string, string | number | null>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [index('notifications_account').on(table.accountId, table.createdAt)],
);

/**
 * Messages for group robots (WeCom, DingTalk) waiting to be sent, retried with growing pauses. Stored as a kind with
 * its parameters (`robotMessageKinds`), worded when sent.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey(),
    countyId: uuid('county_id').notNull(),
    url: text('url').notNull(),
    kind: text('kind').$type<RobotMessage['kind']>().notNull(),
    params: jsonb('params').$type<RobotMessage['params']>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('webhook_deliveries_due')
      .on(table.nextAttemptAt)
      .where(sql`${table.deliveredAt} is null and ${table.failedAt} is null`),
  ],
);
