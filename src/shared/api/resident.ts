import { z } from 'zod';

/** The residents' channel (群众端) and the text messages it sends. */

export const smsOutboxQuery = z.object({
  /** The newest messages, at most this many. */
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const smsOutboxSchema = z.object({
  items: z.array(
    z.object({
      /** In full: the outbox stands in for the resident's phone. */
      phone: z.string(),
      text: z.string(),
      sentAt: z.string(),
    }),
  ),
});
export type SmsOutbox = z.infer<typeof smsOutboxSchema>;
