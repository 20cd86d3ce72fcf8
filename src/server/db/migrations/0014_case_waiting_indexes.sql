DROP INDEX "cases_closed_at";--> statement-breakpoint
CREATE INDEX "cases_waiting" ON "cases" USING btree ("county_id","status","level") WHERE "cases"."status" in ('reported', 'accepted', 'handled', 'verified');--> statement-breakpoint
CREATE INDEX "cases_assignee_working" ON "cases" USING btree ("assignee_id","status") WHERE "cases"."status" in ('dispatched', 'in_progress');--> statement-breakpoint
CREATE INDEX "cases_closed_at" ON "cases" USING btree ("county_id","level","closed_at") WHERE "cases"."status" = 'closed';