-- Robot messages are stored as a kind with its parameters and worded in Chinese when sent. A message still queued
-- from before keeps its sentence, as the one parameter of the kind legacyText, and is posted as it was.
ALTER TABLE "webhook_deliveries" ADD COLUMN "kind" text;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD COLUMN "params" jsonb;--> statement-breakpoint
UPDATE "webhook_deliveries" SET "kind" = 'legacyText', "params" = jsonb_build_object('text', "body" -> 'text' ->> 'content');--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ALTER COLUMN "kind" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ALTER COLUMN "params" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" DROP COLUMN "body";--> statement-breakpoint
-- An escalation at the deadline kept a Chinese sentence as its note and reason: it is marked automatic instead,
-- which the console words in the reader's language. Every such entry converts; nothing else carried a sentence.
UPDATE "case_events"
SET "note" = NULL, "details" = (coalesce("details", '{}'::jsonb) - 'reason') || '{"isAutomatic": true}'::jsonb
WHERE "action" = 'escalate' AND "actor_id" IS NULL AND "note" = '超过办理时限自动上报';
