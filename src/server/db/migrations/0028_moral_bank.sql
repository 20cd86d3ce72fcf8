CREATE TABLE "moral_bank_balances" (
	"county_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"balance" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moral_bank_balances_county_id_person_id_pk" PRIMARY KEY("county_id","person_id"),
	CONSTRAINT "moral_bank_balances_not_negative" CHECK ("moral_bank_balances"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE "moral_bank_decisions" (
	"county_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"decision" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"decided_by" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moral_bank_decisions_county_id_entry_id_pk" PRIMARY KEY("county_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "moral_bank_entries" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"household_id" uuid,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"rule_id" uuid,
	"reward_id" uuid,
	"corrects_entry_id" uuid,
	"occurred_on" date NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"recorded_by" uuid,
	"recorded_by_name" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moral_bank_entries_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "moral_bank_entries_points_not_zero" CHECK ("moral_bank_entries"."points" <> 0),
	CONSTRAINT "moral_bank_entries_sign" CHECK (("moral_bank_entries"."kind" = 'deposit' and "moral_bank_entries"."points" > 0) or ("moral_bank_entries"."kind" = 'redemption' and "moral_bank_entries"."points" < 0) or "moral_bank_entries"."kind" = 'correction')
);
--> statement-breakpoint
CREATE TABLE "moral_bank_photos" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"entry_id" uuid,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "moral_bank_photos_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "moral_bank_rewards" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"points" integer NOT NULL,
	"stock" integer NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "moral_bank_rewards_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "moral_bank_rewards_points_positive" CHECK ("moral_bank_rewards"."points" > 0),
	CONSTRAINT "moral_bank_rewards_stock_not_negative" CHECK ("moral_bank_rewards"."stock" >= 0)
);
--> statement-breakpoint
CREATE TABLE "moral_bank_rules" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"points" integer NOT NULL,
	"period" text NOT NULL,
	"period_limit" integer,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone,
	CONSTRAINT "moral_bank_rules_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "moral_bank_rules_points_positive" CHECK ("moral_bank_rules"."points" > 0),
	CONSTRAINT "moral_bank_rules_limit_positive" CHECK ("moral_bank_rules"."period_limit" is null or "moral_bank_rules"."period_limit" > 0)
);
--> statement-breakpoint
CREATE TABLE "moral_bank_settings" (
	"county_id" uuid PRIMARY KEY NOT NULL,
	"rankings_enabled" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "moral_bank_decisions" ADD CONSTRAINT "moral_bank_decisions_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moral_bank_entries" ADD CONSTRAINT "moral_bank_entries_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moral_bank_photos" ADD CONSTRAINT "moral_bank_photos_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moral_bank_rewards" ADD CONSTRAINT "moral_bank_rewards_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moral_bank_rewards" ADD CONSTRAINT "moral_bank_rewards_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moral_bank_rules" ADD CONSTRAINT "moral_bank_rules_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moral_bank_rules" ADD CONSTRAINT "moral_bank_rules_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moral_bank_settings" ADD CONSTRAINT "moral_bank_settings_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "moral_bank_entries_person" ON "moral_bank_entries" USING btree ("county_id","person_id","recorded_at");--> statement-breakpoint
CREATE INDEX "moral_bank_entries_region_code" ON "moral_bank_entries" USING btree ("county_id","region_code" text_pattern_ops,"recorded_at");--> statement-breakpoint
CREATE INDEX "moral_bank_entries_rule" ON "moral_bank_entries" USING btree ("county_id","rule_id","person_id","occurred_on");--> statement-breakpoint
CREATE INDEX "moral_bank_photos_entry" ON "moral_bank_photos" USING btree ("county_id","entry_id");--> statement-breakpoint
CREATE INDEX "moral_bank_photos_creator" ON "moral_bank_photos" USING btree ("created_by","created_at");--> statement-breakpoint
CREATE INDEX "moral_bank_rewards_region_code" ON "moral_bank_rewards" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "moral_bank_rules_region_code" ON "moral_bank_rules" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
-- The ledger and its decisions are what happened: entries are added, never changed or removed (a correction is a
-- new entry naming the one it corrects).
CREATE FUNCTION moral_bank_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER moral_bank_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON moral_bank_entries
  FOR EACH ROW EXECUTE FUNCTION moral_bank_refuse_change();
--> statement-breakpoint
CREATE TRIGGER moral_bank_decisions_no_update_or_delete BEFORE UPDATE OR DELETE ON moral_bank_decisions
  FOR EACH ROW EXECUTE FUNCTION moral_bank_refuse_change();
