import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { uuidv7 } from 'uuidv7';
import { areaSchema, boundingBoxOf, type Area } from '../../../shared/geojson.js';
import { childLevel, lineageCodes, regionCodeWidth, type RegionLevel } from '../../../shared/policy.js';
import { staffKinds, type StaffKind } from '../../../shared/staff.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { loadVisible } from '../../auth/visibility.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { recordAudit } from '../audit/audit.service.js';
import * as repository from './regions.repository.js';

export type RegionSummary = ReturnType<typeof presentSummary>;

function presentSummary(row: repository.RegionSummaryRow) {
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
    throw new AppError('validation_failed', `${region.name} is not a grid: choose a grid or a micro-grid.`);
  }
  return region;
}

export function findRegionName(db: Database, id: string) {
  return repository.findRegionNameById(db, id).then((name) => name ?? null);
}

export async function getRegion(db: Database, actor: Actor, id: string) {
  assertCan(actor, 'region.read');
  const row = await loadRegion(db, actor, id);
  const [ancestors, staffRows] = await Promise.all([
    repository.listByCodes(db, actor, lineageCodes(row.code).slice(0, -1)),
    repository.countStaffByKind(db, row.code),
  ]);
  const staffCounts = Object.fromEntries(staffKinds.map((kind) => [kind, 0])) as Record<StaffKind, number>;
  for (const staffRow of staffRows) staffCounts[staffRow.kind] = staffRow.count;
  return { ...presentSummary(row), boundary: row.boundary ?? null, ancestors, staffCounts };
}

export async function listRegions(db: Database, actor: Actor, parentId: string | undefined) {
  assertCan(actor, 'region.read');
  if (parentId === undefined) return (await repository.listScopeRoots(db, actor)).map(presentSummary);
  await loadRegion(db, actor, parentId);
  return (await repository.listChildren(db, actor, parentId)).map(presentSummary);
}

export async function searchRegions(db: Database, actor: Actor, text: string) {
  assertCan(actor, 'region.read');
  return (await repository.searchRegions(db, actor, text.trim(), 50)).map(presentSummary);
}

/** The deepest region in scope whose boundary holds the point, and its chain of ancestors with boundaries. */
export async function locatePoint(db: Database, actor: Actor, lng: number, lat: number) {
  assertCan(actor, 'region.read');
  const candidates = await repository.findBoundaryCandidates(db, actor, lng, lat);
  const containing = candidates.filter((row) => booleanPointInPolygon([lng, lat], row.boundary as Area));
  const [deepest] = containing;
  return { region: deepest ? presentSummary(deepest) : null, path: containing.reverse().map(presentSummary) };
}

export async function exportBoundaries(db: Database, actor: Actor, id: string, level: RegionLevel | undefined) {
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

type FeatureProblem = { feature: number; problem: string };

/**
 * Replaces the boundaries of regions under `id`, matched by `properties.code`. All or nothing: one bad feature
 * and nothing is written, and the answer lists every problem found.
 */
export async function importBoundaries(db: Database, actor: Actor, id: string, collection: unknown) {
  assertCan(actor, 'boundary.import');
  const root = await loadRegion(db, actor, id);
  if (
    typeof collection !== 'object' ||
    collection === null ||
    (collection as { type?: unknown }).type !== 'FeatureCollection'
  ) {
    throw new AppError('invalid_geojson', 'Upload a GeoJSON FeatureCollection.');
  }
  const features = (collection as { features?: unknown }).features;
  if (!Array.isArray(features) || features.length === 0) {
    throw new AppError('invalid_geojson', 'The FeatureCollection has no features.');
  }
  const problems: FeatureProblem[] = [];
  const parsed: { index: number; code: string; area: Area }[] = [];
  features.forEach((feature: unknown, index) => {
    const properties = (feature as { properties?: Record<string, unknown> } | null)?.properties ?? {};
    const code =
      typeof properties.code === 'string'
        ? properties.code
        : typeof properties.code === 'number'
          ? String(properties.code)
          : undefined;
    if (!code) {
      problems.push({ feature: index, problem: 'properties.code (the region code) is missing' });
      return;
    }
    const geometry = areaSchema.safeParse((feature as { geometry?: unknown }).geometry);
    if (!geometry.success) {
      problems.push({
        feature: index,
        problem: `geometry: ${geometry.error.issues.map((issue) => issue.message).join('; ')}`,
      });
      return;
    }
    parsed.push({ index, code, area: geometry.data });
  });
  const known = new Map(
    (
      await repository.listSubtreeByCodes(
        db,
        root.code,
        parsed.map((feature) => feature.code),
      )
    ).map((row) => [row.code, row.id]),
  );
  const seen = new Set<string>();
  for (const feature of parsed) {
    if (!known.has(feature.code))
      problems.push({ feature: feature.index, problem: `no region with code ${feature.code} under ${root.name}` });
    if (seen.has(feature.code))
      problems.push({ feature: feature.index, problem: `code ${feature.code} appears twice` });
    seen.add(feature.code);
  }
  if (problems.length > 0) {
    throw new AppError(
      'invalid_geojson',
      `${problems.length} feature(s) have problems; nothing was imported.`,
      problems.sort((a, b) => a.feature - b.feature),
    );
  }
  await db.transaction(async (transaction) => {
    for (const feature of parsed) {
      await repository.updateRegion(transaction, known.get(feature.code)!, {
        boundary: feature.area,
        ...boundaryColumns(feature.area),
      });
    }
  });
  await recordAudit(db, actor, {
    action: 'region.boundaries_import',
    entityType: 'region',
    entityId: root.id,
    regionCode: root.code,
    countyId: root.countyId,
    outcome: 'success',
    details: { updated: parsed.length },
  });
  return { updated: parsed.length };
}

export async function createRegion(
  db: Database,
  actor: Actor,
  input: { parentId: string; name: string; kind?: string | undefined },
) {
  assertCan(actor, 'region.write');
  const parent = await loadRegion(db, actor, input.parentId);
  const level = childLevel(parent.level);
  if (!level) throw new AppError('bad_request', `A ${parent.level} cannot have child regions.`);
  const id = uuidv7();
  const code = await db.transaction(async (transaction) => {
    await repository.lockParent(transaction, parent.id);
    const lastCode = await repository.findLastChildCode(transaction, parent.id);
    const width = regionCodeWidth[level];
    const sequence = lastCode ? Number(lastCode.slice(parent.code.length)) + 1 : 1;
    if (String(sequence).length > width)
      throw new AppError('conflict', `${parent.name} has no free ${level} codes left.`);
    const newCode = parent.code + String(sequence).padStart(width, '0');
    await repository.insertRegion(transaction, {
      id,
      countyId: parent.countyId,
      parentId: parent.id,
      level,
      code: newCode,
      name: input.name,
      kind: input.kind ?? null,
      sortOrder: sequence,
    });
    return newCode;
  });
  await recordAudit(db, actor, {
    action: 'region.create',
    entityType: 'region',
    entityId: id,
    regionCode: code,
    countyId: parent.countyId,
    outcome: 'success',
  });
  return getRegion(db, actor, id);
}

export async function updateRegion(
  db: Database,
  actor: Actor,
  id: string,
  changes: { name?: string | undefined; kind?: string | null | undefined; boundary?: Area | null | undefined },
) {
  assertCan(actor, 'region.write');
  const region = await loadRegion(db, actor, id);
  const box = changes.boundary === undefined ? {} : boundaryColumns(changes.boundary);
  await repository.updateRegion(db, id, { ...changes, ...box });
  await recordAudit(db, actor, {
    action: 'region.update',
    entityType: 'region',
    entityId: id,
    regionCode: region.code,
    countyId: region.countyId,
    outcome: 'success',
    details: { fields: Object.keys(changes) },
  });
  return getRegion(db, actor, id);
}
