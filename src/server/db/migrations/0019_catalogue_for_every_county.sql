-- Reading a county's catalogue no longer writes the default one: a county gets it when it is created. Every county
-- without a catalogue gets it here, the default catalogue as it stood when this migration was written.
INSERT INTO "case_categories" (
  "county_id", "code", "name_zh", "name_en", "kind", "default_tier", "handling_level", "department",
  "general_limit", "complex_limit", "sort_order"
)
SELECT
  "county"."id", "item"."code", "item"."name_zh", "item"."name_en", "item"."kind", "item"."default_tier",
  "item"."handling_level", "item"."department", "item"."general_limit", "item"."complex_limit", "item"."sort_order"
FROM "regions" AS "county"
CROSS JOIN jsonb_to_recordset('[
  {"code":"party_building","name_zh":"党的建设","name_en":"Party building","kind":"need","default_tier":"general","handling_level":"village","department":"组织部","general_limit":{"amount":7,"unit":"working_days"},"complex_limit":{"amount":15,"unit":"working_days"},"sort_order":1},
  {"code":"public_security","name_zh":"综合治理","name_en":"Public order and security","kind":"hazard","default_tier":"general","handling_level":"grid","department":"政法委","general_limit":{"amount":3,"unit":"days"},"complex_limit":{"amount":15,"unit":"working_days"},"sort_order":2},
  {"code":"civilisation","name_zh":"文明创建","name_en":"Civilisation campaign","kind":"need","default_tier":"general","handling_level":"grid","department":"宣传部","general_limit":{"amount":7,"unit":"working_days"},"complex_limit":{"amount":15,"unit":"working_days"},"sort_order":3},
  {"code":"land_management","name_zh":"土地管理","name_en":"Land management","kind":"hazard","default_tier":"general","handling_level":"village","department":"自然资源局","general_limit":{"amount":7,"unit":"working_days"},"complex_limit":{"amount":20,"unit":"working_days"},"sort_order":4},
  {"code":"production_safety","name_zh":"安全生产","name_en":"Production safety","kind":"hazard","default_tier":"general","handling_level":"village","department":"应急管理局","general_limit":{"amount":24,"unit":"hours"},"complex_limit":{"amount":7,"unit":"working_days"},"sort_order":5},
  {"code":"social_assistance","name_zh":"社会救助","name_en":"Social assistance","kind":"livelihood","default_tier":"general","handling_level":"village","department":"民政局","general_limit":{"amount":7,"unit":"working_days"},"complex_limit":{"amount":15,"unit":"working_days"},"sort_order":6},
  {"code":"epidemic_prevention","name_zh":"疫情防控","name_en":"Epidemic prevention","kind":"hazard","default_tier":"general","handling_level":"grid","department":"卫健局","general_limit":{"amount":2,"unit":"hours"},"complex_limit":{"amount":24,"unit":"hours"},"sort_order":7},
  {"code":"dispute_mediation","name_zh":"矛盾纠纷","name_en":"Disputes","kind":"dispute","default_tier":"general","handling_level":"grid","department":"司法局","general_limit":{"amount":7,"unit":"days"},"complex_limit":{"amount":15,"unit":"working_days"},"sort_order":8},
  {"code":"environment","name_zh":"环境卫生","name_en":"Environment and sanitation","kind":"need","default_tier":"general","handling_level":"grid","department":"城管执法局","general_limit":{"amount":3,"unit":"days"},"complex_limit":{"amount":10,"unit":"working_days"},"sort_order":9},
  {"code":"municipal_facilities","name_zh":"市政设施","name_en":"Roads, lights, water and drains","kind":"need","default_tier":"general","handling_level":"village","department":"住建局","general_limit":{"amount":24,"unit":"hours"},"complex_limit":{"amount":10,"unit":"working_days"},"sort_order":10},
  {"code":"fire_safety","name_zh":"消防安全","name_en":"Fire safety","kind":"hazard","default_tier":"general","handling_level":"grid","department":"消防救援大队","general_limit":{"amount":24,"unit":"hours"},"complex_limit":{"amount":7,"unit":"working_days"},"sort_order":11},
  {"code":"livelihood","name_zh":"民生诉求","name_en":"Livelihood requests","kind":"livelihood","default_tier":"general","handling_level":"grid","department":"信访局","general_limit":{"amount":7,"unit":"working_days"},"complex_limit":{"amount":15,"unit":"working_days"},"sort_order":12},
  {"code":"flood_disaster","name_zh":"防汛防灾","name_en":"Floods and disasters","kind":"hazard","default_tier":"general","handling_level":"town","department":"应急管理局","general_limit":{"amount":2,"unit":"hours"},"complex_limit":{"amount":24,"unit":"hours"},"sort_order":13}
]'::jsonb) AS "item"(
  "code" text, "name_zh" text, "name_en" text, "kind" text, "default_tier" text, "handling_level" text,
  "department" text, "general_limit" jsonb, "complex_limit" jsonb, "sort_order" integer
)
WHERE "county"."level" = 'county'
  AND NOT EXISTS (SELECT 1 FROM "case_categories" AS "existing" WHERE "existing"."county_id" = "county"."id");
