import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import type { Area } from '../../../shared/geojson.js';
import { generateCounty } from '../../seed/demo-county.js';
import { Random } from '../../seed/random.js';
import { checkBoundaries, findGeometryProblems, maxBoundaryPositions, type BoundedRegion } from './boundary-rules.js';

/** Degrees of latitude per metre; longitude degrees are 1/cos(30°) longer at the test latitude. */
const latitudePerMetre = 1 / 111_195;
const longitudePerMetre = latitudePerMetre / Math.cos((30 * Math.PI) / 180);

type PolygonArea = Extract<Area, { type: 'Polygon' }>;

/** A rectangle given in metres east and north of 120°E 30°N. */
function rectangle(west: number, south: number, east: number, north: number): PolygonArea {
  const corner = (x: number, y: number): [number, number] => [120 + x * longitudePerMetre, 30 + y * latitudePerMetre];
  return {
    type: 'Polygon',
    coordinates: [
      [corner(west, south), corner(east, south), corner(east, north), corner(west, north), corner(west, south)],
    ],
  };
}

const village: BoundedRegion = {
  id: 'village',
  parentId: 'town',
  name: '北苑社区',
  code: '339901001001',
  boundary: rectangle(0, 0, 1000, 1000),
};
const westGrid: BoundedRegion = {
  id: 'west',
  parentId: 'village',
  name: '北苑社区第1网格',
  code: '339901001001001',
  boundary: rectangle(0, 0, 500, 1000),
};
const eastGrid: BoundedRegion = {
  id: 'east',
  parentId: 'village',
  name: '北苑社区第2网格',
  code: '339901001001002',
  boundary: rectangle(500, 0, 1000, 1000),
};
const building: BoundedRegion = {
  id: 'building',
  parentId: 'east',
  name: '1号楼',
  code: '339901001001002001',
  boundary: rectangle(600, 600, 700, 700),
};
const around = [village, westGrid, eastGrid, building];

/** The conflicts of one changed boundary of `region`, as codes and the regions they name. */
function conflictsOf(region: BoundedRegion, boundary: Area | null, neighbours = around) {
  const found = checkBoundaries([{ region, boundary }], neighbours).get(region.id) ?? [];
  return found.map((conflict) => [conflict.code, conflict.region.name]);
}

describe('a child inside its parent', () => {
  it('accepts the demo boundaries as they are', () => {
    for (const region of around) expect(conflictsOf(region, region.boundary)).toEqual([]);
  });

  it('refuses a grid 100 km outside its village, naming the village', () => {
    expect(conflictsOf(westGrid, rectangle(100_000, 0, 100_500, 1000))).toEqual([['outside_parent', '北苑社区']]);
  });

  it('refuses a grid reaching 50 m out of its village', () => {
    const found = checkBoundaries([{ region: eastGrid, boundary: rectangle(500, 0, 1050, 1000) }], around);
    expect(found.get('east')).toEqual([
      {
        code: 'outside_parent',
        region: { id: 'village', name: '北苑社区', code: village.code },
        area: expect.any(Number),
      },
    ]);
    expect(found.get('east')![0]!.area).toBeGreaterThan(49_000);
    expect(found.get('east')![0]!.area).toBeLessThan(51_000);
  });

  it('forgives a sliver: 2 m out along one edge', () => {
    expect(conflictsOf(eastGrid, rectangle(500, 0, 1002, 1000))).toEqual([]);
  });

  it('refuses a thin part 8 m out: wider than the tolerance though under 1 % of the area', () => {
    // 8 m × 200 m = 1,600 m², 0.3 % of the grid.
    const notch: Area = {
      type: 'MultiPolygon',
      coordinates: [rectangle(500, 0, 1000, 1000).coordinates, rectangle(1000, 400, 1008, 600).coordinates],
    };
    expect(conflictsOf(eastGrid, notch)).toEqual([['outside_parent', '北苑社区']]);
  });

  it('checks every polygon of a MultiPolygon', () => {
    const inside: Area = {
      type: 'MultiPolygon',
      coordinates: [rectangle(0, 0, 500, 400).coordinates, rectangle(0, 600, 500, 1000).coordinates],
    };
    expect(conflictsOf(westGrid, inside)).toEqual([]);
    const oneOutside: Area = {
      type: 'MultiPolygon',
      coordinates: [rectangle(0, 0, 500, 400).coordinates, rectangle(5000, 5000, 5500, 5500).coordinates],
    };
    expect(conflictsOf(westGrid, oneOutside)).toEqual([['outside_parent', '北苑社区']]);
  });

  it('checks nothing against a parent without a boundary', () => {
    const unbounded = around.map((region) => (region === village ? { ...village, boundary: null } : region));
    expect(conflictsOf(eastGrid, rectangle(500, 0, 1500, 1000), unbounded)).toEqual([]);
  });
});

describe('siblings side by side', () => {
  it('accepts siblings that share an edge', () => {
    expect(conflictsOf(westGrid, rectangle(0, 0, 500, 1000))).toEqual([]);
  });

  it('refuses a grid overlapping its sibling, naming the sibling', () => {
    expect(conflictsOf(westGrid, rectangle(0, 0, 700, 1000))).toEqual([['overlaps_sibling', '北苑社区第2网格']]);
  });

  it('forgives a sliver of overlap: an edge drawn 1.5 m into the neighbour', () => {
    expect(conflictsOf(westGrid, rectangle(0, 0, 501.5, 1000))).toEqual([]);
  });

  it('refuses a grid drawn over the whole of a small sibling', () => {
    const small: BoundedRegion = { ...building, id: 'small', parentId: 'village', boundary: rectangle(10, 10, 14, 14) };
    expect(conflictsOf(westGrid, westGrid.boundary, [...around, small])).toEqual([['overlaps_sibling', '1号楼']]);
  });

  it('checks boundaries changed together against each other', () => {
    const found = checkBoundaries(
      [
        { region: westGrid, boundary: rectangle(0, 0, 600, 1000) },
        { region: eastGrid, boundary: rectangle(400, 0, 1000, 1000) },
      ],
      around,
    );
    expect(found.get('west')!.map((conflict) => conflict.region.name)).toEqual(['北苑社区第2网格']);
    expect(found.get('east')!.map((conflict) => conflict.region.name)).toEqual(['北苑社区第1网格']);
    // Moved together, the shared edge may move.
    const moved = checkBoundaries(
      [
        { region: westGrid, boundary: rectangle(0, 0, 600, 1000) },
        { region: eastGrid, boundary: rectangle(600, 0, 1000, 1000) },
      ],
      around,
    );
    expect(moved.size).toBe(0);
  });
});

describe('a parent around its children', () => {
  it('refuses a grid shrunk below its building, naming the building', () => {
    expect(conflictsOf(eastGrid, rectangle(500, 0, 1000, 500))).toEqual([['child_outside', '1号楼']]);
  });

  it('accepts a parent and child changed together, judging the child against the new parent', () => {
    const changes = [
      { region: eastGrid, boundary: rectangle(500, 0, 1000, 500) },
      { region: building, boundary: rectangle(600, 100, 700, 200) },
    ];
    expect(checkBoundaries(changes, around).size).toBe(0);
    changes[1]!.boundary = rectangle(600, 450, 700, 550);
    expect(
      checkBoundaries(changes, around)
        .get('building')!
        .map((conflict) => conflict.code),
    ).toEqual(['outside_parent']);
  });

  it('accepts removing a boundary', () => {
    expect(conflictsOf(village, null)).toEqual([]);
  });
});

describe.each(['town', 'county'] as const)('the %s-scale demo county', (scale) => {
  const demo = generateCounty({ scale });
  const regions = demo.regions.map((region): BoundedRegion => ({
    id: region.id,
    parentId: region.parentId ?? null,
    name: region.name,
    code: region.code,
    boundary: (region.boundary as Area | null) ?? null,
  }));

  it('passes every rule, every boundary checked against all the others', () => {
    const conflicts = checkBoundaries(
      regions.map((region) => ({ region, boundary: region.boundary })),
      [],
    );
    expect([...conflicts.entries()]).toEqual([]);
  });

  it('has one grid for any point: the point → grid lookup cannot find two', () => {
    const grids = regions.filter((region) => region.code.length === 15);
    const random = new Random(11);
    const { minLng, minLat, maxLng, maxLat } = demo.territory.county;
    for (let sample = 0; sample < 2000; sample++) {
      const point = [random.between(minLng!, maxLng!), random.between(minLat!, maxLat!)];
      const containing = grids.filter((grid) => booleanPointInPolygon(point, grid.boundary!));
      expect(containing.length).toBeLessThanOrEqual(1);
    }
  });
});

/** A closed ring of `count` positions around 120°E 30°N, about 5 km across, its radius wavering as coasts do. */
function wavyOutline(count: number): PolygonArea {
  const ring: [number, number][] = [];
  for (let index = 0; index < count - 1; index++) {
    const angle = (2 * Math.PI * index) / (count - 1);
    const radius = 0.025 * (1 + 0.1 * Math.sin(angle * 50));
    ring.push([120 + radius * Math.cos(angle), 30 + radius * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

describe('geometry a boundary cannot have', () => {
  it('accepts a rectangle, a wavy county-sized outline of 100,000 positions and one at the limit', () => {
    expect(findGeometryProblems(rectangle(0, 0, 1000, 1000))).toEqual([]);
    expect(findGeometryProblems(wavyOutline(100_000))).toEqual([]);
    expect(findGeometryProblems(wavyOutline(maxBoundaryPositions))).toEqual([]);
  });

  it('refuses 400,000 positions, naming the limit, without overflowing the stack', () => {
    expect(findGeometryProblems(wavyOutline(400_000))).toEqual([
      { code: 'too_many_positions', params: { limit: maxBoundaryPositions }, message: expect.any(String) },
    ]);
  });

  it('refuses a bow-tie, saying where its edges cross', () => {
    const bowTie: PolygonArea = {
      type: 'Polygon',
      coordinates: [
        [
          [120, 30],
          [120.01, 30.01],
          [120.01, 30],
          [120, 30.01],
          [120, 30],
        ],
      ],
    };
    const [problem, ...others] = findGeometryProblems(bowTie);
    expect(others).toEqual([]);
    expect(problem!.code).toBe('self_intersection');
    expect(problem!.params.longitude).toBeCloseTo(120.005, 9);
    expect(problem!.params.latitude).toBeCloseTo(30.005, 9);
  });

  it('refuses a ring folding over itself far along a long outline, and parts of a MultiPolygon crossing', () => {
    const outline = wavyOutline(50_000);
    const ring = outline.coordinates[0]!;
    // Swap two neighbouring positions: the ring now crosses itself in one tiny place among 50,000 edges.
    [ring[30_000], ring[30_001]] = [ring[30_001]!, ring[30_000]!];
    expect(findGeometryProblems(outline).map((problem) => problem.code)).toEqual(['self_intersection']);
    const crossingParts: Area = {
      type: 'MultiPolygon',
      coordinates: [rectangle(0, 0, 100, 100).coordinates, rectangle(50, 50, 150, 150).coordinates],
    };
    expect(findGeometryProblems(crossingParts).map((problem) => problem.code)).toEqual(['self_intersection']);
  });

  it('refuses an area with no area: positions on a line, or a sliver thinner than a hair', () => {
    const onLine: PolygonArea = {
      type: 'Polygon',
      coordinates: [
        [
          [120, 30],
          [120.01, 30.01],
          [120.02, 30.02],
          [120, 30],
        ],
      ],
    };
    expect(findGeometryProblems(onLine).map((problem) => problem.code)).toEqual(['zero_area']);
    expect(findGeometryProblems(rectangle(0, 0, 1000, 0.0001)).map((problem) => problem.code)).toEqual(['zero_area']);
    const point: PolygonArea = { type: 'Polygon', coordinates: [Array(4).fill([120, 30])] };
    expect(findGeometryProblems(point).map((problem) => problem.code)).toEqual(['zero_area']);
    expect(findGeometryProblems(rectangle(0, 0, 1, 1))).toEqual([]);
  });
});
