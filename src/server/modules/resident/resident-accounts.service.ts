import type { z } from 'zod';
import type { Page } from '../../../shared/api/common.js';
import type {
  ResidentAccount,
  listResidentAccountsQuery,
  updateResidentAccountBody,
} from '../../../shared/api/resident-accounts.js';
import { maskPhone } from '../../../shared/phone.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { assertMayReveal } from '../../auth/reveal.js';
import type { Database } from '../../db/client.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { signOutEverywhere } from '../session/session.service.js';
import * as repository from './resident-accounts.repository.js';

function present(row: repository.ResidentAccountRow, isRevealed: boolean): ResidentAccount {
  return {
    id: row.id,
    displayName: row.displayName,
    phone: isRevealed ? row.phone : maskPhone(row.phone),
    isPhoneMasked: !isRevealed,
    grid: row.gridId === null || row.gridName === null ? null : { id: row.gridId, name: row.gridName },
    isRegistryPerson: row.isRegistryPerson,
    isEnabled: row.isEnabled,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    caseCount: row.caseCount,
  };
}

const revealMessage = {
  en: 'Say why you need the residents’ phones in full (reason).',
  zh: '请填写查看群众完整手机号的原因（reason）。',
};

/**
 * Residents who signed in, of the actor's area (their grid, or a case a guest reported, lies in it), newest first.
 * Phones are masked; `reveal` with a reason shows them to those who may read sensitive data, and is audited.
 */
export async function listResidentAccounts(
  db: Database,
  actor: Actor,
  query: z.output<typeof listResidentAccountsQuery>,
): Promise<Page<ResidentAccount>> {
  assertCan(actor, 'resident.manage');
  assertMayReveal(actor, { isAsked: query.reveal, reason: query.reason }, revealMessage);
  const root = query.regionId === undefined ? undefined : await loadRegion(db, actor, query.regionId);
  const rows = await repository.listResidentAccounts(
    db,
    actor.regionCode,
    { rootCode: root?.code, text: query.q, isEnabled: query.isEnabled, beforeId: query.cursor },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => row.id);
  if (query.reveal && page.items.length > 0) {
    await recordAudit(db, actor, {
      action: 'account.read',
      entityType: 'account',
      entityId: root?.id ?? actor.regionId,
      regionCode: root?.code,
      outcome: 'success',
      details: { residents: page.items.map((row) => row.id), reason: query.reason, revealed: 'phone' },
    });
  }
  return { items: page.items.map((row) => present(row, query.reveal)), nextCursor: page.nextCursor };
}

/**
 * Disables or enables a resident's account. Disabling ends their sessions at once, and their next sign-in answers
 * 403 account_disabled; their cases stay as they are.
 */
export async function updateResidentAccount(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof updateResidentAccountBody>,
): Promise<ResidentAccount> {
  assertCan(actor, 'resident.manage');
  const current = await loadVisible(db, actor, {
    type: 'account',
    id,
    code: 'account_not_found',
    find: () => repository.findResidentAccount(db, actor.regionCode, id),
    existsAnywhere: () => repository.residentAccountExists(db, id),
  });
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.setAccountEnabled(transaction, id, changes.isEnabled);
    if (!changes.isEnabled) await signOutEverywhere(transaction, id);
    return {
      audit: {
        action: 'account.update',
        entityType: 'account',
        entityId: id,
        regionCode: current.gridCode ?? undefined,
        countyId: current.countyId ?? undefined,
        outcome: 'success',
        details: { changes, role: 'resident', phone: maskPhone(current.phone) },
      },
    };
  });
  return present({ ...current, isEnabled: changes.isEnabled }, false);
}
