import { z } from 'zod';
import { cadreKinds, cadreSchema } from './cadres.js';

/**
 * Self-registration of cadres and in-service party members (双报到) by invitation: a community makes a link with a
 * random token (and its QR code), valid until it expires or is revoked, optionally for one dispatching unit only;
 * whoever opens it registers on a public page, and the registration waits for the community to approve it (which
 * registers the cadre) or reject it with a reason.
 */

export const invitationStatuses = ['open', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof invitationStatuses)[number];
export const registrationStatuses = ['pending', 'approved', 'rejected'] as const;
export type RegistrationStatus = (typeof registrationStatuses)[number];

const named = z.object({ id: z.uuid(), name: z.string() });

export const createInvitationBody = z.object({
  /** The community (village) the registrants will serve, in scope. */
  serviceRegionId: z.uuid(),
  /** Only registrants of this dispatching unit; any unit of the county when absent. */
  unitId: z.uuid().optional(),
  validDays: z.number().int().min(1).max(90).default(30),
});
export type CreateInvitationInput = z.input<typeof createInvitationBody>;

export const invitationSchema = z.object({
  id: z.uuid(),
  token: z.string(),
  /** The page the link and the QR code open: <PUBLIC_BASE_URL>/join/<token>. */
  url: z.string(),
  serviceRegion: named,
  unit: named.nullable(),
  status: z.enum(invitationStatuses),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
  pendingCount: z.number().int(),
});
export type Invitation = z.infer<typeof invitationSchema>;
export const invitationListSchema = z.object({ items: z.array(invitationSchema) });
export type InvitationList = z.infer<typeof invitationListSchema>;
export const invitationParams = z.object({ id: z.uuid() });

// The public page ---------------------------------------------------------------------------------------------------

/** 43 base64url characters: 32 random bytes. */
export const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export const publicInvitationSchema = z.object({
  countyName: z.string(),
  serviceRegionName: z.string(),
  expiresAt: z.string(),
  /** The unit the invitation is for; the registrant picks from `units` when null. */
  unit: named.nullable(),
  units: z.array(named),
  /** The county's communities, for where the registrant lives. */
  communities: z.array(named),
});
export type PublicInvitation = z.infer<typeof publicInvitationSchema>;

export const submitRegistrationBody = z.object({
  kind: z.enum(cadreKinds),
  name: z.string().trim().min(1).max(40),
  phone: z
    .string()
    .trim()
    .regex(/^1\d{10}$/),
  /** Required unless the invitation names its unit. */
  unitId: z.uuid().optional(),
  /** Where they live, when it is a community of the county. */
  homeRegionId: z.uuid().optional(),
});
export type SubmitRegistrationInput = z.input<typeof submitRegistrationBody>;
export const submittedRegistrationSchema = z.object({
  id: z.uuid(),
  status: z.literal('pending'),
  serviceRegionName: z.string(),
});
export type SubmittedRegistration = z.infer<typeof submittedRegistrationSchema>;

// The community's review ------------------------------------------------------------------------------------------

export const registrationSchema = z.object({
  id: z.uuid(),
  invitationId: z.uuid(),
  kind: z.enum(cadreKinds),
  name: z.string(),
  phone: z.string().describe('Starred but for the last four digits for roles without sensitive.read.'),
  unit: named,
  serviceRegion: named,
  homeRegion: named.nullable(),
  status: z.enum(registrationStatuses),
  rejectReason: z.string().nullable(),
  cadreId: z.uuid().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Registration = z.infer<typeof registrationSchema>;
export const registrationListSchema = z.object({ items: z.array(registrationSchema) });
export type RegistrationList = z.infer<typeof registrationListSchema>;
export const registrationQuery = z.object({ status: z.enum(registrationStatuses).default('pending') });
export const registrationParams = z.object({ id: z.uuid() });
export const approveRegistrationBody = z.object({
  gridId: z.uuid().optional(),
  duties: z.string().trim().max(200).default(''),
});
export const rejectRegistrationBody = z.object({ reason: z.string().trim().min(1).max(200) });
export const approvedRegistrationSchema = z.object({ registration: registrationSchema, cadre: cadreSchema });
export type ApprovedRegistration = z.infer<typeof approvedRegistrationSchema>;
