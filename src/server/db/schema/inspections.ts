import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type {
  ChecklistItemDefinition,
  InspectionItemResult,
  InspectionKind,
  InspectionPhotoStage,
  InspectionResolution,
} from '../../../shared/inspections.js';
import type { PlaceKind } from '../../../shared/registry.js';
import { accounts } from './accounts.js';
import { regions } from './regions.js';

/**
 * The county's checklists of hazard inspections (隐患排查), one per kind of place or several. Editing one raises its
 * version; an inspection copies the items it was made with, so a later edit never rewrites what was checked.
 */
export const inspectionChecklists = pgTable(
  'inspection_checklists',
  {
    countyId: uuid('county_id')
      .notNull()
      .references(() => regions.id),
    id: uuid('id').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    placeKinds: text('place_kinds').array().$type<PlaceKind[]>().notNull(),
    items: jsonb('items').$type<ChecklistItemDefinition[]>().notNull(),
    version: integer('version').notNull().default(1),
    isActive: boolean('is_active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.countyId, table.id] })],
);

/**
 * Inspections of places, keyed by county. The id is the client's UUIDv7, so a phone's offline queue that sends the
 * same inspection twice records it once. A re-inspection (复查) is an inspection of the same place naming the one it
 * checks again (`previousId`). `regionCode` is the place's grid when inspected: scope is a prefix condition.
 */
export const inspections = pgTable(
  'inspections',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    kind: text('kind').$type<InspectionKind>().notNull(),
    previousId: uuid('previous_id'),
    placeId: uuid('place_id').notNull(),
    regionId: uuid('region_id')
      .notNull()
      .references(() => regions.id),
    regionCode: text('region_code').notNull(),
    checklistId: uuid('checklist_id').notNull(),
    checklistVersion: integer('checklist_version').notNull(),
    checklistNameZh: text('checklist_name_zh').notNull(),
    checklistNameEn: text('checklist_name_en').notNull(),
    inspectedAt: timestamp('inspected_at', { withTimezone: true }).notNull(),
    notes: text('notes').notNull().default(''),
    /** The staff records of the inspectors, in the order given. */
    inspectorStaffIds: uuid('inspector_staff_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    recordedBy: uuid('recorded_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('inspections_region_code').using(
      'btree',
      table.countyId,
      table.regionCode.op('text_pattern_ops'),
      table.inspectedAt,
    ),
    index('inspections_inspected').on(table.countyId, table.inspectedAt, table.id),
    index('inspections_place').on(table.countyId, table.placeId, table.inspectedAt),
    // The 721 split counts each worker's own inspections of a period.
    index('inspections_recorded_by').on(table.countyId, table.recordedBy, table.inspectedAt),
    index('inspections_previous')
      .on(table.countyId, table.previousId)
      .where(sql`${table.previousId} is not null`),
  ],
);

/**
 * The items of an inspection as they were checked: the checklist's words copied, the result, and for a failed item
 * what became of it — fixed on the spot (随查随改) or a case. A case item stays open until a re-inspection passes it
 * (`recheckedBy`) or its case is closed.
 */
export const inspectionItems = pgTable(
  'inspection_items',
  {
    countyId: uuid('county_id').notNull(),
    inspectionId: uuid('inspection_id').notNull(),
    code: text('code').notNull(),
    position: integer('position').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    result: text('result').$type<InspectionItemResult>().notNull(),
    note: text('note').notNull().default(''),
    resolution: text('resolution').$type<InspectionResolution>(),
    caseId: uuid('case_id'),
    /** The re-inspection that found a failed item put right. */
    recheckedBy: uuid('rechecked_by'),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.inspectionId, table.code] }),
    index('inspection_items_case')
      .on(table.countyId, table.caseId)
      .where(sql`${table.caseId} is not null`),
  ],
);

/**
 * Photos of inspections: uploaded first (a phone sends them before the inspection that names them), then attached
 * to an item as the photo of the hazard (`before`) or of the fix (`after`). The bytes are in the file store.
 */
export const inspectionPhotos = pgTable(
  'inspection_photos',
  {
    countyId: uuid('county_id').notNull(),
    id: uuid('id').notNull(),
    inspectionId: uuid('inspection_id'),
    itemCode: text('item_code'),
    stage: text('stage').$type<InspectionPhotoStage>(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => accounts.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.countyId, table.id] }),
    index('inspection_photos_inspection')
      .on(table.countyId, table.inspectionId)
      .where(sql`${table.inspectionId} is not null`),
    index('inspection_photos_uploader').on(table.uploadedBy, table.createdAt),
  ],
);
