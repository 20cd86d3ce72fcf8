CREATE TABLE "cadre_check_ins" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"day" date NOT NULL,
	"checked_in_at" timestamp with time zone NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"inside_grid" boolean,
	"distance_meters" integer,
	"checked_out_at" timestamp with time zone,
	"check_out_latitude" double precision,
	"check_out_longitude" double precision,
	"created_by" uuid,
	CONSTRAINT "cadre_check_ins_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "cadre_check_ins_out_after_in" CHECK ("cadre_check_ins"."checked_out_at" is null or "cadre_check_ins"."checked_out_at" >= "cadre_check_ins"."checked_in_at")
);
--> statement-breakpoint
CREATE TABLE "cadre_leaves" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cadre_leaves_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "cadre_leaves_period" CHECK ("cadre_leaves"."starts_on" <= "cadre_leaves"."ends_on")
);
--> statement-breakpoint
CREATE TABLE "cadres" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"phone" text DEFAULT '' NOT NULL,
	"unit_id" uuid NOT NULL,
	"service_region_id" uuid NOT NULL,
	"home_region_id" uuid,
	"grid_id" uuid,
	"region_code" text NOT NULL,
	"duties" text DEFAULT '' NOT NULL,
	"account_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"starts_on" date NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cadres_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
ALTER TABLE "cadre_check_ins" ADD CONSTRAINT "cadre_check_ins_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_check_ins" ADD CONSTRAINT "cadre_check_ins_cadre_fk" FOREIGN KEY ("county_id","cadre_id") REFERENCES "public"."cadres"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_leaves" ADD CONSTRAINT "cadre_leaves_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_leaves" ADD CONSTRAINT "cadre_leaves_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_leaves" ADD CONSTRAINT "cadre_leaves_cadre_fk" FOREIGN KEY ("county_id","cadre_id") REFERENCES "public"."cadres"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadres" ADD CONSTRAINT "cadres_service_region_id_regions_id_fk" FOREIGN KEY ("service_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadres" ADD CONSTRAINT "cadres_home_region_id_regions_id_fk" FOREIGN KEY ("home_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadres" ADD CONSTRAINT "cadres_grid_id_regions_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadres" ADD CONSTRAINT "cadres_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadres" ADD CONSTRAINT "cadres_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadres" ADD CONSTRAINT "cadres_unit_fk" FOREIGN KEY ("county_id","unit_id") REFERENCES "public"."units"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_check_ins_day" ON "cadre_check_ins" USING btree ("county_id","cadre_id","day");--> statement-breakpoint
CREATE INDEX "cadre_leaves_cadre" ON "cadre_leaves" USING btree ("county_id","cadre_id","starts_on");--> statement-breakpoint
CREATE INDEX "cadres_region_code" ON "cadres" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cadres_unit" ON "cadres" USING btree ("county_id","unit_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cadres_active_account" ON "cadres" USING btree ("account_id") WHERE "cadres"."status" = 'active' and "cadres"."account_id" is not null;