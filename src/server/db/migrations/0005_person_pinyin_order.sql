-- Pinyin and initials compare by code point too (see 0004): a pinyin prefix search is then read in pinyin order
-- straight off one plain index, however many people share the prefix.
DROP INDEX "persons_name_pinyin";--> statement-breakpoint
DROP INDEX "persons_name_initials";--> statement-breakpoint
ALTER TABLE "persons" ALTER COLUMN "name_pinyin" TYPE text COLLATE "C";--> statement-breakpoint
ALTER TABLE "persons" ALTER COLUMN "name_initials" TYPE text COLLATE "C";--> statement-breakpoint
CREATE INDEX "persons_name_pinyin" ON "persons" USING btree ("county_id","name_pinyin","id");--> statement-breakpoint
CREATE INDEX "persons_name_initials" ON "persons" USING btree ("county_id","name_initials");
