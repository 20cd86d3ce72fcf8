import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { uuidv7 } from 'uuidv7';
import {
  areaProblemOf,
  areaSchema,
  boundingBoxOf,
  type Area,
  type BoundaryProblemCode,
} from '../../../shared/geojson.js';
import type { LocatedRegion, Region, RegionDetail, RegionFeatureCollection } from '../../../shared/api/regions.js';
import { childLevel, lineageCodes, regionCodeWidth, type RegionLevel } from '../../../shared/policy.js';
import { staffKinds, type StaffKind } from '../../../shared/staff.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { checkBoundaries, findGeometryProblems, type BoundaryConflict, type BoundedRegion } from './boundary-rules.js';
import * as repository from './regions.repository.js';

function presentSummary(row: repository.RegionSummaryRow): Region {
  const hasBox = row.minLng !== null && row.minLat !== null && row.maxLng !== null && row.maxLat !== null;
  return {
    id: row.id,
    parentId: row.parentId,
    level: row.level,
    code: row.code,
    name: row.name,
    kind: row.kind,
    childCount: row.childCount,
    hasBoundary: row.hasBoundary,
    bbox: hasBox ? ([row.minLng!, row.minLat!, row.maxLng!, row.maxLat!] as [number, number, number, number]) : null,
  };
}

/** Loads a region inside the actor's scope, or answers 404 (auditing a look outside it). */
export function loadRegion(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'region',
    id,
    code: 'region_not_found',
    find: () => repository.findRegion(db, actor, id),
    existsAnywhere: () => repository.regionExists(db, id),
  });
}

/** A grid or micro-grid in scope: where people, households and places are registered. */
export async function loadGridRegion(db: Database, actor: Actor, regionId: string) {
  const region = await loadRegion(db, actor, regionId);
  if (region.level !== 'grid' && region.level !== 'micro_grid') {
    throw new AppError('validation_failed', {
      en: `${region.name} is not a grid: choose a grid or a micro-grid.`,
      zh: `${region.name} 不是网格，请选择网格或微网格。`,
    });
  }
  return region;
}

export function findRegionName(db: Database, id: string) {
  return repository.findRegionNameById(db, id).then((name) => name ?? null);
}

/** Whether a region exists at all, in scope or not: how a module tells a look outside the scope from a wrong id. */
export function regionExists(db: Executor, id: string): Promise<boolean> {
  return repository.regionExists(db, id);
}

/** The children of a region the caller has already loaded, inside the actor's scope, in their order. */
export function listChildRegions(db: Executor, actor: Actor, parentId: string) {
  return repository.listChildren(db, actor, parentId);
}

/** Every county, for work the operator does across them (the command line). */
export function listCounties(db: Executor) {
  return repository.listCounties(db);
}

export async function getRegion(db: Database, actor: Actor, id: string): Promise<RegionDetail> {
  assertCan(actor, 'region.read');
  const row = await loadRegion(db, actor, id);
  const { ancestors, staffCounts: staffRows } = await repository.findAncestorsAndStaffCounts(
    db,
    actor,
    lineageCodes(row.code).slice(0, -1),
    row.code,
  );
  const staffCounts = Object.fromEntries(staffKinds.map((kind) => [kind, 0])) as Record<StaffKind, number>;
  for (const staffRow of staffRows) staffCounts[staffRow.kind] = staffRow.count;
  return { ...presentSummary(row), boundary: row.boundary ?? null, ancestors, staffCounts };
}

export async function listRegions(db: Database, actor: Actor, parentId: string | undefined): Promise<Region[]> {
  assertCan(actor, 'region.read');
  if (parentId === undefined) return (await repository.listScopeRoots(db, actor)).map(presentSummary);
  await loadRegion(db, actor, parentId);
  return (await repository.listChildren(db, actor, parentId)).map(presentSummary);
}

export async function searchRegions(db: Database, actor: Actor, text: string): Promise<Region[]> {
  assertCan(actor, 'region.read');
  return (await repository.searchRegions(db, actor, text.trim(), 50)).map(presentSummary);
}

/** The deepest region in scope whose boundary holds the point, and its chain of ancestors with boundaries. */
export async function locatePoint(db: Database, actor: Actor, lng: number, lat: number): Promise<LocatedRegion> {
  assertCan(actor, 'region.read');
  return findRegionsAt(db, actor, lng, lat);
}

/** `locatePoint` for a report made there, by whoever may report: a resident reads no region tree, yet reports. */
export async function findRegionsAt(db: Database, actor: Actor, lng: number, lat: number): Promise<LocatedRegion> {
  const candidates = await repository.findBoundaryCandidates(db, actor, lng, lat);
  const containing = candidates.filter((row) => booleanPointInPolygon([lng, lat], row.boundary as Area));
  const [deepest] = containing;
  if (!deepest) return { region: null, path: [] };
  // One chain: in a sliver two siblings share (within the boundary tolerance) the lower code wins.
  const path = containing.filter((row) => deepest.code.startsWith(row.code)).reverse();
  return { region: presentSummary(deepest), path: path.map(presentSummary) };
}

export async function exportBoundaries(
  db: Database,
  actor: Actor,
  id: string,
  level: RegionLevel | undefined,
): Promise<RegionFeatureCollection> {
  assertCan(actor, 'region.read');
  const root = await loadRegion(db, actor, id);
  const wanted = level ?? childLevel(root.level) ?? root.level;
  const rows = await repository.listDescendantsAtLevel(db, actor, root.code, wanted);
  return {
    type: 'FeatureCollection' as const,
    features: rows
      .filter((row) => row.boundary !== null)
      .map((row) => ({
        type: 'Feature' as const,
        properties: { id: row.id, code: row.code, name: row.name, level: row.level },
        geometry: row.boundary!,
      })),
  };
}

/** The bounding-box columns kept beside a boundary, for the point lookup's index. */
function boundaryColumns(area: Area | null) {
  if (area === null) return { minLng: null, minLat: null, maxLng: null, maxLat: null };
  const [minLng, minLat, maxLng, maxLat] = boundingBoxOf(area);
  return { minLng, minLat, maxLng, maxLat };
}

/**
 * One thing wrong with a boundary: a stable `code` and `params` for the console to say it in the user's language,
 * the English `message` for everyone else, and for an upload the index of the feature.
 */
type BoundaryProblem = {
  feature?: number;
  code: BoundaryProblemCode;
  params: Record<string, string | number>;
  message: string;
};

function describeConflict(conflict: BoundaryConflict): BoundaryProblem {
  const { region, area } = conflict;
  const named = `${region.name} (${region.code})`;
  const messages: Record<BoundaryConflict['code'], string> = {
    outside_parent: `${area} m² lie outside ${named}, the region it belongs to`,
    overlaps_sibling: `overlaps ${named} by ${area} m²`,
    child_outside: `leaves ${area} m² of ${named}, a region inside it, outside`,
  };
  const params = { regionId: region.id, regionName: region.name, regionCode: region.code, area };
  return { code: conflict.code, params, message: messages[conflict.code] };
}

/** A boundary is drawn by the level above: the user's own region borders regions they cannot see. */
function assertBelowOwnRegion(actor: Actor, region: { id: string }) {
  if (region.id === actor.regionId) {
    throw new AppError('forbidden', {
      en: 'The boundary of your own region is drawn by the level above you.',
      zh: '本级区域的边界由上级绘制。',
    });
  }
}

/**
 * Checks new boundaries against the regions around them (inside a transaction, with the parents and the regions
 * locked so that no neighbour changes meanwhile) and answers what each breaks, by region id.
 */
async function findBoundaryConflicts(
  transaction: Executor,
  changes: { region: Omit<BoundedRegion, 'boundary'>; boundary: Area | null }[],
) {
  const regions = changes.map((change) => change.region);
  const parentIds = regions.flatMap((region) => (region.parentId === null ? [] : [region.parentId]));
  await repository.lockRegions(transaction, [...new Set([...parentIds, ...regions.map((region) => region.id)])]);
  const around = await repository.listBoundaryNeighbours(transaction, regions);
  return checkBoundaries(
    changes,
    around.map((row) => ({ ...row, boundary: row.boundary as Area | null })),
  );
}

/** Refuses an area no region could have as its boundary (crossing edges, no area, too many positions). */
function assertUsableBoundary(region: { name: string }, boundary: Area | null) {
  const problems = boundary ? findGeometryProblems(boundary) : [];
  if (problems.length === 0) return;
  const sentence = problems.map((problem) => problem.message).join('; ');
  throw new AppError(
    'invalid_geojson',
    {
      en: `The boundary of ${region.name} was not saved: it ${sentence}.`,
      zh: `${region.name} 的边界未保存：有 ${problems.length} 处问题（见详情）。`,
    },
    problems,
  );
}

/** Refuses one region's new boundary if it breaks a rule, naming the regions it conflicts with. */
async function assertBoundaryFits(
  transaction: Executor,
  region: Omit<BoundedRegion, 'boundary'>,
  boundary: Area | null,
) {
  const conflicts = (await findBoundaryConflicts(transaction, [{ region, boundary }])).get(region.id) ?? [];
  if (conflicts.length === 0) return;
  const problems = conflicts.map(describeConflict);
  throw new AppError(
    'boundary_conflict',
    {
      en: `The boundary of ${region.name} was not saved: it ${problems.map((problem) => problem.message).join('; ')}.`,
      zh: `${region.name} 的边界未保存：与 ${problems.length} 个区域的边界冲突（见详情）。`,
    },
    problems,
  );
}

function codeOf(feature: unknown): string | undefined {
  const code = (feature as { properties?: { code?: unknown } } | null)?.properties?.code;
  if (typeof code === 'number') return String(code);
  return typeof code === 'string' && code !== '' ? code : undefined;
}

/**
 * Replaces the boundaries of regions under `id`, matched by `properties.code`. All or nothing: one bad feature
 * and nothing is written, and the answer lists every problem found, by feature.
 */
export async function importBoundaries(db: Database, actor: Actor, id: string, collection: unknown) {
  assertCan(actor, 'boundary.write');
  const root = await loadRegion(db, actor, id);
  if (
    typeof collection !== 'object' ||
    collection === null ||
    (collection as { type?: unknown }).type !== 'FeatureCollection'
  ) {
    throw new AppError('invalid_geojson', {
      en: 'Upload a GeoJSON FeatureCollection.',
      zh: '请上传 GeoJSON FeatureCollection。',
    });
  }
  const features = (collection as { features?: unknown }).features;
  if (!Array.isArray(features) || features.length === 0) {
    throw new AppError('invalid_geojson', {
      en: 'The FeatureCollection has no features.',
      zh: '该 FeatureCollection 中没有要素。',
    });
  }
  const problems: BoundaryProblem[] = [];
  const parsed: { index: number; code: string; area: Area }[] = [];
  features.forEach((feature: unknown, index) => {
    const code = codeOf(feature);
    if (!code) {
      problems.push({
        feature: index,
        code: 'code_missing',
        params: {},
        message: 'properties.code (the region code) is missing',
      });
      return;
    }
    const geometry = areaSchema.safeParse((feature as { geometry?: unknown }).geometry);
    if (!geometry.success) {
      const [issue] = geometry.error.issues;
      problems.push({
        feature: index,
        code: areaProblemOf(issue!),
        params: {},
        message: `geometry: ${issue!.message}`,
      });
      return;
    }
    const unusable = findGeometryProblems(geometry.data);
    for (const problem of unusable) {
      problems.push({ feature: index, ...problem, message: `geometry ${problem.message}` });
    }
    if (unusable.length === 0) parsed.push({ index, code, area: geometry.data });
  });
  const known = new Map(
    (
      await repository.listDescendantsByCodes(
        db,
        root.code,
        parsed.map((feature) => feature.code),
      )
    ).map((row) => [row.code, row]),
  );
  const seen = new Set<string>();
  for (const feature of parsed) {
    if (!known.has(feature.code)) {
      problems.push({
        feature: feature.index,
        code: 'region_unknown',
        params: { regionCode: feature.code, rootName: root.name },
        message: `no region with code ${feature.code} under ${root.name}`,
      });
    } else if (seen.has(feature.code)) {
      problems.push({
        feature: feature.index,
        code: 'code_repeated',
        params: { regionCode: feature.code },
        message: `code ${feature.code} appears twice`,
      });
    }
    seen.add(feature.code);
  }
  const refuse = () =>
    new AppError(
      'invalid_geojson',
      {
        en: `${new Set(problems.map((problem) => problem.feature)).size} feature(s) have problems; nothing was imported.`,
        zh: `有 ${new Set(problems.map((problem) => problem.feature)).size} 个要素有问题，未导入任何内容。`,
      },
      problems.sort((first, second) => first.feature! - second.feature!),
    );
  if (problems.length > 0) throw refuse();

  await inTransactionWithAudit(db, actor, async (transaction) => {
    const changes = parsed.map((feature) => ({ region: known.get(feature.code)!, boundary: feature.area }));
    const conflicts = await findBoundaryConflicts(transaction, changes);
    for (const feature of parsed) {
      for (const conflict of conflicts.get(known.get(feature.code)!.id) ?? []) {
        problems.push({ feature: feature.index, ...describeConflict(conflict) });
      }
    }
    if (problems.length > 0) throw refuse();
    for (const { region, boundary } of changes) {
      await repository.updateRegion(transaction, region.id, { boundary, ...boundaryColumns(boundary) });
    }
    return {
      audit: {
        action: 'region.boundaries_import',
        entityType: 'region',
        entityId: root.id,
        regionCode: root.code,
        countyId: root.countyId,
        outcome: 'success',
        details: { updated: parsed.length },
      },
    };
  });
  return { updated: parsed.length };
}

export async function createRegion(
  db: Database,
  actor: Actor,
  input: { parentId: string; name: string; kind?: string | undefined; boundary?: Area | undefined },
) {
  assertCan(actor, 'region.write');
  if (input.boundary) assertCan(actor, 'boundary.write');
  const parent = await loadRegion(db, actor, input.parentId);
  const level = childLevel(parent.level);
  if (!level)
    throw new AppError('bad_request', {
      en: `A ${parent.level} cannot have child regions.`,
      zh: `${parent.level} 级区域不能有下级区域。`,
    });
  assertUsableBoundary(input, input.boundary ?? null);
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.lockRegions(transaction, [parent.id]);
    const lastCode = await repository.findLastChildCode(transaction, parent.id);
    const width = regionCodeWidth[level];
    const sequence = lastCode ? Number(lastCode.slice(parent.code.length)) + 1 : 1;
    if (String(sequence).length > width)
      throw new AppError('conflict', {
        en: `${parent.name} has no free ${level} codes left.`,
        zh: `${parent.name} 已没有可用的 ${level} 级代码。`,
      });
    const newCode = parent.code + String(sequence).padStart(width, '0');
    const region = { id, parentId: parent.id, name: input.name, code: newCode };
    const boundary = input.boundary ?? null;
    if (boundary) await assertBoundaryFits(transaction, region, boundary);
    await repository.insertRegion(transaction, {
      ...region,
      countyId: parent.countyId,
      level,
      kind: input.kind ?? null,
      sortOrder: sequence,
      boundary,
      ...boundaryColumns(boundary),
    });
    return {
      audit: {
        action: 'region.create',
        entityType: 'region',
        entityId: id,
        regionCode: newCode,
        countyId: parent.countyId,
        outcome: 'success',
      },
    };
  });
  return getRegion(db, actor, id);
}

/** Renames a region or changes its kind (region.write), or its boundary (boundary.write, checked by the rules). */
export async function updateRegion(
  db: Database,
  actor: Actor,
  id: string,
  changes: { name?: string | undefined; kind?: string | null | undefined; boundary?: Area | null | undefined },
) {
  if (changes.name !== undefined || changes.kind !== undefined) assertCan(actor, 'region.write');
  if (changes.boundary !== undefined) assertCan(actor, 'boundary.write');
  const region = await loadRegion(db, actor, id);
  const { boundary } = changes;
  if (boundary !== undefined) assertBelowOwnRegion(actor, region);
  if (boundary !== undefined) assertUsableBoundary(region, boundary);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    if (boundary !== undefined) await assertBoundaryFits(transaction, region, boundary);
    const box = boundary === undefined ? {} : boundaryColumns(boundary);
    await repository.updateRegion(transaction, id, { ...changes, ...box });
    return {
      audit: {
        action: 'region.update',
        entityType: 'region',
        entityId: id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
        details: { fields: Object.keys(changes) },
      },
    };
  });
  return getRegion(db, actor, id);
}
