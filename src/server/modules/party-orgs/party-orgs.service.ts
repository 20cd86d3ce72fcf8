import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { createPartyOrgBody, PartyOrg, updatePartyOrgBody } from '../../../shared/api/party-orgs.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { isCodeInScope, withinScope } from '../../auth/scope.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { loadRegion } from '../regions/regions.service.js';
import * as repository from './party-orgs.repository.js';

const scopeOf =
  (actor: Actor): repository.CodeCondition =>
  (code) =>
    withinScope(actor, code);

function present(row: repository.PartyOrgRow): PartyOrg {
  const { org } = row;
  return {
    id: org.id,
    parentId: org.parentId,
    kind: org.kind,
    name: org.name,
    secretary: org.secretary,
    memberCount: org.memberCount,
    regionId: org.regionId,
    coveredRegionIds: row.coveredRegionIds,
  };
}

function loadPartyOrg(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'party_org',
    id,
    code: 'party_org_not_found',
    find: () => repository.findPartyOrg(db, scopeOf(actor), id),
    existsAnywhere: () => repository.partyOrgExists(db, id),
  });
}

/** The organisations laid over a region's subtree (the actor's whole scope without one), as a flat list. */
export async function listPartyOrgs(db: Database, actor: Actor, regionId: string | undefined): Promise<PartyOrg[]> {
  assertCan(actor, 'party.read');
  const rootCode = regionId ? (await loadRegion(db, actor, regionId)).code : (actor.regionCode ?? '');
  return (await repository.listPartyOrgs(db, scopeOf(actor), rootCode)).map(present);
}

export async function getPartyOrg(db: Database, actor: Actor, id: string): Promise<PartyOrg> {
  assertCan(actor, 'party.read');
  return present(await loadPartyOrg(db, actor, id));
}

/** The anchor must be in scope, covered regions inside the anchor's subtree, the parent visible. */
async function checkPlacement(
  db: Database,
  actor: Actor,
  input: { regionId: string; coveredRegionIds: string[]; parentId: string | null },
) {
  const anchor = await loadRegion(db, actor, input.regionId);
  const covered = await repository.findRegionsByIds(db, input.coveredRegionIds);
  const outside = input.coveredRegionIds.filter((id) => {
    const region = covered.find((candidate) => candidate.id === id);
    return !region || !region.code.startsWith(anchor.code) || !isCodeInScope(actor, region.code);
  });
  if (outside.length > 0) {
    throw new AppError('validation_failed', {
      en: `Covered regions must lie inside ${anchor.name}: ${outside.join(', ')}.`,
      zh: `覆盖区域须在 ${anchor.name} 之内：${outside.join('、')}。`,
    });
  }
  if (input.parentId) await loadPartyOrg(db, actor, input.parentId);
  return anchor;
}

export async function createPartyOrg(
  db: Database,
  actor: Actor,
  input: z.output<typeof createPartyOrgBody>,
): Promise<PartyOrg> {
  assertCan(actor, 'party.write');
  const coveredRegionIds = input.coveredRegionIds ?? [input.regionId];
  const anchor = await checkPlacement(db, actor, {
    regionId: input.regionId,
    coveredRegionIds,
    parentId: input.parentId ?? null,
  });
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertPartyOrg(transaction, {
      id,
      countyId: anchor.countyId,
      parentId: input.parentId ?? null,
      kind: input.kind,
      name: input.name,
      secretary: input.secretary ?? null,
      memberCount: input.memberCount ?? 0,
      regionId: anchor.id,
    });
    await repository.replaceCoveredRegions(transaction, anchor.countyId, id, coveredRegionIds);
    return {
      audit: {
        action: 'party_org.create',
        entityType: 'party_org',
        entityId: id,
        regionCode: anchor.code,
        countyId: anchor.countyId,
        outcome: 'success',
      },
    };
  });
  return getPartyOrg(db, actor, id);
}

export async function updatePartyOrg(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof updatePartyOrgBody>,
): Promise<PartyOrg> {
  assertCan(actor, 'party.write');
  const current = await loadPartyOrg(db, actor, id);
  for (let ancestorId = changes.parentId ?? null; ancestorId !== null;) {
    if (ancestorId === id) {
      throw new AppError('validation_failed', {
        en: 'An organisation cannot be placed under itself or its own sub-organisation.',
        zh: '组织不能放在自身或其下级组织之下。',
      });
    }
    ancestorId = await repository.findParentId(db, current.org.countyId, ancestorId);
  }
  const anchor = await checkPlacement(db, actor, {
    regionId: changes.regionId ?? current.org.regionId,
    coveredRegionIds: changes.coveredRegionIds ?? current.coveredRegionIds,
    parentId: changes.parentId === undefined ? null : changes.parentId,
  });
  const { coveredRegionIds, ...fields } = changes;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updatePartyOrg(transaction, current.org.countyId, id, fields);
    if (coveredRegionIds)
      await repository.replaceCoveredRegions(transaction, current.org.countyId, id, coveredRegionIds);
    return {
      audit: {
        action: 'party_org.update',
        entityType: 'party_org',
        entityId: id,
        regionCode: anchor.code,
        countyId: anchor.countyId,
        outcome: 'success',
        details: { fields: Object.keys(changes) },
      },
    };
  });
  return getPartyOrg(db, actor, id);
}

export async function deletePartyOrg(db: Database, actor: Actor, id: string) {
  assertCan(actor, 'party.write');
  const current = await loadPartyOrg(db, actor, id);
  if (await repository.hasChildren(db, current.org.countyId, id)) {
    throw new AppError('conflict', {
      en: 'This organisation still has sub-organisations; move or remove them first.',
      zh: '该组织还有下级组织，请先移走或删除。',
    });
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.deletePartyOrg(transaction, current.org.countyId, id);
    return {
      audit: {
        action: 'party_org.delete',
        entityType: 'party_org',
        entityId: id,
        regionCode: current.anchorCode,
        countyId: current.org.countyId,
        outcome: 'success',
        details: { name: current.org.name },
      },
    };
  });
}
