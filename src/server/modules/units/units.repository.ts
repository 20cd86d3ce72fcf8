import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../auth/actor.js';
import { withinUnit } from '../../auth/scope.js';
import type { Executor } from '../../db/client.js';
import { units } from '../../db/schema/index.js';

export type UnitRow = typeof units.$inferSelect;

/** The county's units by name; retired ones only when asked. */
export function listUnits(db: Executor, countyId: string, includeRetired: boolean) {
  return db
    .select()
    .from(units)
    .where(and(eq(units.countyId, countyId), includeRetired ? undefined : isNull(units.retiredAt)))
    .orderBy(asc(units.name), asc(units.id));
}

/** A unit of one county (`countyId`), or of any when the caller spans counties (undefined); a unit's own account finds
 * only its own. */
export async function findUnit(
  db: Executor,
  actor: Actor,
  countyId: string | undefined,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<UnitRow | undefined> {
  const query = db
    .select()
    .from(units)
    .where(
      and(
        countyId === undefined ? undefined : eq(units.countyId, countyId),
        eq(units.id, id),
        withinUnit(actor, units.id),
      ),
    );
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function unitExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: units.id }).from(units).where(eq(units.id, id));
  return row !== undefined;
}

export async function insertUnits(db: Executor, rows: (typeof units.$inferInsert)[]): Promise<void> {
  if (rows.length > 0) await db.insert(units).values(rows);
}

export async function updateUnit(
  db: Executor,
  countyId: string,
  id: string,
  changes: Partial<Pick<UnitRow, 'name' | 'kind' | 'contactName' | 'contactPhone' | 'retiredAt'>>,
): Promise<void> {
  await db
    .update(units)
    .set(changes)
    .where(and(eq(units.countyId, countyId), eq(units.id, id)));
}
