import { z } from 'zod';
import { caseLevels, type CaseLevel } from '../../../shared/cases.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { calendarDate } from '../../http.js';
import { loadRegion } from '../regions/regions.service.js';
import { listChildren, listCounties } from '../regions/regions.repository.js';
import { databaseNow } from './cases.repository.js';
import { chinaDate } from './deadlines.js';
import * as repository from './figures.repository.js';

export const figuresQuery = z.object({
  regionId: z.uuid().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
});
export type FiguresQuery = z.infer<typeof figuresQuery>;

/** Three years of a county are about 140,000 rollup rows per region: more is a report, not a page. */
const longestPeriodYears = 3;
/** More points than a map can show legibly; the console says so instead. */
export const mapLimit = 2_000;

/** The region asked for, or the root of the caller's scope; outside scope answers 404 like a missing one. */
async function loadTarget(db: Database, actor: Actor, regionId: string | undefined) {
  const id = regionId ?? actor.regionId;
  if (!id) {
    throw new AppError('validation_failed', 'Name the region (regionId): you work across counties.', {
      field: 'regionId',
    });
  }
  return loadRegion(db, actor, id);
}

/** Inclusive China dates; without them, the current month up to today (the database's day, asked only then). */
async function periodOf(db: Database, query: FiguresQuery): Promise<repository.Period> {
  const to = query.to ?? chinaDate(await databaseNow(db));
  const from = query.from ?? `${to.slice(0, 8)}01`;
  if (from > to) throw new AppError('validation_failed', 'The period ends before it starts.', { field: 'to' });
  const latestEnd = `${Number(from.slice(0, 4)) + longestPeriodYears}${from.slice(4)}`;
  if (to > latestEnd) {
    throw new AppError('validation_failed', `A period spans at most ${longestPeriodYears} years.`, { field: 'to' });
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
function headline(sums: repository.FigureSums, now: { open: number; overdue: number }) {
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
export async function getFigures(db: Database, actor: Actor, query: FiguresQuery) {
  assertCan(actor, 'case.read');
  const region = await loadTarget(db, actor, query.regionId);
  const period = await periodOf(db, query);
  const children = await listChildren(db, actor, region.id);
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
export type CaseFigures = Awaited<ReturnType<typeof getFigures>>;

export const mapQuery = z.object({ regionId: z.uuid().optional() });

/**
 * Open cases with a location in scope as GeoJSON points, newest first; `truncated` when there were more. `open` and
 * `overdue` count every open case of the region, located or not, exactly as its figures do.
 */
export async function getCaseMap(db: Database, actor: Actor, query: z.infer<typeof mapQuery>) {
  assertCan(actor, 'case.read');
  const region = await loadTarget(db, actor, query.regionId);
  const [rows, [counts]] = await Promise.all([
    repository.listOpenLocatedCases(db, actor, region, mapLimit + 1),
    repository.countOpenCases(db, actor, region, region.code.length),
  ]);
  return {
    type: 'FeatureCollection' as const,
    open: counts?.open ?? 0,
    overdue: counts?.overdue ?? 0,
    truncated: rows.length > mapLimit,
    features: rows.slice(0, mapLimit).map((row) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [row.longitude!, row.latitude!] as [number, number] },
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
 * which acts for the operator; answers how many rollup rows each got.
 */
export async function rebuildCountyFigures(db: Database, countyCode?: string) {
  const counties = (await listCounties(db)).filter((county) => countyCode === undefined || county.code === countyCode);
  if (countyCode !== undefined && counties.length === 0) {
    throw new AppError('region_not_found', `No county with the code ${countyCode}.`);
  }
  const rebuilt: { code: string; name: string; rows: number }[] = [];
  for (const county of counties) {
    rebuilt.push({ code: county.code, name: county.name, rows: await repository.rebuildFigures(db, county.id) });
  }
  return rebuilt;
}
