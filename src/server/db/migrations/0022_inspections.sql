CREATE TABLE "inspection_checklists" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"place_kinds" text[] NOT NULL,
	"items" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_checklists_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_items" (
	"county_id" uuid NOT NULL,
	"inspection_id" uuid NOT NULL,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"result" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"resolution" text,
	"case_id" uuid,
	"rechecked_by" uuid,
	CONSTRAINT "inspection_items_county_id_inspection_id_code_pk" PRIMARY KEY("county_id","inspection_id","code")
);
--> statement-breakpoint
CREATE TABLE "inspection_photos" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"inspection_id" uuid,
	"item_code" text,
	"stage" text,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_photos_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"county_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"previous_id" uuid,
	"place_id" uuid NOT NULL,
	"region_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"checklist_id" uuid NOT NULL,
	"checklist_version" integer NOT NULL,
	"checklist_name_zh" text NOT NULL,
	"checklist_name_en" text NOT NULL,
	"inspected_at" timestamp with time zone NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"inspector_staff_ids" uuid[] DEFAULT '{}' NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspections_county_id_id_pk" PRIMARY KEY("county_id","id")
);
--> statement-breakpoint
ALTER TABLE "inspection_checklists" ADD CONSTRAINT "inspection_checklists_county_id_regions_id_fk" FOREIGN KEY ("county_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_photos" ADD CONSTRAINT "inspection_photos_uploaded_by_accounts_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_recorded_by_accounts_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inspection_items_case" ON "inspection_items" USING btree ("county_id","case_id") WHERE "inspection_items"."case_id" is not null;--> statement-breakpoint
CREATE INDEX "inspection_photos_inspection" ON "inspection_photos" USING btree ("county_id","inspection_id") WHERE "inspection_photos"."inspection_id" is not null;--> statement-breakpoint
CREATE INDEX "inspection_photos_uploader" ON "inspection_photos" USING btree ("uploaded_by","created_at");--> statement-breakpoint
CREATE INDEX "inspections_region_code" ON "inspections" USING btree ("county_id","region_code" text_pattern_ops,"inspected_at");--> statement-breakpoint
CREATE INDEX "inspections_inspected" ON "inspections" USING btree ("county_id","inspected_at","id");--> statement-breakpoint
CREATE INDEX "inspections_place" ON "inspections" USING btree ("county_id","place_id","inspected_at");--> statement-breakpoint
CREATE INDEX "inspections_previous" ON "inspections" USING btree ("county_id","previous_id") WHERE "inspections"."previous_id" is not null;--> statement-breakpoint
-- Every county has the default checklist (九小场所燃气安全) from the start; a county created later gets it where it
-- is created (createDefaultChecklists). The list as it stood when this migration was written.
INSERT INTO "inspection_checklists" ("county_id", "id", "name_zh", "name_en", "place_kinds", "items")
SELECT "county"."id", gen_random_uuid(), '九小场所燃气安全检查', 'Gas safety of the nine small places',
  ARRAY['nine_small_place', 'restaurant', 'shop'], '[
  {"code":"gas_hose","nameZh":"燃气软管老化、超长或穿墙","nameEn":"Gas hose aged, too long or through a wall","category":"fire_safety"},
  {"code":"stove_flame_failure","nameZh":"灶具不合规（无熄火保护装置）","nameEn":"Stove without flame-failure protection","category":"fire_safety"},
  {"code":"gas_alarm","nameZh":"未安装燃气泄漏报警器","nameEn":"No gas leak alarm installed","category":"fire_safety"},
  {"code":"exit_blocked","nameZh":"安全出口、疏散通道堵塞","nameEn":"Emergency exit or escape route blocked","category":"fire_safety"},
  {"code":"extinguisher","nameZh":"灭火器缺失或过期","nameEn":"Fire extinguisher missing or expired","category":"fire_safety"},
  {"code":"wiring","nameZh":"电线私拉乱接","nameEn":"Improvised electrical wiring","category":"fire_safety"},
  {"code":"lpg_cylinder","nameZh":"液化气钢瓶超期未检","nameEn":"LPG cylinder past its inspection date","category":"fire_safety"},
  {"code":"fume_duct","nameZh":"油烟管道未定期清洗","nameEn":"Kitchen fume duct not cleaned","category":"fire_safety"},
  {"code":"cylinder_storage","nameZh":"钢瓶存放处通风不良或与明火同室","nameEn":"Cylinders stored unventilated or beside open flame","category":"fire_safety"}
]'::jsonb
FROM "regions" AS "county"
WHERE "county"."level" = 'county'
  AND NOT EXISTS (SELECT 1 FROM "inspection_checklists" AS "existing" WHERE "existing"."county_id" = "county"."id");
