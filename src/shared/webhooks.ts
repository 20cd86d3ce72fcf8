/** What a webhook subscription can hear of: a case reported, its status changed, closed, rated by the resident. */
export const webhookEventKinds = ['created', 'status_changed', 'closed', 'rated'] as const;
export type WebhookEventKind = (typeof webhookEventKinds)[number];
