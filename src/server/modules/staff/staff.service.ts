import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type { createStaffBody, listStaffQuery, Staff, updateStaffBody } from '../../../shared/api/staff.js';
import { maskPhone } from '../../../shared/phone.js';
import { accountRoleOfStaffKind, type StaffKind } from '../../../shared/staff.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { assertMayReveal, type RevealRequest } from '../../auth/reveal.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import * as accountsService from '../accounts/accounts.service.js';
import { inTransactionWithAudit, recordAudit } from '../audit/audit.service.js';
import { loadGridRegion, loadRegion } from '../regions/regions.service.js';
import { loadStaff } from './staff-records.service.js';
import * as repository from './staff.repository.js';

function present(row: repository.StaffRow, isRevealed: boolean): Staff {
  const { staff } = row;
  return {
    id: staff.id,
    regionId: staff.regionId,
    regionName: row.regionName,
    kind: staff.kind,
    name: staff.name,
    phone: staff.phone === null ? null : isRevealed ? staff.phone : maskPhone(staff.phone),
    isPhoneMasked: staff.phone !== null && !isRevealed,
    employment: staff.employment,
    dispatchingUnit: staff.dispatchingUnit,
    duties: staff.duties,
    isPartyMember: staff.isPartyMember,
    accountId: staff.accountId,
    accountUsername: row.accountUsername,
  };
}

export async function listStaff(
  db: Database,
  actor: Actor,
  query: z.output<typeof listStaffQuery>,
): Promise<Page<Staff>> {
  assertCan(actor, 'staff.read');
  const rootCode = query.regionId ? (await loadRegion(db, actor, query.regionId)).code : (actor.regionCode ?? '');
  const rows = await repository.listStaff(
    db,
    actor,
    { rootCode, kind: query.kind, after: query.cursor && { code: query.cursor.key, id: query.cursor.id } },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.regionCode, row.staff.id));
  return { items: page.items.map((row) => present(row, false)), nextCursor: page.nextCursor };
}

/**
 * One person; the phone is shown in full only to a role that may see it, when asked with a reason (as for a
 * resident), and the look is audited with the reason.
 */
export async function getStaff(db: Database, actor: Actor, id: string, reveal: RevealRequest): Promise<Staff> {
  assertCan(actor, 'staff.read');
  assertMayReveal(actor, reveal, {
    en: 'Give a reason for viewing the full phone number.',
    zh: '查看完整电话号码须填写事由。',
  });
  const row = await loadStaff(db, actor, id);
  if (!reveal.isAsked) return present(row, false);
  await recordAudit(db, actor, {
    action: 'staff.reveal_phone',
    entityType: 'staff',
    entityId: id,
    regionCode: row.regionCode,
    countyId: row.staff.countyId,
    outcome: 'success',
    details: { reason: reveal.reason },
  });
  return present(row, true);
}

/** The account role of a position that is to sign in, or a 400 naming the positions that may. */
function accountRoleOf(kind: StaffKind) {
  const role = accountRoleOfStaffKind[kind];
  if (role === undefined) {
    throw new AppError('validation_failed', {
      en: `A ${kind} has no account: only grid leaders, grid members and sunk cadres sign in.`,
      zh: `${kind} 不设账号：只有网格长、网格员和下沉干部可以登录。`,
    });
  }
  return role;
}

async function findPresented(db: Database, actor: Actor, id: string): Promise<Staff> {
  return present((await repository.findStaff(db, actor, id))!, false);
}

/**
 * Places a person in a grid. `newAccount` creates their account at the same time (the account service then
 * creates the person with it, in one transaction); `accountId` links an existing account of the same place.
 */
export async function createStaff(db: Database, actor: Actor, input: z.output<typeof createStaffBody>): Promise<Staff> {
  assertCan(actor, 'staff.write');
  const { accountId, newAccount, ...fields } = input;
  const region = await loadGridRegion(db, actor, fields.regionId);
  accountsService.assertPersonConsistent(fields);
  if (newAccount) {
    const { regionId, kind, name, ...details } = fields;
    const account = await accountsService.createAccount(db, actor, {
      ...newAccount,
      displayName: name,
      role: accountRoleOf(kind),
      regionId,
      newStaff: details,
    });
    return findPresented(db, actor, account.staffId!);
  }
  const account = accountId === undefined ? undefined : await accountsService.loadAccountToLink(db, actor, accountId);
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertStaff(transaction, { ...fields, id, countyId: region.countyId });
    if (account) {
      const person = { ...fields, id, countyId: region.countyId, regionCode: region.code, accountId: null };
      await accountsService.linkAccount(transaction, actor, person, account);
    }
    return {
      audit: {
        action: 'staff.create',
        entityType: 'staff',
        entityId: id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
      },
    };
  });
  return findPresented(db, actor, id);
}

/**
 * Changes a person. A linked person's account follows a new position or grid (which takes the right to manage that
 * account) and a new name; `accountId` links or (null) unlinks an account, `newAccount` creates one.
 */
export async function updateStaff(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof updateStaffBody>,
): Promise<Staff> {
  assertCan(actor, 'staff.write');
  const { accountId, newAccount, ...fields } = changes;
  const current = await loadStaff(db, actor, id);
  const region = fields.regionId ? await loadGridRegion(db, actor, fields.regionId) : undefined;
  const changed = { ...current.staff, ...fields, regionCode: region?.code ?? current.regionCode };
  accountsService.assertPersonConsistent(changed);
  const linkedAccountId = current.staff.accountId;
  const isLinkKept = linkedAccountId !== null && accountId !== null;
  if ((accountId || newAccount) && linkedAccountId !== null && accountId !== linkedAccountId) {
    throw new AppError('staff_already_linked', {
      en: `${current.staff.name} already signs in as ${current.accountUsername}; unlink that account first.`,
      zh: `${current.staff.name} 已用账号 ${current.accountUsername} 登录，请先解除该账号的关联。`,
    });
  }
  const accountToLink =
    accountId && accountId !== linkedAccountId
      ? await accountsService.loadAccountToLink(db, actor, accountId)
      : undefined;
  const isMoved = changed.kind !== current.staff.kind || changed.regionId !== current.staff.regionId;
  if (isLinkKept && isMoved && accountRoleOfStaffKind[changed.kind] === undefined) {
    throw new AppError('staff_has_account', {
      en: `${current.staff.name} signs in as ${current.accountUsername}: a ${changed.kind} has no account, so unlink it first.`,
      zh: `${current.staff.name} 用账号 ${current.accountUsername} 登录：${changed.kind} 不设账号，请先解除关联。`,
    });
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    if (accountId === null && linkedAccountId !== null) {
      await accountsService.unlinkAccount(transaction, actor, changed, linkedAccountId);
    }
    await repository.updateStaff(transaction, current.staff.countyId, id, fields);
    if (isLinkKept && isMoved) {
      // The account follows under the rules of accounts (the right to manage it, the level of its role).
      await accountsService.updateAccount(transaction, actor, linkedAccountId, {
        role: accountRoleOf(changed.kind),
        regionId: changed.regionId,
      });
    }
    if (isLinkKept && fields.name !== undefined) {
      await accountsService.renameLinkedAccount(transaction, linkedAccountId, fields.name);
    }
    if (accountToLink) {
      await accountsService.linkAccount(transaction, actor, { ...changed, accountId: null }, accountToLink);
    }
    return {
      audit: {
        action: 'staff.update',
        entityType: 'staff',
        entityId: id,
        regionCode: changed.regionCode,
        countyId: current.staff.countyId,
        outcome: 'success',
        details: { fields: Object.keys(fields) },
      },
    };
  });
  if (newAccount) {
    await accountsService.createAccount(db, actor, {
      ...newAccount,
      displayName: changed.name,
      role: accountRoleOf(changed.kind),
      regionId: changed.regionId,
      staffId: id,
    });
  }
  return findPresented(db, actor, id);
}

/**
 * Removes a person from their grid. A person who signs in is removed only with `disableAccount`, which disables
 * their account too (it stays, with its history); otherwise 409, so nobody keeps signing in to a grid they left.
 */
export async function deleteStaff(db: Database, actor: Actor, id: string, options: { disableAccount: boolean }) {
  assertCan(actor, 'staff.write');
  const current = await loadStaff(db, actor, id);
  const { accountId } = current.staff;
  if (accountId !== null && !options.disableAccount) {
    throw new AppError('staff_has_account', {
      en: `${current.staff.name} signs in as ${current.accountUsername}: remove them with disableAccount=true to disable that account too, or unlink it first.`,
      zh: `${current.staff.name} 用账号 ${current.accountUsername} 登录：删除时加 disableAccount=true 可同时停用该账号，或先解除关联。`,
    });
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    if (accountId !== null) await accountsService.updateAccount(transaction, actor, accountId, { isEnabled: false });
    await repository.deleteStaff(transaction, current.staff.countyId, id);
    return {
      audit: {
        action: 'staff.delete',
        entityType: 'staff',
        entityId: id,
        regionCode: current.regionCode,
        countyId: current.staff.countyId,
        outcome: 'success',
        details: { name: current.staff.name, kind: current.staff.kind, accountId },
      },
    };
  });
}
