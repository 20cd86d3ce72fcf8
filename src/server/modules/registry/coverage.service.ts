import { chinaToday } from '../../../shared/clock.js';
import type { Coverage } from '../../../shared/api/registry.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { loadRegion } from '../regions/regions.service.js';
import { countCoverage } from './coverage.repository.js';
import { earliestMinorBirthDate } from './persons.presenter.js';

/**
 * Information-collection figures for each child of a region: households, persons and complete records, with the
 * completeness rate grid members are measured by (信息采集完整率).
 */
export async function getCoverage(db: Database, actor: Actor, regionId: string | undefined): Promise<Coverage> {
  assertCan(actor, 'registry.read');
  const rootId = regionId ?? actor.regionId;
  if (!rootId)
    throw new AppError('validation_failed', { en: 'Choose a region (regionId).', zh: '请选择区域（regionId）。' });
  const region = await loadRegion(db, actor, rootId);
  // Adults by the year they turn 18, as callers without sensitive.read see them: a figure that moved on a birthday
  // would date it.
  const adultsBornBefore = earliestMinorBirthDate({ mayReadSensitive: false, today: chinaToday() });
  const rows = (await countCoverage(db, actor, region, adultsBornBefore)).map((row) => ({
    ...row,
    completeness: row.persons === 0 ? null : Math.round((row.completePersons / row.persons) * 1000) / 1000,
  }));
  const {
    regionId: _regionId,
    code: _code,
    name: _name,
    level: _level,
    ...totals
  } = rows.find((row) => row.regionId === region.id)!;
  return {
    region: { id: region.id, name: region.name, code: region.code, level: region.level },
    totals,
    rows: rows.filter((row) => row.regionId !== region.id),
  };
}
