import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config.js';
import type { Database, Executor } from '../../db/client.js';
import type { accounts } from '../../db/schema/index.js';
import { AppError } from '../../errors.js';
import type { Session } from '../../../shared/api/session.js';
import type { PendingStep } from '../../../shared/session.js';
import { abilities, type Actor, type RequestOrigin } from '../../auth/actor.js';
import type { ResolvedSession } from '../../auth/authenticate.js';
import { hashPassword, unknownUserHash, verifyPassword } from '../../auth/passwords.js';
import { assertPasswordAllowed } from '../accounts/password-policy.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { findRegionName } from '../regions/regions.service.js';
import { findOwnUnit } from '../units/units.service.js';
import * as secondFactorRepository from './second-factor.repository.js';
import * as repository from './session.repository.js';

/**
 * Throttling: a name is locked after 10 failures in 15 minutes, an address after 30, a known device after 10, an
 * account's second step after 10.
 */
export const limits = {
  account: { failures: 10, windowMinutes: 15, lockMinutes: 15 },
  device: { failures: 10, windowMinutes: 15, lockMinutes: 15 },
  address: { failures: 30, windowMinutes: 15, lockMinutes: 15 },
  secondFactor: { failures: 10, windowMinutes: 15, lockMinutes: 15 },
  /** Residents' sign-in codes: those sent to one phone, and wrong codes typed for it. */
  residentPhone: { failures: 5, windowMinutes: 15, lockMinutes: 15 },
  /** Residents' sign-in codes asked for or typed from one address (a village office may share one). */
  residentAddress: { failures: 20, windowMinutes: 15, lockMinutes: 15 },
} as const;

/** Counts one failure against each key, each with its own limit. */
export async function countFailures(
  db: Executor,
  failures: { key: string; limit: (typeof limits)[keyof typeof limits] }[],
) {
  for (const { key, limit } of failures) {
    await repository.countFailure(db, key, limit.failures, limit.windowMinutes, limit.lockMinutes);
  }
}

/** The keys among `keys` that are locked now. */
export function findLockedKeys(db: Executor, keys: string[]): Promise<string[]> {
  return repository.findLockedKeys(db, keys);
}

/** The address key every sign-in step counts against. */
export function addressKey(origin: RequestOrigin): string {
  return `address:${origin.address ?? 'unknown'}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

type SignIn = {
  username: string;
  password: string;
  deviceToken: string | undefined;
  rememberedToken: string | undefined;
  origin: RequestOrigin;
};

/**
 * Signs in. Unknown names and wrong passwords get the same answer in the same time; failures are throttled per
 * name, per address and per known device. A locked name stays open to browsers that signed in to it before, so
 * guessing cannot lock the owner out. An account with a second factor (unless this browser is remembered), or
 * whose role requires one it has not enrolled, gets a session pending that step, good for nothing else.
 */
export async function signIn(db: Database, config: Config, input: SignIn) {
  const username = input.username.trim().toLowerCase();
  const found = await repository.findAccountByUsername(db, username);
  const deviceHash = input.deviceToken ? hashToken(input.deviceToken) : undefined;
  const isKnownDevice =
    found !== undefined &&
    deviceHash !== undefined &&
    (await repository.isTrustedDevice(db, deviceHash, found.account.id));
  const throttleKeys = {
    identity: isKnownDevice ? `device:${deviceHash}` : `account:${username}`,
    address: addressKey(input.origin),
  };
  const auditBase = {
    action: 'session.sign_in' as const,
    entityType: 'account' as const,
    entityId: found?.account.id,
    countyId: found?.countyId ?? undefined,
    regionCode: found?.regionCode ?? undefined,
  };
  const anonymous = { ...input.origin };

  const locked = await repository.findLockedKeys(db, Object.values(throttleKeys));
  if (locked.length > 0) {
    await recordAudit(db, anonymous, { ...auditBase, outcome: 'denied', details: { username, reason: 'locked' } });
    throw new AppError('login_locked', {
      en: 'Too many failed sign-ins. Wait 15 minutes and try again.',
      zh: '登录失败次数过多，请 15 分钟后再试。',
    });
  }

  const isPasswordRight = await verifyPassword(input.password, found?.account.passwordHash ?? (await unknownUserHash));
  if (!found || !isPasswordRight) {
    await db.transaction(async (transaction) => {
      await countFailures(transaction, [
        { key: throttleKeys.identity, limit: isKnownDevice ? limits.device : limits.account },
        { key: throttleKeys.address, limit: limits.address },
      ]);
      await recordAudit(transaction, anonymous, { ...auditBase, outcome: 'failure', details: { username } });
    });
    throw new AppError('invalid_credentials', { en: 'The username or password is wrong.', zh: '用户名或密码错误。' });
  }
  if (!found.account.isEnabled) {
    await recordAudit(db, anonymous, { ...auditBase, outcome: 'denied', details: { username, reason: 'disabled' } });
    throw new AppError('account_disabled', {
      en: 'This account is disabled. Ask your administrator to enable it.',
      zh: '此账号已停用，请联系管理员启用。',
    });
  }

  const pendingStep = await pendingStepOf(db, config, found.account, input.rememberedToken);
  const deviceToken = isKnownDevice ? input.deviceToken! : newToken();
  const actor = toActor(found.account, found, input.origin);
  const { token, csrfToken } = await db.transaction(async (transaction) => {
    const opened = await openSession(transaction, config, found.account.id, input.origin, pendingStep);
    await repository.insertTrustedDevice(transaction, hashToken(deviceToken), found.account.id);
    // Only this identity's count: an owner signing in must not hand an attacker a fresh set of guesses.
    await repository.clearFailures(transaction, [throttleKeys.identity]);
    await recordAudit(transaction, actor, {
      ...auditBase,
      outcome: 'success',
      details: { username, ...(pendingStep ? { pendingStep } : {}) },
    });
    return opened;
  });
  return { token, csrfToken, deviceToken, actor, pendingStep };
}

/**
 * Opens a session for an account that has just proven who it is (a staff password, a resident's text-message code):
 * its cookie token and CSRF token, with the account's expired sessions cleared away.
 */
export async function openSession(
  transaction: Executor,
  config: Config,
  accountId: string,
  origin: RequestOrigin,
  pendingStep?: PendingStep,
): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  await repository.insertSession(transaction, {
    tokenHash: hashToken(token),
    accountId,
    csrfToken,
    pendingStep,
    address: origin.address,
    userAgent: origin.userAgent,
  });
  await repository.markSignedIn(transaction, accountId);
  await repository.deleteExpiredSessions(
    transaction,
    accountId,
    config.sessionIdleMinutes,
    config.sessionAbsoluteHours,
  );
  return { token, csrfToken };
}

/** Which step a right password still leaves: none, a code (unless this browser is remembered), or enrolling. */
async function pendingStepOf(
  db: Database,
  config: Config,
  account: typeof accounts.$inferSelect,
  rememberedToken: string | undefined,
): Promise<PendingStep | undefined> {
  const factor = await secondFactorRepository.findSecondFactor(db, account.id);
  if (factor?.confirmedAt) {
    const isRemembered =
      rememberedToken !== undefined &&
      (await secondFactorRepository.isRememberedDevice(db, hashToken(rememberedToken), account.id));
    return isRemembered ? undefined : 'second_factor';
  }
  return config.secondFactorRoles.includes(account.role) ? 'enrolment' : undefined;
}

function toActor(
  account: typeof accounts.$inferSelect,
  region: { regionCode: string | null; regionName: string | null; countyId: string | null },
  origin: RequestOrigin,
): Actor {
  const { regionCode, regionName, countyId } = region;
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    regionId: account.regionId ?? undefined,
    regionCode: regionCode ?? undefined,
    regionName: regionName ?? undefined,
    countyId: countyId ?? undefined,
    unitId: account.unitId ?? undefined,
    ...origin,
  };
}

/**
 * The actor behind a session token, or undefined when the session is missing, expired or its account disabled;
 * `pendingStep` says the session has not finished signing in.
 */
export async function resolveSession(
  db: Database,
  config: Config,
  token: string,
  origin: RequestOrigin,
): Promise<ResolvedSession | undefined> {
  const row = await repository.findLiveSession(
    db,
    hashToken(token),
    config.sessionIdleMinutes,
    config.sessionAbsoluteHours,
  );
  if (!row) return undefined;
  return {
    actor: toActor(row.account, row, origin),
    csrfToken: row.session.csrfToken,
    pendingStep: row.session.pendingStep ?? undefined,
  };
}

/** The session as the console keeps it; sign-in answers it too, so the console need not ask again. */
export async function presentSession(db: Database, actor: Actor, csrfToken: string): Promise<Session> {
  return {
    user: {
      id: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      role: actor.role,
      regionId: actor.regionId ?? null,
      // The session's lookup read the name with the account; asked apart only for an actor made without it.
      regionName: actor.regionId ? (actor.regionName ?? (await findRegionName(db, actor.regionId))) : null,
      regionCode: actor.regionCode ?? null,
      unit: await findOwnUnit(db, actor),
    },
    role: actor.role,
    regionId: actor.regionId ?? null,
    abilities: abilities(actor),
    csrfToken,
  };
}

/**
 * Changes one's own password. The current password is checked like a sign-in (a wrong one counts against the
 * throttle); every other session of the account is signed out and every remembered browser forgotten.
 */
export async function changeOwnPassword(
  db: Database,
  actor: Actor,
  token: string,
  input: { currentPassword: string; newPassword: string },
) {
  const found = await repository.findAccountByUsername(db, actor.username);
  const throttleKey = `account:${actor.username}`;
  if ((await repository.findLockedKeys(db, [throttleKey])).length > 0) {
    throw new AppError('login_locked', {
      en: 'Too many wrong passwords. Wait 15 minutes and try again.',
      zh: '密码错误次数过多，请 15 分钟后再试。',
    });
  }
  const currentHash = found?.account.passwordHash ?? (await unknownUserHash);
  if (!found || !(await verifyPassword(input.currentPassword, currentHash))) {
    await db.transaction(async (transaction) => {
      await countFailures(transaction, [{ key: throttleKey, limit: limits.account }]);
      await recordAudit(transaction, actor, {
        action: 'account.change_password',
        entityType: 'account',
        entityId: actor.id,
        outcome: 'failure',
      });
    });
    throw new AppError('invalid_credentials', { en: 'The current password is wrong.', zh: '当前密码不正确。' });
  }
  await assertPasswordAllowed(db, input.newPassword, actor.username);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (transaction) => {
    await repository.updatePasswordHash(transaction, actor.id, passwordHash);
    await repository.deleteOtherSessions(transaction, actor.id, hashToken(token));
    await secondFactorRepository.forgetRememberedDevices(transaction, actor.id);
    await recordAudit(transaction, actor, {
      action: 'account.change_password',
      entityType: 'account',
      entityId: actor.id,
      outcome: 'success',
    });
  });
}

export async function signOut(db: Database, actor: Actor, token: string) {
  await db.transaction(async (transaction) => {
    await repository.deleteSession(transaction, hashToken(token));
    await recordAudit(transaction, actor, {
      action: 'session.sign_out',
      entityType: 'account',
      entityId: actor.id,
      outcome: 'success',
    });
  });
}

/** Signs an account out everywhere (disabled, moved to another role or region, password reset). */
export async function signOutEverywhere(db: Executor, accountId: string): Promise<void> {
  await repository.deleteSessionsOfAccount(db, accountId);
}
