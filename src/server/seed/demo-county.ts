import { UUID } from 'uuidv7';
import { boundingBoxOf } from '../../shared/geojson.js';
import { regionCodeWidth, type RegionLevel, type Role } from '../../shared/policy.js';
import type { PartyOrgKind, StaffKind } from '../../shared/staff.js';
import type { accounts, gridStaff, partyOrgRegions, partyOrgs, regions } from '../db/schema/index.js';
import { roundedRectangle, shrinkRing, splitRing, toPolygon, weldRings, type Ring } from './geometry.js';
import {
  cadreTasks,
  communityStems,
  dispatchingDepartments,
  leaderDuties,
  memberTasks,
  People,
  streetNames,
  townNames,
  villageStems,
  volunteerTasks,
} from './names.js';
import { Random } from './random.js';

/**
 * The demo county: a made-up county with its territory, the people of every grid, the party organisation laid
 * over it and the demo accounts. Pure and deterministic: the same scale and seed give the same rows, ids included.
 * Each entity has its own function taking the generated territory, so new entities (households, persons) slot in.
 */

export type DemoScale = 'town' | 'county';

export type RegionRow = typeof regions.$inferInsert;
export type StaffRow = typeof gridStaff.$inferInsert;
export type PartyOrgRow = typeof partyOrgs.$inferInsert;
export type PartyOrgRegionRow = typeof partyOrgRegions.$inferInsert;
/** The password hash is added when seeding: hashing is slow and the password is not the generator's business. */
export type DemoAccountRow = Omit<typeof accounts.$inferInsert, 'passwordHash'>;

export type GridNode = { region: RegionRow; microGrids: RegionRow[] };
export type VillageNode = { region: RegionRow; grids: GridNode[] };
export type TownNode = { region: RegionRow; villages: VillageNode[] };
export type Territory = { county: RegionRow; towns: TownNode[] };

export type DemoCounty = {
  scale: DemoScale;
  seed: number;
  territory: Territory;
  /** Every region of the territory, parents before children. */
  regions: RegionRow[];
  staff: StaffRow[];
  partyOrgs: PartyOrgRow[];
  partyOrgRegions: PartyOrgRegionRow[];
  demoAccounts: DemoAccountRow[];
};

type TownKind = '镇' | '街道';

type Profile = {
  townKinds: TownKind[];
  villageCount: number;
  gridCount: number;
  /** [minLng, minLat, maxLng, maxLat] of the county. */
  extent: [number, number, number, number];
};

const profiles: Record<DemoScale, Profile> = {
  // Like 赤溪镇 [001]: 60 grids. One street and one town, so both communities and villages appear.
  town: { townKinds: ['街道', '镇'], villageCount: 7, gridCount: 60, extent: [120.1, 29.98, 120.3, 30.12] },
  // Like 宝塔区 [004]: 6 streets, 35 communities, 358 grids.
  county: { townKinds: Array(6).fill('街道'), villageCount: 35, gridCount: 358, extent: [120.0, 29.9, 120.4, 30.2] },
};

/** Province 33 with prefecture 99, which GB/T 2260 does not use: well-formed, and no real county. */
const county = { code: '339901', name: '网格通示范县', kind: '县' };
/** The demo county's name, as the start-up log and the README give it. */
export const demoCountyName = county.name;

/** The timestamp inside the demo ids: fixed, so the ids (and links to demo regions) survive a reset. */
const demoEpoch = Date.UTC(2025, 0, 1);

export function generateCounty(options: { scale?: DemoScale; seed?: number } = {}): DemoCounty {
  const scale = options.scale ?? 'town';
  const seed = options.seed ?? 1;
  const random = new Random(seed);
  const ids = new IdFactory(random.fork('ids'));
  const territory = generateTerritory(profiles[scale], ids, random.fork('territory'));
  const staff = generateStaff(territory, ids, random.fork('staff'));
  const demoAccounts = generateDemoAccounts(territory, staff, ids, random.fork('accounts'));
  const party = generatePartyOrgs(territory, staff, ids, random.fork('party'));
  return { scale, seed, territory, regions: listRegions(territory), staff, ...party, demoAccounts };
}

/**
 * UUIDv7 ids in generation order: the sequence fills the time and counter fields, the seeded stream the rest.
 * Another entity family with its own factory passes its own epoch, so the two never share time and counter.
 */
export class IdFactory {
  private sequence = 0;

  constructor(
    private readonly random: Random,
    private readonly epoch: number = demoEpoch,
  ) {}

  next(): string {
    const sequence = this.sequence++;
    const counter = sequence % 4096;
    const milliseconds = this.epoch + Math.floor(sequence / 4096);
    const uuid = UUID.fromFieldsV7(
      milliseconds,
      counter,
      this.random.integer(0, 2 ** 30 - 1),
      this.random.integer(0, 2 ** 32 - 1),
    );
    return formatUuid(uuid.bytes);
  }
}

const hexDigitCodes = Buffer.from('0123456789abcdef', 'latin1');
const uuidText = Buffer.alloc(36);

/**
 * The 8-4-4-4-12 text of a UUID as one flat string. The library appends character by character, which leaves a
 * chain of some 25 string fragments behind every id: hundreds of megabytes for the population's 600,000 ids.
 */
function formatUuid(bytes: Uint8Array): string {
  let position = 0;
  bytes.forEach((byte, index) => {
    if (index === 4 || index === 6 || index === 8 || index === 10) uuidText[position++] = 0x2d;
    uuidText[position++] = hexDigitCodes[byte >> 4]!;
    uuidText[position++] = hexDigitCodes[byte & 0x0f]!;
  });
  return uuidText.toString('latin1');
}

export function listRegions(territory: Territory): RegionRow[] {
  return [
    territory.county,
    ...territory.towns.flatMap((town) => [
      town.region,
      ...town.villages.flatMap((village) => [
        village.region,
        ...village.grids.flatMap((grid) => [grid.region, ...grid.microGrids]),
      ]),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Territory

/** A region before it gets an id and a code: what it is called, its relative size and, once laid out, its ring. */
type PlannedRegion = {
  level: RegionLevel;
  name: string;
  kind: string;
  weight: number;
  ring: Ring;
  children: PlannedRegion[];
};

function planned(
  level: RegionLevel,
  name: string,
  kind: string,
  weight: number,
  children: PlannedRegion[] = [],
): PlannedRegion {
  return { level, name, kind, weight, ring: [], children };
}

function generateTerritory(profile: Profile, ids: IdFactory, random: Random): Territory {
  const countyPlan = planCounty(profile, random);
  countyPlan.ring = roundedRectangle(profile.extent, random);
  layOut(countyPlan, random);
  weld(countyPlan);
  return toTerritory(countyPlan, ids);
}

/** Names, kinds and sizes of every region, top-down. */
function planCounty(profile: Profile, random: Random): PlannedRegion {
  const villagesPerTown = distribute(profile.villageCount, profile.townKinds.length, 0.1, random);
  const gridsPerVillage = distribute(profile.gridCount, profile.villageCount, 0.3, random);
  const nextStreetName = drawer(random.shuffle(streetNames));
  const nextTownName = drawer(random.shuffle(townNames));
  const nextCommunityName = drawer(random.shuffle(communityStems).map((stem) => `${stem}社区`));
  const nextVillageName = drawer(random.shuffle(villageStems).map((stem) => `${stem}村`));

  const planGrid = (villageName: string, townKind: TownKind, sequence: number) => {
    const name = `${villageName}第${sequence}网格`;
    const microGrids = sequence === 1 ? planMicroGrids(name, villageName, townKind, random) : [];
    // Rural grids cover more ground than urban ones for the same number of households.
    const weight = (townKind === '镇' ? 3 : 1) * random.between(0.75, 1.25);
    return planned('grid', name, '网格', weight, microGrids);
  };
  const planVillage = (townKind: TownKind) => {
    const isCommunity = townKind === '街道';
    const name = isCommunity ? nextCommunityName() : nextVillageName();
    const grids = Array.from({ length: gridsPerVillage.shift()! }, (_, index) => planGrid(name, townKind, index + 1));
    return planned('village', name, isCommunity ? '社区' : '村', totalWeight(grids), grids);
  };
  const towns = profile.townKinds.map((kind, index) => {
    const villages = Array.from({ length: villagesPerTown[index]! }, () => planVillage(kind));
    const name = kind === '街道' ? nextStreetName() : nextTownName();
    return planned('town', name, kind, totalWeight(villages), villages);
  });
  return planned('county', county.name, county.kind, totalWeight(towns), towns);
}

/** A few micro-grids in a village's first grid: buildings (楼栋) in a community, shares of the grid in a village. */
function planMicroGrids(gridName: string, villageName: string, townKind: TownKind, random: Random): PlannedRegion[] {
  const isBuilding = townKind === '街道';
  return Array.from({ length: random.integer(2, 3) }, (_, index) =>
    planned(
      'micro_grid',
      isBuilding ? `${villageName}${index + 1}号楼` : `${gridName}第${index + 1}微网格`,
      isBuilding ? '楼栋' : '微网格',
      random.between(0.75, 1.25),
    ),
  );
}

function totalWeight(regions: readonly PlannedRegion[]): number {
  return regions.reduce((sum, region) => sum + region.weight, 0);
}

/**
 * Splits `total` into `parts` whole numbers within `spread` of the mean (0.3: ±30 %), summing exactly to `total`.
 */
function distribute(total: number, parts: number, spread: number, random: Random): number[] {
  const mean = total / parts;
  const minimum = Math.max(1, Math.floor(mean * (1 - spread)));
  const maximum = Math.ceil(mean * (1 + spread));
  const counts = Array<number>(parts).fill(minimum);
  for (let remaining = total - minimum * parts; remaining > 0; remaining--) {
    const open = counts.flatMap((count, index) => (count < maximum ? [index] : []));
    counts[random.pick(open)]!++;
  }
  return counts;
}

/** Hands out names from a list in order; running out means the list is too short for the profile. */
function drawer(names: readonly string[]): () => string {
  let index = 0;
  return () => {
    const name = names[index++];
    if (name === undefined) throw new Error('The demo name list is too short for this scale.');
    return name;
  };
}

/** Cuts each region's ring among its children, in proportion to their weights. */
function layOut(region: PlannedRegion, random: Random): void {
  const weights = region.children.map((child) => child.weight);
  const pieces = splitRing(region.ring, weights, random);
  region.children.forEach((child, index) => {
    // A building is a footprint inside its grid; every other child is a share of its parent.
    child.ring = child.kind === '楼栋' ? shrinkRing(pieces[index]!, 0.3) : pieces[index]!;
    layOut(child, random);
  });
}

function weld(countyPlan: PlannedRegion): void {
  const all: PlannedRegion[] = [];
  const collect = (region: PlannedRegion) => {
    all.push(region);
    region.children.forEach(collect);
  };
  collect(countyPlan);
  const rings = weldRings(all.map((region) => region.ring));
  all.forEach((region, index) => (region.ring = rings[index]!));
}

function toTerritory(countyPlan: PlannedRegion, ids: IdFactory): Territory {
  const countyRow = toRegionRow(countyPlan, undefined, 0, ids);
  const towns = countyPlan.children.map((townPlan, townIndex): TownNode => {
    const town = toRegionRow(townPlan, countyRow, townIndex + 1, ids);
    const villages = townPlan.children.map((villagePlan, villageIndex): VillageNode => {
      const village = toRegionRow(villagePlan, town, villageIndex + 1, ids);
      const grids = villagePlan.children.map((gridPlan, gridIndex): GridNode => {
        const grid = toRegionRow(gridPlan, village, gridIndex + 1, ids);
        const microGrids = gridPlan.children.map((microPlan, microIndex) =>
          toRegionRow(microPlan, grid, microIndex + 1, ids),
        );
        return { region: grid, microGrids };
      });
      return { region: village, grids };
    });
    return { region: town, villages };
  });
  return { county: countyRow, towns };
}

/** `sequence` is the place among siblings: it is both the sort order and the region's digits in the code. */
function toRegionRow(plan: PlannedRegion, parent: RegionRow | undefined, sequence: number, ids: IdFactory): RegionRow {
  const id = ids.next();
  const boundary = toPolygon(plan.ring);
  const [minLng, minLat, maxLng, maxLat] = boundingBoxOf(boundary);
  return {
    id,
    countyId: parent?.countyId ?? id,
    parentId: parent?.id ?? null,
    level: plan.level,
    code: parent ? parent.code + String(sequence).padStart(regionCodeWidth[plan.level], '0') : county.code,
    name: plan.name,
    kind: plan.kind,
    boundary,
    minLng,
    minLat,
    maxLng,
    maxLat,
    sortOrder: sequence,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// People in the grids (定人、定格、定职责)

function generateStaff(territory: Territory, ids: IdFactory, random: Random): StaffRow[] {
  const people = new People(random);
  const units = dispatchingDepartments.map((department) => `${territory.county.kind}${department}`);
  const person = (kind: StaffKind, region: RegionRow, details: Partial<StaffRow>): StaffRow => ({
    countyId: region.countyId,
    id: ids.next(),
    regionId: region.id,
    kind,
    name: people.name(),
    phone: people.phone(),
    isPartyMember: false,
    ...details,
  });
  const several = (minimum: number, maximum: number, make: () => StaffRow) =>
    Array.from({ length: random.integer(minimum, maximum) }, make);

  const staffOfGrid = ({ region: grid, microGrids }: GridNode): StaffRow[] => [
    // Grid leaders are usually village "two committees" cadres [001], so nearly all are party members.
    person('grid_leader', grid, { duties: random.pick(leaderDuties), isPartyMember: random.chance(0.9) }),
    ...several(1, 3, () =>
      person('grid_member', grid, {
        employment: random.chance(0.6) ? 'full_time' : 'part_time',
        duties: random.sample(memberTasks, random.integer(2, 4)).join('、'),
        isPartyMember: random.chance(0.45),
      }),
    ),
    ...several(1, 2, () =>
      person('sunk_cadre', grid, {
        dispatchingUnit: random.pick(units),
        duties: ['每周三固定服务日', ...random.sample(cadreTasks, 1)].join('、'),
        isPartyMember: random.chance(0.85),
      }),
    ),
    ...several(2, 4, () =>
      person('volunteer', grid, {
        duties: random.sample(volunteerTasks, random.integer(1, 2)).join('、'),
        isPartyMember: random.chance(0.3),
      }),
    ),
    ...several(1, 3, () =>
      person('central_household', grid, {
        duties: `联系周边${random.integer(8, 15)}户群众、收集社情民意`,
        isPartyMember: true,
      }),
    ),
    ...microGrids.map((microGrid) =>
      person('building_leader', microGrid, {
        duties: `${microGrid.kind}信息收集、邻里互助`,
        isPartyMember: random.chance(0.4),
      }),
    ),
  ];

  return territory.towns.flatMap((town) => town.villages.flatMap((village) => village.grids.flatMap(staffOfGrid)));
}

// ---------------------------------------------------------------------------------------------------------------
// Demo accounts

/**
 * One account per role. `member` works in G1, the first grid of the first village of the first town; `leader`,
 * `cadre`, `village` and `town` sit above or beside G1; `member2` works in another village of the same town, so
 * scope rules can be shown to separate two grid members. Grid accounts are linked to their people in the grid.
 * `unit` speaks for a dispatching unit (派出单位) and sees its cadres only.
 */
function generateDemoAccounts(
  territory: Territory,
  staff: StaffRow[],
  ids: IdFactory,
  random: Random,
): DemoAccountRow[] {
  const people = new People(random);
  const town = territory.towns[0]!;
  const [village, otherVillage] = town.villages;
  if (!village || !otherVillage) throw new Error('The demo needs two villages in its first town.');
  const memberGrid = village.grids[0]!;
  const otherGrid = otherVillage.grids[0]!;
  const staffOf = (grid: GridNode, kind: StaffKind) =>
    staff.find((row) => row.regionId === grid.region.id && row.kind === kind);

  const account = (username: string, role: Role, region: RegionRow | undefined, person?: StaffRow): DemoAccountRow => {
    const id = ids.next();
    if (person) person.accountId = id;
    return {
      id,
      username,
      displayName: person?.name ?? people.name(),
      role,
      regionId: region?.id ?? null,
      isDemo: true,
    };
  };

  return [
    account('admin', 'admin', undefined),
    account('county', 'county', territory.county),
    account('town', 'town', town.region),
    account('village', 'village', village.region),
    account('leader', 'grid_leader', memberGrid.region, staffOf(memberGrid, 'grid_leader')),
    account('member', 'grid_member', memberGrid.region, staffOf(memberGrid, 'grid_member')),
    account('member2', 'grid_member', otherGrid.region, staffOf(otherGrid, 'grid_member')),
    account('cadre', 'cadre', memberGrid.region, staffOf(memberGrid, 'sunk_cadre')),
    // A dispatching unit's contact, anchored at the county; seedDemo names the unit once the units exist.
    account('unit', 'unit', territory.county),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Party organisation (支部建在网格上)

/**
 * Town committee → village committee → grid branch → party group → party-member central household [001][002].
 * A branch covers one to three neighbouring grids (60 grids, 30 branches in [001]). Member counts roll up from the
 * bottom, and a village organisation is a 党委 from 100 members, else a 党总支, as the party's rules set it.
 */
function generatePartyOrgs(territory: Territory, staff: readonly StaffRow[], ids: IdFactory, random: Random) {
  const people = new People(random);
  const orgs: PartyOrgRow[] = [];
  const coverage: PartyOrgRegionRow[] = [];
  const staffByGrid = new Map<string, StaffRow[]>();
  for (const row of staff) {
    const inGrid = staffByGrid.get(row.regionId) ?? [];
    inGrid.push(row);
    staffByGrid.set(row.regionId, inGrid);
  }

  const addOrg = (
    kind: PartyOrgKind,
    name: string,
    parent: PartyOrgRow | undefined,
    anchor: RegionRow,
    covered: readonly RegionRow[],
    secretary: string,
  ): PartyOrgRow => {
    const org: PartyOrgRow = {
      countyId: anchor.countyId,
      id: ids.next(),
      parentId: parent?.id ?? null,
      kind,
      name,
      secretary,
      memberCount: 0,
      regionId: anchor.id,
    };
    orgs.push(org);
    coverage.push(...covered.map((region) => ({ countyId: anchor.countyId, partyOrgId: org.id, regionId: region.id })));
    return org;
  };
  const sumOfMembers = (children: readonly PartyOrgRow[]) =>
    children.reduce((sum, child) => sum + (child.memberCount ?? 0), 0);

  const addGroups = (branch: PartyOrgRow, grid: RegionRow): PartyOrgRow[] => {
    const groups = Array.from({ length: random.integer(1, 2) }, (_, index) =>
      addOrg('party_group', `${grid.name}第${index + 1}党小组`, branch, grid, [grid], people.name()),
    );
    const householdsOfGroup = groups.map((): PartyOrgRow[] => []);
    const households = (staffByGrid.get(grid.id) ?? []).filter((row) => row.kind === 'central_household');
    households.forEach((household, index) => {
      const groupIndex = index % groups.length;
      const name = `${household.name}党员中心户`;
      const org = addOrg('central_household', name, groups[groupIndex], grid, [grid], household.name);
      org.memberCount = random.integer(1, 3);
      householdsOfGroup[groupIndex]!.push(org);
    });
    groups.forEach((group, index) => {
      group.memberCount = sumOfMembers(householdsOfGroup[index]!) + random.integer(3, 8);
    });
    return groups;
  };

  const addBranch = (village: VillageNode, villageOrg: PartyOrgRow, grids: readonly GridNode[]): PartyOrgRow => {
    const gridNumbers = grids.map((grid) => grid.region.sortOrder).join('、');
    const name =
      grids.length === 1 ? `${grids[0]!.region.name}党支部` : `${village.region.name}第${gridNumbers}网格联合党支部`;
    // A one-grid branch is usually led by the grid's leader when the leader is a party member.
    const leader = staffByGrid.get(grids[0]!.region.id)?.find((row) => row.kind === 'grid_leader');
    const secretary = grids.length === 1 && leader?.isPartyMember ? leader.name : people.name();
    const covered = grids.map((grid) => grid.region);
    const branch = addOrg('grid_branch', name, villageOrg, village.region, covered, secretary);
    branch.memberCount = sumOfMembers(grids.flatMap((grid) => addGroups(branch, grid.region)));
    return branch;
  };

  const addVillageCommittee = (village: VillageNode, townOrg: PartyOrgRow): PartyOrgRow => {
    const villageOrg = addOrg('village_committee', '', townOrg, village.region, [village.region], people.name());
    const branches = groupNeighbours(village.grids, random).map((grids) => addBranch(village, villageOrg, grids));
    // Members outside the grid branches: retired cadres, members in the service centre.
    villageOrg.memberCount = sumOfMembers(branches) + random.integer(3, 12);
    villageOrg.name = `${village.region.name}${villageOrg.memberCount >= 100 ? '党委' : '党总支'}`;
    return villageOrg;
  };

  for (const town of territory.towns) {
    const committeeName = `${town.region.name}${town.region.kind === '街道' ? '党工委' : '党委'}`;
    const townOrg = addOrg('town_committee', committeeName, undefined, town.region, [town.region], people.name());
    const villageOrgs = town.villages.map((village) => addVillageCommittee(village, townOrg));
    // Members in the town's own offices.
    townOrg.memberCount = sumOfMembers(villageOrgs) + random.integer(20, 60);
  }
  return { partyOrgs: orgs, partyOrgRegions: coverage };
}

/** Runs of one to three neighbouring grids, two on average. */
function groupNeighbours(grids: readonly GridNode[], random: Random): GridNode[][] {
  const runs: GridNode[][] = [];
  for (let start = 0; start < grids.length; start += runs.at(-1)!.length) {
    runs.push(grids.slice(start, start + random.pick([1, 2, 2, 3])));
  }
  return runs;
}
