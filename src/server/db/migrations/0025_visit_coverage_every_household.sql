-- Every household has its row in household_visit_days (an empty multirange until its first visit), so coverage
-- reads households and households visited in one scan of this narrow table instead of two (the households table is
-- wide). Rows are added by a statement-level trigger, one INSERT … SELECT per statement, so a ledger import of
-- thousands of households pays one statement, not one per row.
CREATE OR REPLACE FUNCTION household_visit_days_refresh(county uuid, household uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF household IS NULL THEN RETURN; END IF;
  UPDATE household_visit_days SET days = coalesce((
      SELECT range_agg(daterange(v.day, v.day, '[]'))
      FROM (SELECT ((visited_at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day FROM visits
        WHERE county_id = county AND household_id = household) v
    ), '{}'::datemultirange)
    WHERE county_id = county AND household_id = household;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION households_add_household_visit_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO household_visit_days (county_id, household_id, region_code, days)
    SELECT county_id, id, region_code, '{}'::datemultirange FROM added_households
    ON CONFLICT (county_id, household_id) DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER households_add_household_visit_days AFTER INSERT ON households
  REFERENCING NEW TABLE AS added_households FOR EACH STATEMENT
  EXECUTE FUNCTION households_add_household_visit_days();
--> statement-breakpoint
INSERT INTO household_visit_days (county_id, household_id, region_code, days)
  SELECT county_id, id, region_code, '{}'::datemultirange FROM households
  ON CONFLICT (county_id, household_id) DO NOTHING;
