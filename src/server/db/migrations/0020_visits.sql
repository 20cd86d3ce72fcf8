CREATE TABLE "household_needs" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"source_visit_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "household_needs_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "household_needs_status" CHECK ("household_needs"."status" in ('open', 'met', 'closed'))
);
--> statement-breakpoint
CREATE TABLE "visit_persons" (
	"county_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	CONSTRAINT "visit_persons_county_id_visit_id_person_id_pk" PRIMARY KEY("county_id","visit_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "visit_photos" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"visit_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visit_photos_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "visit_visitors" (
	"county_id" uuid NOT NULL,
	"visit_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	CONSTRAINT "visit_visitors_county_id_visit_id_staff_id_pk" PRIMARY KEY("county_id","visit_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"household_id" uuid,
	"place_id" uuid,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"purpose" text NOT NULL,
	"findings" text DEFAULT '' NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"campaign_id" uuid,
	"case_id" uuid,
	"recorded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "visits_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "visits_household_or_place" CHECK (("visits"."household_id" is null) <> ("visits"."place_id" is null))
);
--> statement-breakpoint
ALTER TABLE "household_needs" ADD CONSTRAINT "household_needs_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visit_photos" ADD CONSTRAINT "visit_photos_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_needs_household" ON "household_needs" USING btree ("county_id","household_id","created_at");--> statement-breakpoint
CREATE INDEX "household_needs_region_code" ON "household_needs" USING btree ("county_id","region_code" text_pattern_ops,"status");--> statement-breakpoint
CREATE INDEX "household_needs_visit" ON "household_needs" USING btree ("county_id","source_visit_id") WHERE "household_needs"."source_visit_id" is not null;--> statement-breakpoint
CREATE INDEX "visit_persons_person" ON "visit_persons" USING btree ("county_id","person_id");--> statement-breakpoint
CREATE INDEX "visit_photos_visit" ON "visit_photos" USING btree ("county_id","visit_id");--> statement-breakpoint
CREATE INDEX "visit_photos_creator" ON "visit_photos" USING btree ("created_by","created_at");--> statement-breakpoint
CREATE INDEX "visit_visitors_staff" ON "visit_visitors" USING btree ("county_id","staff_id");--> statement-breakpoint
CREATE INDEX "visits_region_code" ON "visits" USING btree ("county_id","region_code" text_pattern_ops,"visited_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "visits_visited" ON "visits" USING btree ("county_id","visited_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "visits_household" ON "visits" USING btree ("county_id","household_id","visited_at" DESC NULLS LAST) WHERE "visits"."household_id" is not null;--> statement-breakpoint
CREATE INDEX "visits_place" ON "visits" USING btree ("county_id","place_id","visited_at" DESC NULLS LAST) WHERE "visits"."place_id" is not null;--> statement-breakpoint
CREATE INDEX "visits_campaign" ON "visits" USING btree ("county_id","campaign_id") WHERE "visits"."campaign_id" is not null;