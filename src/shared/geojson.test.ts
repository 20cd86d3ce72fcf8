import { describe, expect, it } from 'vitest';
import { areaProblemOf, areaSchema, boundingBoxOf, polygonSchema, type Area } from './geojson.js';

const square = (minLng: number, minLat: number, size: number): [number, number][] => [
  [minLng, minLat],
  [minLng + size, minLat],
  [minLng + size, minLat + size],
  [minLng, minLat + size],
  [minLng, minLat],
];

function problemsOf(value: unknown): string[] {
  const result = areaSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('ring closure', () => {
  it('accepts a closed ring', () => {
    expect(polygonSchema.safeParse({ type: 'Polygon', coordinates: [square(120, 30, 0.01)] }).success).toBe(true);
  });

  it('refuses a ring that does not end where it starts, saying so', () => {
    const open = square(120, 30, 0.01)
      .slice(0, 4)
      .concat([[120.001, 30]]);
    expect(problemsOf({ type: 'Polygon', coordinates: [open] })).toContain('a ring must end where it starts');
  });

  it('refuses a ring of fewer than four positions', () => {
    const triangleWithoutClosure = [
      [120, 30],
      [120.01, 30],
      [120, 30],
    ];
    expect(problemsOf({ type: 'Polygon', coordinates: [triangleWithoutClosure] })).toContain(
      'a ring needs at least 4 positions',
    );
  });

  it('checks every ring of every polygon of a MultiPolygon', () => {
    const open = square(121, 31, 0.01)
      .slice(0, 4)
      .concat([[121.5, 31]]);
    const area = { type: 'MultiPolygon', coordinates: [[square(120, 30, 0.01)], [open]] };
    expect(problemsOf(area)).toContain('a ring must end where it starts');
  });
});

describe('positions', () => {
  it('refuses longitudes and latitudes outside WGS 84', () => {
    expect(problemsOf({ type: 'Polygon', coordinates: [square(179.995, 30, 0.01)] })).not.toEqual([]);
    expect(problemsOf({ type: 'Polygon', coordinates: [square(120, 89.995, 0.01)] })).not.toEqual([]);
  });

  it('accepts an altitude and leaves it out of the bounding box', () => {
    const withAltitude = square(120, 30, 0.01).map(([lng, lat]) => [lng, lat, 12.5]);
    const parsed = areaSchema.parse({ type: 'Polygon', coordinates: [withAltitude] });
    expect(boundingBoxOf(parsed)).toEqual([120, 30, 120.01, 30.01]);
  });

  it('accepts only areas: a Point or a LineString is not a boundary', () => {
    expect(problemsOf({ type: 'Point', coordinates: [120, 30] })).not.toEqual([]);
    expect(problemsOf({ type: 'LineString', coordinates: square(120, 30, 0.01) })).not.toEqual([]);
  });
});

describe('boundingBoxOf', () => {
  it('takes 400,000 positions in one pass, without overflowing the stack', () => {
    const ring = Array.from({ length: 400_000 }, (_, index): [number, number] => [
      120 + index / 1e7,
      30 + (index % 7) / 1e4,
    ]);
    ring.push(ring[0]!);
    expect(boundingBoxOf({ type: 'Polygon', coordinates: [ring] })).toEqual([120, 30, 120 + 399_999 / 1e7, 30.0006]);
  });

  it('spans the outer ring of a polygon, holes included', () => {
    const area: Area = {
      type: 'Polygon',
      coordinates: [square(120, 30, 0.1), square(120.02, 30.02, 0.01)],
    };
    expect(boundingBoxOf(area)).toEqual([120, 30, 120.1, 30.1]);
  });

  it('spans every polygon of a MultiPolygon', () => {
    const area: Area = { type: 'MultiPolygon', coordinates: [[square(120, 30, 0.1)], [square(121, 29, 0.5)]] };
    expect(boundingBoxOf(area)).toEqual([120, 29, 121.5, 30.1]);
  });
});

describe('areaProblemOf', () => {
  const codesOf = (value: unknown) => {
    const result = areaSchema.safeParse(value);
    return result.success ? [] : [...new Set(result.error.issues.map(areaProblemOf))];
  };

  it('names each problem with a stable code the console translates', () => {
    const open = square(120, 30, 0.01)
      .slice(0, 4)
      .concat([[120.001, 30]]);
    expect(codesOf({ type: 'Polygon', coordinates: [open] })).toEqual(['ring_not_closed']);
    expect(codesOf({ type: 'Polygon', coordinates: [square(120, 30, 0.01).slice(0, 3)] })).toEqual(['ring_too_short']);
    expect(codesOf({ type: 'Polygon', coordinates: [square(179.995, 30, 0.01)] })).toEqual(['position_out_of_range']);
    expect(codesOf({ type: 'Point', coordinates: [120, 30] })).toEqual(['not_an_area']);
    expect(codesOf(null)).toEqual(['not_an_area']);
  });
});
