-- Names compare by code point (collation "C"): a prefix search and the list order then share one plain index.
DROP INDEX "persons_name";--> statement-breakpoint
ALTER TABLE "persons" ALTER COLUMN "name" TYPE text COLLATE "C";--> statement-breakpoint
CREATE INDEX "persons_name" ON "persons" USING btree ("county_id","name","id");
