ALTER TABLE "case_categories" ADD COLUMN "attributes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "case_files" ADD COLUMN "public_token" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "attributes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "case_events_county_at" ON "case_events" USING btree ("county_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "case_files_public_token" ON "case_files" USING btree ("public_token");