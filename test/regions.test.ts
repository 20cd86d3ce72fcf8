import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Region, RegionDetail, RegionFeatureCollection } from '../src/shared/api/regions.js';
import { boundingBoxOf, type Area } from '../src/shared/geojson.js';
import { regionCodeWidth } from '../src/shared/policy.js';
import { interiorPointOf, squareArea } from './factories.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type RegionRecord,
  type TestApp,
} from './helpers.js';

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'town' | 'village' | 'member', Agent>;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['county', 'town', 'village', 'member'] as const);
});

afterAll(() => testApp?.close());

async function childrenOf(agent: Agent, parent: { id: string }): Promise<Region[]> {
  const response = await agent.get(`/api/v1/regions?parentId=${parent.id}`);
  expectStatus(response, 200);
  return response.json().items;
}

async function regionById(agent: Agent, id: string) {
  const response = await agent.get(`/api/v1/regions/${id}`);
  expectStatus(response, 200);
  return response.json<RegionDetail>();
}

async function exportBoundaries(
  agent: Agent,
  region: { id: string },
  level?: string,
): Promise<RegionFeatureCollection> {
  const response = await agent.get(`/api/v1/regions/${region.id}/boundaries${level ? `?level=${level}` : ''}`);
  expectStatus(response, 200);
  return response.json();
}

function putBoundaries(agent: Agent, region: { id: string }, body: unknown) {
  return agent.put(`/api/v1/regions/${region.id}/boundaries`, body);
}

type Position = [number, number];
type PolygonArea = Extract<Area, { type: 'Polygon' }>;
type BoundaryProblem = {
  feature?: number;
  code: string;
  params: {
    regionId?: string;
    regionName?: string;
    regionCode?: string;
    area?: number;
    longitude?: number;
    latitude?: number;
  };
  message: string;
};

/** The centre of a demo polygon: the average of its vertices, inside it because demo rings are convex. */
function centreOf(area: Area): Position {
  if (area.type !== 'Polygon') throw new Error('The demo boundaries are Polygons.');
  const ring = area.coordinates[0]!.slice(0, -1);
  return [
    ring.reduce((sum, point) => sum + point[0]!, 0) / ring.length,
    ring.reduce((sum, point) => sum + point[1]!, 0) / ring.length,
  ];
}

/** A demo polygon scaled about its centre: inside itself below 1, reaching out of itself above. */
function scaledArea(area: Area, factor: number): PolygonArea {
  const [centreLng, centreLat] = centreOf(area);
  const rings = (area as PolygonArea).coordinates.map((ring) =>
    ring.map(([lng, lat]): Position => [
      centreLng + (lng! - centreLng) * factor,
      centreLat + (lat! - centreLat) * factor,
    ]),
  );
  return { type: 'Polygon', coordinates: rings };
}

/** A ring is closed and has at least four positions, as RFC 7946 asks. */
function expectValidArea(area: Area) {
  expect(['Polygon', 'MultiPolygon']).toContain(area.type);
  const rings = area.type === 'Polygon' ? area.coordinates : area.coordinates.flat();
  for (const ring of rings) {
    expect(ring.length).toBeGreaterThanOrEqual(4);
    expect(ring.at(-1)).toEqual(ring[0]);
    for (const [lng, lat] of ring) {
      expect(Math.abs(lng!)).toBeLessThanOrEqual(180);
      expect(Math.abs(lat!)).toBeLessThanOrEqual(90);
    }
  }
}

describe('browsing the tree', () => {
  it('starts at the user’s own region', async () => {
    const response = await agents.town.get('/api/v1/regions');
    expectStatus(response, 200);
    const [root, ...rest] = response.json().items as Region[];
    expect(rest).toEqual([]);
    expect(root).toMatchObject({ id: world.town.id, level: 'town', name: world.town.name, code: world.town.code });
  });

  it('walks county → town → village → grid, each code extending its parent’s', async () => {
    const [county] = (await agents.county.get('/api/v1/regions')).json().items as Region[];
    expect(county).toMatchObject({ level: 'county', code: world.county.code, parentId: null });
    expect(county!.code).toMatch(/^\d{6}$/);
    let parent = county!;
    for (const level of ['town', 'village', 'grid'] as const) {
      const children = await childrenOf(agents.county, parent);
      expect(children.length).toBe(parent.childCount);
      expect(children.length).toBeGreaterThan(0);
      for (const child of children) {
        expect(child.level).toBe(level);
        expect(child.parentId).toBe(parent.id);
        expect(child.code).toMatch(new RegExp(`^${parent.code}\\d{${regionCodeWidth[level]}}$`));
      }
      expect(children.map((child) => child.code)).toEqual(children.map((child) => child.code).sort());
      parent = children[0]!;
    }
  });

  it('shows a region with its ancestors, boundary and bounding box', async () => {
    const grid = await regionById(agents.county, world.memberGrid.id);
    expect((grid as unknown as { ancestors: { id: string }[] }).ancestors.map((ancestor) => ancestor.id)).toEqual([
      world.county.id,
      world.town.id,
      world.memberVillage.id,
    ]);
    expect(grid.hasBoundary).toBe(true);
    expectValidArea(grid.boundary!);
    expect(grid.bbox).toEqual(boundingBoxOf(grid.boundary!));
  });

  it('finds regions by part of the name or the start of the code, taking % and _ literally', async () => {
    const byName = await agents.town.get(`/api/v1/regions/search?q=${encodeURIComponent(world.memberVillage.name)}`);
    const names = (byName.json().items as Region[]).map((item) => item.name);
    expect(names[0]).toBe(world.memberVillage.name);
    for (const name of names) expect(name).toContain(world.memberVillage.name);

    const byCode = await agents.town.get(`/api/v1/regions/search?q=${world.memberVillage.code}`);
    const codes = (byCode.json().items as Region[]).map((item) => item.code);
    expect(codes[0]).toBe(world.memberVillage.code);
    for (const code of codes) expect(code.startsWith(world.memberVillage.code)).toBe(true);

    for (const wildcard of ['%', '_']) {
      const response = await agents.town.get(`/api/v1/regions/search?q=${encodeURIComponent(wildcard)}`);
      expectStatus(response, 200);
      expect(response.json().items).toEqual([]);
    }
  });

  it('locates a point inside a grid: the grid and its path from the county', async () => {
    const [lng, lat] = interiorPointOf(world.memberGrid, world.childrenOf(world.memberGrid.id));
    const response = await agents.county.get(`/api/v1/regions/locate?lng=${lng}&lat=${lat}`);
    expectStatus(response, 200);
    const { region, path } = response.json();
    expect(region.id).toBe(world.memberGrid.id);
    expect(path.map((step: Region) => step.id)).toEqual([
      world.county.id,
      world.town.id,
      world.memberVillage.id,
      world.memberGrid.id,
    ]);
  });

  it('locates nothing far outside the county', async () => {
    const response = await agents.county.get('/api/v1/regions/locate?lng=100&lat=40');
    expectStatus(response, 200);
    expect(response.json()).toEqual({ region: null, path: [] });
  });

  it('refuses a point that is not on Earth', async () => {
    expectError(await agents.county.get('/api/v1/regions/locate?lng=200&lat=30'), 400, 'validation_failed');
  });
});

describe('boundary export and import', () => {
  it('exports the children’s boundaries as a valid GeoJSON FeatureCollection', async () => {
    const collection = await exportBoundaries(agents.town, world.memberVillage);
    expect(collection.type).toBe('FeatureCollection');
    const grids = world.childrenOf(world.memberVillage.id);
    expect(collection.features.map((feature) => feature.properties.id)).toEqual(grids.map((grid) => grid.id));
    for (const feature of collection.features) {
      expect(feature.type).toBe('Feature');
      expect(feature.properties.level).toBe('grid');
      expect(feature.properties.code.startsWith(world.memberVillage.code)).toBe(true);
      expectValidArea(feature.geometry);
    }
  });

  it('exports any level below the region on request', async () => {
    const collection = await exportBoundaries(agents.town, world.town, 'grid');
    const grids = world.regions.filter((region) => region.level === 'grid' && region.code.startsWith(world.town.code));
    expect(collection.features).toHaveLength(grids.length);
  });

  it('imports a changed polygon back: the region shows the new boundary and bounding box', async () => {
    const collection = await exportBoundaries(agents.town, world.memberVillage);
    const changed = collection.features.at(-1)!;
    expect(world.childrenOf(changed.properties.id)).toEqual([]);
    const newArea = scaledArea(changed.geometry, 0.5);
    changed.geometry = newArea;

    const response = await putBoundaries(agents.town, world.memberVillage, collection);
    expectStatus(response, 200);
    expect(response.json()).toEqual({ updated: collection.features.length });

    const after = await regionById(agents.town, changed.properties.id);
    expect(after.boundary).toEqual(newArea);
    expect(after.bbox).toEqual(boundingBoxOf(newArea));
    const untouched = collection.features[0]!;
    expect((await regionById(agents.town, untouched.properties.id)).boundary).toEqual(untouched.geometry);
  });

  it('refuses a collection with bad features, lists every problem by feature and changes nothing', async () => {
    const collection = await exportBoundaries(agents.town, world.memberVillage);
    const [first, second, third] = collection.features;
    const before = await regionById(agents.town, first!.properties.id);
    const openRing = squareArea(120.2, 30.05, 0.001);
    (openRing.coordinates[0] as number[][]).pop();
    const body = {
      type: 'FeatureCollection',
      features: [
        { ...first, geometry: squareArea(120.2, 30.05, 0.002) },
        { ...second, properties: { name: 'no code' } },
        { ...third, geometry: openRing },
        { ...first, properties: { ...first!.properties, code: `${world.memberVillage.code}999` } },
        { ...first, geometry: squareArea(120.3, 30.05, 0.002) },
      ],
    };
    const response = await putBoundaries(agents.town, world.memberVillage, body);
    const error = expectError(response, 400, 'invalid_geojson');
    expect(error.message).toMatch(/nothing was imported/);
    const details = error.details as BoundaryProblem[];
    expect(details.map((detail) => [detail.feature, detail.code])).toEqual([
      [1, 'code_missing'],
      [2, 'ring_not_closed'],
      [3, 'region_unknown'],
      [4, 'code_repeated'],
    ]);
    expect(details[0]!.message).toMatch(/properties\.code/);
    expect(details[1]!.message).toMatch(/ring must end where it starts/);
    expect(details[2]).toMatchObject({
      params: { regionCode: `${world.memberVillage.code}999`, rootName: world.memberVillage.name },
      message: expect.stringMatching(/no region with code/),
    });
    expect(details[3]!.message).toMatch(/appears twice/);
    expect((await regionById(agents.town, first!.properties.id)).boundary).toEqual(before.boundary);
  });

  it('refuses a feature for a region outside the importer’s subtree', async () => {
    const foreignGrid = world.regions.find(
      (region) => region.level === 'grid' && region.code.startsWith(world.otherTown.code),
    )!;
    const body = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: foreignGrid.code }, geometry: squareArea(120.2, 30.05, 0.002) },
      ],
    };
    const error = expectError(await putBoundaries(agents.town, world.town, body), 400, 'invalid_geojson');
    expect((error.details as BoundaryProblem[])[0]!.message).toContain(`no region with code ${foreignGrid.code}`);
    expect((await regionById(agents.county, foreignGrid.id)).boundary).toEqual(foreignGrid.boundary);
    expectError(await putBoundaries(agents.town, world.otherTown, body), 404, 'region_not_found');
  });

  it('refuses what is not a FeatureCollection, or an empty one', async () => {
    const notCollection = await putBoundaries(agents.town, world.memberVillage, { type: 'Feature' });
    expectError(notCollection, 400, 'invalid_geojson');
    const empty = await putBoundaries(agents.town, world.memberVillage, { type: 'FeatureCollection', features: [] });
    expectError(empty, 400, 'invalid_geojson');
  });

  it('lets only roles with boundary.write import', async () => {
    const collection = await exportBoundaries(agents.member, world.memberGrid, 'micro_grid');
    expectError(await putBoundaries(agents.member, world.memberGrid, collection), 403, 'forbidden');
  });

  it('refuses the region the upload is for: only regions below it', async () => {
    const own = {
      type: 'Feature',
      properties: { code: world.memberVillage.code },
      geometry: world.memberVillage.boundary,
    };
    const body = { type: 'FeatureCollection', features: [own] };
    const error = expectError(await putBoundaries(agents.town, world.memberVillage, body), 400, 'invalid_geojson');
    expect((error.details as BoundaryProblem[]).map((problem) => problem.code)).toEqual(['region_unknown']);
  });
});

describe('boundary rules', () => {
  /** Two grids of the member's village side by side (sharing an edge), as stored now, neither with children. */
  async function neighbouringGrids() {
    const grids = world.childrenOf(world.memberVillage.id).filter((grid) => world.childrenOf(grid.id).length === 0);
    for (const first of grids) {
      const firstNow = await regionById(agents.village, first.id);
      const edgePoints = (firstNow.boundary as PolygonArea).coordinates[0]!;
      const second = grids.find(
        (other) =>
          other.id !== first.id &&
          edgePoints.some((point) => booleanPointInPolygon(point, other.boundary!)) &&
          !booleanPointInPolygon(centreOf(other.boundary!), firstNow.boundary!),
      );
      if (second) return { grid: firstNow, neighbour: await regionById(agents.village, second.id) };
    }
    throw new Error('The demo village has no two neighbouring grids without children.');
  }

  function patchBoundary(agent: Agent, region: { id: string }, boundary: Area | null) {
    return agent.patch(`/api/v1/regions/${region.id}`, { boundary });
  }

  function conflictsOf(response: Parameters<typeof expectError>[0], status = 409, code = 'boundary_conflict') {
    return expectError(response, status, code).details as BoundaryProblem[];
  }

  it('lets the village save its grid as drawn: touching its siblings along shared edges', async () => {
    const { grid } = await neighbouringGrids();
    const response = await patchBoundary(agents.village, grid, grid.boundary);
    expectStatus(response, 200);
    expect(response.json().boundary).toEqual(grid.boundary);
  });

  it('refuses, as the village, a grid overlapping its sibling, naming the sibling, and changes nothing', async () => {
    const { grid, neighbour } = await neighbouringGrids();
    const overlapping = scaledArea(grid.boundary!, 1.3);
    const problems = conflictsOf(await patchBoundary(agents.village, grid, overlapping));
    const overlap = problems.find((problem) => problem.params.regionId === neighbour.id);
    expect(overlap).toMatchObject({
      code: 'overlaps_sibling',
      params: { regionName: neighbour.name, regionCode: neighbour.code },
      message: expect.stringContaining(neighbour.name),
    });
    expect(overlap!.params.area).toBeGreaterThan(100);
    expect((await regionById(agents.village, grid.id)).boundary).toEqual(grid.boundary);
  });

  it('refuses, as the village, a grid 100 km outside the village, naming the village', async () => {
    const { grid } = await neighbouringGrids();
    const [lng, lat] = centreOf(grid.boundary!);
    const response = await patchBoundary(agents.village, grid, squareArea(lng + 1, lat, 0.005));
    const problems = conflictsOf(response);
    expect(problems).toEqual([
      {
        code: 'outside_parent',
        params: {
          regionId: world.memberVillage.id,
          regionName: world.memberVillage.name,
          regionCode: world.memberVillage.code,
          area: expect.any(Number),
        },
        message: expect.stringContaining(world.memberVillage.name),
      },
    ]);
    expect(expectError(response, 409, 'boundary_conflict').message).toContain(grid.name);
  });

  it('forgives a sliver: a grid drawn a few decimetres over its edges, and locates one grid in the sliver', async () => {
    const { grid, neighbour } = await neighbouringGrids();
    const sliver = scaledArea(grid.boundary!, 1.0005);
    expectStatus(await patchBoundary(agents.village, grid, sliver), 200);

    // A point just outside the old shared edge lies in both grids now: the answer is still one chain.
    const ring = (grid.boundary as PolygonArea).coordinates[0]!;
    const centre = centreOf(grid.boundary!);
    const shared = ring
      .slice(1)
      .map((end, index): Position => {
        const start = ring[index]!;
        const middle = [(start[0]! + end[0]!) / 2, (start[1]! + end[1]!) / 2];
        return [middle[0]! + (middle[0]! - centre[0]) * 0.0002, middle[1]! + (middle[1]! - centre[1]) * 0.0002];
      })
      .find((point) => booleanPointInPolygon(point, neighbour.boundary!) && booleanPointInPolygon(point, sliver))!;
    expect(shared).toBeDefined();
    const located = (await agents.village.get(`/api/v1/regions/locate?lng=${shared[0]}&lat=${shared[1]}`)).json();
    const lower = grid.code < neighbour.code ? grid : neighbour;
    expect(located.region.id).toBe(lower.id);
    expect(located.path.map((step: Region) => step.level)).toEqual(['village', 'grid']);
    expectStatus(await patchBoundary(agents.village, grid, grid.boundary), 200);
  });

  it('checks every polygon of a MultiPolygon', async () => {
    const { grid } = await neighbouringGrids();
    const [lng, lat] = centreOf(grid.boundary!);
    const inside = scaledArea(grid.boundary!, 0.5).coordinates;
    const accepted = await patchBoundary(agents.village, grid, { type: 'MultiPolygon', coordinates: [inside] });
    expectStatus(accepted, 200);
    const farPiece = (squareArea(lng + 0.5, lat, 0.002) as PolygonArea).coordinates;
    const refused = await patchBoundary(agents.village, grid, {
      type: 'MultiPolygon',
      coordinates: [inside, farPiece],
    });
    expect(conflictsOf(refused).map((problem) => problem.code)).toEqual(['outside_parent']);
    expectStatus(await patchBoundary(agents.village, grid, grid.boundary), 200);
  });

  it('refuses an upload of two features overlapping each other, naming each, and imports nothing', async () => {
    const { grid, neighbour } = await neighbouringGrids();
    const square = scaledArea(grid.boundary!, 0.3);
    const body = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: grid.code }, geometry: square },
        { type: 'Feature', properties: { code: neighbour.code }, geometry: square },
      ],
    };
    const error = expectError(await putBoundaries(agents.village, world.memberVillage, body), 400, 'invalid_geojson');
    expect(error.message).toMatch(/nothing was imported/);
    expect(
      (error.details as BoundaryProblem[]).map((problem) => [problem.feature, problem.code, problem.params.regionName]),
    ).toEqual([
      [0, 'overlaps_sibling', neighbour.name],
      [1, 'overlaps_sibling', grid.name],
    ]);
    expect((await regionById(agents.village, neighbour.id)).boundary).toEqual(neighbour.boundary);
  });

  it('accepts an upload that moves a shared edge of two grids together', async () => {
    const { grid, neighbour } = await neighbouringGrids();
    const body = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: grid.code }, geometry: scaledArea(grid.boundary!, 0.5) },
        { type: 'Feature', properties: { code: neighbour.code }, geometry: neighbour.boundary },
      ],
    };
    expectStatus(await putBoundaries(agents.village, world.memberVillage, body), 200);
    const restored = { ...body, features: [{ ...body.features[0]!, geometry: grid.boundary }] };
    expectStatus(await putBoundaries(agents.village, world.memberVillage, restored), 200);
  });

  it('refuses, as the county, a village shrunk below its grids, naming them', async () => {
    const village = await regionById(agents.county, world.otherVillage.id);
    const problems = conflictsOf(await patchBoundary(agents.county, village, scaledArea(village.boundary!, 0.5)));
    const grids = world.childrenOf(village.id);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.code).toBe('child_outside');
      expect(grids.map((grid) => grid.id)).toContain(problem.params.regionId);
    }
    expect((await regionById(agents.county, village.id)).boundary).toEqual(village.boundary);
  });

  it('refuses, as the county, a village reaching into the next town', async () => {
    const village = await regionById(agents.county, world.otherVillage.id);
    const problems = conflictsOf(await patchBoundary(agents.county, village, scaledArea(village.boundary!, 3)));
    expect(problems.map((problem) => problem.code)).toContain('outside_parent');
    expect(problems.map((problem) => problem.code)).toContain('overlaps_sibling');
  });

  it('refuses a new grid drawn over its siblings, and creates nothing', async () => {
    const before = await regionById(agents.town, world.otherVillage.id);
    const response = await agents.town.post('/api/v1/regions', {
      parentId: world.otherVillage.id,
      name: '重叠的新网格',
      boundary: scaledArea(world.otherVillage.boundary!, 0.4),
    });
    expect(conflictsOf(response).every((problem) => problem.code === 'overlaps_sibling')).toBe(true);
    expect((await regionById(agents.town, world.otherVillage.id)).childCount).toBe(before.childCount);
  });

  it('leaves a region’s own boundary to the level above, and other villages out of reach', async () => {
    const own = await patchBoundary(agents.village, world.memberVillage, world.memberVillage.boundary);
    expectError(own, 403, 'forbidden');
    const foreign = await patchBoundary(agents.village, world.otherGrid, world.otherGrid.boundary);
    expectError(foreign, 404, 'region_not_found');
    expectError(await patchBoundary(agents.member, world.memberGrid, world.memberGrid.boundary), 403, 'forbidden');
  });
});

describe('changing the tree', () => {
  /** The grid with the highest code under a village, as the database holds it now. */
  async function lastGridCode(village: RegionRecord) {
    const children = await childrenOf(agents.town, village);
    return children
      .map((child) => child.code)
      .sort()
      .at(-1)!;
  }

  it('adds a grid with the next free code under its village', async () => {
    const lastCode = await lastGridCode(world.memberVillage);
    const response = await agents.town.post('/api/v1/regions', { parentId: world.memberVillage.id, name: '新建网格' });
    expectStatus(response, 201);
    const created = response.json();
    const nextSequence = String(Number(lastCode.slice(-3)) + 1).padStart(3, '0');
    expect(created).toMatchObject({
      parentId: world.memberVillage.id,
      level: 'grid',
      name: '新建网格',
      code: `${world.memberVillage.code}${nextSequence}`,
      childCount: 0,
      hasBoundary: false,
      bbox: null,
    });
    const village = await regionById(agents.town, world.memberVillage.id);
    expect(village.childCount).toBe(world.childrenOf(world.memberVillage.id).length + 1);
    const again = await agents.town.post('/api/v1/regions', { parentId: world.memberVillage.id, name: '又一网格' });
    expect(again.json().code > created.code).toBe(true);
  });

  it('gives regions created at the same moment different codes', async () => {
    const responses = await Promise.all(
      ['甲', '乙', '丙', '丁', '戊', '己'].map((name) =>
        agents.town.post('/api/v1/regions', { parentId: world.otherVillage.id, name: `同时网格${name}` }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(
      statuses.every((status) => status === 201 || status === 409),
      responses.map((r) => r.body).join(),
    ).toBe(true);
    const codes = responses.filter((response) => response.statusCode === 201).map((response) => response.json().code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('refuses a child under a micro-grid, the lowest level', async () => {
    const microGrid = world.childrenOf(world.memberGrid.id)[0]!;
    const response = await agents.town.post('/api/v1/regions', { parentId: microGrid.id, name: '不可能' });
    expectError(response, 400, 'bad_request');
  });

  it('refuses to add under a region outside the subtree as if it did not exist', async () => {
    const response = await agents.town.post('/api/v1/regions', { parentId: world.otherTown.id, name: '越界' });
    expectError(response, 404, 'region_not_found');
  });

  it('renames a region and changes its kind', async () => {
    const response = await agents.town.patch(`/api/v1/regions/${world.otherGrid.id}`, {
      name: '  改名后的网格 ',
      kind: '片区',
    });
    expectStatus(response, 200);
    expect(response.json()).toMatchObject({ name: '改名后的网格', kind: '片区', code: world.otherGrid.code });
    expect((await regionById(agents.member, world.memberGrid.id)).name).toBe(world.memberGrid.name);
  });

  it('replaces and removes a boundary, keeping the bounding box in step', async () => {
    const area = scaledArea(world.otherGrid.boundary!, 0.999);
    const set = await agents.town.patch(`/api/v1/regions/${world.otherGrid.id}`, { boundary: area });
    expectStatus(set, 200);
    expect(set.json()).toMatchObject({ boundary: area, bbox: boundingBoxOf(area), hasBoundary: true });
    const removed = await agents.town.patch(`/api/v1/regions/${world.otherGrid.id}`, { boundary: null });
    expectStatus(removed, 200);
    expect(removed.json()).toMatchObject({ boundary: null, bbox: null, hasBoundary: false });
  });

  it('explains what is wrong with a request it refuses', async () => {
    const emptyName = await agents.town.post('/api/v1/regions', { parentId: world.memberVillage.id, name: '  ' });
    expect(expectError(emptyName, 400, 'validation_failed').message).toMatch(/name/);
    const nothing = await agents.town.patch(`/api/v1/regions/${world.memberVillage.id}`, {});
    expect(expectError(nothing, 400, 'validation_failed').message).toMatch(/at least one field/);
    const openRing = squareArea(120.2, 30.05, 0.001);
    (openRing.coordinates[0] as number[][]).pop();
    const badBoundary = await agents.town.patch(`/api/v1/regions/${world.memberVillage.id}`, { boundary: openRing });
    expect(expectError(badBoundary, 400, 'validation_failed').message).toMatch(/boundary/);
    const badId = await agents.town.get('/api/v1/regions/not-a-uuid');
    expectError(badId, 400, 'validation_failed');
  });

  it('lets only roles with region.write change the tree', async () => {
    const create = await agents.village.post('/api/v1/regions', { parentId: world.memberVillage.id, name: '无权' });
    expectError(create, 403, 'forbidden');
    const rename = await agents.member.patch(`/api/v1/regions/${world.memberGrid.id}`, { name: '无权' });
    expectError(rename, 403, 'forbidden');
    expect((await regionById(agents.member, world.memberGrid.id)).name).toBe(world.memberGrid.name);
  });
});

describe('geometry a boundary cannot have', () => {
  /** A bow-tie (two triangles meeting at its middle) inside a grid, around the grid's centre. */
  function bowTieIn(grid: RegionRecord): PolygonArea {
    const [lng, lat] = centreOf(grid.boundary!);
    const size = 0.0002;
    return {
      type: 'Polygon',
      coordinates: [
        [
          [lng - size, lat - size],
          [lng + size, lat + size],
          [lng + size, lat - size],
          [lng - size, lat + size],
          [lng - size, lat - size],
        ],
      ],
    };
  }

  /** Positions on one line through the grid's centre, closed as a ring. */
  function lineIn(grid: RegionRecord): PolygonArea {
    const [lng, lat] = centreOf(grid.boundary!);
    const step = 0.0001;
    return {
      type: 'Polygon',
      coordinates: [
        [
          [lng, lat],
          [lng + step, lat + step],
          [lng + 2 * step, lat + 2 * step],
          [lng, lat],
        ],
      ],
    };
  }

  /** A circle of `count` positions around the grid's centre, well inside it, rounded as survey files are. */
  function circleIn(grid: RegionRecord, count: number): PolygonArea {
    const [lng, lat] = centreOf(grid.boundary!);
    const ring: Position[] = [];
    for (let index = 0; index < count - 1; index++) {
      const angle = (2 * Math.PI * index) / (count - 1);
      ring.push([
        Number((lng + 0.0003 * Math.cos(angle)).toFixed(8)),
        Number((lat + 0.0003 * Math.sin(angle)).toFixed(8)),
      ]);
    }
    ring.push(ring[0]!);
    return { type: 'Polygon', coordinates: [ring] };
  }

  function problemsOf(response: Parameters<typeof expectError>[0]) {
    return expectError(response, 400, 'invalid_geojson').details as BoundaryProblem[];
  }

  it('refuses one region’s boundary of 400,000 positions, a bow-tie or a line, saying why, and keeps it', async () => {
    const grid = world.memberGrid;
    const huge = await agents.village.patch(`/api/v1/regions/${grid.id}`, { boundary: circleIn(grid, 400_000) });
    expect(problemsOf(huge)).toEqual([
      { code: 'too_many_positions', params: { limit: 200_000 }, message: expect.stringContaining('200000') },
    ]);
    const bowTie = await agents.village.patch(`/api/v1/regions/${grid.id}`, { boundary: bowTieIn(grid) });
    const [crossing] = problemsOf(bowTie);
    expect(crossing).toMatchObject({ code: 'self_intersection', params: { longitude: expect.any(Number) } });
    const [centreLng, centreLat] = centreOf(grid.boundary!);
    expect(crossing!.params.longitude).toBeCloseTo(centreLng, 6);
    expect(crossing!.params.latitude).toBeCloseTo(centreLat, 6);
    const line = await agents.village.patch(`/api/v1/regions/${grid.id}`, { boundary: lineIn(grid) });
    expect(problemsOf(line).map((problem) => problem.code)).toEqual(['zero_area']);
    expect((await regionById(agents.village, grid.id)).boundary).toEqual(grid.boundary);
  });

  it('refuses a new region drawn as a bow-tie and creates nothing', async () => {
    const before = await regionById(agents.town, world.memberVillage.id);
    const response = await agents.town.post('/api/v1/regions', {
      parentId: world.memberVillage.id,
      name: '交叉的新网格',
      boundary: bowTieIn(world.memberGrid),
    });
    expect(problemsOf(response).map((problem) => problem.code)).toEqual(['self_intersection']);
    expect((await regionById(agents.town, world.memberVillage.id)).childCount).toBe(before.childCount);
  });

  it('refuses an upload with such features, naming each by its index, and imports nothing', async () => {
    const grids = world.childrenOf(world.memberVillage.id).filter((grid) => world.childrenOf(grid.id).length === 0);
    const [first, second, third, fourth] = grids;
    if (!fourth) throw new Error('The demo village needs four grids without children.');
    const feature = (grid: RegionRecord, geometry: Area) => ({
      type: 'Feature',
      properties: { code: grid.code },
      geometry,
    });
    const body = {
      type: 'FeatureCollection',
      features: [
        feature(first!, scaledArea(first!.boundary!, 0.5)),
        feature(second!, bowTieIn(second!)),
        feature(third!, lineIn(third!)),
        feature(fourth, circleIn(fourth, 400_000)),
      ],
    };
    const problems = problemsOf(await putBoundaries(agents.village, world.memberVillage, body));
    expect(problems.map((problem) => [problem.feature, problem.code])).toEqual([
      [1, 'self_intersection'],
      [2, 'zero_area'],
      [3, 'too_many_positions'],
    ]);
    expect((await regionById(agents.village, first!.id)).boundary).toEqual(first!.boundary);
  });

  it('accepts a boundary of 100,000 positions, as a county outline may have', async () => {
    const grid = world.childrenOf(world.otherVillage.id).find((child) => world.childrenOf(child.id).length === 0)!;
    const area = circleIn(grid, 100_000);
    const response = await agents.town.patch(`/api/v1/regions/${grid.id}`, { boundary: area });
    expectStatus(response, 200);
    expect(response.json().bbox).toEqual(boundingBoxOf(area));
    expectStatus(await agents.town.patch(`/api/v1/regions/${grid.id}`, { boundary: grid.boundary }), 200);
  });
});
