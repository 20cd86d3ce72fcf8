import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it } from 'vitest';
import { areaSchema, type Area } from '../../shared/geojson.js';
import { normalizePersonName, validatePersonName } from '../../shared/person-name.js';
import { isValidPhone } from '../../shared/phone.js';
import { regionCodeWidth } from '../../shared/policy.js';
import { UUID } from 'uuidv7';
import { caseTransitions, nextStatus, openStatuses, type CaseAction } from '../../shared/cases.js';
import { generateCaseList } from './cases.js';
import { generateCounty, IdFactory, type DemoCounty, type RegionRow } from './demo-county.js';
import { ringArea, type Point } from './geometry.js';
import { Random, WeightedTable } from './random.js';

const town = generateCounty({ scale: 'town' });
const county = generateCounty({ scale: 'county' });

function outerRing(region: RegionRow): Point[] {
  const boundary = region.boundary as Area;
  if (boundary.type !== 'Polygon') throw new Error(`${region.name} is not a Polygon`);
  return boundary.coordinates[0]!.map(([lng, lat]): Point => [lng, lat]);
}

function childrenOf(demo: DemoCounty, parent: RegionRow): RegionRow[] {
  return demo.regions.filter((region) => region.parentId === parent.id);
}

function grids(demo: DemoCounty): RegionRow[] {
  return demo.regions.filter((region) => region.level === 'grid');
}

describe.each([
  ['town', town],
  ['county', county],
] as const)('the %s-scale demo county', (_scale, demo) => {
  it('gives every row the county id, and every region a code that extends its parent code', () => {
    const byId = new Map(demo.regions.map((region) => [region.id, region]));
    const countyId = demo.territory.county.id;
    for (const rows of [demo.regions, demo.staff, demo.partyOrgs, demo.partyOrgRegions]) {
      expect(rows.every((row) => row.countyId === countyId)).toBe(true);
    }
    expect(demo.territory.county.code).toMatch(/^\d{6}$/);
    for (const region of demo.regions) {
      if (!region.parentId) continue;
      const parent = byId.get(region.parentId)!;
      expect(region.code).toMatch(new RegExp(`^${parent.code}\\d{${regionCodeWidth[region.level]}}$`));
      expect(Number(region.code.slice(parent.code.length))).toBe(region.sortOrder);
    }
    expect(new Set(demo.regions.map((region) => region.code)).size).toBe(demo.regions.length);
  });

  it('stores valid, closed, counter-clockwise rings and their bounding boxes', () => {
    for (const region of demo.regions) {
      expect(areaSchema.safeParse(region.boundary).success).toBe(true);
      const ring = outerRing(region);
      expect(ring[0]).toEqual(ring.at(-1));
      expect(ringArea(ring)).toBeGreaterThan(0);
      expect(region.minLng).toBe(Math.min(...ring.map((point) => point[0])));
      expect(region.maxLat).toBe(Math.max(...ring.map((point) => point[1])));
    }
  });

  it('tiles every village with its grids: same area, and a point lies in exactly one grid', () => {
    const random = new Random(7);
    for (const village of demo.regions.filter((region) => region.level === 'village')) {
      const villageGrids = childrenOf(demo, village);
      for (const grid of villageGrids) {
        for (const [lng, lat] of outerRing(grid)) {
          expect(lng).toBeGreaterThanOrEqual(village.minLng!);
          expect(lng).toBeLessThanOrEqual(village.maxLng!);
          expect(lat).toBeGreaterThanOrEqual(village.minLat!);
          expect(lat).toBeLessThanOrEqual(village.maxLat!);
        }
      }
      const gridArea = villageGrids.reduce((sum, grid) => sum + ringArea(outerRing(grid)), 0);
      expect(gridArea / ringArea(outerRing(village))).toBeCloseTo(1, 9);

      for (let sample = 0; sample < 40; sample++) {
        const point: Point = [
          random.between(village.minLng!, village.maxLng!),
          random.between(village.minLat!, village.maxLat!),
        ];
        const containing = villageGrids.filter((grid) => booleanPointInPolygon(point, grid.boundary as Area));
        const insideVillage = booleanPointInPolygon(point, village.boundary as Area);
        expect(containing.length).toBe(insideVillage ? 1 : 0);
      }
    }
  });

  it('tiles the county with its towns and every town with its villages', () => {
    const tilesExactly = (parent: RegionRow) => {
      const childArea = childrenOf(demo, parent).reduce((sum, child) => sum + ringArea(outerRing(child)), 0);
      expect(childArea / ringArea(outerRing(parent))).toBeCloseTo(1, 9);
    };
    tilesExactly(demo.territory.county);
    demo.territory.towns.forEach((town) => tilesExactly(town.region));
  });

  it('keeps micro-grids inside their grid', () => {
    for (const grid of demo.territory.towns.flatMap((town) => town.villages.flatMap((village) => village.grids))) {
      for (const microGrid of grid.microGrids) {
        for (const point of outerRing(microGrid)) {
          expect(booleanPointInPolygon(point, grid.region.boundary as Area)).toBe(true);
        }
      }
    }
  });

  it('names a leader and at least one member in every grid', () => {
    for (const grid of grids(demo)) {
      const staff = demo.staff.filter((person) => person.regionId === grid.id);
      expect(staff.filter((person) => person.kind === 'grid_leader')).toHaveLength(1);
      expect(staff.filter((person) => person.kind === 'grid_member').length).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives people names and phones the staff rules accept, and no phone twice', () => {
    for (const person of demo.staff) {
      expect(validatePersonName(person.name)).toBeUndefined();
      expect(normalizePersonName(person.name)).toBe(person.name);
      expect(isValidPhone(person.phone!)).toBe(true);
    }
    expect(new Set(demo.staff.map((person) => person.phone)).size).toBe(demo.staff.length);
  });

  it('covers every grid with exactly one branch of one to three grids of its own village', () => {
    const byId = new Map(demo.regions.map((region) => [region.id, region]));
    const branches = demo.partyOrgs.filter((org) => org.kind === 'grid_branch');
    const branchOfGrid = new Map<string, string>();
    for (const branch of branches) {
      const covered = demo.partyOrgRegions
        .filter((row) => row.partyOrgId === branch.id)
        .map((row) => byId.get(row.regionId)!);
      expect(covered.length).toBeGreaterThanOrEqual(1);
      expect(covered.length).toBeLessThanOrEqual(3);
      for (const grid of covered) {
        expect(grid.level).toBe('grid');
        expect(grid.parentId).toBe(branch.regionId);
        expect(branchOfGrid.has(grid.id)).toBe(false);
        branchOfGrid.set(grid.id, branch.id);
      }
    }
    expect(branchOfGrid.size).toBe(grids(demo).length);
  });

  it('links the party organisations into one chain per town', () => {
    const byId = new Map(demo.partyOrgs.map((org) => [org.id, org]));
    const parentKind = {
      town_committee: undefined,
      village_committee: 'town_committee',
      grid_branch: 'village_committee',
      party_group: 'grid_branch',
      central_household: 'party_group',
    } as const;
    for (const org of demo.partyOrgs) {
      const parent = org.parentId ? byId.get(org.parentId) : undefined;
      expect(parent?.kind).toBe(parentKind[org.kind]);
      expect(org.memberCount).toBeGreaterThan(0);
    }
  });

  it('anchors the demo accounts as the scope rules expect', () => {
    const byId = new Map(demo.regions.map((region) => [region.id, region]));
    const account = (username: string) => demo.demoAccounts.find((row) => row.username === username)!;
    const regionOf = (username: string) => byId.get(account(username).regionId!)!;
    const memberGrid = regionOf('member');
    const memberVillage = byId.get(memberGrid.parentId!)!;
    const otherVillage = byId.get(regionOf('member2').parentId!)!;

    expect(account('admin').regionId).toBeNull();
    expect(regionOf('county').level).toBe('county');
    expect(memberGrid).toBe(demo.territory.towns[0]!.villages[0]!.grids[0]!.region);
    expect(regionOf('leader')).toBe(memberGrid);
    expect(regionOf('cadre')).toBe(memberGrid);
    expect(regionOf('village')).toBe(memberVillage);
    expect(regionOf('town').id).toBe(memberVillage.parentId);
    expect(otherVillage.id).not.toBe(memberVillage.id);
    expect(otherVillage.parentId).toBe(memberVillage.parentId);

    const linked = new Map(demo.staff.filter((person) => person.accountId).map((person) => [person.accountId, person]));
    for (const [username, kind] of [
      ['leader', 'grid_leader'],
      ['member', 'grid_member'],
      ['member2', 'grid_member'],
      ['cadre', 'sunk_cadre'],
    ] as const) {
      const person = linked.get(account(username).id);
      expect(person?.kind).toBe(kind);
      expect(person?.regionId).toBe(account(username).regionId);
      expect(person?.name).toBe(account(username).displayName);
    }
  });
});

describe('generateCounty', () => {
  it('gives the same county, ids included, for the same seed, and another for another seed', () => {
    expect(generateCounty({ scale: 'town', seed: 1 })).toEqual(town);
    const other = generateCounty({ scale: 'town', seed: 2 });
    expect(other.staff[0]!.name === town.staff[0]!.name && other.regions[1]!.name === town.regions[1]!.name).toBe(
      false,
    );
  });

  it('builds the county of [004]: 6 streets, 35 communities, 358 grids', () => {
    const levelCount = (level: string) => county.regions.filter((region) => region.level === level).length;
    expect(levelCount('county')).toBe(1);
    expect(levelCount('town')).toBe(6);
    expect(levelCount('village')).toBe(35);
    expect(levelCount('grid')).toBe(358);
    expect(county.territory.towns.every((town) => town.region.kind === '街道')).toBe(true);
  });

  it('builds the town of [001]: about 60 grids under 30 branches, three or four villages a town', () => {
    expect(grids(town)).toHaveLength(60);
    for (const townNode of town.territory.towns) {
      expect(townNode.villages.length).toBeGreaterThanOrEqual(3);
      expect(townNode.villages.length).toBeLessThanOrEqual(4);
    }
    const branchCount = town.partyOrgs.filter((org) => org.kind === 'grid_branch').length;
    expect(branchCount).toBeGreaterThan(20);
    expect(branchCount).toBeLessThan(45);
  });
});

describe('the demo cases', () => {
  const now = new Date('2026-12-06T04:00:00Z');
  const demoCases = generateCaseList(town, { count: 600, days: 90, now, withEvents: true });
  const eventsOf = new Map<string, (typeof demoCases.events)[number][]>();
  for (const event of demoCases.events) eventsOf.set(event.caseId, [...(eventsOf.get(event.caseId) ?? []), event]);
  const isOpen = (row: (typeof demoCases.cases)[number]) => openStatuses.includes(row.status!);

  it('gives the same cases and timelines for the same county and moment', () => {
    expect(generateCaseList(town, { count: 600, days: 90, now, withEvents: true })).toEqual(demoCases);
  });

  it('has cases open past their deadline now, at the county, marked and escalated there by the deadline rule', () => {
    const overdue = demoCases.cases.filter((row) => isOpen(row) && row.deadline! < now);
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    for (const row of overdue) {
      expect(row.level).toBe('county');
      expect(row.overdueAt).toEqual(row.deadline);
      // Each level below the county gave it up at its deadline, by the sweep; the county marked it overdue.
      const events = eventsOf.get(row.id!)!;
      for (const [index, event] of events.entries()) {
        if (event.action !== 'overdue' || event.toLevel === 'county') continue;
        expect(events[index + 1]).toMatchObject({ action: 'escalate', at: event.at, details: { isAutomatic: true } });
      }
      expect(events.findLast((event) => event.action === 'overdue')).toMatchObject({
        toLevel: 'county',
        at: row.deadline,
      });
    }
  });

  it('closes some cases late, at several levels, and the rest on time', () => {
    const closed = demoCases.cases.filter((row) => row.status === 'closed');
    const late = closed.filter((row) => row.isClosedOnTime === false);
    expect(late.length / closed.length).toBeGreaterThan(0.03);
    expect(late.length / closed.length).toBeLessThan(0.25);
    expect(new Set(late.map((row) => row.closedLevel)).size).toBeGreaterThanOrEqual(2);
    for (const row of late) expect(row.closedAt!.getTime()).toBeGreaterThan(row.deadline!.getTime());
  });

  it('has unhappy residents: ratings of 1 and 2 among the satisfied ones', () => {
    const ratings = demoCases.cases.flatMap((row) => (row.rating == null ? [] : [row.rating]));
    expect(ratings.filter((rating) => rating < 3).length).toBeGreaterThanOrEqual(10);
    expect(ratings.filter((rating) => rating >= 4).length / ratings.length).toBeGreaterThan(0.6);
  });

  it('reopens some cases and urges some late ones with an earlier deadline', () => {
    const reopened = demoCases.events.filter((event) => event.action === 'reopen');
    expect(reopened.length).toBeGreaterThanOrEqual(5);
    const urgings = demoCases.events.filter((event) => event.action === 'urge');
    expect(urgings.length).toBeGreaterThanOrEqual(5);
    for (const urging of urgings) {
      const { deadline, previousDeadline } = urging.details as { deadline: string; previousDeadline: string };
      expect(deadline < previousDeadline).toBe(true);
      expect(Date.parse(deadline)).toBeGreaterThan(urging.at!.getTime());
    }
    const urged = demoCases.cases.filter((row) => (row.urgedCount ?? 0) > 0);
    expect(urged.length).toBe(new Set(urgings.map((urging) => urging.caseId)).size);
  });

  it('leads every case along the transition table, in time order, to the status it holds', () => {
    const marks = new Set(['report', 'warn', 'overdue']);
    let verifications = 0;
    for (const row of demoCases.cases) {
      const events = eventsOf.get(row.id!)!;
      expect(events.at(-1)!.toStatus).toBe(row.status);
      // A simple matter is closed at its report, by the intake itself.
      if (row.tier === 'simple') continue;
      let assigneeId: unknown = null;
      for (const [index, event] of events.entries()) {
        if (index > 0) expect(event.at!.getTime()).toBeGreaterThanOrEqual(events[index - 1]!.at!.getTime());
        if (marks.has(event.action)) continue;
        const action = event.action as CaseAction;
        expect(caseTransitions[action].from, `${row.number} ${action}`).toContain(event.fromStatus);
        expect(event.toStatus).toBe(nextStatus(action, event.fromStatus!));
        if (action === 'dispatch') assigneeId = (event.details as { assigneeId: unknown }).assigneeId;
        if (action === 'escalate') assigneeId = null;
        // Whoever handled the work does not verify it.
        if (action === 'verify' && event.actorId !== null) {
          verifications += 1;
          expect(event.actorId, row.number!).not.toBe(assigneeId);
        }
      }
    }
    expect(verifications).toBeGreaterThan(0);
  });
});

describe('IdFactory', () => {
  it('writes ids exactly as the uuidv7 library does, so seeded ids stay what they were', () => {
    const ids = new IdFactory(new Random(5));
    const draws = new Random(5);
    for (let sequence = 0; sequence < 10_000; sequence++) {
      const expected = UUID.fromFieldsV7(
        Date.UTC(2025, 0, 1) + Math.floor(sequence / 4096),
        sequence % 4096,
        draws.integer(0, 2 ** 30 - 1),
        draws.integer(0, 2 ** 32 - 1),
      ).toString();
      if (ids.next() !== expected) throw new Error(`Id ${sequence} differs from ${expected}.`);
    }
  });
});

describe('WeightedTable', () => {
  it('picks every item about as often as its weight says', () => {
    const table = new WeightedTable([
      ['rare', 1],
      ['common', 3],
      ['never', 0],
    ]);
    const random = new Random(3);
    const picks = Array.from({ length: 40_000 }, () => table.pick(random));
    expect(picks.filter((item) => item === 'common').length / picks.length).toBeCloseTo(0.75, 1);
    expect(picks).not.toContain('never');
  });
});
