import type { VisibleEntityType } from '../../shared/audit.js';
import type { Executor } from '../db/client.js';
import { AppError, type ErrorCode } from '../errors.js';
import { recordDenial } from '../modules/audit/audit.service.js';
import type { Actor } from './actor.js';

/**
 * Loads a record through a query scoped to the actor. What that query does not find answers the same 404 whether
 * it is missing or outside the actor's subtree; the second case is written to the audit log.
 */
export async function loadVisible<Row>(
  db: Executor,
  actor: Actor,
  entity: {
    type: VisibleEntityType;
    id: string;
    code: ErrorCode;
    find: () => Promise<Row | undefined>;
    existsAnywhere: () => Promise<boolean>;
  },
): Promise<Row> {
  const row = await entity.find();
  if (row !== undefined) return row;
  if (await entity.existsAnywhere()) await recordDenial(db, actor, entity.type, entity.id);
  throw new AppError(entity.code, {
    en: `No ${entity.type.replace('_', ' ')} with id ${entity.id}.`,
    zh: `没有编号为 ${entity.id} 的记录。`,
  });
}
