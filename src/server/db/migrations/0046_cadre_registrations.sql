CREATE TABLE "cadre_invitations" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"token" text NOT NULL,
	"service_region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"unit_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cadre_invitations_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "cadre_registrations" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"invitation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"unit_id" uuid NOT NULL,
	"service_region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"home_region_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"reject_reason" text,
	"cadre_id" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cadre_registrations_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
ALTER TABLE "cadre_invitations" ADD CONSTRAINT "cadre_invitations_service_region_id_regions_id_fk" FOREIGN KEY ("service_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_invitations" ADD CONSTRAINT "cadre_invitations_revoked_by_accounts_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_invitations" ADD CONSTRAINT "cadre_invitations_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_invitations" ADD CONSTRAINT "cadre_invitations_unit_fk" FOREIGN KEY ("county_id","unit_id") REFERENCES "public"."units"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_registrations" ADD CONSTRAINT "cadre_registrations_service_region_id_regions_id_fk" FOREIGN KEY ("service_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_registrations" ADD CONSTRAINT "cadre_registrations_home_region_id_regions_id_fk" FOREIGN KEY ("home_region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_registrations" ADD CONSTRAINT "cadre_registrations_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_registrations" ADD CONSTRAINT "cadre_registrations_invitation_fk" FOREIGN KEY ("county_id","invitation_id") REFERENCES "public"."cadre_invitations"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_registrations" ADD CONSTRAINT "cadre_registrations_unit_fk" FOREIGN KEY ("county_id","unit_id") REFERENCES "public"."units"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cadre_registrations" ADD CONSTRAINT "cadre_registrations_cadre_fk" FOREIGN KEY ("county_id","cadre_id") REFERENCES "public"."cadres"("county_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cadre_invitations_token" ON "cadre_invitations" USING btree ("token");--> statement-breakpoint
CREATE INDEX "cadre_invitations_region_code" ON "cadre_invitations" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "cadre_registrations_region_code" ON "cadre_registrations" USING btree ("county_id","status","region_code" text_pattern_ops);