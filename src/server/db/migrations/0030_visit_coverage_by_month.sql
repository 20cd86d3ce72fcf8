CREATE TABLE "grid_visit_months" (
	"county_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"month" date NOT NULL,
	"previous_month" date NOT NULL,
	"households" integer NOT NULL,
	CONSTRAINT "grid_visit_months_county_id_region_code_month_previous_month_pk" PRIMARY KEY("county_id","region_code","month","previous_month")
);
--> statement-breakpoint
CREATE INDEX "grid_visit_months_region_code" ON "grid_visit_months" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
-- A household's pairs for grid_visit_months: (-infinity, -infinity) for the household itself, then each calendar
-- month it was visited in with the latest earlier such month (-infinity before its first). Nothing for NULL days.
CREATE FUNCTION household_visit_months(days datemultirange) RETURNS TABLE (month date, previous_month date)
  LANGUAGE sql IMMUTABLE AS $$
  SELECT '-infinity'::date, '-infinity'::date WHERE days IS NOT NULL
  UNION ALL
  SELECT m.month, coalesce(lag(m.month) OVER (ORDER BY m.month), '-infinity'::date)
  FROM (
    SELECT DISTINCT generate_series(date_trunc('month', lower(r)), upper(r) - 1, interval '1 month')::date AS month
    FROM unnest(days) r
  ) m
$$;
--> statement-breakpoint
-- Adds the household's new pairs and takes away its old ones, in one statement in key order (two visits of one
-- grid recorded at once lock its rows in the same order: no deadlock). A visit on a day of a month already visited
-- changes no pair, and writes nothing.
CREATE FUNCTION household_visit_days_keep_grid_visit_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_visit_months (county_id, region_code, month, previous_month, households)
    SELECT c.county_id, c.region_code, c.month, c.previous_month, sum(c.change)::int
    FROM (
      SELECT OLD.county_id AS county_id, OLD.region_code AS region_code, m.month, m.previous_month, -1 AS change
        FROM household_visit_months(CASE WHEN TG_OP <> 'INSERT' THEN OLD.days END) m
      UNION ALL
      SELECT NEW.county_id, NEW.region_code, m.month, m.previous_month, 1
        FROM household_visit_months(CASE WHEN TG_OP <> 'DELETE' THEN NEW.days END) m
    ) c
    GROUP BY c.county_id, c.region_code, c.month, c.previous_month
    HAVING sum(c.change) <> 0
    ORDER BY c.county_id, c.region_code, c.month, c.previous_month
  ON CONFLICT (county_id, region_code, month, previous_month)
    DO UPDATE SET households = grid_visit_months.households + excluded.households;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER household_visit_days_grid_visit_months AFTER INSERT OR UPDATE OR DELETE ON household_visit_days
  FOR EACH ROW EXECUTE FUNCTION household_visit_days_keep_grid_visit_months();
--> statement-breakpoint
-- The whole rollup from household_visit_days in one statement: here for the households already there, and for a bulk
-- load that turned the trigger off (the visits bench).
CREATE FUNCTION grid_visit_months_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM grid_visit_months;
  INSERT INTO grid_visit_months (county_id, region_code, month, previous_month, households)
    SELECT d.county_id, d.region_code, m.month, m.previous_month, count(*)::int
    FROM household_visit_days d, household_visit_months(d.days) m
    GROUP BY d.county_id, d.region_code, m.month, m.previous_month;
END;
$$;
--> statement-breakpoint
SELECT grid_visit_months_rebuild();
