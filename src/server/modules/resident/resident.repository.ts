import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { residentCodes } from '../../db/schema/index.js';

/** Keeps the phone's new code in place of any earlier one, valid for `minutes` on the database's clock. */
export async function replaceCode(db: Executor, phone: string, codeHash: string, minutes: number) {
  const expiresAt = sql`now() + make_interval(mins => ${minutes})`;
  await db
    .insert(residentCodes)
    .values({ phone, codeHash, expiresAt })
    .onConflictDoUpdate({
      target: residentCodes.phone,
      set: { codeHash, expiresAt, usedAt: null, sentAt: sql`now()` },
    });
}

/**
 * Spends the phone's code if it is this one, unused and unexpired; one statement, so two requests racing with the
 * same code cannot both spend it. True when it was spent.
 */
export async function spendCode(db: Executor, phone: string, codeHash: string): Promise<boolean> {
  const rows = await db
    .update(residentCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(residentCodes.phone, phone),
        eq(residentCodes.codeHash, codeHash),
        isNull(residentCodes.usedAt),
        gt(residentCodes.expiresAt, sql`now()`),
      ),
    )
    .returning({ phone: residentCodes.phone });
  return rows.length > 0;
}
