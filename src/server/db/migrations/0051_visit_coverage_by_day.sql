CREATE TABLE "grid_visit_day_tallies" (
	"county_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"day" date NOT NULL,
	"visits" integer NOT NULL,
	"person_times" integer NOT NULL,
	CONSTRAINT "grid_visit_day_tallies_county_id_region_code_day_pk" PRIMARY KEY("county_id","region_code","day")
);
--> statement-breakpoint
CREATE TABLE "grid_visit_days" (
	"county_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"day" date NOT NULL,
	"previous_day" date NOT NULL,
	"next_day" date NOT NULL,
	"households" integer NOT NULL,
	CONSTRAINT "grid_visit_days_county_id_region_code_day_previous_day_next_day_pk" PRIMARY KEY("county_id","region_code","day","previous_day","next_day")
);
--> statement-breakpoint
CREATE INDEX "grid_visit_day_tallies_by_day" ON "grid_visit_day_tallies" USING btree ("county_id","day","region_code" text_pattern_ops,"visits","person_times");--> statement-breakpoint
CREATE INDEX "grid_visit_days_by_day" ON "grid_visit_days" USING btree ("county_id","day","region_code" text_pattern_ops,"previous_day","next_day","households");--> statement-breakpoint
-- A household's triples for grid_visit_days: each day it was visited on with the previous and the next such day
-- (-infinity and infinity where there is none). Nothing for NULL days.
CREATE FUNCTION household_visit_day_neighbours(days datemultirange)
  RETURNS TABLE (day date, previous_day date, next_day date) LANGUAGE sql IMMUTABLE AS $$
  SELECT d.day, coalesce(lag(d.day) OVER w, '-infinity'::date), coalesce(lead(d.day) OVER w, 'infinity'::date)
  FROM (SELECT generate_series(lower(r), upper(r) - 1, interval '1 day')::date AS day FROM unnest(days) r) d
  WINDOW w AS (ORDER BY d.day)
$$;
--> statement-breakpoint
-- Adds the household's new triples and takes away its old ones, in one statement in key order (as
-- household_visit_days_keep_grid_visit_months does for the months): a visit on a day already visited writes nothing;
-- a new day changes its own triple and its two neighbours'.
CREATE FUNCTION household_visit_days_keep_grid_visit_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_visit_days (county_id, region_code, day, previous_day, next_day, households)
    SELECT c.county_id, c.region_code, c.day, c.previous_day, c.next_day, sum(c.change)::int
    FROM (
      SELECT OLD.county_id AS county_id, OLD.region_code AS region_code, n.day, n.previous_day, n.next_day,
          -1 AS change
        FROM household_visit_day_neighbours(CASE WHEN TG_OP <> 'INSERT' THEN OLD.days END) n
      UNION ALL
      SELECT NEW.county_id, NEW.region_code, n.day, n.previous_day, n.next_day, 1
        FROM household_visit_day_neighbours(CASE WHEN TG_OP <> 'DELETE' THEN NEW.days END) n
    ) c
    GROUP BY c.county_id, c.region_code, c.day, c.previous_day, c.next_day
    HAVING sum(c.change) <> 0
    ORDER BY c.county_id, c.region_code, c.day, c.previous_day, c.next_day
  ON CONFLICT (county_id, region_code, day, previous_day, next_day)
    DO UPDATE SET households = grid_visit_days.households + excluded.households;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER household_visit_days_grid_visit_days AFTER INSERT OR UPDATE OR DELETE ON household_visit_days
  FOR EACH ROW EXECUTE FUNCTION household_visit_days_keep_grid_visit_days();
--> statement-breakpoint
-- The whole of grid_visit_days from household_visit_days in one statement: here for the households already there,
-- and for a bulk load that turned the trigger off (the visits bench).
CREATE FUNCTION grid_visit_days_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM grid_visit_days;
  INSERT INTO grid_visit_days (county_id, region_code, day, previous_day, next_day, households)
    SELECT d.county_id, d.region_code, n.day, n.previous_day, n.next_day, count(*)::int
    FROM household_visit_days d, household_visit_day_neighbours(d.days) n
    GROUP BY d.county_id, d.region_code, n.day, n.previous_day, n.next_day;
END;
$$;
--> statement-breakpoint
SELECT grid_visit_days_rebuild();
--> statement-breakpoint
-- The China date a visit counts on (UTC+8 all year).
CREATE FUNCTION visit_tally_day(visited_at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT ((visited_at AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;
--> statement-breakpoint
-- The visits' triggers now keep the tallies per day; the monthly tallies follow the daily ones (the trigger below),
-- so a visit or a visitor is counted in one place.
CREATE OR REPLACE FUNCTION visits_keep_grid_visit_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_visit_day_tallies (county_id, region_code, day, visits, person_times)
    SELECT c.county_id, c.region_code, c.day, sum(c.visits)::int, sum(c.person_times)::int
    FROM (
      SELECT OLD.county_id AS county_id, OLD.region_code AS region_code, visit_tally_day(OLD.visited_at) AS day,
        -1 AS visits,
        -(SELECT count(*) FROM visit_visitors vv WHERE vv.county_id = OLD.county_id AND vv.visit_id = OLD.id)
          AS person_times
      WHERE TG_OP <> 'INSERT'
      UNION ALL
      SELECT NEW.county_id, NEW.region_code, visit_tally_day(NEW.visited_at), 1,
        (SELECT count(*) FROM visit_visitors vv WHERE vv.county_id = NEW.county_id AND vv.visit_id = NEW.id)
      WHERE TG_OP <> 'DELETE'
    ) c
    GROUP BY c.county_id, c.region_code, c.day
    HAVING sum(c.visits) <> 0 OR sum(c.person_times) <> 0
    ORDER BY c.county_id, c.region_code, c.day
  ON CONFLICT (county_id, region_code, day) DO UPDATE
    SET visits = grid_visit_day_tallies.visits + excluded.visits,
      person_times = grid_visit_day_tallies.person_times + excluded.person_times;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION visit_visitors_keep_grid_visit_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_visit_day_tallies (county_id, region_code, day, visits, person_times)
    SELECT c.county_id, c.region_code, c.day, 0, sum(c.change)::int
    FROM (
      SELECT v.county_id, v.region_code, visit_tally_day(v.visited_at) AS day, -1 AS change
      FROM visits v WHERE TG_OP <> 'INSERT' AND v.county_id = OLD.county_id AND v.id = OLD.visit_id
      UNION ALL
      SELECT v.county_id, v.region_code, visit_tally_day(v.visited_at), 1
      FROM visits v WHERE TG_OP <> 'DELETE' AND v.county_id = NEW.county_id AND v.id = NEW.visit_id
    ) c
    GROUP BY c.county_id, c.region_code, c.day
    HAVING sum(c.change) <> 0
    ORDER BY c.county_id, c.region_code, c.day
  ON CONFLICT (county_id, region_code, day) DO UPDATE
    SET person_times = grid_visit_day_tallies.person_times + excluded.person_times;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A day's tallies changed: its month's change by as much.
CREATE FUNCTION grid_visit_day_tallies_keep_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_visit_tallies (county_id, region_code, month, visits, person_times)
    SELECT c.county_id, c.region_code, date_trunc('month', c.day)::date, sum(c.visits)::int, sum(c.person_times)::int
    FROM (
      SELECT OLD.county_id AS county_id, OLD.region_code AS region_code, OLD.day AS day, -OLD.visits AS visits,
        -OLD.person_times AS person_times
      WHERE TG_OP <> 'INSERT'
      UNION ALL
      SELECT NEW.county_id, NEW.region_code, NEW.day, NEW.visits, NEW.person_times WHERE TG_OP <> 'DELETE'
    ) c
    GROUP BY c.county_id, c.region_code, date_trunc('month', c.day)
    HAVING sum(c.visits) <> 0 OR sum(c.person_times) <> 0
    ORDER BY 1, 2, 3
  ON CONFLICT (county_id, region_code, month) DO UPDATE
    SET visits = grid_visit_tallies.visits + excluded.visits,
      person_times = grid_visit_tallies.person_times + excluded.person_times;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER grid_visit_day_tallies_months AFTER INSERT OR UPDATE OR DELETE ON grid_visit_day_tallies
  FOR EACH ROW EXECUTE FUNCTION grid_visit_day_tallies_keep_months();
--> statement-breakpoint
-- Both tallies from the visits: the days in one statement, the months from the days in another (the months' trigger
-- is set aside meanwhile, so they are not counted twice). Here for the visits already there, and for a bulk load
-- that turned the visits' triggers off (the visits bench).
CREATE OR REPLACE FUNCTION grid_visit_tallies_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  ALTER TABLE grid_visit_day_tallies DISABLE TRIGGER grid_visit_day_tallies_months;
  DELETE FROM grid_visit_day_tallies;
  DELETE FROM grid_visit_tallies;
  INSERT INTO grid_visit_day_tallies (county_id, region_code, day, visits, person_times)
    SELECT v.county_id, v.region_code, visit_tally_day(v.visited_at), count(*)::int, coalesce(sum(vv.visitors), 0)::int
    FROM visits v
    LEFT JOIN (SELECT county_id, visit_id, count(*) AS visitors FROM visit_visitors GROUP BY county_id, visit_id) vv
      ON vv.county_id = v.county_id AND vv.visit_id = v.id
    GROUP BY v.county_id, v.region_code, visit_tally_day(v.visited_at);
  INSERT INTO grid_visit_tallies (county_id, region_code, month, visits, person_times)
    SELECT county_id, region_code, date_trunc('month', day)::date, sum(visits)::int, sum(person_times)::int
    FROM grid_visit_day_tallies
    GROUP BY county_id, region_code, date_trunc('month', day);
  ALTER TABLE grid_visit_day_tallies ENABLE TRIGGER grid_visit_day_tallies_months;
END;
$$;
--> statement-breakpoint
SELECT grid_visit_tallies_rebuild();
--> statement-breakpoint
-- The monthly tallies' own month function: nothing calls it any more.
DROP FUNCTION visit_tally_month(timestamptz);
