import { z } from 'zod';
import {
  caseActions,
  caseKinds,
  caseLevels,
  caseSources,
  caseStatuses,
  caseTiers,
  timeLimitUnits,
} from '../../../shared/cases.js';
import { roles } from '../../../shared/policy.js';

const timeLimitSchema = z.object({ amount: z.number().int().min(1).max(1000), unit: z.enum(timeLimitUnits) });

export const categorySchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  kind: z.enum(caseKinds),
  defaultTier: z.enum(caseTiers),
  handlingLevel: z.enum(caseLevels),
  department: z.string(),
  generalLimit: timeLimitSchema,
  complexLimit: timeLimitSchema,
  isActive: z.boolean(),
  sortOrder: z.number().int(),
});

export const categoryBody = categorySchema.omit({ code: true }).extend({
  nameZh: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(100),
  department: z.string().trim().max(100),
  sortOrder: z.number().int().min(0).max(1000).default(0),
  isActive: z.boolean().default(true),
});

export const categoryCode = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,49}$/, 'Codes are lower-case letters, digits and underscores, starting with a letter.');

export const caseSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  category: z.string(),
  /** The item's names in the county's catalogue; null for an item since removed from it. */
  categoryName: z.object({ zh: z.string(), en: z.string() }).nullable(),
  kind: z.enum(caseKinds),
  tier: z.enum(caseTiers),
  source: z.enum(caseSources),
  status: z.enum(caseStatuses),
  level: z.enum(caseLevels),
  regionId: z.uuid(),
  regionName: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  address: z.string(),
  description: z.string(),
  householdId: z.uuid().nullable(),
  personIds: z.array(z.uuid()),
  placeId: z.uuid().nullable(),
  residentName: z.string().nullable(),
  residentPhone: z.string().nullable(),
  reporterId: z.uuid().nullable(),
  reporterName: z.string().nullable(),
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  department: z.string().nullable(),
  isPublished: z.boolean(),
  duplicateOfId: z.uuid().nullable(),
  result: z.string().nullable(),
  deadline: z.string().nullable(),
  isOverdue: z.boolean(),
  reportedAt: z.string(),
  closedAt: z.string().nullable(),
  closedLevel: z.enum(caseLevels).nullable(),
  isClosedOnTime: z.boolean().nullable(),
  rating: z.number().int().nullable(),
  /** 督办: how often a level above pressed for the case, and when last. */
  urgedCount: z.number().int(),
  urgedAt: z.string().nullable(),
  version: z.number().int(),
  abilities: z.array(z.enum(caseActions)),
});

export const assigneesSchema = z.object({
  items: z.array(
    z.object({
      accountId: z.uuid(),
      name: z.string(),
      role: z.enum(roles),
      regionId: z.uuid(),
      regionName: z.string(),
    }),
  ),
});

export const caseDetailSchema = caseSchema.extend({
  timeline: z.array(
    z.object({
      id: z.uuid(),
      at: z.string(),
      actorName: z.string().nullable(),
      action: z.string(),
      fromStatus: z.enum(caseStatuses).nullable(),
      toStatus: z.enum(caseStatuses),
      fromLevel: z.enum(caseLevels).nullable(),
      toLevel: z.enum(caseLevels),
      note: z.string().nullable(),
      details: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  files: z.array(
    z.object({
      id: z.uuid(),
      eventId: z.uuid().nullable(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number().int(),
      createdAt: z.string(),
    }),
  ),
});
