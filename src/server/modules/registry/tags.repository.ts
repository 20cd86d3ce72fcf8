import { asc } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { tagDefinitions } from '../../db/schema/index.js';

export function listTagDefinitions(db: Executor) {
  return db.select().from(tagDefinitions).orderBy(asc(tagDefinitions.sortOrder), asc(tagDefinitions.code));
}
