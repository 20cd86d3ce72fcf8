CREATE TABLE "grid_visit_tallies" (
	"county_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"month" date NOT NULL,
	"visits" integer NOT NULL,
	"person_times" integer NOT NULL,
	CONSTRAINT "grid_visit_tallies_county_id_region_code_month_pk" PRIMARY KEY("county_id","region_code","month")
);
--> statement-breakpoint
CREATE INDEX "grid_visit_tallies_region_code" ON "grid_visit_tallies" USING btree ("county_id","region_code" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "visits_place_region_code" ON "visits" USING btree ("county_id","region_code" text_pattern_ops,"visited_at") WHERE "visits"."place_id" is not null;--> statement-breakpoint
-- The calendar month (China date, UTC+8 all year) a visit counts in.
CREATE FUNCTION visit_tally_month(visited_at timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT date_trunc('month', (visited_at AT TIME ZONE 'UTC') + interval '8 hours')::date
$$;
--> statement-breakpoint
-- A visit added, re-dated, moved or deleted: its month's tallies before and after, with the visitors it has now (a
-- visitor added later or taken away first is counted by the visitors' trigger). One statement in key order.
CREATE FUNCTION visits_keep_grid_visit_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_visit_tallies (county_id, region_code, month, visits, person_times)
    SELECT c.county_id, c.region_code, c.month, sum(c.visits)::int, sum(c.person_times)::int
    FROM (
      SELECT OLD.county_id AS county_id, OLD.region_code AS region_code, visit_tally_month(OLD.visited_at) AS month,
        -1 AS visits,
        -(SELECT count(*) FROM visit_visitors vv WHERE vv.county_id = OLD.county_id AND vv.visit_id = OLD.id)
          AS person_times
      WHERE TG_OP <> 'INSERT'
      UNION ALL
      SELECT NEW.county_id, NEW.region_code, visit_tally_month(NEW.visited_at), 1,
        (SELECT count(*) FROM visit_visitors vv WHERE vv.county_id = NEW.county_id AND vv.visit_id = NEW.id)
      WHERE TG_OP <> 'DELETE'
    ) c
    GROUP BY c.county_id, c.region_code, c.month
    HAVING sum(c.visits) <> 0 OR sum(c.person_times) <> 0
    ORDER BY c.county_id, c.region_code, c.month
  ON CONFLICT (county_id, region_code, month) DO UPDATE
    SET visits = grid_visit_tallies.visits + excluded.visits,
      person_times = grid_visit_tallies.person_times + excluded.person_times;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER visits_grid_visit_tallies AFTER INSERT OR DELETE OR UPDATE OF county_id, id, region_code, visited_at
  ON visits FOR EACH ROW EXECUTE FUNCTION visits_keep_grid_visit_tallies();
--> statement-breakpoint
-- A visitor added to or taken away from a visit that exists: one person-time more or less in the visit's month.
CREATE FUNCTION visit_visitors_keep_grid_visit_tallies() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_visit_tallies (county_id, region_code, month, visits, person_times)
    SELECT c.county_id, c.region_code, c.month, 0, sum(c.change)::int
    FROM (
      SELECT v.county_id, v.region_code, visit_tally_month(v.visited_at) AS month, -1 AS change
      FROM visits v WHERE TG_OP <> 'INSERT' AND v.county_id = OLD.county_id AND v.id = OLD.visit_id
      UNION ALL
      SELECT v.county_id, v.region_code, visit_tally_month(v.visited_at), 1
      FROM visits v WHERE TG_OP <> 'DELETE' AND v.county_id = NEW.county_id AND v.id = NEW.visit_id
    ) c
    GROUP BY c.county_id, c.region_code, c.month
    HAVING sum(c.change) <> 0
    ORDER BY c.county_id, c.region_code, c.month
  ON CONFLICT (county_id, region_code, month) DO UPDATE
    SET person_times = grid_visit_tallies.person_times + excluded.person_times;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER visit_visitors_grid_visit_tallies AFTER INSERT OR DELETE OR UPDATE ON visit_visitors
  FOR EACH ROW EXECUTE FUNCTION visit_visitors_keep_grid_visit_tallies();
--> statement-breakpoint
-- The whole rollup from the visits in one statement: here for the visits already there, and for a bulk load that
-- turned the triggers off (the visits bench).
CREATE FUNCTION grid_visit_tallies_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM grid_visit_tallies;
  INSERT INTO grid_visit_tallies (county_id, region_code, month, visits, person_times)
    SELECT v.county_id, v.region_code, visit_tally_month(v.visited_at), count(*)::int,
      coalesce(sum(vv.visitors), 0)::int
    FROM visits v
    LEFT JOIN (SELECT county_id, visit_id, count(*) AS visitors FROM visit_visitors GROUP BY county_id, visit_id) vv
      ON vv.county_id = v.county_id AND vv.visit_id = v.id
    GROUP BY v.county_id, v.region_code, visit_tally_month(v.visited_at);
END;
$$;
--> statement-breakpoint
SELECT grid_visit_tallies_rebuild();
