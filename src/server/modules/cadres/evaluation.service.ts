import type { z } from 'zod';
import type {
  Evaluation,
  EvaluationList,
  evaluationQuery,
  EvaluationRules,
  Grade,
} from '../../../shared/api/cadres.js';
import type { EvaluationIndicator } from '../../../shared/cadres.js';
import { chinaToday } from '../../../shared/clock.js';
import { regionCodeWidth } from '../../../shared/policy.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { computeAttendance } from '../attendance/attendance.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { readSetting, saveCountySetting } from '../settings/settings.service.js';
import { countSpotCheckResults } from '../spot-checks/spot-checks.service.js';
import { presentCadre } from './cadres.service.js';
import * as repository from './evaluation.repository.js';
import { computeTimeSplits, readTimeSplitRule } from './time-split.service.js';

const rulesKey = (countyId: string) => `cadres:evaluation:${countyId}`;

/** Until the county sets its own: visits weigh most, as seed 004's evaluation puts them first. */
const defaultRules: EvaluationRules = {
  weights: { visitRate: 30, accuracy: 20, satisfaction: 20, attendance: 20, work: 10 },
  thresholds: { excellent: 90, good: 75, fair: 60 },
  workPerServiceDay: 2,
};

export async function readEvaluationRules(db: Executor, countyId: string): Promise<EvaluationRules> {
  return (await readSetting<EvaluationRules>(db, rulesKey(countyId))) ?? defaultRules;
}

export async function getEvaluationRules(db: Database, actor: Actor, countyId?: string): Promise<EvaluationRules> {
  assertCan(actor, 'cadre.read');
  return readEvaluationRules(db, (await loadCounty(db, actor, countyId)).id);
}

export async function saveEvaluationRules(
  db: Database,
  actor: Actor,
  rules: EvaluationRules,
  countyId?: string,
): Promise<EvaluationRules> {
  assertCan(actor, 'cadre.configure');
  const county = await loadCounty(db, actor, countyId);
  await saveCountySetting(db, actor, county, {
    key: rulesKey(county.id),
    value: rules,
    action: 'cadre_settings.update',
    entityType: 'cadre_settings',
    details: { evaluation: rules },
  });
  return rules;
}

export function gradeOf(total: number, thresholds: EvaluationRules['thresholds']): Grade {
  if (total >= thresholds.excellent) return 'excellent';
  if (total >= thresholds.good) return 'good';
  if (total >= thresholds.fair) return 'fair';
  return 'poor';
}

export const rounded = (value: number) => Math.round(value * 10) / 10;
export const percent = (part: number, whole: number) =>
  whole === 0 ? null : rounded(Math.min(100, (part / whole) * 100));

/** Each one's rank within its group: 1 the highest total; equal totals share a rank (one more than those above). */
export function rankWithinGroups(evaluated: readonly { groupKey: string; total: number }[]): number[] {
  const descending = new Map<string, number[]>();
  for (const { groupKey, total } of evaluated) {
    const totals = descending.get(groupKey);
    if (totals) totals.push(total);
    else descending.set(groupKey, [total]);
  }
  for (const totals of descending.values()) totals.sort((a, b) => b - a);
  return evaluated.map(({ groupKey, total }) => 1 + descending.get(groupKey)!.indexOf(total));
}

type Line = { indicator: EvaluationIndicator; counts: Record<string, number>; score: number | null };

/**
 * Weighs the lines: an indicator with nothing to count (no grid, no ratings, no service day yet, no verification
 * sampling) gives its weight to the others in proportion, so a cadre is neither punished nor rewarded for it.
 */
export function weighLines(lines: Line[], weights: EvaluationRules['weights']) {
  const counted = lines.filter((line) => line.score !== null).reduce((sum, line) => sum + weights[line.indicator], 0);
  const weighed = lines.map((line) => {
    const weight = line.score === null || counted === 0 ? 0 : rounded((weights[line.indicator] * 100) / counted);
    return { ...line, weight, points: line.score === null ? 0 : rounded((line.score * weight) / 100) };
  });
  return { lines: weighed, total: rounded(weighed.reduce((sum, line) => sum + line.points, 0)) };
}

/** One collator for the sort: localeCompare with a locale builds one per comparison. */
const chinese = new Intl.Collator('zh');

const streetCodeLength = regionCodeWidth.county + regionCodeWidth.town;

/**
 * The evaluation (考核) of the active cadres of a subtree or a unit over a period: each indicator's counts, score,
 * weight and points, the total, the grade, and the rank within the community, street or unit.
 */
export async function evaluateCadres(
  db: Database,
  actor: Actor,
  query: z.output<typeof evaluationQuery>,
): Promise<EvaluationList> {
  assertCan(actor, 'cadre.read');
  const attendance = await computeAttendance(db, actor, query);
  const { countyId } = attendance;
  if (countyId === undefined) return { rules: defaultRules, items: [] };
  const cadres = attendance.items.map((item) => item.cadre);
  const rules = await readEvaluationRules(db, countyId);
  const timeSplits = (await readTimeSplitRule(db, countyId)).enabled
    ? await computeTimeSplits(
        db,
        countyId,
        cadres.flatMap(({ record }) =>
          record.accountId === null ? [] : [{ accountId: record.accountId, areaCode: record.regionCode }],
        ),
        query.from,
        query.to,
      )
    : undefined;
  const accountIds = cadres.flatMap((row) => (row.record.accountId === null ? [] : [row.record.accountId]));
  const gridIds = [...new Set(cadres.flatMap((row) => (row.record.gridId === null ? [] : [row.record.gridId])))];
  const [households, visited, ratings, streets, accuracy, spotChecksOf] = await Promise.all([
    repository.countHouseholds(db, countyId, gridIds),
    repository.countVisitedHouseholds(db, countyId, accountIds, query.from, query.to),
    repository.sumRatings(db, countyId, accountIds, query.from, query.to),
    repository.findRegionNames(db, [...new Set(cadres.map((row) => row.record.regionCode.slice(0, streetCodeLength)))]),
    repository.countAccuracyChecks(
      db,
      countyId,
      cadres.map((row) => row.record.id),
      query.from,
      query.to,
    ),
    countSpotCheckResults(
      db,
      countyId,
      cadres.map((row) => row.record.id),
      query.from,
      query.to,
    ),
  ]);
  const today = chinaToday();
  // Keyed once: a street has a thousand cadres, and a search of each list for each would be a million steps.
  const householdsOf = new Map(households.map((row) => [row.gridId, row.households]));
  const visitedOf = new Map(visited.map((row) => [`${row.accountId}|${row.gridId}`, row.visited]));
  const ratingsOf = new Map(ratings.map((row) => [row.accountId, row]));
  const streetNames = new Map(streets.map((row) => [row.code, row.name]));
  const accuracyOf = new Map(accuracy.map((row) => [row.cadreId, row]));
  const evaluated = attendance.items.map((item) => {
    const { record } = item.cadre;
    const cadre = presentCadre(actor, item.cadre);
    const gridHouseholds = (record.gridId && householdsOf.get(record.gridId)) || 0;
    const visitedHouseholds = visitedOf.get(`${record.accountId}|${record.gridId}`) ?? 0;
    const rated = record.accountId === null ? undefined : ratingsOf.get(record.accountId);
    const expected = item.days.filter((day) => day.day <= today && day.status !== 'on_leave').length;
    const attended = item.worked + item.rollCallOnly;
    const spotChecked = spotChecksOf.get(record.id) ?? { checked: 0, failed: 0 };
    const { work } = item;
    const checked = accuracyOf.get(record.id);
    const { lines, total } = weighLines(
      [
        {
          indicator: 'visitRate',
          counts: { visited: visitedHouseholds, households: gridHouseholds },
          score: percent(visitedHouseholds, gridHouseholds),
        },
        {
          indicator: 'accuracy',
          counts: { checked: checked?.checked ?? 0, mismatched: checked?.mismatched ?? 0 },
          score: checked ? percent(checked.checked - checked.mismatched, checked.checked) : null,
        },
        {
          indicator: 'satisfaction',
          counts: { ratings: rated?.ratings ?? 0, average: rated ? rounded(rated.ratingSum / rated.ratings) : 0 },
          score: rated ? percent(rated.ratingSum, rated.ratings * 5) : null,
        },
        {
          indicator: 'attendance',
          counts: {
            attended,
            expected,
            rollCallOnly: item.rollCallOnly,
            absent: item.absent,
            onLeave: item.onLeave,
            spotChecked: spotChecked.checked,
            spotFailed: spotChecked.failed,
          },
          // A spot check that found the cadre absent or 点卯 takes one service day off what they attended.
          score: percent(Math.max(0, attended - spotChecked.failed), expected),
        },
        {
          indicator: 'work',
          counts: { work, expected: expected * rules.workPerServiceDay },
          score: percent(work, expected * rules.workPerServiceDay),
        },
      ],
      rules.weights,
    );
    const group = {
      community: { key: record.serviceRegionId, name: cadre.serviceRegion.name },
      street: {
        key: record.regionCode.slice(0, streetCodeLength),
        name: streetNames.get(record.regionCode.slice(0, streetCodeLength)) ?? '—',
      },
      unit: { key: record.unitId, name: cadre.unit.name },
    }[query.rankWithin];
    const timeSplit = (record.accountId === null ? undefined : timeSplits?.get(record.accountId)) ?? null;
    return { cadre, lines, total, grade: gradeOf(total, rules.thresholds), timeSplit, group };
  });
  const ranks = rankWithinGroups(evaluated.map(({ group, total }) => ({ groupKey: group.key, total })));
  const items: Evaluation[] = evaluated
    .map(({ group, ...evaluation }, index) => ({ ...evaluation, rank: ranks[index]!, groupName: group.name }))
    .sort((a, b) => chinese.compare(a.groupName, b.groupName) || a.rank - b.rank);
  return { rules, items };
}
