import { and, asc, eq, gt, isNull, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { cases } from '../../db/schema/index.js';
import { isOpen, type CaseRow } from './cases.repository.js';

/**
 * The cases each mark of the sweep is due on, in SQL (the sweep checks the same in code on the locked row), and the
 * order it takes them in.
 */
const dueCases = {
  // Four fifths of the time used up; a deadline already passed gets the overdue mark instead.
  warning: {
    condition: and(
      isOpen,
      isNull(cases.warnedAt),
      lte(cases.warnAt, sql`now()`),
      or(isNull(cases.deadline), gt(cases.deadline, sql`now()`)),
    ),
    order: cases.warnAt,
  },
  overdue: { condition: and(isOpen, isNull(cases.overdueAt), lte(cases.deadline, sql`now()`)), order: cases.deadline },
};

export type SweepMark = keyof typeof dueCases;

/**
 * Locks up to `limit` cases a mark is due on, leaving out `skippedIds` and the cases another transaction holds
 * (skipped, not waited for).
 */
export function lockDueCases(db: Executor, mark: SweepMark, skippedIds: readonly string[], limit: number) {
  const { condition, order } = dueCases[mark];
  return db
    .select({ id: cases.id })
    .from(cases)
    .where(and(condition, skippedIds.length > 0 ? notInArray(cases.id, [...skippedIds]) : undefined))
    .orderBy(asc(order))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Sets the sweep's marks; the version stays, since a user acting on what they saw is not contradicted by them. */
export async function markCase(
  db: Executor,
  record: CaseRow['record'],
  marks: Pick<Partial<CaseRow['record']>, 'warnedAt' | 'overdueAt'>,
) {
  await db
    .update(cases)
    .set(marks)
    .where(and(eq(cases.countyId, record.countyId), eq(cases.id, record.id)));
}
