CREATE TABLE "household_visit_days" (
	"county_id" uuid NOT NULL,
	"household_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"days" datemultirange NOT NULL,
	CONSTRAINT "household_visit_days_county_id_household_id_pk" PRIMARY KEY("county_id","household_id")
);
--> statement-breakpoint
CREATE INDEX "household_visit_days_region_code" ON "household_visit_days" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
-- The days each household was visited on (China dates), kept by triggers on visits and households: coverage counts
-- households whose days overlap a period, one test per household, instead of counting distinct households over a
-- year of visits.
CREATE FUNCTION household_visit_days_refresh(county uuid, household uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF household IS NULL THEN RETURN; END IF;
  DELETE FROM household_visit_days WHERE county_id = county AND household_id = household;
  INSERT INTO household_visit_days (county_id, household_id, region_code, days)
    SELECT county, household, max(coalesce(h.region_code, v.region_code)),
      range_agg(daterange(((v.visited_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
        ((v.visited_at AT TIME ZONE 'UTC') + interval '8 hours')::date, '[]'))
    FROM visits v
    LEFT JOIN households h ON h.county_id = county AND h.id = household
    WHERE v.county_id = county AND v.household_id = household
    HAVING count(*) > 0;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION visits_keep_household_visit_days() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  day date;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.household_id IS NOT NULL THEN
      day := ((NEW.visited_at AT TIME ZONE 'UTC') + interval '8 hours')::date;
      INSERT INTO household_visit_days (county_id, household_id, region_code, days)
        SELECT NEW.county_id, NEW.household_id,
          coalesce((SELECT h.region_code FROM households h WHERE h.county_id = NEW.county_id AND h.id = NEW.household_id),
            NEW.region_code),
          datemultirange(daterange(day, day, '[]'))
        ON CONFLICT (county_id, household_id) DO UPDATE SET days = household_visit_days.days + excluded.days;
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    IF NEW.household_id IS DISTINCT FROM OLD.household_id OR NEW.visited_at <> OLD.visited_at
      OR NEW.county_id <> OLD.county_id THEN
      PERFORM household_visit_days_refresh(OLD.county_id, OLD.household_id);
      PERFORM household_visit_days_refresh(NEW.county_id, NEW.household_id);
    END IF;
  ELSE
    PERFORM household_visit_days_refresh(OLD.county_id, OLD.household_id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER visits_household_visit_days AFTER INSERT OR UPDATE OR DELETE ON visits
  FOR EACH ROW EXECUTE FUNCTION visits_keep_household_visit_days();
--> statement-breakpoint
CREATE FUNCTION households_move_household_visit_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM household_visit_days WHERE county_id = OLD.county_id AND household_id = OLD.id;
  ELSE
    UPDATE household_visit_days SET region_code = NEW.region_code
      WHERE county_id = NEW.county_id AND household_id = NEW.id;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER households_move_household_visit_days AFTER UPDATE OF region_code ON households
  FOR EACH ROW WHEN (OLD.region_code IS DISTINCT FROM NEW.region_code)
  EXECUTE FUNCTION households_move_household_visit_days();
--> statement-breakpoint
CREATE TRIGGER households_drop_household_visit_days AFTER DELETE ON households
  FOR EACH ROW EXECUTE FUNCTION households_move_household_visit_days();
--> statement-breakpoint
-- Visits recorded before this migration.
INSERT INTO household_visit_days (county_id, household_id, region_code, days)
  SELECT v.county_id, v.household_id, max(coalesce(h.region_code, v.region_code)),
    range_agg(daterange(((v.visited_at AT TIME ZONE 'UTC') + interval '8 hours')::date,
      ((v.visited_at AT TIME ZONE 'UTC') + interval '8 hours')::date, '[]'))
  FROM visits v
  LEFT JOIN households h ON h.county_id = v.county_id AND h.id = v.household_id
  WHERE v.household_id IS NOT NULL
  GROUP BY v.county_id, v.household_id;
