import { z } from 'zod';
import { centreKinds, consultationKindCodePattern, consultationOutcomes } from '../service-centres.js';
import { calendarDate, calendarInstant, listCursor, listSchema } from './common.js';

/**
 * Party-mass service centres (党群服务中心), talk points, and the consultations and matters handled at them.
 */

export const serviceCentreParams = z.object({ id: z.uuid() });

const text = (max: number) => z.string().trim().min(1).max(max);
const names = z.object({ zh: z.string(), en: z.string() });

export const consultationKindSchema = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  isActive: z.boolean(),
  /** One of the kinds every county starts with (it may rename or retire them, not remove them). */
  isDefault: z.boolean(),
});
export type ConsultationKind = z.infer<typeof consultationKindSchema>;
export const consultationKindListSchema = z.object({ items: z.array(consultationKindSchema) });
export type ConsultationKindList = z.infer<typeof consultationKindListSchema>;

export const consultationKindParams = z.object({ code: z.string().regex(consultationKindCodePattern) });
export const consultationKindBody = z.object({
  nameZh: text(40),
  nameEn: text(80),
  isActive: z.boolean().default(true),
});
export type ConsultationKindInput = z.input<typeof consultationKindBody>;

export const serviceCentreSchema = z.object({
  id: z.uuid(),
  kind: z.enum(centreKinds),
  name: z.string(),
  regionId: z.uuid(),
  regionName: z.string(),
  address: z.string(),
  phone: z.string(),
  /** Consultations logged at it, all time. */
  consultationCount: z.number().int(),
});
export type ServiceCentre = z.infer<typeof serviceCentreSchema>;
export const serviceCentreListSchema = z.object({ items: z.array(serviceCentreSchema) });
export type ServiceCentreList = z.infer<typeof serviceCentreListSchema>;

export const serviceCentreQuery = z.object({
  /** A region's subtree; the caller's scope when absent. */
  regionId: z.uuid().optional(),
});

export const createServiceCentreBody = z.object({
  /** The town or village (community) it serves. */
  regionId: z.uuid(),
  kind: z.enum(centreKinds),
  name: text(80),
  address: z.string().trim().max(200).default(''),
  phone: z.string().trim().max(40).default(''),
});
export type ServiceCentreInput = z.input<typeof createServiceCentreBody>;

export const consultationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindName: names.nullable(),
  outcome: z.enum(consultationOutcomes),
  happenedAt: z.string(),
  subject: z.string(),
  /** The resident who came, named as the registry presents them to the caller; null for a visitor not registered. */
  person: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  note: z.string().describe('Numbers and dates in it are starred for roles without sensitive.read.'),
  recordedBy: z.string().nullable(),
});
export type Consultation = z.infer<typeof consultationSchema>;
export const consultationPageSchema = listSchema(consultationSchema);
export type ConsultationPage = z.infer<typeof consultationPageSchema>;

export const consultationQuery = z.object({
  kind: z.string().max(40).optional(),
  outcome: z.enum(consultationOutcomes).optional(),
  cursor: listCursor(calendarInstant).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConsultationQuery = z.input<typeof consultationQuery>;

export const consultationBody = z.object({
  kind: z.string().regex(consultationKindCodePattern),
  outcome: z.enum(consultationOutcomes),
  /** Now when absent; never in the future. */
  happenedAt: calendarInstant.optional(),
  subject: text(200),
  /** A resident of the registry, of the centre's region. */
  personId: z.uuid().nullable().default(null),
  note: z.string().trim().max(2000).default(''),
});
export type ConsultationInput = z.input<typeof consultationBody>;

/** Inclusive China dates (YYYY-MM-DD); without them, the last twelve months up to today. */
export const centreFiguresQuery = z.object({
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});
export type CentreFiguresQuery = z.infer<typeof centreFiguresQuery>;

const outcomeCounts = Object.fromEntries(consultationOutcomes.map((outcome) => [outcome, z.number().int()])) as {
  [Outcome in (typeof consultationOutcomes)[number]]: z.ZodNumber;
};

/** A centre's consultations in a period: by kind and outcome, and by month (YYYY-MM, China time). */
export const centreFiguresSchema = z.object({
  centre: z.object({ id: z.uuid(), name: z.string() }),
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  kinds: z.array(z.object({ kind: z.string(), kindName: names.nullable(), total: z.number().int(), ...outcomeCounts })),
  months: z.array(z.object({ month: z.string(), total: z.number().int(), ...outcomeCounts })),
});
export type CentreFigures = z.infer<typeof centreFiguresSchema>;
