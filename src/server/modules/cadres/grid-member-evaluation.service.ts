import type { z } from 'zod';
import type {
  GridMemberEvaluation,
  gridMemberEvaluationQuery,
  GridMemberEvaluationList,
  GridMemberWeights,
} from '../../../shared/api/cadres.js';
import { addDays, chinaToday } from '../../../shared/clock.js';
import { regionCodeWidth } from '../../../shared/policy.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { invalidField } from '../../errors.js';
import { countWorkingDays, loadCounty } from '../cases/catalogue.service.js';
import { readSetting, saveCountySetting } from '../settings/settings.service.js';
import { resolveRoot } from './cadres.service.js';
import * as evaluationRepository from './evaluation.repository.js';
import { gradeOf, percent, rankWithinGroups, readEvaluationRules, rounded, weighLines } from './evaluation.service.js';
import * as repository from './grid-member-evaluation.repository.js';
import { computeTimeSplits, readTimeSplitRule } from './time-split.service.js';

const weightsKey = (countyId: string) => `cadres:evaluation:grid-members:${countyId}`;

/**
 * Until the county sets its own: a grid member's work is the grid's households, so visits weigh most. They have no
 * service days to attend and no sampled entries of their own, so those two weigh nothing.
 */
const defaultWeights: GridMemberWeights = {
  weights: { visitRate: 50, accuracy: 0, satisfaction: 30, attendance: 0, work: 20 },
};

async function readGridMemberWeights(db: Executor, countyId: string): Promise<GridMemberWeights> {
  return (await readSetting<GridMemberWeights>(db, weightsKey(countyId))) ?? defaultWeights;
}

export async function getGridMemberWeights(db: Database, actor: Actor, countyId?: string): Promise<GridMemberWeights> {
  assertCan(actor, 'cadre.read');
  return readGridMemberWeights(db, (await loadCounty(db, actor, countyId)).id);
}

export async function saveGridMemberWeights(
  db: Database,
  actor: Actor,
  weights: GridMemberWeights,
  countyId?: string,
): Promise<GridMemberWeights> {
  assertCan(actor, 'cadre.configure');
  const county = await loadCounty(db, actor, countyId);
  await saveCountySetting(db, actor, county, {
    key: weightsKey(county.id),
    value: weights,
    action: 'cadre_settings.update',
    entityType: 'cadre_settings',
    details: { gridMemberWeights: weights.weights },
  });
  return weights;
}

const communityCodeLength = regionCodeWidth.county + regionCodeWidth.town + regionCodeWidth.village;

/**
 * Grid members evaluated as cadres are, with the county's own weights for them: the households of their grid they
 * visited, residents' ratings of their cases and wishes, and work recorded against the working days (the cadres'
 * work expected per service day, per working day). Attendance and accuracy have nothing to count for them (no
 * service days, no sampling of their own), so those lines give their weight to the others, as for a cadre. Where the
 * county turned the 721 method on, each carries their split, their grid being their own area.
 */
export async function evaluateGridMembers(
  db: Database,
  actor: Actor,
  query: z.output<typeof gridMemberEvaluationQuery>,
): Promise<GridMemberEvaluationList> {
  assertCan(actor, 'cadre.read');
  if (query.from > query.to || addDays(query.from, 366) < query.to) {
    throw invalidField('/query/to', 'Choose a period of at most a year.', '请选择一年以内的时段。');
  }
  const { countyId, rootCode } = await resolveRoot(db, actor, query.regionId);
  // A dispatching unit's account sees its own cadres only, never the territory's grid members.
  if (countyId === undefined || actor.role === 'unit') return { weights: defaultWeights.weights, items: [] };
  const today = chinaToday();
  const [{ weights }, rules, timeSplitRule, members, workingDays] = await Promise.all([
    readGridMemberWeights(db, countyId),
    readEvaluationRules(db, countyId),
    readTimeSplitRule(db, countyId),
    repository.listGridMembers(db, countyId, rootCode),
    // A grid member works the week, not a service day: the period's working days up to today.
    countWorkingDays(db, countyId, query.from, query.to < today ? query.to : today),
  ]);
  const accountIds = members.map((member) => member.accountId);
  const [households, visited, ratings, work, communities, timeSplits] = await Promise.all([
    evaluationRepository.countHouseholds(db, countyId, [...new Set(members.map((member) => member.gridId))]),
    evaluationRepository.countVisitedHouseholds(db, countyId, accountIds, query.from, query.to),
    evaluationRepository.sumRatings(db, countyId, accountIds, query.from, query.to),
    repository.sumWork(db, countyId, accountIds, query.from, query.to),
    evaluationRepository.findRegionNames(db, [
      ...new Set(members.map((member) => member.gridCode.slice(0, communityCodeLength))),
    ]),
    // A grid member's own area is their grid: a record made anywhere else is on rotation.
    timeSplitRule.enabled
      ? computeTimeSplits(
          db,
          countyId,
          members.map((member) => ({ accountId: member.accountId, areaCode: member.gridCode })),
          query.from,
          query.to,
        )
      : undefined,
  ]);
  const householdsOf = new Map(households.map((row) => [row.gridId, row.households]));
  const visitedOf = new Map(visited.map((row) => [`${row.accountId}|${row.gridId}`, row.visited]));
  const ratingsOf = new Map(ratings.map((row) => [row.accountId, row]));
  const workOf = new Map(work.map((row) => [row.accountId, row.work]));
  const communityNames = new Map(communities.map((row) => [row.code, row.name]));
  const expectedWork = workingDays * rules.workPerServiceDay;
  const evaluated = members.map((member) => {
    const gridHouseholds = householdsOf.get(member.gridId) ?? 0;
    const visitedHouseholds = visitedOf.get(`${member.accountId}|${member.gridId}`) ?? 0;
    const rated = ratingsOf.get(member.accountId);
    const done = workOf.get(member.accountId) ?? 0;
    const { lines, total } = weighLines(
      [
        {
          indicator: 'visitRate',
          counts: { visited: visitedHouseholds, households: gridHouseholds },
          score: percent(visitedHouseholds, gridHouseholds),
        },
        { indicator: 'accuracy', counts: {}, score: null },
        {
          indicator: 'satisfaction',
          counts: { ratings: rated?.ratings ?? 0, average: rated ? rounded(rated.ratingSum / rated.ratings) : 0 },
          score: rated ? percent(rated.ratingSum, rated.ratings * 5) : null,
        },
        { indicator: 'attendance', counts: {}, score: null },
        { indicator: 'work', counts: { work: done, expected: expectedWork }, score: percent(done, expectedWork) },
      ],
      weights,
    );
    const community = member.gridCode.slice(0, communityCodeLength);
    return {
      account: { id: member.accountId, name: member.name },
      grid: { id: member.gridId, name: member.gridName },
      lines,
      total,
      grade: gradeOf(total, rules.thresholds),
      timeSplit: timeSplits?.get(member.accountId) ?? null,
      community,
    };
  });
  const ranks = rankWithinGroups(evaluated.map(({ community, total }) => ({ groupKey: community, total })));
  const items: GridMemberEvaluation[] = evaluated.map(({ community, ...evaluation }, index) => ({
    ...evaluation,
    rank: ranks[index]!,
    groupName: communityNames.get(community) ?? '—',
  }));
  return { weights, items };
}
