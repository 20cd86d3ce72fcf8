import { z } from 'zod';
import { normalizePhone } from '../phone.js';

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

/** A mainland mobile number, as residents type it (spaces, hyphens, +86 and full-width digits are dropped). */
const mobilePhoneSchema = z
  .string()
  .max(30)
  .transform(normalizePhone)
  .refine((phone) => /^1[3-9]\d{9}$/.test(phone), {
    message: 'Enter an 11-digit mobile number.',
    params: { zh: '请填写 11 位手机号。' },
  });

export const residentCodeBody = z.object({ phone: mobilePhoneSchema });

export const residentCodeSentSchema = z.object({
  /** How long the code works: 300 seconds, once. */
  expiresInSeconds: z.number().int(),
});
export type ResidentCodeSent = z.infer<typeof residentCodeSentSchema>;

export const residentSessionBody = z.object({
  phone: mobilePhoneSchema,
  /** The 6 digits of the text message. */
  code: z.string().refine((code) => /^\d{6}$/.test(code), {
    message: 'Enter the 6-digit code.',
    params: { zh: '请填写 6 位验证码。' },
  }),
});
