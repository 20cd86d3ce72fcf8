CREATE TABLE "accuracy_checks" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"sample_id" uuid NOT NULL,
	"cadre_id" uuid NOT NULL,
	"collected_by" uuid NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"result" text DEFAULT 'pending' NOT NULL,
	"wrong_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"checked_by" uuid,
	"checked_at" timestamp with time zone,
	CONSTRAINT "accuracy_checks_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "accuracy_samples" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"share_percent" integer NOT NULL,
	"minimum_count" integer NOT NULL,
	"seed" text NOT NULL,
	"drawn_by" uuid,
	"drawn_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accuracy_samples_county_id_id_pk" PRIMARY KEY("county_id","id"),
	CONSTRAINT "accuracy_samples_period_order" CHECK ("accuracy_samples"."period_from" <= "accuracy_samples"."period_to")
);
--> statement-breakpoint
ALTER TABLE "accuracy_checks" ADD CONSTRAINT "accuracy_checks_checked_by_accounts_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accuracy_checks" ADD CONSTRAINT "accuracy_checks_sample_fk" FOREIGN KEY ("county_id","sample_id") REFERENCES "public"."accuracy_samples"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accuracy_checks" ADD CONSTRAINT "accuracy_checks_cadre_fk" FOREIGN KEY ("county_id","cadre_id") REFERENCES "public"."cadres"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accuracy_samples" ADD CONSTRAINT "accuracy_samples_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accuracy_samples" ADD CONSTRAINT "accuracy_samples_drawn_by_accounts_id_fk" FOREIGN KEY ("drawn_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "accuracy_checks_entry" ON "accuracy_checks" USING btree ("county_id","sample_id","cadre_id","entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "accuracy_checks_cadre" ON "accuracy_checks" USING btree ("county_id","cadre_id","collected_at");--> statement-breakpoint
CREATE UNIQUE INDEX "accuracy_samples_period" ON "accuracy_samples" USING btree ("county_id","region_id","period_from","period_to");--> statement-breakpoint
CREATE INDEX "accuracy_samples_region_code" ON "accuracy_samples" USING btree ("county_id","region_code" text_pattern_ops);