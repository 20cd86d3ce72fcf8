import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

type RegionSummary = {
  id: string;
  parentId: string | null;
  level: string;
  code: string;
  name: string;
  childCount: number;
  hasBoundary: boolean;
  bbox: [number, number, number, number] | null;
};

type Feature = {
  type: 'Feature';
  properties: { id: string; code: string; name: string; level: string };
  geometry: Area;
};
type FeatureCollection = { type: 'FeatureCollection'; features: Feature[] };

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'county' | 'town' | 'village' | 'member', Agent>;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['county', 'town', 'village', 'member'] as const);
});

afterAll(() => testApp?.close());

async function childrenOf(agent: Agent, parent: { id: string }): Promise<RegionSummary[]> {
  const response = await agent.get(`/api/v1/regions?parentId=${parent.id}`);
  expectStatus(response, 200);
  return response.json().items;
}

async function regionById(agent: Agent, id: string) {
  const response = await agent.get(`/api/v1/regions/${id}`);
  expectStatus(response, 200);
  return response.json<RegionSummary & { boundary: Area | null }>();
}

async function exportBoundaries(agent: Agent, region: { id: string }, level?: string): Promise<FeatureCollection> {
  const response = await agent.get(`/api/v1/regions/${region.id}/boundaries${level ? `?level=${level}` : ''}`);
  expectStatus(response, 200);
  return response.json();
}

function putBoundaries(agent: Agent, region: { id: string }, body: unknown) {
  return agent.put(`/api/v1/regions/${region.id}/boundaries`, body);
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
    const [root, ...rest] = response.json().items as RegionSummary[];
    expect(rest).toEqual([]);
    expect(root).toMatchObject({ id: world.town.id, level: 'town', name: world.town.name, code: world.town.code });
  });

  it('walks county → town → village → grid, each code extending its parent’s', async () => {
    const [county] = (await agents.county.get('/api/v1/regions')).json().items as RegionSummary[];
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
    const names = (byName.json().items as RegionSummary[]).map((item) => item.name);
    expect(names[0]).toBe(world.memberVillage.name);
    for (const name of names) expect(name).toContain(world.memberVillage.name);

    const byCode = await agents.town.get(`/api/v1/regions/search?q=${world.memberVillage.code}`);
    const codes = (byCode.json().items as RegionSummary[]).map((item) => item.code);
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
    expect(path.map((step: RegionSummary) => step.id)).toEqual([
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
    const before = await regionById(agents.town, changed.properties.id);
    const newArea = squareArea(before.bbox![0], before.bbox![1], 0.001);
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
    const details = error.details as { feature: number; problem: string }[];
    expect(details.map((detail) => detail.feature)).toEqual([1, 2, 3, 4]);
    expect(details[0]!.problem).toMatch(/properties\.code/);
    expect(details[1]!.problem).toMatch(/ring must end where it starts/);
    expect(details[2]!.problem).toMatch(/no region with code/);
    expect(details[3]!.problem).toMatch(/appears twice/);
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
    expect((error.details as { problem: string }[])[0]!.problem).toContain(`no region with code ${foreignGrid.code}`);
    expect((await regionById(agents.county, foreignGrid.id)).boundary).toEqual(foreignGrid.boundary);
    expectError(await putBoundaries(agents.town, world.otherTown, body), 404, 'region_not_found');
  });

  it('refuses what is not a FeatureCollection, or an empty one', async () => {
    const notCollection = await putBoundaries(agents.town, world.memberVillage, { type: 'Feature' });
    expectError(notCollection, 400, 'invalid_geojson');
    const empty = await putBoundaries(agents.town, world.memberVillage, { type: 'FeatureCollection', features: [] });
    expectError(empty, 400, 'invalid_geojson');
  });

  it('lets only roles with boundary.import import', async () => {
    const collection = await exportBoundaries(agents.village, world.memberVillage);
    expectError(await putBoundaries(agents.village, world.memberVillage, collection), 403, 'forbidden');
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
    const area = squareArea(120.15, 30.0, 0.003);
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
