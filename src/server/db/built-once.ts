import type { Executor } from './client.js';

/**
 * The name to prepare a built query under: none. PostgreSQL then plans each execution with its values, as it did the
 * query built every time (a named one may be given a generic plan, and a prefix `like` is planned from its pattern).
 */
export const unnamed = '';

/** More shapes than any caller has: past it, a caller building a query per value would only grow the cache. */
const shapeLimit = 500;

const builtQueries = new WeakMap<Executor, Map<string, unknown>>();

/**
 * A query built once per database and key, its values given as placeholders when it runs: drizzle builds a select's
 * SQL again on every call, which for the case lists cost more CPU than the rest of a request (issue 9's HTTP bench).
 * The key must name everything the SQL depends on.
 */
export function builtOnce<Query>(db: Executor, key: string, build: () => Query): Query {
  let built = builtQueries.get(db);
  if (!built) {
    built = new Map();
    builtQueries.set(db, built);
  }
  let query = built.get(key) as Query | undefined;
  if (query === undefined) {
    if (built.size >= shapeLimit) built.clear();
    query = build();
    built.set(key, query);
  }
  return query;
}
