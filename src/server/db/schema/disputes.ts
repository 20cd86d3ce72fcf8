import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { DisputeStatus, EscalationTarget, SettledLevel } from '../../../shared/disputes.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';

/** A party to a dispute as stored: a resident of the registry by id, or a named outsider with an optional phone. */
export type StoredDisputeParty = { personId: string } | { name: string; phone: string | null };

/** Who mediates: staff of the roster (id and name as registered), and volunteers by name. */
export type StoredMediators = { staff: { id: string; name: string }[]; volunteerNames: string[] };

/** A county's own dispute kinds, and its names for the default ones. */
export const disputeKinds = pgTable(
  'dispute_kinds',
  {
    countyId: uuid('county_id')
      .notNull()
      .references(() => regions.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(100),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.code] })],
);

/** 百姓说事点: places in a village where residents bring their disputes and volunteers hear them. */
export const talkPoints = pgTable(
  'talk_points',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull().default(''),
    /** Who hosts it (a volunteer, a retired cadre): a name as the village knows it. */
    host: text('host').notNull().default(''),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('talk_points_region_code').using('btree', table.countyId, table.regionCode.op('text_pattern_ops')),
  ],
);

/**
 * Disputes, keyed by county. `regionCode` is the code of the grid the dispute arose in, so scope is a prefix
 * condition: a town sees its villages' disputes, escalated or not.
 */
export const disputes = pgTable(
  'disputes',
  {
    countyId: uuid('county_id').notNull(),
    /** The client's id (UUIDv7): the phone's offline queue sends it again until it hears an answer. */
    id: uuid('id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    kind: text('kind').notNull(),
    summary: text('summary').notNull(),
    parties: jsonb('parties').$type<StoredDisputeParty[]>().notNull(),
    /** The registry's persons among the parties, for "which disputes name this person". */
    personIds: uuid('person_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    mediators: jsonb('mediators').$type<StoredMediators>().notNull(),
    talkPointId: uuid('talk_point_id'),
    hasLegalAid: boolean('has_legal_aid').notNull().default(false),
    legalAidBy: text('legal_aid_by'),
    status: text('status').$type<DisputeStatus>().notNull(),
    /** When the dispute arose or was brought (the figures' period counts by it). */
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    agreement: text('agreement'),
    settledLevel: text('settled_level').$type<SettledLevel>(),
    escalatedTo: text('escalated_to').$type<EscalationTarget>(),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    outcomeNote: text('outcome_note'),
    /** The client's id of the last outcome recorded: the phone's queue sending it again changes nothing. */
    outcomeId: uuid('outcome_id'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The signed agreement's photo in the file store. */
    agreementPhotoKey: text('agreement_photo_key'),
    agreementPhotoType: text('agreement_photo_type'),
    agreementPhotoSize: integer('agreement_photo_size'),
    agreementPhotoSha256: text('agreement_photo_sha256'),
    createdBy: uuid('created_by').references(() => accounts.id),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('disputes_region_code').using(
      'btree',
      table.countyId,
      table.regionCode.op('text_pattern_ops'),
      table.registeredAt,
    ),
    index('disputes_registered').on(table.countyId, table.registeredAt, table.id),
    index('disputes_status').on(table.countyId, table.status, table.registeredAt),
  ],
);

/** Mediation sessions of a dispute: when, where, who came, what was said; never changed afterwards. */
export const disputeSessions = pgTable(
  'dispute_sessions',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    disputeId: uuid('dispute_id').notNull(),
    heldAt: timestamp('held_at', { withTimezone: true }).notNull(),
    place: text('place').notNull().default(''),
    attendees: text('attendees').notNull().default(''),
    notes: text('notes').notNull(),
    createdBy: uuid('created_by').references(() => accounts.id),
    createdByName: text('created_by_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('dispute_sessions_dispute').on(table.countyId, table.disputeId, table.heldAt),
  ],
);
