CREATE TABLE "spot_check_photos" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"spot_check_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"record_id" uuid,
	"finding_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spot_check_photos_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "spot_check_photos_subject" CHECK (("spot_check_photos"."stage" = 'record') = ("spot_check_photos"."record_id" is not null) and ("spot_check_photos"."stage" = 'record') = ("spot_check_photos"."finding_id" is null))
);
--> statement-breakpoint
DROP INDEX "spot_check_records_check";--> statement-breakpoint
ALTER TABLE "spot_check_photos" ADD CONSTRAINT "spot_check_photos_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_photos" ADD CONSTRAINT "spot_check_photos_check_fk" FOREIGN KEY ("county_id","spot_check_id") REFERENCES "public"."spot_checks"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_photos" ADD CONSTRAINT "spot_check_photos_record_fk" FOREIGN KEY ("county_id","record_id") REFERENCES "public"."spot_check_records"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_photos" ADD CONSTRAINT "spot_check_photos_finding_fk" FOREIGN KEY ("county_id","finding_id") REFERENCES "public"."spot_check_findings"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "spot_check_photos_check" ON "spot_check_photos" USING btree ("county_id","spot_check_id");--> statement-breakpoint
CREATE INDEX "spot_check_photos_created_by" ON "spot_check_photos" USING btree ("created_by","created_at");--> statement-breakpoint
-- Records were replaced per cadre before, so none should repeat; two saved at the same moment keep the later one.
DELETE FROM "spot_check_records" AS "older" USING "spot_check_records" AS "newer"
  WHERE "older"."county_id" = "newer"."county_id" AND "older"."spot_check_id" = "newer"."spot_check_id"
    AND "older"."cadre_id" = "newer"."cadre_id" AND ("older"."recorded_at", "older"."id") < ("newer"."recorded_at", "newer"."id");--> statement-breakpoint
CREATE UNIQUE INDEX "spot_check_records_check_cadre" ON "spot_check_records" USING btree ("county_id","spot_check_id","cadre_id");