import {
  visitPlanRuleSchema,
  type OverdueHouseholdPage,
  type OverdueHouseholdsQuery,
  type VisitCoverage,
  type VisitCoverageQuery,
  type VisitPlanDueFilter,
  type VisitPlanPage,
  type VisitPlanRule,
} from '../../../shared/api/field-work.js';
import { cursorOf, type ListCursor } from '../../../shared/api/common.js';
import { addDays, chinaDayStart } from '../../../shared/clock.js';
import { can, childLevel, regionCodeWidth } from '../../../shared/policy.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { listChildRegions, loadRegion } from '../regions/regions.service.js';
import { loadTagRules } from '../registry/tags.service.js';
import { readSetting, saveCountySetting } from '../settings/settings.service.js';
import * as repository from './coverage.repository.js';

/** Three years of a county are what a report covers; longer is not a page. */
const longestPeriodYears = 3;

/**
 * The default visit rule (走访频次): households of the special groups seeds 000–004 name — 低保, 特困, 独居老人,
 * 残疾 — monthly, every other household quarterly. The county changes it in its settings.
 */
export const defaultVisitPlanRule: VisitPlanRule = {
  specialTags: ['minimum_allowance', 'extreme_poverty', 'elderly_alone', 'disabled'],
  specialIntervalDays: 30,
  otherIntervalDays: 90,
  soonDays: 7,
};

const ruleKey = (countyId: string) => `visit-plan:${countyId}`;

/** The region asked for, or the root of the caller's scope; outside scope answers 404 (audited) like a missing one. */
export async function loadTarget(db: Executor, actor: Actor, regionId: string | undefined) {
  const id = regionId ?? actor.regionId;
  if (!id) {
    throw new AppError(
      'validation_failed',
      { en: 'Name the region (regionId): you work across counties.', zh: '您的账号跨多个县，请指定区域（regionId）。' },
      { field: 'regionId' },
    );
  }
  return loadRegion(db, actor, id);
}

/** Inclusive China dates; without them, the current month up to today (the database's day). */
export async function periodOf(
  db: Executor,
  query: { from?: string | undefined; to?: string | undefined },
): Promise<repository.Period> {
  const to = query.to ?? (await repository.chinaTodayInDatabase(db));
  const from = query.from ?? `${to.slice(0, 8)}01`;
  if (from > to) {
    throw new AppError(
      'validation_failed',
      { en: 'The period ends before it starts.', zh: '结束日期早于开始日期。' },
      { field: 'to' },
    );
  }
  const latestEnd = `${Number(from.slice(0, 4)) + longestPeriodYears}${from.slice(4)}`;
  if (to > latestEnd) {
    throw new AppError(
      'validation_failed',
      { en: `A period spans at most ${longestPeriodYears} years.`, zh: `统计区间最长 ${longestPeriodYears} 年。` },
      { field: 'to' },
    );
  }
  return { from, to, start: chinaDayStart(from), end: chinaDayStart(addDays(to, 1)) };
}

export function rateOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Number((part / whole).toFixed(4));
}

/** Levels whose staff the coverage lists one by one; above a village a page of every cadre is not a page. */
const staffLevels = new Set(['village', 'grid', 'micro_grid']);

/**
 * Visit coverage (入户率) of a region for a period: per child region, households, households visited at least once
 * (distinct; places do not count) and the rate; per staff member of a village or grid, the households of the grid
 * they serve in and how many of those they visited themselves.
 */
export async function getVisitCoverage(db: Database, actor: Actor, query: VisitCoverageQuery): Promise<VisitCoverage> {
  assertCan(actor, 'visit.read');
  const region = await loadTarget(db, actor, query.regionId);
  const period = await periodOf(db, query);
  const window = { countyId: region.countyId, code: region.code };
  const level = childLevel(region.level);
  const prefixLength = level === undefined ? region.code.length : region.code.length + regionCodeWidth[level];
  const [children, counts, staff] = await Promise.all([
    level === undefined ? Promise.resolve([]) : listChildRegions(db, actor, region.id),
    repository.countCoverageByChild(db, window, prefixLength, period),
    staffLevels.has(region.level) ? repository.countStaffCoverage(db, window, period) : Promise.resolve(null),
  ]);
  const byPrefix = new Map(counts.map((count) => [count.prefix, count]));
  const households = counts.reduce((sum, count) => sum + count.households, 0);
  const visitedHouseholds = counts.reduce((sum, count) => sum + count.visited, 0);
  return {
    region: { id: region.id, name: region.name, code: region.code, level: region.level },
    period: { from: period.from, to: period.to },
    totals: { households, visitedHouseholds, rate: rateOf(visitedHouseholds, households) },
    rows: children.map((child) => {
      const count = byPrefix.get(child.code);
      const childHouseholds = count?.households ?? 0;
      const visited = count?.visited ?? 0;
      return {
        id: child.id,
        name: child.name,
        code: child.code,
        level: child.level,
        households: childHouseholds,
        visitedHouseholds: visited,
        rate: rateOf(visited, childHouseholds),
      };
    }),
    staff: staff?.map((row) => ({ ...row, rate: rateOf(row.visitedHouseholds, row.assignedHouseholds) })) ?? null,
  };
}

/** The county's visit rule as stored, or the default. */
export async function readVisitPlanRule(db: Executor, countyId: string): Promise<VisitPlanRule> {
  const stored = visitPlanRuleSchema.safeParse(await readSetting(db, ruleKey(countyId)));
  return stored.success ? stored.data : defaultVisitPlanRule;
}

/**
 * The rule as the caller may know it: without `sensitive.read`, the sensitive tags are left out — of the rule shown
 * and of the schedule worked out, so a household's due date gives no sensitive tag away.
 */
async function visibleRule(db: Executor, actor: Actor, rule: VisitPlanRule): Promise<VisitPlanRule> {
  if (can(actor.role, 'sensitive.read')) return rule;
  const { sensitive } = await loadTagRules(db);
  return { ...rule, specialTags: rule.specialTags.filter((tag) => !sensitive.has(tag)) };
}

export async function getVisitPlanRule(db: Database, actor: Actor, countyId?: string): Promise<VisitPlanRule> {
  assertCan(actor, 'visit.read');
  const county = await loadCounty(db, actor, countyId);
  return visibleRule(db, actor, await readVisitPlanRule(db, county.id));
}

/** Replaces the county's visit rule (who is visited how often); tags must be known ones. Audited. */
export async function saveVisitPlanRule(
  db: Database,
  actor: Actor,
  rule: VisitPlanRule,
  countyId?: string,
): Promise<VisitPlanRule> {
  assertCan(actor, 'visit.configure');
  const county = await loadCounty(db, actor, countyId);
  const { known } = await loadTagRules(db);
  const unknown = rule.specialTags.filter((tag) => !known.has(tag));
  if (unknown.length > 0) {
    throw new AppError(
      'validation_failed',
      { en: `Unknown tags: ${unknown.join(', ')}.`, zh: `未知的标签：${unknown.join('、')}。` },
      { field: 'specialTags', unknown },
    );
  }
  const saved = { ...rule, specialTags: [...new Set(rule.specialTags)] };
  await saveCountySetting(db, actor, county, {
    key: ruleKey(county.id),
    value: saved,
    action: 'visit_plan.update',
    entityType: 'visit_plan',
    details: saved,
  });
  return saved;
}

/**
 * The visit plan of a region (a grid member's grid by default): each household with its last visit and the date
 * the next is due by the county's rule, the most pressing first.
 */
export async function getVisitPlan(
  db: Database,
  actor: Actor,
  query: { regionId?: string | undefined; due: VisitPlanDueFilter; limit: number; cursor?: ListCursor | undefined },
): Promise<VisitPlanPage> {
  assertCan(actor, 'visit.read');
  const region = await loadTarget(db, actor, query.regionId);
  const [rule, today] = await Promise.all([
    readVisitPlanRule(db, region.countyId).then((stored) => visibleRule(db, actor, stored)),
    repository.chinaTodayInDatabase(db),
  ]);
  const rows = await repository.listPlan(
    db,
    { countyId: region.countyId, code: region.code },
    { rule, today, due: query.due, limit: query.limit, after: query.cursor },
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.dueDate, row.householdId));
  return { ...page, today, rule };
}

/** Households of a region not visited for `days` days or more (or never), the longest unvisited first. */
export async function listOverdueHouseholds(
  db: Database,
  actor: Actor,
  query: { regionId?: string | undefined; days: number; limit: number; cursor?: ListCursor | undefined },
): Promise<OverdueHouseholdPage> {
  assertCan(actor, 'visit.read');
  const region = await loadTarget(db, actor, query.regionId);
  const today = await repository.chinaTodayInDatabase(db);
  const rows = await repository.listNotVisitedSince(
    db,
    { countyId: region.countyId, code: region.code },
    { since: addDays(today, -query.days + 1), today, limit: query.limit, after: query.cursor },
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.sortDate, row.householdId));
  return { ...page, items: page.items.map(({ sortDate: _sortDate, ...item }) => item) };
}

export type { OverdueHouseholdsQuery };
