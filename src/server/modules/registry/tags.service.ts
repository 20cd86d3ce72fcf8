import { can } from '../../../shared/policy.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { listTagDefinitions } from './tags.repository.js';

export type TagRules = { known: Set<string>; sensitive: Set<string> };

export async function loadTagRules(db: Executor): Promise<TagRules> {
  const definitions = await listTagDefinitions(db);
  return {
    known: new Set(definitions.map((definition) => definition.code)),
    sensitive: new Set(definitions.filter((definition) => definition.isSensitive).map((definition) => definition.code)),
  };
}

/** The tag list, without sensitive tags for roles that may not read sensitive data. */
export async function listTags(db: Executor, actor: Actor) {
  assertCan(actor, 'registry.read');
  const mayReadSensitive = can(actor.role, 'sensitive.read');
  return (await listTagDefinitions(db)).filter((definition) => mayReadSensitive || !definition.isSensitive);
}

/**
 * The tags to store. Unknown codes are refused; a role that cannot see sensitive tags can neither set them nor,
 * by leaving them out, remove the ones it cannot see.
 */
export function checkTags(actor: Actor, rules: TagRules, requested: string[], current: string[] = []): string[] {
  const unknown = requested.filter((code) => !rules.known.has(code));
  if (unknown.length > 0) throw new AppError('validation_failed', `Unknown tags: ${unknown.join(', ')}.`);
  if (can(actor.role, 'sensitive.read')) return [...new Set(requested)];
  if (requested.some((code) => rules.sensitive.has(code)))
    throw new AppError('forbidden', 'Your role may not set sensitive tags.');
  return [...new Set([...requested, ...current.filter((code) => rules.sensitive.has(code))])];
}
