CREATE TABLE "account_work_days" (
	"county_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"day" date NOT NULL,
	"work" integer NOT NULL,
	CONSTRAINT "account_work_days_county_id_account_id_day_pk" PRIMARY KEY("county_id","account_id","day")
);

--> statement-breakpoint
-- One piece of work moved from an account's day to another's (either side absent: null account or day), written in
-- one statement in key order, so that two writers touching the same days take their locks in the same order.
CREATE FUNCTION account_work_days_move(old_county_id uuid, old_account_id uuid, old_day date, new_county_id uuid,
    new_account_id uuid, new_day date) RETURNS void LANGUAGE sql AS $$
  INSERT INTO account_work_days (county_id, account_id, day, work)
    SELECT c.county_id, c.account_id, c.day, sum(c.change)::int
    FROM (VALUES (old_county_id, old_account_id, old_day, -1), (new_county_id, new_account_id, new_day, 1))
      AS c (county_id, account_id, day, change)
    WHERE c.account_id IS NOT NULL AND c.day IS NOT NULL
    GROUP BY c.county_id, c.account_id, c.day
    HAVING sum(c.change) <> 0
    ORDER BY c.county_id, c.account_id, c.day
  ON CONFLICT (county_id, account_id, day) DO UPDATE SET work = account_work_days.work + excluded.work
$$;
--> statement-breakpoint
-- Each table's work as the attendance counts it (OLD is null on an insert, NEW on a delete): the China day of a
-- visit, of a case reported, of a wish registered and of its claim, of a moral-bank deposit, of a pairing contact.
CREATE FUNCTION visits_keep_account_work_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_work_days_move(OLD.county_id, OLD.recorded_by, (OLD.visited_at AT TIME ZONE 'Asia/Shanghai')::date,
    NEW.county_id, NEW.recorded_by, (NEW.visited_at AT TIME ZONE 'Asia/Shanghai')::date);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER visits_account_work_days AFTER INSERT OR DELETE OR UPDATE OF county_id, recorded_by, visited_at
  ON visits FOR EACH ROW EXECUTE FUNCTION visits_keep_account_work_days();
--> statement-breakpoint
CREATE FUNCTION cases_keep_account_work_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_work_days_move(OLD.county_id, OLD.reporter_id, (OLD.reported_at AT TIME ZONE 'Asia/Shanghai')::date,
    NEW.county_id, NEW.reporter_id, (NEW.reported_at AT TIME ZONE 'Asia/Shanghai')::date);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_account_work_days AFTER INSERT OR DELETE OR UPDATE OF county_id, reporter_id, reported_at
  ON cases FOR EACH ROW EXECUTE FUNCTION cases_keep_account_work_days();
--> statement-breakpoint
CREATE FUNCTION micro_wishes_keep_account_work_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_work_days_move(OLD.county_id, OLD.registered_by,
    (OLD.registered_at AT TIME ZONE 'Asia/Shanghai')::date, NEW.county_id, NEW.registered_by,
    (NEW.registered_at AT TIME ZONE 'Asia/Shanghai')::date);
  PERFORM account_work_days_move(OLD.county_id, OLD.claimant_account_id,
    (OLD.claimed_at AT TIME ZONE 'Asia/Shanghai')::date, NEW.county_id, NEW.claimant_account_id,
    (NEW.claimed_at AT TIME ZONE 'Asia/Shanghai')::date);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER micro_wishes_account_work_days AFTER INSERT OR DELETE
  OR UPDATE OF county_id, registered_by, registered_at, claimant_account_id, claimed_at
  ON micro_wishes FOR EACH ROW EXECUTE FUNCTION micro_wishes_keep_account_work_days();
--> statement-breakpoint
CREATE FUNCTION moral_bank_entries_keep_account_work_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_work_days_move(OLD.county_id, CASE WHEN OLD.kind = 'deposit' THEN OLD.recorded_by END,
    OLD.occurred_on, NEW.county_id, CASE WHEN NEW.kind = 'deposit' THEN NEW.recorded_by END, NEW.occurred_on);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER moral_bank_entries_account_work_days AFTER INSERT OR DELETE
  OR UPDATE OF county_id, kind, recorded_by, occurred_on
  ON moral_bank_entries FOR EACH ROW EXECUTE FUNCTION moral_bank_entries_keep_account_work_days();
--> statement-breakpoint
CREATE FUNCTION pairing_contacts_keep_account_work_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM account_work_days_move(OLD.county_id, OLD.recorded_by, OLD.contacted_on, NEW.county_id, NEW.recorded_by,
    NEW.contacted_on);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER pairing_contacts_account_work_days AFTER INSERT OR DELETE OR UPDATE OF county_id, recorded_by, contacted_on
  ON pairing_contacts FOR EACH ROW EXECUTE FUNCTION pairing_contacts_keep_account_work_days();
--> statement-breakpoint
-- The whole tally from the records in one statement: here for the records already there, and for a bulk load that
-- turned the triggers off (the cadres bench).
CREATE FUNCTION account_work_days_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM account_work_days;
  INSERT INTO account_work_days (county_id, account_id, day, work)
    SELECT county_id, account_id, day, count(*)::int
    FROM (
      SELECT county_id, recorded_by AS account_id, (visited_at AT TIME ZONE 'Asia/Shanghai')::date AS day FROM visits
      UNION ALL
      SELECT county_id, reporter_id, (reported_at AT TIME ZONE 'Asia/Shanghai')::date FROM cases
      UNION ALL
      SELECT county_id, registered_by, (registered_at AT TIME ZONE 'Asia/Shanghai')::date FROM micro_wishes
      UNION ALL
      SELECT county_id, claimant_account_id, (claimed_at AT TIME ZONE 'Asia/Shanghai')::date FROM micro_wishes
      UNION ALL
      SELECT county_id, recorded_by, occurred_on FROM moral_bank_entries WHERE kind = 'deposit'
      UNION ALL
      SELECT county_id, recorded_by, contacted_on FROM pairing_contacts
    ) work
    WHERE account_id IS NOT NULL AND day IS NOT NULL
    GROUP BY county_id, account_id, day;
END;
$$;
--> statement-breakpoint
SELECT account_work_days_rebuild();
