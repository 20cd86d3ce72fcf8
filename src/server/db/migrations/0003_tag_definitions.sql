-- The default special-group tags (seeds 000–004). Sensitive ones (health, disability, minors, bereavement) are hidden
-- from roles without the sensitive.read capability. Administrators may add more rows.
INSERT INTO tag_definitions (code, name_zh, name_en, is_sensitive, sort_order) VALUES
  ('disabled', '残疾人', 'Disabled', true, 10),
  ('seriously_ill', '重病患者', 'Seriously ill', true, 20),
  ('lost_only_child', '失独家庭', 'Lost only child', true, 30),
  ('single_parent', '单亲家庭', 'Single parent', false, 40),
  ('minimum_allowance', '低保', 'Minimum living allowance', false, 50),
  ('extreme_poverty', '特困', 'Extreme poverty support', false, 60),
  ('elderly_alone', '独居老人', 'Elderly living alone', false, 70),
  ('left_behind_child', '留守儿童', 'Left-behind child', true, 80),
  ('veteran', '退役军人', 'Veteran', false, 90),
  ('special_student', '特殊类学生', 'Special-category student', true, 100),
  ('mobile_fisherman', '流动渔民', 'Mobile fisherman', false, 110),
  ('overseas_chinese_family', '侨眷侨属', 'Overseas-Chinese family', false, 120);
