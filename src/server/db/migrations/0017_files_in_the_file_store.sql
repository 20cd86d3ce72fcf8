CREATE TABLE "pending_uploads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"size" integer NOT NULL,
	"overrides" jsonb,
	"total_rows" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_files" ALTER COLUMN "content" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "case_files" ADD COLUMN "storage_key" text;--> statement-breakpoint
ALTER TABLE "case_files" ADD COLUMN "sha256" text;--> statement-breakpoint
-- Photos taken before the file store keep their bytes in "content" until the server moves them at its start.
UPDATE "case_files" SET "storage_key" = 'photos/' || "county_id" || '/' || "id", "sha256" = encode(sha256("content"), 'hex');--> statement-breakpoint
ALTER TABLE "case_files" ALTER COLUMN "storage_key" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "case_files" ALTER COLUMN "sha256" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_uploads" ADD CONSTRAINT "pending_uploads_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pending_uploads" ADD CONSTRAINT "pending_uploads_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pending_uploads_expiry" ON "pending_uploads" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "case_files_unmoved" ON "case_files" USING btree ("county_id","id") WHERE content is not null;