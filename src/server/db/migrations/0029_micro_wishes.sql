CREATE TABLE "micro_wish_events" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"wish_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actor_account_id" uuid,
	"actor_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "micro_wish_events_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "micro_wishes" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"person_id" uuid NOT NULL,
	"household_id" uuid,
	"need_id" uuid,
	"drive_id" uuid,
	"category" text NOT NULL,
	"content" text NOT NULL,
	"status" text NOT NULL,
	"registered_via" text DEFAULT 'staff' NOT NULL,
	"registered_by" uuid,
	"registered_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reject_reason" text,
	"claimant_kind" text,
	"claimant_staff_id" uuid,
	"claimant_person_id" uuid,
	"claimant_unit_id" uuid,
	"claimant_name" text,
	"claimant_account_id" uuid,
	"claimed_at" timestamp with time zone,
	"promised_on" date,
	"fulfilled_at" timestamp with time zone,
	"fulfilment_note" text,
	"photo_key" text,
	"photo_type" text,
	"photo_size" integer,
	"photo_sha256" text,
	"acknowledged_at" timestamp with time zone,
	"acknowledgement" text,
	"rating" smallint,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"late_notified_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "micro_wishes_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "micro_wishes_rating" CHECK ("micro_wishes"."rating" is null or "micro_wishes"."rating" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "wish_drives" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"target_count" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wish_drives_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "wish_drives_period" CHECK ("wish_drives"."starts_on" <= "wish_drives"."ends_on")
);
--> statement-breakpoint
ALTER TABLE "micro_wish_events" ADD CONSTRAINT "micro_wish_events_actor_account_id_accounts_id_fk" FOREIGN KEY ("actor_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_registered_by_accounts_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_claimant_account_id_accounts_id_fk" FOREIGN KEY ("claimant_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_drives" ADD CONSTRAINT "wish_drives_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wish_drives" ADD CONSTRAINT "wish_drives_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "micro_wish_events_wish" ON "micro_wish_events" USING btree ("county_id","wish_id","created_at");--> statement-breakpoint
CREATE INDEX "micro_wishes_region_code" ON "micro_wishes" USING btree ("county_id","region_code" text_pattern_ops,"registered_at");--> statement-breakpoint
CREATE INDEX "micro_wishes_registered" ON "micro_wishes" USING btree ("county_id","registered_at","id");--> statement-breakpoint
CREATE INDEX "micro_wishes_status" ON "micro_wishes" USING btree ("county_id","status","promised_on");--> statement-breakpoint
CREATE INDEX "micro_wishes_drive" ON "micro_wishes" USING btree ("county_id","drive_id") WHERE "micro_wishes"."drive_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "micro_wishes_need" ON "micro_wishes" USING btree ("county_id","need_id") WHERE "micro_wishes"."need_id" is not null;--> statement-breakpoint
CREATE INDEX "wish_drives_region_code" ON "wish_drives" USING btree ("county_id","region_code" text_pattern_ops,"starts_on");