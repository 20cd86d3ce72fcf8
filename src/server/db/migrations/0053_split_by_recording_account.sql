CREATE INDEX "inspections_recorded_by" ON "inspections" USING btree ("county_id","recorded_by","inspected_at");--> statement-breakpoint
CREATE INDEX "cadre_check_ins_created_by" ON "cadre_check_ins" USING btree ("county_id","created_by","day");--> statement-breakpoint
CREATE INDEX "service_consultations_recorded_by" ON "service_consultations" USING btree ("county_id","recorded_by","happened_at");