CREATE TABLE "case_categories" (
	"county_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL,
	"default_tier" text NOT NULL,
	"handling_level" text NOT NULL,
	"department" text DEFAULT '' NOT NULL,
	"general_limit" jsonb NOT NULL,
	"complex_limit" jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_categories_county_id_code_pk" PRIMARY KEY("county_id","code")
);
--> statement-breakpoint
CREATE TABLE "case_events" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"from_level" text,
	"to_level" text NOT NULL,
	"note" text,
	"details" jsonb,
	CONSTRAINT "case_events_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_figures" (
	"county_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"day" date NOT NULL,
	"category_code" text NOT NULL,
	"source" text NOT NULL,
	"reported" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"closed_at_grid" integer DEFAULT 0 NOT NULL,
	"closed_at_village" integer DEFAULT 0 NOT NULL,
	"closed_at_town" integer DEFAULT 0 NOT NULL,
	"closed_at_county" integer DEFAULT 0 NOT NULL,
	"close_seconds" bigint DEFAULT 0 NOT NULL,
	"rating_sum" integer DEFAULT 0 NOT NULL,
	"rating_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "case_figures_region_id_day_category_code_source_pk" PRIMARY KEY("region_id","day","category_code","source")
);
--> statement-breakpoint
CREATE TABLE "case_files" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"event_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_files_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "case_number_counters" (
	"county_id" uuid NOT NULL,
	"day" date NOT NULL,
	"last_number" integer NOT NULL,
	CONSTRAINT "case_number_counters_county_id_day_pk" PRIMARY KEY("county_id","day")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"category_code" text NOT NULL,
	"kind" text NOT NULL,
	"tier" text NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"level" text NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"address" text DEFAULT '' NOT NULL,
	"description" text NOT NULL,
	"household_id" uuid,
	"person_ids" uuid[] DEFAULT '{}' NOT NULL,
	"place_id" uuid,
	"resident_name" text,
	"resident_phone" text,
	"reporter_id" uuid,
	"assignee_id" uuid,
	"department" text,
	"is_published" boolean DEFAULT false NOT NULL,
	"duplicate_of_id" uuid,
	"result" text,
	"deadline" timestamp with time zone,
	"warn_at" timestamp with time zone,
	"warned_at" timestamp with time zone,
	"overdue_at" timestamp with time zone,
	"reported_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_level" text,
	"is_closed_on_time" boolean,
	"rating" smallint,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cases_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"county_id" uuid NOT NULL,
	"case_id" uuid,
	"kind" text NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"county_id" uuid NOT NULL,
	"url" text NOT NULL,
	"body" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_categories" ADD CONSTRAINT "case_categories_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_accounts_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_files" ADD CONSTRAINT "case_files_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_reporter_id_accounts_id_fk" FOREIGN KEY ("reporter_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_assignee_id_accounts_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_events_case" ON "case_events" USING btree ("county_id","case_id","at");--> statement-breakpoint
CREATE INDEX "case_files_case" ON "case_files" USING btree ("county_id","case_id");--> statement-breakpoint
CREATE INDEX "cases_number" ON "cases" USING btree ("county_id","number");--> statement-breakpoint
CREATE INDEX "cases_reported" ON "cases" USING btree ("county_id","reported_at","id");--> statement-breakpoint
CREATE INDEX "cases_region_code" ON "cases" USING btree ("county_id","region_code" text_pattern_ops,"reported_at");--> statement-breakpoint
CREATE INDEX "cases_assignee" ON "cases" USING btree ("assignee_id","reported_at");--> statement-breakpoint
CREATE INDEX "cases_deadline" ON "cases" USING btree ("deadline") WHERE "cases"."status" in ('reported', 'accepted', 'dispatched', 'in_progress');--> statement-breakpoint
CREATE INDEX "cases_warn_at" ON "cases" USING btree ("warn_at") WHERE "cases"."warned_at" is null and "cases"."status" in ('reported', 'accepted', 'dispatched', 'in_progress');--> statement-breakpoint
CREATE INDEX "notifications_account" ON "notifications" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due" ON "webhook_deliveries" USING btree ("next_attempt_at") WHERE "webhook_deliveries"."delivered_at" is null and "webhook_deliveries"."failed_at" is null;--> statement-breakpoint
-- A case's timeline is what happened: entries are added, never changed or removed.
CREATE FUNCTION case_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER case_events_no_update_or_delete BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_refuse_change();
