import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from './actor.js';

/**
 * The condition that keeps a query inside the actor's subtree, applied to a region-code column. Codes are digits
 * only, so a prefix match is exact. Undefined for the system administrator (no restriction).
 */
export function withinScope(actor: Actor, regionCode: AnyColumn | SQL): SQL | undefined {
  if (actor.regionCode === undefined) return undefined;
  return sql`${regionCode} like ${`${actor.regionCode}%`}`;
}

/** The same rule for a code already loaded. */
export function isCodeInScope(actor: Actor, code: string): boolean {
  return actor.regionCode === undefined || code.startsWith(actor.regionCode);
}
