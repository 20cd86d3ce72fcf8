import { asc } from 'drizzle-orm';
import { builtOnce, unnamed } from '../../db/built-once.js';
import type { Executor } from '../../db/client.js';
import { tagDefinitions } from '../../db/schema/index.js';

/** The tag catalogue in its order. Built once per database: every person search reads it (issue 9's morning mix). */
export function listTagDefinitions(db: Executor) {
  const query = builtOnce(db, 'tag-definitions', () =>
    db.select().from(tagDefinitions).orderBy(asc(tagDefinitions.sortOrder), asc(tagDefinitions.code)).prepare(unnamed),
  );
  return query.execute();
}
