import { and, desc, eq, inArray, or } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { cases, persons, residentAccounts, smsOutbox } from '../db/schema/index.js';

export async function insertOutboxMessage(db: Executor, message: { id: string; phone: string; text: string }) {
  await db.insert(smsOutbox).values(message);
}

/**
 * The phones of a county: its registry's, its residents' accounts', and those of guests who reported a case in it.
 * A phone that only asked for a code, unknown to every county, is the system administrator's to read.
 */
function isPhoneOfCounty(db: Executor, countyId: string) {
  return or(
    inArray(smsOutbox.phone, db.select({ phone: persons.phone }).from(persons).where(eq(persons.countyId, countyId))),
    inArray(
      smsOutbox.phone,
      db
        .select({ phone: residentAccounts.phone })
        .from(residentAccounts)
        .where(eq(residentAccounts.countyId, countyId)),
    ),
    inArray(
      smsOutbox.phone,
      db
        .select({ phone: residentAccounts.phone })
        .from(residentAccounts)
        .innerJoin(cases, and(eq(cases.reporterId, residentAccounts.accountId), eq(cases.countyId, countyId))),
    ),
  );
}

/** The newest messages first: of the county's phones, or every one without a county. */
export function listOutboxMessages(db: Executor, countyId: string | undefined, limit: number) {
  return db
    .select({ phone: smsOutbox.phone, text: smsOutbox.text, sentAt: smsOutbox.sentAt })
    .from(smsOutbox)
    .where(countyId === undefined ? undefined : isPhoneOfCounty(db, countyId))
    .orderBy(desc(smsOutbox.sentAt), desc(smsOutbox.id))
    .limit(limit);
}
