import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Account, createAccountBody, updateAccountBody } from '../../../shared/api/accounts.js';
import type { Page } from '../../../shared/api/common.js';
import { canGrant, roleLevels, type Role } from '../../../shared/policy.js';
import { accountRoleOfStaffKind, staffKindOfRole, staffProblem, type StaffKind } from '../../../shared/staff.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { hashPassword } from '../../auth/passwords.js';
import { isUniqueViolation, type Database, type Executor } from '../../db/client.js';
import type { gridStaff } from '../../db/schema/index.js';
import { AppError, invalidField } from '../../errors.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { forgetRememberedDevices, removeSecondFactor } from '../session/second-factor.service.js';
import { signOutEverywhere } from '../session/session.service.js';
import { loadActiveUnit } from '../units/units.service.js';
import * as staffRecords from '../staff/staff-records.service.js';
import * as repository from './accounts.repository.js';
import { assertPasswordAllowed } from './password-policy.service.js';

/** The side of a person a link is checked against. */
type LinkedPerson = {
  id: string;
  countyId: string;
  regionId: string;
  regionCode: string;
  kind: StaffKind;
  name: string;
  accountId: string | null;
};

function present(row: repository.AccountRow): Account {
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
    staffId: row.staffId,
    hasSecondFactor: row.secondFactorConfirmedAt !== null,
    unit: row.unitId === null ? null : { id: row.unitId, name: row.unitName ?? '—' },
  };
}

function loadAccount(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'account',
    id,
    code: 'account_not_found',
    find: () => repository.findAccount(db, actor, id),
    existsAnywhere: () => repository.accountExists(db, id),
  });
}

function taken(username: string) {
  return new AppError('username_taken', {
    en: `The username ${username} is taken; choose another.`,
    zh: `用户名 ${username} 已被使用，请换一个。`,
  });
}

function assertGrantable(actor: Actor, role: Role) {
  if (!canGrant(actor.role, role))
    throw new AppError('forbidden', { en: `You may not give the role ${role}.`, zh: `您无权授予角色 ${role}。` });
}

/** An account the actor may change: in their subtree and of their rank or below. */
async function loadManagedAccount(db: Executor, actor: Actor, id: string) {
  assertCan(actor, 'account.write');
  const account = await loadAccount(db, actor, id);
  assertGrantable(actor, account.role);
  return account;
}

/** A person and an account are one only when the account's role is the person's position, in the person's grid. */
function assertSamePlace(person: LinkedPerson, account: { role: Role; regionId: string | null }) {
  const role = accountRoleOfStaffKind[person.kind];
  if (role === undefined) {
    throw new AppError('validation_failed', {
      en: `${person.name} is a ${person.kind}, a position without an account.`,
      zh: `${person.name} 的岗位（${person.kind}）不设登录账号。`,
    });
  }
  if (role !== account.role || person.regionId !== account.regionId) {
    throw new AppError('validation_failed', {
      en: `${person.name} is a ${person.kind} of another grid or position: the account must be a ${role} of that grid.`,
      zh: `${person.name} 属于其他网格或岗位（${person.kind}）：账号须为该网格的 ${role}。`,
    });
  }
}

/** A person's fields must agree with each other (the rule of `staffProblem`), or 400. */
export function assertPersonConsistent(person: Parameters<typeof staffProblem>[0]) {
  const problem = staffProblem(person);
  if (problem) throw new AppError('validation_failed', problem);
}

/** The fields of a loaded person a link is checked against. */
function personOf(row: staffRecords.PersonRecord): LinkedPerson {
  return { ...row.staff, regionCode: row.regionCode };
}

function alreadyLinked(username: string) {
  return new AppError('account_already_linked', {
    en: `The account ${username} already belongs to a person of a grid.`,
    zh: `账号 ${username} 已关联网格中的一名人员。`,
  });
}

/** The region a role is anchored at must be of the level that role works at, and inside the granter's subtree. */
async function resolveAnchor(db: Database, actor: Actor, role: Role, regionId: string | null) {
  if (role === 'admin') {
    if (regionId !== null)
      throw new AppError('validation_failed', {
        en: 'The system administrator is not tied to a region.',
        zh: '系统管理员不属于任何区域。',
      });
    return undefined;
  }
  if (regionId === null)
    throw new AppError('validation_failed', {
      en: 'Choose the region this role applies to.',
      zh: '请选择该角色所属的区域。',
    });
  const region = await loadRegion(db, actor, regionId);
  if (!roleLevels[role].includes(region.level)) {
    throw new AppError('validation_failed', {
      en: `The role ${role} applies to a ${roleLevels[role].join(' or ')}, not a ${region.level}.`,
      zh: `角色 ${role} 适用于 ${roleLevels[role].join(' 或 ')}，而不是 ${region.level}。`,
    });
  }
  return region;
}

/**
 * The dispatching unit a `unit` account names: an active unit of the county it is anchored at (400 otherwise); no
 * other role names one.
 */
async function resolveUnit(
  db: Database,
  actor: Actor,
  role: Role,
  region: { countyId: string | null } | undefined,
  unitId: string | null | undefined,
): Promise<string | null> {
  if (role !== 'unit') {
    if (unitId !== undefined && unitId !== null) {
      throw invalidField('/body/unitId', `A ${role} belongs to no dispatching unit.`, `${role} 不属于派出单位。`);
    }
    return null;
  }
  if (unitId === undefined || unitId === null) {
    throw invalidField(
      '/body/unitId',
      'Choose the dispatching unit whose people the account sees.',
      '请选择该账号所属的派出单位。',
    );
  }
  const unit = await loadActiveUnit(db, actor, unitId);
  if (unit.countyId !== region?.countyId) {
    throw invalidField('/body/unitId', `${unit.name} is not a unit of this county.`, `${unit.name} 不是本县的单位。`);
  }
  return unit.id;
}

export async function listAccounts(
  db: Database,
  actor: Actor,
  query: { q?: string | undefined; regionId?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Account>> {
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

export async function getAccount(db: Database, actor: Actor, id: string): Promise<Account> {
  assertCan(actor, 'account.read');
  return present(await loadAccount(db, actor, id));
}

/**
 * Creates an account. A grid role (grid leader, grid member, cadre) also places its holder among the grid's people,
 * so the grid's counts and list agree with its accounts: the person named by `staffId`, or a new one.
 */
export async function createAccount(
  db: Database,
  actor: Actor,
  input: z.output<typeof createAccountBody>,
): Promise<Account> {
  assertCan(actor, 'account.write');
  assertGrantable(actor, input.role);
  const region = await resolveAnchor(db, actor, input.role, input.regionId);
  const unitId = await resolveUnit(db, actor, input.role, region, input.unitId);
  await assertPasswordAllowed(db, input.password, input.username);
  const kind = staffKindOfRole(input.role);
  if (kind === undefined && (input.staffId !== undefined || input.newStaff !== undefined)) {
    throw new AppError('validation_failed', {
      en: `A ${input.role} is not one of a grid's people; send no staffId or newStaff.`,
      zh: `${input.role} 不属于网格人员，请勿传 staffId 或 newStaff。`,
    });
  }
  const linked =
    input.staffId === undefined ? undefined : personOf(await staffRecords.loadStaff(db, actor, input.staffId));
  if (linked) {
    if (linked.accountId !== null) {
      throw new AppError('staff_already_linked', {
        en: `${linked.name} already signs in with another account.`,
        zh: `${linked.name} 已在使用另一个账号登录。`,
      });
    }
    assertSamePlace(linked, { role: input.role, regionId: region?.id ?? null });
  }
  const newPerson =
    kind === undefined || linked || !region
      ? undefined
      : { ...input.newStaff, id: uuidv7(), countyId: region.countyId, regionId: region.id, kind };
  if (newPerson) assertPersonConsistent(newPerson);
  if (await repository.usernameExists(db, input.username)) {
    throw taken(input.username);
  }
  const id = uuidv7();
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (transaction) => {
    await repository
      .insertAccount(transaction, {
        id,
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        regionId: region?.id ?? null,
        unitId,
        passwordHash,
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw taken(input.username);
        throw error;
      });
    await recordAudit(transaction, actor, {
      action: 'account.create',
      entityType: 'account',
      entityId: id,
      regionCode: region?.code,
      countyId: region?.countyId,
      outcome: 'success',
      details: { username: input.username, role: input.role, ...(unitId === null ? {} : { unitId }) },
    });
    if (linked) {
      await linkPerson(transaction, actor, linked, { id, username: input.username, displayName: input.displayName });
    }
    if (newPerson) {
      await staffRecords.insertStaff(transaction, { ...newPerson, name: input.displayName, accountId: id });
      await recordAudit(transaction, actor, {
        action: 'staff.create',
        entityType: 'staff',
        entityId: newPerson.id,
        regionCode: region?.code,
        countyId: region?.countyId,
        outcome: 'success',
        details: { accountId: id },
      });
    }
  });
  return getAccount(db, actor, id);
}

/** Writes the link: the person takes the account's name, so both lists show one name for one person. */
async function linkPerson(
  db: Executor,
  actor: Actor,
  person: LinkedPerson,
  account: { id: string; username: string; displayName: string },
) {
  await staffRecords
    .updateStaff(db, person.countyId, person.id, { accountId: account.id, name: account.displayName })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw alreadyLinked(account.username);
      throw error;
    });
  await recordAudit(db, actor, {
    action: 'staff.link_account',
    entityType: 'staff',
    entityId: person.id,
    countyId: person.countyId,
    regionCode: person.regionCode,
    outcome: 'success',
    details: { accountId: account.id, username: account.username },
  });
}

/** An account the actor may link to a person: one they manage, not yet linked. Checked before any write. */
export async function loadAccountToLink(db: Executor, actor: Actor, accountId: string) {
  const account = await loadManagedAccount(db, actor, accountId);
  if (account.staffId !== null) throw alreadyLinked(account.username);
  return account;
}

/**
 * Links a person of a grid to an account of the same place (role = position, region = grid), loaded by
 * `loadAccountToLink`. The account takes the person's name.
 */
export async function linkAccount(db: Executor, actor: Actor, person: LinkedPerson, account: repository.AccountRow) {
  assertSamePlace(person, account);
  await repository.updateAccount(db, account.id, { displayName: person.name });
  await linkPerson(db, actor, person, { ...account, displayName: person.name });
}

/** A linked person's new name is their account's too (the staff service has checked the right to change them). */
export async function renameLinkedAccount(db: Executor, accountId: string, displayName: string): Promise<void> {
  await repository.updateAccount(db, accountId, { displayName });
}

/** Unlinks a person from their account; both stay. Only someone who may manage the account unlinks it. */
export async function unlinkAccount(db: Executor, actor: Actor, person: LinkedPerson, accountId: string) {
  const account = await loadManagedAccount(db, actor, accountId);
  await staffRecords.updateStaff(db, person.countyId, person.id, { accountId: null });
  await recordAudit(db, actor, {
    action: 'staff.unlink_account',
    entityType: 'staff',
    entityId: person.id,
    countyId: person.countyId,
    regionCode: person.regionCode,
    outcome: 'success',
    details: { accountId, username: account.username },
  });
}

/**
 * Changes an account. A new role or region, or disabling, signs the account out everywhere, so the change takes
 * effect at once rather than when old sessions expire. The linked person follows a new name, role or grid (a
 * disabled account keeps its person); a role above the grid is refused while the account has a person.
 */
export async function updateAccount(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof updateAccountBody>,
): Promise<Account> {
  const current = await loadManagedAccount(db, actor, id);
  if (
    id === actor.id &&
    (changes.role !== undefined || changes.regionId !== undefined || changes.isEnabled === false)
  ) {
    throw new AppError('forbidden', {
      en: 'You cannot change your own role, region or disable yourself; ask another administrator.',
      zh: '不能修改自己的角色、区域或停用自己，请联系其他管理员。',
    });
  }
  const role = changes.role ?? current.role;
  const isAnchorChanged = changes.role !== undefined || changes.regionId !== undefined || changes.unitId !== undefined;
  if (changes.role !== undefined) assertGrantable(actor, changes.role);
  const region = isAnchorChanged
    ? await resolveAnchor(db, actor, role, changes.regionId === undefined ? current.regionId : changes.regionId)
    : undefined;
  const unitId = isAnchorChanged
    ? await resolveUnit(db, actor, role, region, changes.unitId ?? (role === 'unit' ? current.unitId : null))
    : undefined;
  const person =
    current.staffId === null ? undefined : await staffRecords.findStaffOfAccount(db, current.countyId!, id);
  const personChanges = person
    ? followAccount(person, current.displayName, changes.displayName, region && { role, region })
    : {};
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updateAccount(transaction, id, {
      ...changes,
      ...(isAnchorChanged ? { regionId: region?.id ?? null, unitId } : {}),
    });
    if (person && Object.keys(personChanges).length > 0) {
      await staffRecords.updateStaff(transaction, person.countyId, person.id, personChanges);
    }
    if (isAnchorChanged || changes.isEnabled === false) await signOutEverywhere(transaction, id);
    return {
      audit: {
        action: 'account.update',
        entityType: 'account',
        entityId: id,
        regionCode: region?.code ?? current.regionCode ?? undefined,
        countyId: region?.countyId ?? current.countyId ?? undefined,
        outcome: 'success',
        details: { changes, staffId: person?.id ?? null },
      },
    };
  });
  return getAccount(db, actor, id);
}

/** What the linked person must change to stay the account's holder: its name, and its position and grid. */
function followAccount(
  person: typeof gridStaff.$inferSelect,
  currentName: string,
  displayName: string | undefined,
  anchor: { role: Role; region: { id: string } | undefined } | undefined,
): Partial<typeof gridStaff.$inferInsert> {
  const changes: Partial<typeof gridStaff.$inferInsert> = displayName === undefined ? {} : { name: displayName };
  if (anchor === undefined) return changes;
  const kind = staffKindOfRole(anchor.role);
  if (kind === undefined || anchor.region === undefined) {
    throw new AppError('staff_has_account', {
      en: `${currentName} is a ${person.kind} of a grid: unlink the account from the person before giving a ${anchor.role} role.`,
      zh: `${currentName} 是网格人员（${person.kind}）：授予 ${anchor.role} 角色前，请先解除账号与该人员的关联。`,
    });
  }
  const moved = {
    kind,
    regionId: anchor.region.id,
    employment: kind === 'grid_member' ? person.employment : null,
  };
  assertPersonConsistent({ ...person, ...moved });
  return { ...changes, ...moved };
}

/** Sets a new password: signs the account out everywhere, and its remembered browsers ask for the code again. */
export async function resetPassword(db: Database, actor: Actor, id: string, password: string) {
  const current = await loadManagedAccount(db, actor, id);
  await assertPasswordAllowed(db, password, current.username);
  const passwordHash = await hashPassword(password);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updateAccount(transaction, id, { passwordHash });
    await signOutEverywhere(transaction, id);
    await forgetRememberedDevices(transaction, id);
    return {
      audit: {
        action: 'account.reset_password',
        entityType: 'account',
        entityId: id,
        regionCode: current.regionCode ?? undefined,
        countyId: current.countyId ?? undefined,
        outcome: 'success',
      },
    };
  });
}

/**
 * Removes an account's second factor (a lost phone), by whoever may reset its password: the account is signed out
 * everywhere, its recovery codes and remembered browsers are void, and it enrols again at its next sign-in if its
 * role requires a second factor.
 */
export async function resetSecondFactor(db: Database, actor: Actor, id: string) {
  const current = await loadManagedAccount(db, actor, id);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await removeSecondFactor(transaction, id);
    await signOutEverywhere(transaction, id);
    return {
      audit: {
        action: 'account.reset_second_factor',
        entityType: 'account',
        entityId: id,
        regionCode: current.regionCode ?? undefined,
        countyId: current.countyId ?? undefined,
        outcome: 'success',
        details: { hadSecondFactor: current.secondFactorConfirmedAt !== null },
      },
    };
  });
}

/**
 * `gridlink reset-second-factor`: the way back for the one whom nobody above can reset (an administrator who lost
 * their phone and recovery codes), by the operator at the command line.
 */
export async function resetSecondFactorOfUsername(db: Database, actor: Actor, username: string) {
  const account = await repository.findAccountByName(db, username);
  if (!account)
    throw new AppError('account_not_found', { en: `There is no account ${username}.`, zh: `没有账号 ${username}。` });
  await resetSecondFactor(db, actor, account.id);
}

/** `gridlink create-admin`: a system administrator, with a strong password, created from the command line. */
export async function createAdministrator(
  db: Database,
  input: { username: string; displayName: string; password: string },
) {
  await assertPasswordAllowed(db, input.password, input.username);
  if (await repository.findAccountByName(db, input.username)) {
    throw new AppError('username_taken', {
      en: `The username ${input.username} is taken; choose another.`,
      zh: `用户名 ${input.username} 已被使用，请换一个。`,
    });
  }
  const id = uuidv7();
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (transaction) => {
    await repository.insertAccount(transaction, { id, ...input, role: 'admin', passwordHash });
    await recordAudit(
      transaction,
      { address: 'cli', userAgent: 'gridlink create-admin' },
      {
        action: 'account.create',
        entityType: 'account',
        entityId: id,
        outcome: 'success',
        details: { username: input.username, role: 'admin' },
      },
    );
  });
  return id;
}
