import type { CaseTier } from '../../../shared/cases.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { readCaseSettings } from './case-settings.js';
import * as repository from './cases.repository.js';
import { deadlineFor, warningFor } from './deadlines.js';

export type CaseCategory = repository.CaseCategoryRow;

/** The county a user works in; administrators, who work across counties, name it. */
export function countyOf(actor: Actor, countyId?: string): string {
  const county = actor.countyId ?? countyId;
  if (!county) throw new AppError('validation_failed', 'Name the county (countyId): you work across counties.');
  return county;
}

export async function listCategories(db: Database, actor: Actor, countyId?: string) {
  assertCan(actor, 'case.read');
  return repository.listCategories(db, countyOf(actor, countyId));
}

/** An active item of the county's catalogue, or a 400 naming the code. */
export async function loadCategory(db: Executor, countyId: string, code: string) {
  const category = (await repository.listCategories(db, countyId)).find((row) => row.code === code);
  if (!category || !category.isActive) {
    throw new AppError('validation_failed', `"${code}" is not an item of the county's grid item catalogue.`, {
      field: 'category',
    });
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
  const calendar = await readCaseSettings(db, countyId);
  const deadline = deadlineFor(start, tier === 'complex' ? category.complexLimit : category.generalLimit, calendar);
  return { deadline, warnAt: warningFor(start, deadline) };
}

/** Adds or changes an item of the county's catalogue. */
export async function saveCategory(
  db: Database,
  actor: Actor,
  code: string,
  body: Omit<CaseCategory, 'code' | 'countyId' | 'updatedAt'>,
  countyId?: string,
) {
  assertCan(actor, 'case.configure');
  const county = countyOf(actor, countyId);
  await repository.listCategories(db, county);
  await repository.upsertCategory(db, { ...body, countyId: county, code });
  return (await repository.listCategories(db, county)).find((row) => row.code === code)!;
}
