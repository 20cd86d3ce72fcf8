import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { recoveryCodes, rememberedDevices, secondFactors, sessions } from '../../db/schema/index.js';

export async function findSecondFactor(db: Executor, accountId: string) {
  const [row] = await db.select().from(secondFactors).where(eq(secondFactors.accountId, accountId));
  return row;
}

/** Starts (or restarts) an enrolment: an unconfirmed secret replaces any earlier unconfirmed one. */
export async function upsertUnconfirmedFactor(db: Executor, accountId: string, encryptedSecret: string) {
  await db
    .insert(secondFactors)
    .values({ accountId, encryptedSecret })
    .onConflictDoUpdate({
      target: secondFactors.accountId,
      set: { encryptedSecret, lastTimeStep: 0, createdAt: sql`now()` },
      setWhere: isNull(secondFactors.confirmedAt),
    });
}

/**
 * Records the time step of an accepted code, only if it is later than the last one: of two requests racing with
 * the same code, one moves the step and the other finds nothing to update, so a code works once.
 */
export async function acceptTimeStep(db: Executor, accountId: string, timeStep: number): Promise<boolean> {
  const rows = await db
    .update(secondFactors)
    .set({ lastTimeStep: timeStep, confirmedAt: sql`coalesce(${secondFactors.confirmedAt}, now())` })
    .where(and(eq(secondFactors.accountId, accountId), lt(secondFactors.lastTimeStep, timeStep)))
    .returning({ accountId: secondFactors.accountId });
  return rows.length > 0;
}

export async function replaceRecoveryCodes(db: Executor, accountId: string, codeHashes: string[]) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
  await db.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ accountId, codeHash })));
}

/** Spends a recovery code; false when it is unknown or spent already (one statement, so it is spent once). */
export async function spendRecoveryCode(db: Executor, accountId: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(eq(recoveryCodes.accountId, accountId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)),
    )
    .returning({ codeHash: recoveryCodes.codeHash });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: Executor, accountId: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt)));
  return row?.count ?? 0;
}

/** Removes the factor, its recovery codes and its remembered devices: the account enrols afresh. */
export async function deleteSecondFactor(db: Executor, accountId: string) {
  await db.delete(secondFactors).where(eq(secondFactors.accountId, accountId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
  await forgetRememberedDevices(db, accountId);
}

/** Remembers a browser for `days`, and drops the account's remembered browsers that have expired. */
export async function rememberDevice(db: Executor, tokenHash: string, accountId: string, days: number) {
  await db
    .delete(rememberedDevices)
    .where(and(eq(rememberedDevices.accountId, accountId), lt(rememberedDevices.expiresAt, sql`now()`)));
  await db.insert(rememberedDevices).values({
    tokenHash,
    accountId,
    expiresAt: sql`now() + make_interval(days => ${days})`,
  });
}

export async function isRememberedDevice(db: Executor, tokenHash: string, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ tokenHash: rememberedDevices.tokenHash })
    .from(rememberedDevices)
    .where(
      and(
        eq(rememberedDevices.tokenHash, tokenHash),
        eq(rememberedDevices.accountId, accountId),
        gt(rememberedDevices.expiresAt, sql`now()`),
      ),
    );
  return row !== undefined;
}

/** Every browser of the account asks for the second factor again (factor reset, password changed). */
export async function forgetRememberedDevices(db: Executor, accountId: string) {
  await db.delete(rememberedDevices).where(eq(rememberedDevices.accountId, accountId));
}

/** The session has passed its second step: it becomes a full session. */
export async function completeSession(db: Executor, tokenHash: string) {
  await db.update(sessions).set({ pendingStep: null }).where(eq(sessions.tokenHash, tokenHash));
}
