CREATE TABLE "pairing_contacts" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"pairing_id" uuid NOT NULL,
	"contacted_on" date NOT NULL,
	"kind" text NOT NULL,
	"visit_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"help_given" text DEFAULT '' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pairing_contacts_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "pairing_kinds" (
	"county_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"helper_side" text NOT NULL,
	"helped_side" text NOT NULL,
	"is_one_to_one" boolean NOT NULL,
	"contact_every_days" integer NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pairing_kinds_county_id_code_pk" PRIMARY KEY("county_id","code")
);
--> statement-breakpoint
CREATE TABLE "pairings" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"helper_side" text NOT NULL,
	"helper_staff_id" uuid,
	"helper_person_id" uuid,
	"helper_unit_id" uuid,
	"helper_name" text NOT NULL,
	"helped_side" text NOT NULL,
	"helped_id" uuid NOT NULL,
	"is_one_to_one" boolean NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"contact_every_days" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text,
	"last_contact_on" date,
	"overdue_told_for" date,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "pairings_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "pairings_one_helper" CHECK (("pairings"."helper_staff_id" is not null)::int + ("pairings"."helper_person_id" is not null)::int + ("pairings"."helper_unit_id" is not null)::int = 1),
	CONSTRAINT "pairings_period" CHECK ("pairings"."ends_on" is null or "pairings"."starts_on" <= "pairings"."ends_on"),
	CONSTRAINT "pairings_frequency" CHECK ("pairings"."contact_every_days" between 1 and 366)
);
--> statement-breakpoint
ALTER TABLE "pairing_contacts" ADD CONSTRAINT "pairing_contacts_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_contacts" ADD CONSTRAINT "pairing_contacts_pairing_fk" FOREIGN KEY ("county_id","pairing_id") REFERENCES "public"."pairings"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_contacts" ADD CONSTRAINT "pairing_contacts_visit_fk" FOREIGN KEY ("county_id","visit_id") REFERENCES "public"."visits"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairing_kinds" ADD CONSTRAINT "pairing_kinds_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pairings" ADD CONSTRAINT "pairings_helper_unit_fk" FOREIGN KEY ("county_id","helper_unit_id") REFERENCES "public"."units"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pairing_contacts_pairing" ON "pairing_contacts" USING btree ("county_id","pairing_id","contacted_on");--> statement-breakpoint
CREATE UNIQUE INDEX "pairings_one_to_one" ON "pairings" USING btree ("county_id","kind","helped_id") WHERE "pairings"."status" = 'active' and "pairings"."is_one_to_one";--> statement-breakpoint
CREATE INDEX "pairings_region_code" ON "pairings" USING btree ("county_id","region_code" text_pattern_ops,"kind");--> statement-breakpoint
CREATE INDEX "pairings_helped" ON "pairings" USING btree ("county_id","helped_id");--> statement-breakpoint
CREATE INDEX "pairings_helper_staff" ON "pairings" USING btree ("county_id","helper_staff_id");