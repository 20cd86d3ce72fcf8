import type { z } from 'zod';
import type { CaseCategory, categoryBody } from '../../../shared/api/case-catalogue.js';
import type { CaseTier } from '../../../shared/cases.js';
import { addDays } from '../../../shared/clock.js';
import { regionCodeWidth } from '../../../shared/policy.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { loadRegion, regionExists } from '../regions/regions.service.js';
import { workingCalendarAt } from './case-settings.js';
import * as repository from './cases.repository.js';
import { deadlineFor, isWorkingDay, warningFor } from './deadlines.js';

/**
 * The county whose catalogue or settings are meant: the actor's own, or the one an account that spans counties names.
 * A county other than one's own answers 404 like a missing one, and the attempt is audited.
 */
export async function loadCounty(db: Executor, actor: Actor, countyId?: string): Promise<{ id: string; code: string }> {
  if (actor.countyId === undefined || actor.regionCode === undefined) {
    if (countyId === undefined) {
      throw new AppError(
        'validation_failed',
        {
          en: 'Choose a county (countyId): your account spans counties.',
          zh: '您的账号跨多个县，请选择县（countyId）。',
        },
        {
          field: 'countyId',
        },
      );
    }
    const county = await loadRegion(db, actor, countyId);
    if (county.level !== 'county') {
      throw new AppError(
        'validation_failed',
        { en: `${county.name} is not a county.`, zh: `${county.name} 不是县级区域。` },
        { field: 'countyId' },
      );
    }
    return { id: county.id, code: county.code };
  }
  if (countyId !== undefined && countyId !== actor.countyId) {
    return loadVisible<{ id: string; code: string }>(db, actor, {
      type: 'region',
      id: countyId,
      code: 'region_not_found',
      find: () => Promise.resolve(undefined),
      existsAnywhere: () => regionExists(db, countyId),
    });
  }
  return { id: actor.countyId, code: actor.regionCode.slice(0, regionCodeWidth.county) };
}

/** As `loadCounty`, but none for an account spanning counties that names none: it reads the defaults of a list. */
export async function loadCountyIfNamed(db: Executor, actor: Actor, countyId?: string) {
  if (countyId === undefined && actor.countyId === undefined) return undefined;
  return loadCounty(db, actor, countyId);
}

/**
 * Gives a new county the default catalogue, which it then edits: called where a county is created, in that
 * transaction (reading a catalogue never writes one).
 */
export function createDefaultCatalogue(db: Executor, countyId: string): Promise<void> {
  return repository.insertDefaultCategories(db, countyId);
}

export async function listCategories(db: Database, actor: Actor, countyId?: string): Promise<CaseCategory[]> {
  assertCan(actor, 'case.read');
  return repository.listCategories(db, (await loadCounty(db, actor, countyId)).id);
}

/** An active item of the county's catalogue, or a 400 naming the code. */
export async function loadCategory(db: Executor, countyId: string, code: string) {
  const category = (await repository.listCategories(db, countyId)).find((row) => row.code === code);
  if (!category || !category.isActive) {
    throw new AppError(
      'validation_failed',
      {
        en: `"${code}" is not an item of the county's grid item catalogue.`,
        zh: `“${code}”不在本县的网格事项清单中。`,
      },
      {
        field: 'category',
      },
    );
  }
  return category;
}

/** The deadline (and its warning) an item's time limit gives a tier, counted from `start`. */
export async function deadlineFrom(
  db: Executor,
  countyId: string,
  start: Date,
  category: CaseCategory,
  tier: CaseTier,
) {
  if (tier === 'simple') return { deadline: null, warnAt: null };
  const calendar = await workingCalendarAt(db, countyId, start);
  const deadline = deadlineFor(start, tier === 'complex' ? category.complexLimit : category.generalLimit, calendar);
  return { deadline, warnAt: warningFor(start, deadline) };
}

/**
 * The working days from `from` to `to` (China dates, both counted) on the calendar the county's deadlines count on:
 * public holidays off, make-up working days (调休) on. A period of at most a year.
 */
export async function countWorkingDays(db: Executor, countyId: string, from: string, to: string): Promise<number> {
  const calendar = await workingCalendarAt(db, countyId, new Date(`${from}T12:00:00+08:00`));
  let count = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (isWorkingDay(day, calendar)) count += 1;
  }
  return count;
}

/** Adds or changes an item of the county's catalogue. */
export async function saveCategory(
  db: Database,
  actor: Actor,
  code: string,
  body: z.infer<typeof categoryBody>,
  countyId?: string,
): Promise<CaseCategory> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  // Audited as new: an item neither in the default catalogue the county was created with nor added since.
  const before = (await repository.listCategories(db, county.id)).find((row) => row.code === code);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.upsertCategory(transaction, { ...body, countyId: county.id, code });
    const saved = (await repository.listCategories(transaction, county.id)).find((row) => row.code === code)!;
    return {
      result: saved,
      audit: {
        action: 'case_category.update',
        entityType: 'case_category',
        entityId: code,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: {
          isNew: before === undefined,
          isActive: saved.isActive,
          // What the item asks of a report, so the log shows questions added or removed.
          attributes: saved.attributes.map((attribute) => attribute.code),
        },
      },
    };
  });
}
