import { uuidv7 } from 'uuidv7';
import { canGrant, roleLevels, type Role } from '../../../shared/policy.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { hashPassword, passwordWeakness } from '../../auth/passwords.js';
import { loadVisible } from '../../auth/visibility.js';
import { isUniqueViolation, type Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { deleteSessionsOfAccount } from '../session/session.repository.js';
import * as repository from './accounts.repository.js';

function present(row: repository.AccountRow) {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    regionId: row.regionId,
    regionName: row.regionName,
    isEnabled: row.isEnabled,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

function loadAccount(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'account',
    id,
    code: 'account_not_found',
    find: () => repository.findAccount(db, actor, id),
    existsAnywhere: () => repository.accountExists(db, id),
  });
}

function taken(username: string) {
  return new AppError('username_taken', `The username ${username} is taken; choose another.`);
}

function assertPasswordStrong(password: string, username: string) {
  const weakness = passwordWeakness(password, username);
  if (weakness) throw new AppError('validation_failed', weakness);
}

function assertGrantable(actor: Actor, role: Role) {
  if (!canGrant(actor.role, role)) throw new AppError('forbidden', `You may not give the role ${role}.`);
}

/** The region a role is anchored at must be of the level that role works at, and inside the granter's subtree. */
async function resolveAnchor(db: Database, actor: Actor, role: Role, regionId: string | null) {
  if (role === 'admin') {
    if (regionId !== null) throw new AppError('validation_failed', 'The system administrator is not tied to a region.');
    return undefined;
  }
  if (regionId === null) throw new AppError('validation_failed', 'Choose the region this role applies to.');
  const region = await loadRegion(db, actor, regionId);
  if (!roleLevels[role].includes(region.level)) {
    throw new AppError(
      'validation_failed',
      `The role ${role} applies to a ${roleLevels[role].join(' or ')}, not a ${region.level}.`,
    );
  }
  return region;
}

export async function listAccounts(
  db: Database,
  actor: Actor,
  query: { q?: string | undefined; regionId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  assertCan(actor, 'account.read');
  const rootCode = query.regionId ? (await loadRegion(db, actor, query.regionId)).code : undefined;
  const rows = await repository.listAccounts(
    db,
    actor,
    { text: query.q, rootCode, afterUsername: query.cursor },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => row.username);
  return { items: page.items.map(present), nextCursor: page.nextCursor };
}

export async function getAccount(db: Database, actor: Actor, id: string) {
  assertCan(actor, 'account.read');
  return present(await loadAccount(db, actor, id));
}

export async function createAccount(
  db: Database,
  actor: Actor,
  input: { username: string; displayName: string; role: Role; regionId: string | null; password: string },
) {
  assertCan(actor, 'account.write');
  assertGrantable(actor, input.role);
  const region = await resolveAnchor(db, actor, input.role, input.regionId);
  assertPasswordStrong(input.password, input.username);
  if (await repository.usernameExists(db, input.username)) {
    throw taken(input.username);
  }
  const id = uuidv7();
  await repository
    .insertAccount(db, {
      id,
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      regionId: region?.id ?? null,
      passwordHash: await hashPassword(input.password),
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw taken(input.username);
      throw error;
    });
  await recordAudit(db, actor, {
    action: 'account.create',
    entityType: 'account',
    entityId: id,
    regionCode: region?.code,
    countyId: region?.countyId,
    outcome: 'success',
    details: { username: input.username, role: input.role },
  });
  return getAccount(db, actor, id);
}

/**
 * Changes an account. A new role or region, or disabling, signs the account out everywhere, so the change takes
 * effect at once rather than when old sessions expire.
 */
export async function updateAccount(
  db: Database,
  actor: Actor,
  id: string,
  changes: {
    displayName?: string | undefined;
    role?: Role | undefined;
    regionId?: string | null | undefined;
    isEnabled?: boolean | undefined;
  },
) {
  assertCan(actor, 'account.write');
  const current = await loadAccount(db, actor, id);
  assertGrantable(actor, current.role);
  if (
    id === actor.id &&
    (changes.role !== undefined || changes.regionId !== undefined || changes.isEnabled === false)
  ) {
    throw new AppError(
      'forbidden',
      'You cannot change your own role, region or disable yourself; ask another administrator.',
    );
  }
  const role = changes.role ?? current.role;
  const isAnchorChanged = changes.role !== undefined || changes.regionId !== undefined;
  if (changes.role !== undefined) assertGrantable(actor, changes.role);
  const region = isAnchorChanged
    ? await resolveAnchor(db, actor, role, changes.regionId === undefined ? current.regionId : changes.regionId)
    : undefined;
  await db.transaction(async (transaction) => {
    await repository.updateAccount(transaction, id, {
      ...changes,
      ...(isAnchorChanged ? { regionId: region?.id ?? null } : {}),
    });
    if (isAnchorChanged || changes.isEnabled === false) await deleteSessionsOfAccount(transaction, id);
  });
  await recordAudit(db, actor, {
    action: 'account.update',
    entityType: 'account',
    entityId: id,
    regionCode: region?.code ?? current.regionCode ?? undefined,
    countyId: region?.countyId ?? current.countyId ?? undefined,
    outcome: 'success',
    details: { changes },
  });
  return getAccount(db, actor, id);
}

export async function resetPassword(db: Database, actor: Actor, id: string, password: string) {
  assertCan(actor, 'account.write');
  const current = await loadAccount(db, actor, id);
  assertGrantable(actor, current.role);
  assertPasswordStrong(password, current.username);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (transaction) => {
    await repository.updateAccount(transaction, id, { passwordHash });
    await deleteSessionsOfAccount(transaction, id);
  });
  await recordAudit(db, actor, {
    action: 'account.reset_password',
    entityType: 'account',
    entityId: id,
    regionCode: current.regionCode ?? undefined,
    countyId: current.countyId ?? undefined,
    outcome: 'success',
  });
}

/** `gridlink create-admin`: a system administrator, with a strong password, created from the command line. */
export async function createAdministrator(
  db: Database,
  input: { username: string; displayName: string; password: string },
) {
  assertPasswordStrong(input.password, input.username);
  if (await repository.findAccountByName(db, input.username)) {
    throw new AppError('username_taken', `The username ${input.username} is taken; choose another.`);
  }
  const id = uuidv7();
  await repository.insertAccount(db, { id, ...input, role: 'admin', passwordHash: await hashPassword(input.password) });
  await recordAudit(
    db,
    { address: 'cli', userAgent: 'gridlink create-admin' },
    {
      action: 'account.create',
      entityType: 'account',
      entityId: id,
      outcome: 'success',
      details: { username: input.username, role: 'admin' },
    },
  );
  return id;
}
