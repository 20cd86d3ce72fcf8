import type { z } from 'zod';
import type { TimeSplit, TimeSplitList, timeSplitQuery, TimeSplitRule } from '../../../shared/api/cadres.js';
import { addDays } from '../../../shared/clock.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { invalidField } from '../../errors.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { readSetting, saveCountySetting } from '../settings/settings.service.js';
import { listServingCadres, presentCadre } from './cadres.service.js';
import * as repository from './time-split.repository.js';

/**
 * The 721 method (seed 003): 70 % of a worker's time in the grid, 20 % at the service desk, 10 % on rotation. The
 * records hold no hours, so the split is of the records themselves (time-split.repository.ts says which count where).
 */
export const timeSplitTarget = { grid: 70, desk: 20, rotation: 10 } as const;

const ruleKey = (countyId: string) => `cadres:time-split:${countyId}`;

/** Off until the county turns it on: not every county works by the 721 method. */
export async function readTimeSplitRule(db: Executor, countyId: string): Promise<TimeSplitRule> {
  return (await readSetting<TimeSplitRule>(db, ruleKey(countyId))) ?? { enabled: false };
}

export async function getTimeSplitRule(db: Database, actor: Actor, countyId?: string): Promise<TimeSplitRule> {
  assertCan(actor, 'cadre.read');
  return readTimeSplitRule(db, (await loadCounty(db, actor, countyId)).id);
}

export async function saveTimeSplitRule(
  db: Database,
  actor: Actor,
  rule: TimeSplitRule,
  countyId?: string,
): Promise<TimeSplitRule> {
  assertCan(actor, 'cadre.configure');
  const county = await loadCounty(db, actor, countyId);
  await saveCountySetting(db, actor, county, {
    key: ruleKey(county.id),
    value: rule,
    action: 'cadre_settings.update',
    entityType: 'cadre_settings',
    details: { timeSplit: rule },
  });
  return rule;
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part * 1000) / whole) / 10);

/** Each worker's split of their records of a period, by account; a worker with no records has all shares null. */
export async function computeTimeSplits(
  db: Executor,
  countyId: string,
  workers: { accountId: string; areaCode: string }[],
  from: string,
  to: string,
): Promise<Map<string, TimeSplit>> {
  const rows = await repository.countRecordsByWhere(db, countyId, workers, from, to);
  const countsOf = new Map(rows.map((row) => [row.accountId, row]));
  return new Map(
    workers.map(({ accountId }) => {
      const { grid, desk, rotation } = countsOf.get(accountId) ?? { grid: 0, desk: 0, rotation: 0 };
      const records = grid + desk + rotation;
      return [
        accountId,
        {
          records,
          grid,
          desk,
          rotation,
          gridPercent: percent(grid, records),
          deskPercent: percent(desk, records),
          rotationPercent: percent(rotation, records),
        },
      ];
    }),
  );
}

/** The 721 split of the active cadres of a subtree or unit who have an account, where the county turned it on. */
export async function listTimeSplits(
  db: Database,
  actor: Actor,
  query: z.output<typeof timeSplitQuery>,
): Promise<TimeSplitList> {
  assertCan(actor, 'cadre.read');
  if (query.from > query.to || addDays(query.from, 366) < query.to) {
    throw invalidField('/query/to', 'Choose a period of at most a year.', '请选择一年以内的时段。');
  }
  const cadres = await listServingCadres(db, actor, query);
  const countyId = cadres[0]?.record.countyId;
  if (countyId === undefined || !(await readTimeSplitRule(db, countyId)).enabled) {
    return { enabled: false, target: timeSplitTarget, items: [] };
  }
  const withAccounts = cadres.filter((row) => row.record.accountId !== null);
  const splits = await computeTimeSplits(
    db,
    countyId,
    withAccounts.map((row) => ({ accountId: row.record.accountId!, areaCode: row.record.regionCode })),
    query.from,
    query.to,
  );
  return {
    enabled: true,
    target: timeSplitTarget,
    items: withAccounts.map((row) => ({
      cadre: presentCadre(actor, row),
      split: splits.get(row.record.accountId!)!,
    })),
  };
}
