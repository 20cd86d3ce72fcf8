import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type { Household, HouseholdChanges, HouseholdInput, listHouseholdsQuery } from '../../../shared/api/registry.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { loadGridRegion, loadRegion } from '../regions/regions.service.js';
import { assertMayCollect, checkStarredText } from './collecting.service.js';
import * as repository from './households.repository.js';
import * as persons from './persons.repository.js';
import { presentationFor, visibleName, visibleTags, visibleText, type Presentation } from './persons.presenter.js';
import { checkTags, loadTagRules } from './tags.service.js';

/** What leaves the server about a household: its head's name, notes and tags as the caller may see them. */
function present(row: repository.HouseholdRow, presentation: Presentation): Household {
  const { household } = row;
  return {
    id: household.id,
    regionId: household.regionId,
    regionName: row.regionName,
    address: household.address,
    building: household.building,
    unit: household.unit,
    room: household.room,
    headPersonId: household.headPersonId,
    headName: row.headName === null ? null : visibleName(row.headName, row.headBirthDate, presentation),
    memberCount: row.memberCount,
    notes: visibleText(household.notes, presentation),
    tags: visibleTags(row.tagCodes, presentation),
  };
}

export function loadHousehold(db: Database, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'household',
    id,
    code: 'household_not_found',
    find: () => repository.findHousehold(db, actor, id),
    existsAnywhere: () => repository.householdExists(db, id),
  });
}

async function presenter(db: Database, actor: Actor) {
  const presentation = await presentationFor(db, actor, false);
  return (row: repository.HouseholdRow) => present(row, presentation);
}

export async function listHouseholds(
  db: Database,
  actor: Actor,
  query: z.output<typeof listHouseholdsQuery>,
): Promise<Page<Household>> {
  assertCan(actor, 'registry.read');
  const rootCode = query.regionId ? (await loadRegion(db, actor, query.regionId)).code : (actor.regionCode ?? '');
  const rows = await repository.listHouseholds(
    db,
    actor,
    { rootCode, text: query.q?.trim() || undefined, after: query.cursor },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.household.addressSortKey, row.household.id));
  const toView = await presenter(db, actor);
  return { items: page.items.map(toView), nextCursor: page.nextCursor };
}

/**
 * A household and how many members it has. The members themselves are a person list (`GET /persons?householdId=`),
 * paged like any other: a collective household or a dormitory has hundreds.
 */
export async function getHousehold(db: Database, actor: Actor, id: string): Promise<Household> {
  assertCan(actor, 'registry.read');
  const toView = await presenter(db, actor);
  return toView(await loadHousehold(db, actor, id));
}

async function assertHead(
  db: Database,
  countyId: string,
  householdId: string,
  headPersonId: string | null | undefined,
) {
  if (!headPersonId) return;
  const [head] = await persons.findPersonsByIds(db, countyId, [headPersonId]);
  if (head?.householdId !== householdId) {
    throw new AppError('validation_failed', {
      en: 'The head of household must be a member of the household.',
      zh: '户主必须是本户成员。',
    });
  }
}

export async function createHousehold(db: Database, actor: Actor, input: HouseholdInput): Promise<Household> {
  await assertMayCollect(db, actor);
  const region = await loadGridRegion(db, actor, input.regionId);
  const tagRules = await loadTagRules(db);
  const tags = checkTags(actor, tagRules, input.tags ?? []);
  if (await repository.findHouseholdByAddress(db, region.countyId, region.id, input.address)) {
    throw new AppError('household_exists', {
      en: `A household at ${input.address} is already registered in ${region.name}.`,
      zh: `${region.name} 已登记地址为 ${input.address} 的户。`,
    });
  }
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const { tags: _tags, headPersonId: _head, ...fields } = input;
    await repository.insertHousehold(transaction, {
      ...fields,
      id,
      countyId: region.countyId,
      regionId: region.id,
      regionCode: region.code,
    });
    await repository.replaceHouseholdTags(transaction, region.countyId, id, tags);
    return {
      audit: {
        action: 'household.create',
        entityType: 'household',
        entityId: id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
      },
    };
  });
  return getHousehold(db, actor, id);
}

/** Changes a household; moving it to another grid moves its members too. */
export async function updateHousehold(
  db: Database,
  actor: Actor,
  id: string,
  sent: HouseholdChanges,
): Promise<Household> {
  await assertMayCollect(db, actor);
  const current = await loadHousehold(db, actor, id);
  const { household } = current;
  // Starred notes sent back unchanged are no change; changed, they would lose the numbers the caller never saw.
  const presentation = await presentationFor(db, actor, false);
  const notes = checkStarredText(sent.notes, household.notes, visibleText(household.notes, presentation), 'notes');
  const { notes: _notes, ...rest } = sent;
  const changes: HouseholdChanges = notes === undefined ? rest : { ...rest, notes };
  const region = changes.regionId ? await loadGridRegion(db, actor, changes.regionId) : undefined;
  await assertHead(db, household.countyId, id, changes.headPersonId);
  const tags =
    changes.tags === undefined ? undefined : checkTags(actor, presentation.tagRules, changes.tags, current.tagCodes);
  const { tags: _tags, ...fields } = changes;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.updateHousehold(transaction, household.countyId, id, {
      ...fields,
      ...(region ? { regionCode: region.code } : {}),
    });
    if (region) await persons.moveHouseholdMembers(transaction, household.countyId, id, region);
    if (tags) await repository.replaceHouseholdTags(transaction, household.countyId, id, tags);
    return {
      audit: {
        action: region ? 'household.move' : 'household.update',
        entityType: 'household',
        entityId: id,
        regionCode: region?.code ?? household.regionCode,
        countyId: household.countyId,
        outcome: 'success',
        details: { fields: Object.keys(changes), from: region ? household.regionCode : undefined },
      },
    };
  });
  return getHousehold(db, actor, id);
}

/**
 * Deletes an empty household with its tags. One with members is refused, so that no one is left in a household that
 * is gone.
 */
export async function deleteHousehold(db: Database, actor: Actor, id: string) {
  // Keeping, not collecting: a cadre registers and corrects households but removes none.
  assertCan(actor, 'registry.write');
  const { household, memberCount } = await loadHousehold(db, actor, id);
  if (memberCount > 0) {
    throw new AppError('household_not_empty', {
      en: 'This household still has members: move them to another household or remove them first.',
      zh: '该户还有成员，请先将其移到其他户或删除。',
    });
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    if (!(await repository.deleteEmptyHousehold(transaction, household.countyId, id))) {
      throw new AppError('household_not_empty', {
        en: 'Cases name this household (or it has just been given a member): it stays, so their record says whose it was.',
        zh: '有案件关联此户（或刚有成员加入）：保留此户，以便案件记录可查。',
      });
    }
    return {
      audit: {
        action: 'household.delete',
        entityType: 'household',
        entityId: id,
        regionCode: household.regionCode,
        countyId: household.countyId,
        outcome: 'success',
        details: { address: household.address },
      },
    };
  });
}
