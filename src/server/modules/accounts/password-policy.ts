import { assertPasswordAcceptable } from '../../auth/passwords.js';
import type { Executor } from '../../db/client.js';
import { readSetting } from '../settings/settings.repository.js';

const defaultMinLength = 12;

/**
 * The installation's minimum password length: the `password_min_length` setting (8–64), else 12. A setting in the
 * database, so every server instance and the command line apply the same rule.
 */
export async function passwordMinLength(db: Executor): Promise<number> {
  const value = await readSetting<unknown>(db, 'password_min_length');
  return typeof value === 'number' && Number.isInteger(value) && value >= 8 && value <= 64 ? value : defaultMinLength;
}

/** Refuses a new password under the installation's policy (400 `password_too_short` / `password_too_common`). */
export async function assertPasswordAllowed(db: Executor, password: string, username: string): Promise<void> {
  assertPasswordAcceptable(password, username, await passwordMinLength(db));
}
