import type { Enrolment, RecoveryCodes, SecondFactorStatus } from '../../../shared/api/session.js';
import type { Config } from '../../config.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { Actor } from '../../auth/actor.js';
import {
  decryptSecret,
  encryptSecret,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  verifyTotp,
} from '../../auth/second-factor.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repository from './second-factor.repository.js';
import { clearFailures, findLockedKeys } from './session.repository.js';
import { addressKey, countFailures, hashToken, limits, newToken } from './session.service.js';

/** How long "remember this device" skips the second step on that browser. */
export const rememberedDeviceDays = 30;

function throttleKeysOf(actor: Actor) {
  return { account: `second-factor:${actor.id}`, address: addressKey(actor) };
}

/** Codes are throttled like passwords: per account and per address, the same counters and locks as sign-in. */
async function assertNotLocked(db: Database, actor: Actor) {
  const keys = throttleKeysOf(actor);
  if ((await findLockedKeys(db, [keys.account, keys.address])).length > 0) {
    throw new AppError('login_locked', {
      en: 'Too many wrong codes. Wait 15 minutes and try again.',
      zh: '验证码错误次数过多，请 15 分钟后再试。',
    });
  }
}

async function countWrongCode(
  db: Database,
  actor: Actor,
  action: 'session.second_factor' | 'account.enrol_second_factor',
  method: string,
) {
  const keys = throttleKeysOf(actor);
  await db.transaction(async (transaction) => {
    await countFailures(transaction, [
      { key: keys.account, limit: limits.secondFactor },
      { key: keys.address, limit: limits.address },
    ]);
    await recordAudit(transaction, actor, {
      action,
      entityType: 'account',
      entityId: actor.id,
      outcome: 'failure',
      details: { method },
    });
  });
  return new AppError('invalid_second_factor', {
    en: 'The code is wrong or has been used already. Enter the current code of your authenticator app, or an unused recovery code.',
    zh: '验证码错误或已使用。请输入身份验证器应用中的当前验证码，或一个未用过的恢复码。',
  });
}

/** Whether the account has a second factor, whether its role requires one, and how many recovery codes are left. */
export async function describeSecondFactor(db: Database, config: Config, actor: Actor): Promise<SecondFactorStatus> {
  const factor = await repository.findSecondFactor(db, actor.id);
  const isEnrolled = Boolean(factor?.confirmedAt);
  return {
    isEnrolled,
    isRequired: config.secondFactorRoles.includes(actor.role),
    recoveryCodesLeft: isEnrolled ? await repository.countUnusedRecoveryCodes(db, actor.id) : 0,
  };
}

/**
 * Starts enrolling: a new secret, shown once as text and as the otpauth:// URI of the QR code. It is stored
 * encrypted and is never answered again once a code has confirmed it.
 */
export async function startEnrolment(db: Database, config: Config, actor: Actor): Promise<Enrolment> {
  const factor = await repository.findSecondFactor(db, actor.id);
  if (factor?.confirmedAt) {
    throw new AppError('second_factor_enrolled', {
      en: 'Two-step verification is on already. To move it to another phone, ask your administrator to reset it.',
      zh: '两步验证已开启。如需换到另一部手机，请联系管理员重置。',
    });
  }
  const { secret, uri } = newTotpSecret(actor.username);
  await repository.upsertUnconfirmedFactor(db, actor.id, encryptSecret(config, secret));
  return { secret, uri };
}

/**
 * Confirms enrolment with a code from the authenticator app, and answers ten recovery codes, shown this once
 * (only their hashes are kept). A session pending enrolment becomes a full session.
 */
export async function confirmEnrolment(
  db: Database,
  config: Config,
  actor: Actor,
  token: string,
  code: string,
): Promise<RecoveryCodes> {
  await assertNotLocked(db, actor);
  const factor = await repository.findSecondFactor(db, actor.id);
  if (!factor || factor.confirmedAt) {
    throw new AppError('bad_request', {
      en: 'There is no enrolment to confirm: start enrolling first.',
      zh: '没有待确认的绑定，请先开始绑定。',
    });
  }
  const timeStep = await verifyTotp(decryptSecret(config, factor.encryptedSecret), code, factor.lastTimeStep);
  const recoveryCodes = newRecoveryCodes();
  const isConfirmed =
    timeStep !== undefined &&
    (await db.transaction(async (transaction) => {
      if (!(await repository.acceptTimeStep(transaction, actor.id, timeStep))) return false;
      await repository.replaceRecoveryCodes(transaction, actor.id, recoveryCodes.map(hashRecoveryCode));
      await repository.completeSession(transaction, hashToken(token));
      await clearFailures(transaction, [throttleKeysOf(actor).account]);
      await recordAudit(transaction, actor, {
        action: 'account.enrol_second_factor',
        entityType: 'account',
        entityId: actor.id,
        outcome: 'success',
      });
      return true;
    }));
  if (!isConfirmed) throw await countWrongCode(db, actor, 'account.enrol_second_factor', 'totp');
  return { recoveryCodes };
}

/**
 * The second step of signing in: a current TOTP code (each accepted once) or an unused recovery code (spent).
 * Optionally remembers the browser for 30 days; answers the token of its cookie.
 */
export async function verifySecondStep(
  db: Database,
  config: Config,
  actor: Actor,
  token: string,
  input: { code: string; rememberDevice: boolean },
) {
  await assertNotLocked(db, actor);
  const factor = await repository.findSecondFactor(db, actor.id);
  const method = looksLikeRecoveryCode(input.code) ? 'recovery_code' : 'totp';
  const timeStep =
    method === 'totp' && factor?.confirmedAt
      ? await verifyTotp(decryptSecret(config, factor.encryptedSecret), input.code, factor.lastTimeStep)
      : undefined;
  const rememberedToken = input.rememberDevice ? newToken() : undefined;
  const isAccepted = await db.transaction(async (transaction) => {
    const isCodeGood =
      method === 'totp'
        ? timeStep !== undefined && (await repository.acceptTimeStep(transaction, actor.id, timeStep))
        : factor?.confirmedAt != null &&
          (await repository.spendRecoveryCode(transaction, actor.id, hashRecoveryCode(input.code)));
    if (!isCodeGood) return false;
    await repository.completeSession(transaction, hashToken(token));
    await clearFailures(transaction, [throttleKeysOf(actor).account]);
    if (rememberedToken) {
      await repository.rememberDevice(transaction, hashToken(rememberedToken), actor.id, rememberedDeviceDays);
    }
    await recordAudit(transaction, actor, {
      action: 'session.second_factor',
      entityType: 'account',
      entityId: actor.id,
      outcome: 'success',
      details: { method, rememberDevice: input.rememberDevice },
    });
    return true;
  });
  if (!isAccepted) throw await countWrongCode(db, actor, 'session.second_factor', method);
  return { rememberedToken };
}

/** Every browser of the account asks for the code again (its password was reset). */
export async function forgetRememberedDevices(db: Executor, accountId: string): Promise<void> {
  await repository.forgetRememberedDevices(db, accountId);
}

/** Removes the account's second factor, its recovery codes and remembered browsers: it enrols afresh. */
export async function removeSecondFactor(db: Executor, accountId: string): Promise<void> {
  await repository.deleteSecondFactor(db, accountId);
}
