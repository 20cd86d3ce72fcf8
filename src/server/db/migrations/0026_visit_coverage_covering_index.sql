-- The period's visits of a region with their ids and households straight from the index (an index-only scan), for
-- the staff figures of coverage and the field figures: a village's year of visits lies scattered over the table's
-- pages, which a plain index scan would each have to read.
CREATE INDEX "visits_region_code_covering" ON "visits" USING btree ("county_id", "region_code" text_pattern_ops, "visited_at")
  INCLUDE ("id", "household_id", "place_id");
