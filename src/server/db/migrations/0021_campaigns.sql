CREATE TABLE "campaign_kinds" (
	"county_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_kinds_county_id_code_pk" PRIMARY KEY("county_id","code")
);
--> statement-breakpoint
CREATE TABLE "campaign_participants" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"staff_id" uuid,
	"name" text NOT NULL,
	"organisation" text DEFAULT '' NOT NULL,
	"attendances" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_participants_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "campaign_regions" (
	"county_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	CONSTRAINT "campaign_regions_county_id_campaign_id_region_id_pk" PRIMARY KEY("county_id","campaign_id","region_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_tasks" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"title" text NOT NULL,
	"due_date" date,
	"assignee_id" uuid,
	"is_done" boolean DEFAULT false NOT NULL,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_tasks_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"target_tags" text[] DEFAULT '{}' NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "campaign_kinds" ADD CONSTRAINT "campaign_kinds_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_participants" ADD CONSTRAINT "campaign_participants_campaign_fk" FOREIGN KEY ("county_id","campaign_id") REFERENCES "public"."campaigns"("county_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_regions" ADD CONSTRAINT "campaign_regions_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_regions" ADD CONSTRAINT "campaign_regions_campaign_fk" FOREIGN KEY ("county_id","campaign_id") REFERENCES "public"."campaigns"("county_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_tasks" ADD CONSTRAINT "campaign_tasks_campaign_fk" FOREIGN KEY ("county_id","campaign_id") REFERENCES "public"."campaigns"("county_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_participants_campaign" ON "campaign_participants" USING btree ("county_id","campaign_id");--> statement-breakpoint
CREATE INDEX "campaign_regions_code" ON "campaign_regions" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "campaign_tasks_campaign" ON "campaign_tasks" USING btree ("county_id","campaign_id","created_at");--> statement-breakpoint
CREATE INDEX "campaigns_period" ON "campaigns" USING btree ("county_id","end_date","start_date");--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_campaign_fk" FOREIGN KEY ("county_id","campaign_id") REFERENCES "public"."campaigns"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_campaign" ON "cases" USING btree ("county_id","campaign_id") WHERE "cases"."campaign_id" is not null;--> statement-breakpoint
-- A visit made under a campaign names one of its county (the visits table keeps the column; the key comes with campaigns).
ALTER TABLE "visits" ADD CONSTRAINT "visits_campaign_fk" FOREIGN KEY ("county_id","campaign_id") REFERENCES "public"."campaigns"("county_id","id") ON DELETE no action ON UPDATE no action;
