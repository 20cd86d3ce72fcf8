import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from './actor.js';

/**
 * The condition that keeps a query inside the actor's subtree, applied to a region-code column. Codes are digits
 * only, so a prefix match is exact. Undefined for the system administrator (no restriction).
 */
export function withinScope(actor: Actor, regionCode: AnyColumn | SQL): SQL | undefined {
  if (actor.regionCode === undefined) return undefined;
  return sql`${regionCode} like ${`${actor.regionCode}%`}`;
}

/**
 * `withinScope` for a query built once (db/built-once.ts): the SQL depends only on whether the actor is scoped, and
 * the pattern is the value of the placeholder `scopePattern` (`scopePatternOf`).
 */
export function withinScopeOfPattern(isScoped: boolean, regionCode: AnyColumn | SQL): SQL | undefined {
  return isScoped ? sql`${regionCode} like ${sql.placeholder('scopePattern')}` : undefined;
}

/** The value of `withinScopeOfPattern`'s placeholder (unused for an actor without a scope). */
export function scopePatternOf(actor: Actor): string {
  return `${actor.regionCode}%`;
}

/** The same rule for a code already loaded. */
export function isCodeInScope(actor: Actor, code: string): boolean {
  return actor.regionCode === undefined || code.startsWith(actor.regionCode);
}

/**
 * The condition that keeps a query to a dispatching unit's own people, applied to a unit-id column; undefined for
 * every other account. A `unit` account without its unit (the database forbids it) would match nothing.
 */
export function withinUnit(actor: Actor, unitId: AnyColumn): SQL | undefined {
  if (actor.role !== 'unit') return undefined;
  return actor.unitId === undefined ? sql`false` : eq(unitId, actor.unitId);
}
