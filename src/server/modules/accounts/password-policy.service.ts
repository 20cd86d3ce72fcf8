import type { Actor } from '../../auth/actor.js';
import { assertPasswordAcceptable } from '../../auth/passwords.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { readSetting, writeSetting } from '../settings/settings.service.js';

const defaultMinLength = 12;
/** NIST 800-63B: at least 8; verifiers must accept 64. */
const allowedMinLengths = { lowest: 8, highest: 64 } as const;

/**
 * The installation's minimum password length: the `password_min_length` setting (8–64), else 12. A setting in the
 * database, so every server instance and the command line apply the same rule.
 */
export async function passwordMinLength(db: Executor): Promise<number> {
  const value = await readSetting<unknown>(db, 'password_min_length');
  return isAllowedMinLength(value) ? value : defaultMinLength;
}

function isAllowedMinLength(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= allowedMinLengths.lowest &&
    value <= allowedMinLengths.highest
  );
}

/** `gridlink password-policy --min-length N`: sets the minimum for new passwords (existing ones stay valid). */
export async function setPasswordMinLength(db: Database, actor: Actor, minLength: number): Promise<void> {
  if (!isAllowedMinLength(minLength)) {
    throw new AppError('validation_failed', {
      en: `The minimum length must be a whole number from ${allowedMinLengths.lowest} to ${allowedMinLengths.highest}.`,
      zh: `最短长度须为 ${allowedMinLengths.lowest} 到 ${allowedMinLengths.highest} 之间的整数。`,
    });
  }
  const previous = await passwordMinLength(db);
  await db.transaction(async (transaction) => {
    await writeSetting(transaction, 'password_min_length', minLength);
    await recordAudit(transaction, actor, {
      action: 'password_policy.update',
      entityType: 'password_policy',
      outcome: 'success',
      details: { minLength, previous },
    });
  });
}

/** Refuses a new password under the installation's policy (400 `password_too_short` / `password_too_common`). */
export async function assertPasswordAllowed(db: Executor, password: string, username: string): Promise<void> {
  assertPasswordAcceptable(password, username, await passwordMinLength(db));
}
