import type { TagDefinition } from '../../../shared/api/registry.js';
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
export async function listTags(db: Executor, actor: Actor): Promise<TagDefinition[]> {
  assertCan(actor, 'registry.read');
  const mayReadSensitive = can(actor.role, 'sensitive.read');
  return (await listTagDefinitions(db)).filter((definition) => mayReadSensitive || !definition.isSensitive);
}

/** Whether a tag exists for the caller: a sensitive tag does not, for a role that may not read sensitive data. */
export function isTagVisible(presentation: { mayReadSensitive: boolean; tagRules: TagRules }, code: string) {
  const { known, sensitive } = presentation.tagRules;
  return known.has(code) && (presentation.mayReadSensitive || !sensitive.has(code));
}

/**
 * The tags to store. Codes the caller cannot see are refused as unknown, so a sensitive tag's existence is not
 * given away; a role that cannot see sensitive tags cannot remove them either by leaving them out.
 */
export function checkTags(actor: Actor, rules: TagRules, requested: string[], current: string[] = []): string[] {
  const mayReadSensitive = can(actor.role, 'sensitive.read');
  const unknown = requested.filter((code) => !isTagVisible({ mayReadSensitive, tagRules: rules }, code));
  if (unknown.length > 0)
    throw new AppError('validation_failed', {
      en: `Unknown tags: ${unknown.join(', ')}.`,
      zh: `未知标签：${unknown.join('、')}。`,
    });
  if (mayReadSensitive) return [...new Set(requested)];
  return [...new Set([...requested, ...current.filter((code) => rules.sensitive.has(code))])];
}
