ALTER TABLE "spot_check_findings" ADD COLUMN "corrected_by" uuid;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD COLUMN "corrected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD COLUMN "correction_reason" text;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD COLUMN "corrected_by" uuid;--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD COLUMN "corrected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD COLUMN "correction_reason" text;--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD CONSTRAINT "spot_check_findings_corrected_by_accounts_id_fk" FOREIGN KEY ("corrected_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD CONSTRAINT "spot_check_records_corrected_by_accounts_id_fk" FOREIGN KEY ("corrected_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD CONSTRAINT "spot_check_findings_correction" CHECK (("spot_check_findings"."corrected_at" is null) = ("spot_check_findings"."correction_reason" is null));--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD CONSTRAINT "spot_check_records_correction" CHECK (("spot_check_records"."corrected_at" is null) = ("spot_check_records"."correction_reason" is null));