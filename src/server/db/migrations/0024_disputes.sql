CREATE TABLE "dispute_kinds" (
	"county_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 100 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispute_kinds_county_id_code_pk" PRIMARY KEY("county_id","code")
);
--> statement-breakpoint
CREATE TABLE "dispute_sessions" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"dispute_id" uuid NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"attendees" text DEFAULT '' NOT NULL,
	"notes" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispute_sessions_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"parties" jsonb NOT NULL,
	"person_ids" uuid[] DEFAULT '{}' NOT NULL,
	"mediators" jsonb NOT NULL,
	"talk_point_id" uuid,
	"has_legal_aid" boolean DEFAULT false NOT NULL,
	"legal_aid_by" text,
	"status" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"agreement" text,
	"settled_level" text,
	"escalated_to" text,
	"escalated_at" timestamp with time zone,
	"outcome_note" text,
	"closed_at" timestamp with time zone,
	"agreement_photo_key" text,
	"agreement_photo_type" text,
	"agreement_photo_size" integer,
	"agreement_photo_sha256" text,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disputes_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "talk_points" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"host" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "talk_points_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
ALTER TABLE "dispute_kinds" ADD CONSTRAINT "dispute_kinds_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_sessions" ADD CONSTRAINT "dispute_sessions_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_points" ADD CONSTRAINT "talk_points_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "talk_points" ADD CONSTRAINT "talk_points_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispute_sessions_dispute" ON "dispute_sessions" USING btree ("county_id","dispute_id","held_at");--> statement-breakpoint
CREATE INDEX "disputes_region_code" ON "disputes" USING btree ("county_id","region_code" text_pattern_ops,"registered_at");--> statement-breakpoint
CREATE INDEX "disputes_registered" ON "disputes" USING btree ("county_id","registered_at","id");--> statement-breakpoint
CREATE INDEX "disputes_status" ON "disputes" USING btree ("county_id","status","registered_at");--> statement-breakpoint
CREATE INDEX "talk_points_region_code" ON "talk_points" USING btree ("county_id","region_code" text_pattern_ops);