CREATE TABLE "household_tags" (
	"county_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"tag_code" text NOT NULL,
	CONSTRAINT "household_tags_county_id_household_id_tag_code_pk" PRIMARY KEY("county_id","household_id","tag_code")
);
--> statement-breakpoint
CREATE TABLE "households" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"address" text NOT NULL,
	"building" text,
	"unit" text,
	"room" text,
	"head_person_id" uuid,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "households_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "person_tags" (
	"county_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"tag_code" text NOT NULL,
	CONSTRAINT "person_tags_county_id_person_id_tag_code_pk" PRIMARY KEY("county_id","person_id","tag_code")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"household_id" uuid,
	"relation_to_head" text,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"name_pinyin" text NOT NULL,
	"name_initials" text NOT NULL,
	"sex" text,
	"id_number" text,
	"phone" text,
	"birth_date" date,
	"ethnicity" text,
	"residence_type" text,
	"is_party_member" boolean DEFAULT false NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"import_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "persons_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "places" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "places_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "registry_imports" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"account_id" uuid,
	"region_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"file_hash" text NOT NULL,
	"total_rows" integer NOT NULL,
	"imported_rows" integer NOT NULL,
	"unchanged_rows" integer NOT NULL,
	"error_rows" integer NOT NULL,
	"problems" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "registry_imports_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "tag_definitions" (
	"code" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"is_sensitive" boolean DEFAULT false NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "household_tags" ADD CONSTRAINT "household_tags_tag_code_tag_definitions_code_fk" FOREIGN KEY ("tag_code") REFERENCES "public"."tag_definitions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "households" ADD CONSTRAINT "households_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_tags" ADD CONSTRAINT "person_tags_tag_code_tag_definitions_code_fk" FOREIGN KEY ("tag_code") REFERENCES "public"."tag_definitions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "places" ADD CONSTRAINT "places_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_imports" ADD CONSTRAINT "registry_imports_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "household_tags_tag" ON "household_tags" USING btree ("county_id","tag_code");--> statement-breakpoint
CREATE INDEX "households_region_code" ON "households" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "households_address" ON "households" USING btree ("county_id","region_id","address");--> statement-breakpoint
CREATE INDEX "person_tags_tag" ON "person_tags" USING btree ("county_id","tag_code");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_number" ON "persons" USING btree ("county_id","id_number");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_import_key" ON "persons" USING btree ("county_id","import_key");--> statement-breakpoint
CREATE INDEX "persons_region_code" ON "persons" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "persons_household" ON "persons" USING btree ("county_id","household_id");--> statement-breakpoint
CREATE INDEX "persons_name" ON "persons" USING btree ("county_id","name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "persons_name_pinyin" ON "persons" USING btree ("county_id","name_pinyin" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "persons_name_initials" ON "persons" USING btree ("county_id","name_initials" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "persons_id_number_suffix" ON "persons" USING btree ("county_id",reverse("id_number") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "persons_phone_suffix" ON "persons" USING btree ("county_id",reverse("phone") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "places_region_code" ON "places" USING btree ("county_id","region_code" text_pattern_ops);