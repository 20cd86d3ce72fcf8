import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, residentAccounts, residentNotices } from '../../db/schema/index.js';
import type { ResidentNoticeSmsStatus } from '../../../shared/resident-notices.js';

/**
 * The enabled resident accounts among these (a case's reporter may be staff), or those linked to a registry person
 * (a wish's resident), with whether each wants text messages.
 */
export function findRecipients(db: Executor, who: { accountIds: string[] } | { countyId: string; personId: string }) {
  return db
    .select({ accountId: residentAccounts.accountId, smsNotices: residentAccounts.smsNotices })
    .from(residentAccounts)
    .innerJoin(accounts, eq(accounts.id, residentAccounts.accountId))
    .where(
      and(
        eq(accounts.isEnabled, true),
        'accountIds' in who
          ? inArray(residentAccounts.accountId, who.accountIds)
          : and(eq(residentAccounts.countyId, who.countyId), eq(residentAccounts.personId, who.personId)),
      ),
    );
}

/** Writes the notices; one already written for its account and event stays as it was. */
export async function insertNotices(db: Executor, rows: (typeof residentNotices.$inferInsert)[]) {
  if (rows.length === 0) return;
  await db.insert(residentNotices).values(rows).onConflictDoNothing();
}

/**
 * Takes the record's notices whose text message waits, for this sender alone: one statement, so two senders never
 * both take one. Each with the resident's phone.
 */
export async function takePendingNotices(db: Executor, subjectId: string) {
  const taken = await db
    .update(residentNotices)
    .set({ smsStatus: 'sending', smsAttemptedAt: sql`now()` })
    .where(and(eq(residentNotices.subjectId, subjectId), eq(residentNotices.smsStatus, 'pending')))
    .returning({
      id: residentNotices.id,
      accountId: residentNotices.accountId,
      countyId: residentNotices.countyId,
      kind: residentNotices.kind,
      params: residentNotices.params,
    });
  if (taken.length === 0) return [];
  const phones = await db
    .select({ accountId: residentAccounts.accountId, phone: residentAccounts.phone })
    .from(residentAccounts)
    .where(
      inArray(
        residentAccounts.accountId,
        taken.map((notice) => notice.accountId),
      ),
    );
  const phoneOf = new Map(phones.map((row) => [row.accountId, row.phone]));
  return taken.map((notice) => ({ ...notice, phone: phoneOf.get(notice.accountId)! }));
}

export async function settleNotice(
  db: Executor,
  id: string,
  outcome: { smsStatus: Extract<ResidentNoticeSmsStatus, 'sent' | 'failed'>; smsError: string | null },
) {
  await db.update(residentNotices).set(outcome).where(eq(residentNotices.id, id));
}

/** The account's latest notices, newest first. */
export function listNotices(db: Executor, accountId: string, limit: number) {
  return db
    .select({
      id: residentNotices.id,
      kind: residentNotices.kind,
      subjectId: residentNotices.subjectId,
      params: residentNotices.params,
      createdAt: residentNotices.createdAt,
    })
    .from(residentNotices)
    .where(eq(residentNotices.accountId, accountId))
    .orderBy(desc(residentNotices.createdAt), desc(residentNotices.id))
    .limit(limit);
}

export async function saveSmsSetting(db: Executor, accountId: string, smsNotices: boolean) {
  await db.update(residentAccounts).set({ smsNotices }).where(eq(residentAccounts.accountId, accountId));
}
