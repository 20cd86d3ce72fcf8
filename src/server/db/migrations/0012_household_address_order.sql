-- Addresses sort as people read them: each run of digits is padded to ten places (longer runs are kept whole), so
-- 2号楼 comes before 10号楼 and room 101 before 1001. The key is computed by the database for every writer, and
-- compares by code point (collation "C") like the persons' names (0004).
CREATE FUNCTION natural_sort_key(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(
    CASE WHEN piece ~ '^[0-9]' THEN lpad(piece, greatest(length(piece), 10), '0') ELSE piece END, '' ORDER BY position), '')
  FROM regexp_matches($1, '[0-9]+|[^0-9]+', 'g') WITH ORDINALITY AS matched(pieces, position),
    LATERAL (SELECT pieces[1]) AS part(piece)
$$;--> statement-breakpoint
ALTER TABLE "households" ADD COLUMN "address_sort_key" text COLLATE "C" GENERATED ALWAYS AS (natural_sort_key(address)) STORED NOT NULL;
