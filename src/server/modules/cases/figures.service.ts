import type { z } from 'zod';
import type {
  CaseFigures,
  CaseHeadline,
  CaseMap,
  caseMapQuery,
  FiguresQuery,
} from '../../../shared/api/case-figures.js';
import { caseLevels, type CaseLevel } from '../../../shared/cases.js';
import { chinaDate } from '../../../shared/clock.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { listChildRegions, listCounties, loadRegion } from '../regions/regions.service.js';
import { databaseNow } from './cases.repository.js';
import * as repository from './figures.repository.js';

/** Three years of a county are about 140,000 rollup rows per region: more is a report, not a page. */
const longestPeriodYears = 3;
/** More points than a map can show legibly; the console says so instead. */
export const mapLimit = 2_000;

/** The region asked for, or the root of the caller's scope; outside scope answers 404 like a missing one. */
async function loadTarget(db: Database, actor: Actor, regionId: string | undefined) {
  const id = regionId ?? actor.regionId;
  if (!id) {
    throw new AppError(
      'validation_failed',
      { en: 'Name the region (regionId): you work across counties.', zh: '您的账号跨多个县，请指定区域（regionId）。' },
      {
        field: 'regionId',
      },
    );
  }
  return loadRegion(db, actor, id);
}

/** Inclusive China dates; without them, the current month up to today (the database's day, asked only then). */
async function periodOf(db: Database, query: FiguresQuery): Promise<repository.Period> {
  const to = query.to ?? chinaDate(await databaseNow(db));
  const from = query.from ?? `${to.slice(0, 8)}01`;
  if (from > to)
    throw new AppError(
      'validation_failed',
      { en: 'The period ends before it starts.', zh: '结束日期早于开始日期。' },
      { field: 'to' },
    );
  const latestEnd = `${Number(from.slice(0, 4)) + longestPeriodYears}${from.slice(4)}`;
  if (to > latestEnd) {
    throw new AppError(
      'validation_failed',
      { en: `A period spans at most ${longestPeriodYears} years.`, zh: `统计区间最长 ${longestPeriodYears} 年。` },
      { field: 'to' },
    );
  }
  return { from, to };
}

function ratio(part: number, whole: number, digits = 4): number | null {
  return whole === 0 ? null : Number((part / whole).toFixed(digits));
}

const noSums: repository.FigureSums = {
  reported: 0,
  closed: 0,
  closedOnTime: 0,
  closedAtGrid: 0,
  closedAtVillage: 0,
  closedAtTown: 0,
  closedAtCounty: 0,
  closeSeconds: 0,
  ratingSum: 0,
  ratingCount: 0,
  urged: 0,
};

const closedAtField: Record<CaseLevel, keyof repository.FigureSums> = {
  grid: 'closedAtGrid',
  village: 'closedAtVillage',
  town: 'closedAtTown',
  county: 'closedAtCounty',
};

/** The numbers a region's page leads with, for the region and for each of its children alike. */
function headline(sums: repository.FigureSums, now: { open: number; overdue: number }): CaseHeadline {
  return {
    reported: sums.reported,
    closed: sums.closed,
    closedOnTime: sums.closedOnTime,
    onTimeRate: ratio(sums.closedOnTime, sums.closed),
    // "小事不出村、大事不出镇": where in the chain the period's cases were closed.
    closedAt: Object.fromEntries(
      caseLevels.map((level) => {
        const closed = sums[closedAtField[level]];
        return [level, { closed, share: ratio(closed, sums.closed) }];
      }),
    ) as Record<CaseLevel, { closed: number; share: number | null }>,
    averageHoursToClose: sums.closed === 0 ? null : Number((sums.closeSeconds / sums.closed / 3600).toFixed(1)),
    satisfaction: { average: ratio(sums.ratingSum, sums.ratingCount, 2), count: sums.ratingCount },
    urged: sums.urged,
    open: now.open,
    overdue: now.overdue,
  };
}

/**
 * A region's case figures for a period, read off the daily rollup (never the cases), with what is open and overdue
 * right now, the split by catalogue item and by source, and the same headline for each child region.
 */
export async function getFigures(db: Database, actor: Actor, query: FiguresQuery): Promise<CaseFigures> {
  assertCan(actor, 'case.read');
  const region = await loadTarget(db, actor, query.regionId);
  const period = await periodOf(db, query);
  const children = await listChildRegions(db, actor, region.id);
  const groupLength = children[0]?.code.length ?? region.code.length;
  const [sums, splits, openCounts] = await Promise.all([
    repository.sumFiguresByRegion(db, [region.id, ...children.map((child) => child.id)], period),
    repository.sumFiguresByCategoryAndSource(db, region.id, period),
    repository.countOpenCases(db, actor, region, groupLength),
  ]);
  const sumsOf = (id: string) => sums.find((row) => row.regionId === id) ?? noSums;
  const openOf = (code: string) => openCounts.find((row) => row.code === code) ?? { open: 0, overdue: 0 };
  const openTotal = {
    open: openCounts.reduce((total, row) => total + row.open, 0),
    overdue: openCounts.reduce((total, row) => total + row.overdue, 0),
  };
  return {
    region: { id: region.id, name: region.name, level: region.level, code: region.code },
    period,
    ...headline(sumsOf(region.id), openTotal),
    byCategory: splits
      .filter((row) => !row.isSourceTotal)
      .map((row) => ({ code: row.categoryCode, reported: row.reported, closed: row.closed })),
    bySource: splits
      .filter((row) => row.isSourceTotal)
      .map((row) => ({ source: row.source, reported: row.reported, closed: row.closed })),
    children: children.map((child) => ({
      id: child.id,
      name: child.name,
      level: child.level,
      ...headline(sumsOf(child.id), openOf(child.code)),
    })),
  };
}
/**
 * Open cases with a location in scope as GeoJSON points, newest first; `truncated` when there were more. `open` and
 * `overdue` count every open case of the region, located or not, exactly as its figures do.
 */
export async function getCaseMap(db: Database, actor: Actor, query: z.infer<typeof caseMapQuery>): Promise<CaseMap> {
  assertCan(actor, 'case.read');
  const region = await loadTarget(db, actor, query.regionId);
  const [rows, [counts]] = await Promise.all([
    repository.listOpenLocatedCases(db, actor, region, mapLimit + 1),
    repository.countOpenCases(db, actor, region, region.code.length),
  ]);
  return {
    type: 'FeatureCollection',
    open: counts?.open ?? 0,
    overdue: counts?.overdue ?? 0,
    truncated: rows.length > mapLimit,
    features: rows.slice(0, mapLimit).map((row) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [row.longitude!, row.latitude!] },
      properties: {
        id: row.id,
        number: row.number,
        category: row.categoryCode,
        status: row.status,
        level: row.level,
        isOverdue: row.isOverdue,
      },
    })),
  };
}

/**
 * Recomputes the figures of one county (by code) or of every county from their cases, for the command line,
 * which acts for the operator (audited as such, one entry per county); answers how many rollup rows each got.
 */
export async function rebuildCountyFigures(db: Database, actor: Actor, countyCode?: string) {
  const counties = (await listCounties(db)).filter((county) => countyCode === undefined || county.code === countyCode);
  if (countyCode !== undefined && counties.length === 0) {
    throw new AppError('region_not_found', {
      en: `No county with the code ${countyCode}.`,
      zh: `没有代码为 ${countyCode} 的县。`,
    });
  }
  const rebuilt: { code: string; name: string; rows: number }[] = [];
  for (const county of counties) {
    const rows = await db.transaction(async (transaction) => {
      const written = await repository.rebuildFigures(transaction, county.id);
      await recordAudit(transaction, actor, {
        action: 'case_figures.rebuild',
        entityType: 'region',
        entityId: county.id,
        countyId: county.countyId,
        regionCode: county.code,
        outcome: 'success',
        details: { rows: written },
      });
      return written;
    });
    rebuilt.push({ code: county.code, name: county.name, rows });
  }
  return rebuilt;
}
