import { z } from 'zod';
import { listSchema } from './common.js';

export const notificationSchema = z.object({
  id: z.uuid(),
  /** The case it is about, when it is about one. */
  caseId: z.uuid().nullable(),
  /**
   * One of `notificationKinds` (src/shared/notifications.ts): the console words it in the user's language from
   * `params`, and shows a kind it does not know yet without its tag.
   */
  kind: z.string(),
  /** What the kind's sentence is filled with: the case's number and grid, and the step, deadline or status. */
  params: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type CaseNotification = z.infer<typeof notificationSchema>;

export const notificationsQuery = z.object({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A page of the user's notifications; every page also says how many are unread in all. */
export const notificationPageSchema = listSchema(notificationSchema).extend({ unread: z.number().int() });
export type NotificationPage = z.infer<typeof notificationPageSchema>;

/** The notifications to mark read: the ones named, or all of them. */
export const markReadBody = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(500) }),
  z.object({ all: z.literal(true) }),
]);
export type MarkReadInput = z.infer<typeof markReadBody>;

export const unreadSchema = z.object({ unread: z.number().int() });
