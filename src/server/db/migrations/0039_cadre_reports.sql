CREATE TABLE "cadre_reports" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"unit_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"figures" jsonb NOT NULL,
	"comment" text,
	"generated_by" uuid,
	"generated_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cadre_reports_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
ALTER TABLE "cadre_reports" ADD CONSTRAINT "cadre_reports_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_reports" ADD CONSTRAINT "cadre_reports_generated_by_accounts_id_fk" FOREIGN KEY ("generated_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_reports" ADD CONSTRAINT "cadre_reports_submitted_by_accounts_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_reports" ADD CONSTRAINT "cadre_reports_reviewed_by_accounts_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_reports" ADD CONSTRAINT "cadre_reports_unit_fk" FOREIGN KEY ("county_id","unit_id") REFERENCES "public"."units"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_reports_region_period" ON "cadre_reports" USING btree ("county_id","kind","region_id","period") WHERE "cadre_reports"."unit_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_reports_unit_period" ON "cadre_reports" USING btree ("county_id","kind","unit_id","period") WHERE "cadre_reports"."unit_id" is not null;--> statement-breakpoint
CREATE INDEX "cadre_reports_locks" ON "cadre_reports" USING btree ("county_id","ends_on") WHERE "cadre_reports"."status" = 'approved';