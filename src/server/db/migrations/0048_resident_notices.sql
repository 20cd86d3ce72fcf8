CREATE TABLE "resident_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"county_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"params" jsonb NOT NULL,
	"event_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sms_status" text NOT NULL,
	"sms_attempted_at" timestamp with time zone,
	"sms_error" text
);
--> statement-breakpoint
ALTER TABLE "resident_accounts" ADD COLUMN "sms_notices" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "resident_notices" ADD CONSTRAINT "resident_notices_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "resident_notices_event" ON "resident_notices" USING btree ("account_id","event_key");--> statement-breakpoint
CREATE INDEX "resident_notices_account" ON "resident_notices" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "resident_notices_pending" ON "resident_notices" USING btree ("subject_id") WHERE "resident_notices"."sms_status" = 'pending';