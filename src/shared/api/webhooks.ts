import { z } from 'zod';
import { webhookEventKinds } from '../webhooks.js';

export { webhookEventKinds, type WebhookEventKind } from '../webhooks.js';

/** A county's subscription; its secret is shown only when made. */
export const webhookSubscriptionSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  kinds: z.array(z.enum(webhookEventKinds)),
  isActive: z.boolean(),
  createdAt: z.string(),
  /** Deliveries given up on, so the list can point at a subscription that needs a look. */
  failedDeliveries: z.number().int(),
});
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

export const webhookSubscriptionListSchema = z.object({ items: z.array(webhookSubscriptionSchema) });
export type WebhookSubscriptionList = z.infer<typeof webhookSubscriptionListSchema>;

const webhookUrl = z.url({ protocol: /^https?$/ }).max(2000);
const kindsSchema = z
  .array(z.enum(webhookEventKinds))
  .min(1)
  .transform((kinds) => [...new Set(kinds)]);

export const webhookSubscriptionBody = z.object({ url: webhookUrl, kinds: kindsSchema });
export type WebhookSubscriptionInput = z.input<typeof webhookSubscriptionBody>;

export const webhookSubscriptionPatch = z
  .object({ url: webhookUrl, kinds: kindsSchema, isActive: z.boolean() })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Change at least one of url, kinds, isActive.' });
export type WebhookSubscriptionPatch = z.input<typeof webhookSubscriptionPatch>;

/** A subscription just made, with its secret: shown this once. */
export const createdWebhookSubscriptionSchema = webhookSubscriptionSchema.extend({ secret: z.string() });
export type CreatedWebhookSubscription = z.infer<typeof createdWebhookSubscriptionSchema>;

export const webhookIdParams = z.object({ id: z.uuid() });

export const webhookDeliveryStates = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryState = (typeof webhookDeliveryStates)[number];

export const webhookDeliveriesQuery = z.object({
  countyId: z.uuid().optional(),
  /** `failed` lists only deliveries given up on or failing now; otherwise failures come first all the same. */
  filter: z.enum(['all', 'failed']).default('all'),
});

export const webhookDeliverySchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(webhookEventKinds),
  occurredAt: z.string(),
  state: z.enum(webhookDeliveryStates),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryListSchema = z.object({ items: z.array(webhookDeliverySchema) });
export type WebhookDeliveryList = z.infer<typeof webhookDeliveryListSchema>;
