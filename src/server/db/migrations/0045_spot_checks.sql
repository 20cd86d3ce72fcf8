CREATE TABLE "spot_check_areas" (
	"county_id" uuid NOT NULL,
	"spot_check_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	CONSTRAINT "spot_check_areas_county_id_spot_check_id_region_id_pk" PRIMARY KEY("county_id","spot_check_id","region_id")
);
--> statement-breakpoint
CREATE TABLE "spot_check_findings" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"spot_check_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"description" text NOT NULL,
	"deadline" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"rectification_note" text,
	"rectified_on" date,
	"rectified_by" uuid,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spot_check_findings_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "spot_check_findings_rectified" CHECK ("spot_check_findings"."status" = 'open' or "spot_check_findings"."rectified_on" is not null)
);
--> statement-breakpoint
CREATE TABLE "spot_check_records" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"spot_check_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"outcome" text NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"activity" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spot_check_records_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "spot_checks" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"check_on" date NOT NULL,
	"title" text NOT NULL,
	"inspectors" text[] NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spot_checks_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
ALTER TABLE "spot_check_areas" ADD CONSTRAINT "spot_check_areas_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_areas" ADD CONSTRAINT "spot_check_areas_check_fk" FOREIGN KEY ("county_id","spot_check_id") REFERENCES "public"."spot_checks"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD CONSTRAINT "spot_check_findings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD CONSTRAINT "spot_check_findings_rectified_by_accounts_id_fk" FOREIGN KEY ("rectified_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD CONSTRAINT "spot_check_findings_closed_by_accounts_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD CONSTRAINT "spot_check_findings_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_findings" ADD CONSTRAINT "spot_check_findings_check_fk" FOREIGN KEY ("county_id","spot_check_id") REFERENCES "public"."spot_checks"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD CONSTRAINT "spot_check_records_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD CONSTRAINT "spot_check_records_check_fk" FOREIGN KEY ("county_id","spot_check_id") REFERENCES "public"."spot_checks"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_check_records" ADD CONSTRAINT "spot_check_records_cadre_fk" FOREIGN KEY ("county_id","cadre_id") REFERENCES "public"."cadres"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spot_checks" ADD CONSTRAINT "spot_checks_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "spot_check_areas_region_code" ON "spot_check_areas" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "spot_check_findings_check" ON "spot_check_findings" USING btree ("county_id","spot_check_id");--> statement-breakpoint
CREATE INDEX "spot_check_findings_region_code" ON "spot_check_findings" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "spot_check_records_check" ON "spot_check_records" USING btree ("county_id","spot_check_id","cadre_id");--> statement-breakpoint
CREATE INDEX "spot_check_records_cadre" ON "spot_check_records" USING btree ("county_id","cadre_id");--> statement-breakpoint
CREATE INDEX "spot_checks_region_code" ON "spot_checks" USING btree ("county_id","region_code" text_pattern_ops);