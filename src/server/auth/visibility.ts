import type { Executor } from '../db/client.js';
import { AppError, type ErrorCode } from '../errors.js';
import { recordDenial } from '../modules/audit/audit.service.js';
import type { Actor } from './actor.js';

/**
 * The answer for a record the actor cannot see: the same 404 whether it is missing or outside their subtree,
 * with the second case written to the audit log.
 */
export async function notVisible(
  db: Executor,
  actor: Actor,
  entity: { type: string; id: string; code: ErrorCode; existsAnywhere: (id: string) => Promise<boolean> },
): Promise<AppError> {
  if (await entity.existsAnywhere(entity.id)) await recordDenial(db, actor, entity.type, entity.id);
  return new AppError(entity.code, `No ${entity.type.replace('_', ' ')} with id ${entity.id}.`);
}
