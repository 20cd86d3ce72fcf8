import { computeIdNumberCheckCharacter } from '../../shared/id-number.js';
import { toNamePinyin } from '../../shared/person-name.js';
import type { ResidenceType, Sex } from '../../shared/registry.js';
import type { householdTags, households, personTags, persons } from '../db/schema/index.js';
import { IdFactory, type DemoCounty, type DemoScale, type RegionRow, type Territory } from './demo-county.js';
import {
  ageOf,
  HouseholdPlanner,
  largestHouseholdSize,
  type HouseholdPlan,
  type MemberPlan,
} from './household-plans.js';
import { People, ResidentNames } from './names.js';
import { generatePlaces, type GridContext, type PlaceRow } from './places.js';
import { Random, WeightedTable } from './random.js';

/**
 * The registered population of the demo county: households and their members, special-group tags, and the places
 * of every grid. It draws from its own random streams and ids, so the territory, staff and party organisations of a
 * seed stay exactly as they were without it.
 */

export type HouseholdRow = typeof households.$inferInsert;
export type PersonRow = typeof persons.$inferInsert;
export type PersonTagRow = typeof personTags.$inferInsert;
export type HouseholdTagRow = typeof householdTags.$inferInsert;
export type { PlaceRow };

export type Population = {
  /** Grid by grid; every household has its head set. */
  households: HouseholdRow[];
  /** Household by household, the head first. */
  persons: PersonRow[];
  personTags: PersonTagRow[];
  householdTags: HouseholdTagRow[];
  places: PlaceRow[];
};

/** Tags that describe one person, and tags that describe a whole household (codes of migration 0003). */
export const personTagCodes = [
  'disabled',
  'seriously_ill',
  'elderly_alone',
  'left_behind_child',
  'veteran',
  'special_student',
  'mobile_fisherman',
] as const;
export const householdTagCodes = [
  'minimum_allowance',
  'extreme_poverty',
  'lost_only_child',
  'single_parent',
  'overseas_chinese_family',
] as const;
export type PersonTagCode = (typeof personTagCodes)[number];
export type HouseholdTagCode = (typeof householdTagCodes)[number];

/** Town: about 80 households a grid, as in [001]. County: the registry totals of [004]. */
export const populationTotals: Record<DemoScale, { households: number; persons: number }> = {
  town: { households: 4_800, persons: 13_100 },
  county: { households: 160_800, persons: 438_800 },
};

/**
 * Ages are counted on this day and nobody is born after it. A fixed day, not today, keeps the output the same
 * whenever it is generated (and ID numbers never carry a future birth date).
 */
export const populationReferenceDate = '2025-01-01';
/** Population ids start a day after the territory's, so the two id sequences never share time and counter. */
const populationEpoch = Date.UTC(2025, 0, 2);

/** Shares of household sizes; their mean, 2.725, is close to [004]'s 438,800 ÷ 160,800 ≈ 2.73. */
const householdSizes = new WeightedTable([
  [1, 0.22],
  [2, 0.285],
  [3, 0.22],
  [4, 0.15],
  [5, 0.075],
  [6, 0.05],
]);

/** How a household's names are formed. */
type Naming = 'han' | 'uyghur' | 'mongolian';

/** The ethnic make-up of households; 畲族 is the largest minority of Zhejiang (province 33). */
const ethnicGroups = new WeightedTable<{ ethnicity: string; naming: Naming }>([
  [{ ethnicity: '汉族', naming: 'han' }, 0.975],
  [{ ethnicity: '畲族', naming: 'han' }, 0.006],
  [{ ethnicity: '回族', naming: 'han' }, 0.004],
  [{ ethnicity: '土家族', naming: 'han' }, 0.003],
  [{ ethnicity: '苗族', naming: 'han' }, 0.003],
  [{ ethnicity: '满族', naming: 'han' }, 0.002],
  [{ ethnicity: '维吾尔族', naming: 'uyghur' }, 0.005],
  [{ ethnicity: '蒙古族', naming: 'mongolian' }, 0.002],
]);

const residenceTypes: Record<'community' | 'village', WeightedTable<ResidenceType>> = {
  // Renters and migrant workers live mostly in town.
  community: new WeightedTable([
    ['registered', 0.74],
    ['resident', 0.15],
    ['floating', 0.11],
  ]),
  village: new WeightedTable([
    ['registered', 0.88],
    ['resident', 0.08],
    ['floating', 0.04],
  ]),
};

const personNotes = ['长期在外务工', '常年在外经商', '已迁出，待核实', '外出就医', '租住', '户籍在此，人不在此'];
const householdNotes = ['户主长期在外', '房屋出租', '人户分离', '新迁入'];

export function generatePopulation(demo: DemoCounty): Population {
  const random = new Random(demo.seed).fork('population');
  const ids = new IdFactory(random.fork('ids'), populationEpoch);
  const totals = populationTotals[demo.scale];
  const grids = listGrids(demo.territory);

  const gridRandom = random.fork('grids');
  // Uneven grids: some twice the size of others, as real grids are.
  const householdsPerGrid = apportion(
    totals.households,
    grids.map(() => gridRandom.between(0.6, 1.4)),
  );
  const sizes = drawHouseholdSizes(totals.households, totals.persons, random.fork('sizes'));

  const builder = new PopulationBuilder(demo.territory.county, ids, random);
  const addressBooks = new Map<string, AddressBook>();
  let householdIndex = 0;
  grids.forEach((context, gridIndex) => {
    let book = addressBooks.get(context.village.id);
    if (!book) {
      book = new AddressBook(context.village, context.isCommunity, random.fork(`addresses ${context.village.code}`));
      addressBooks.set(context.village.id, book);
    }
    for (const address of book.take(householdsPerGrid[gridIndex]!)) {
      builder.addHousehold(context, address, sizes[householdIndex++]!);
    }
  });

  const places = generatePlaces(grids, ids, random.fork('places'));
  return { ...builder.result(), places };
}

function listGrids(territory: Territory): GridContext[] {
  return territory.towns.flatMap((town) =>
    town.villages.flatMap((village) =>
      village.grids.map((grid) => ({
        grid: grid.region,
        village: village.region,
        isCommunity: village.region.kind === '社区',
      })),
    ),
  );
}

/** Splits `total` in proportion to `weights` into whole numbers that sum exactly to it (largest remainders). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const exact = weights.map((weight) => (total * weight) / weightSum);
  const counts = exact.map(Math.floor);
  let remaining = total - counts.reduce((sum, count) => sum + count, 0);
  const byRemainder = exact.map((value, index) => ({ index, remainder: value - counts[index]! }));
  byRemainder.sort((first, second) => second.remainder - first.remainder || first.index - second.index);
  for (const { index } of byRemainder) {
    if (remaining-- <= 0) break;
    counts[index]!++;
  }
  return counts;
}

/** Household sizes from the shares above, then nudged one person at a time until they sum to `persons`. */
function drawHouseholdSizes(households: number, persons: number, random: Random): number[] {
  const largest = largestHouseholdSize;
  if (persons < households || persons > households * largest) {
    throw new Error(`${persons} persons cannot live in ${households} households of 1 to ${largest}.`);
  }
  const sizes = Array.from({ length: households }, () => householdSizes.pick(random));
  let difference = persons - sizes.reduce((sum, size) => sum + size, 0);
  while (difference !== 0) {
    const index = random.integer(0, households - 1);
    const size = sizes[index]!;
    if (difference > 0 && size < largest) {
      sizes[index] = size + 1;
      difference--;
    } else if (difference < 0 && size > 1) {
      sizes[index] = size - 1;
      difference++;
    }
  }
  return sizes;
}

// ---------------------------------------------------------------------------------------------------------------
// Addresses

type Address = { address: string; building: string | null; unit: string | null; room: string | null };

/**
 * Hands out the addresses of one community or village, grid after grid, so no address repeats: flats in numbered
 * buildings (北苑社区3号楼2单元501室), or house numbers in the village's groups (柳塘村12组35号).
 */
class AddressBook {
  private nextBuilding = 1;
  private nextGroup = 1;

  constructor(
    private readonly village: RegionRow,
    private readonly isCommunity: boolean,
    private readonly random: Random,
  ) {}

  take(count: number): Address[] {
    const addresses: Address[] = [];
    while (addresses.length < count) {
      if (this.isCommunity) this.addBuilding(addresses, count);
      else this.addGroup(addresses, count);
    }
    return addresses;
  }

  private addBuilding(addresses: Address[], count: number): void {
    const random = this.random;
    const building = String(this.nextBuilding++);
    // Six- and seven-storey walk-ups from before 2000, high-rises since.
    const floors = random.pick([6, 6, 7, 11, 18, 26]);
    const units = random.integer(1, floors > 7 ? 2 : 4);
    const flatsPerFloor = floors > 7 ? random.pick([2, 3, 4]) : 2;
    for (let unit = 1; unit <= units; unit++) {
      for (let floor = 1; floor <= floors; floor++) {
        for (let flat = 1; flat <= flatsPerFloor; flat++) {
          if (addresses.length === count) return;
          // Empty, sold but unoccupied, or a household registered elsewhere.
          if (random.chance(0.12)) continue;
          const room = `${floor}${String(flat).padStart(2, '0')}`;
          addresses.push({
            address: `${this.village.name}${building}号楼${unit}单元${room}室`,
            building,
            unit: String(unit),
            room,
          });
        }
      }
    }
  }

  private addGroup(addresses: Address[], count: number): void {
    const group = this.nextGroup++;
    let houseNumber = 0;
    for (let house = this.random.integer(25, 70); house > 0 && addresses.length < count; house--) {
      // Numbers of pulled-down or empty houses are skipped.
      houseNumber += this.random.chance(0.1) ? 2 : 1;
      addresses.push({
        address: `${this.village.name}${group}组${houseNumber}号`,
        building: null,
        unit: null,
        room: null,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Households and their members

/**
 * Turns household plans into rows: names, ID numbers, phones, tags. Each concern draws from its own stream, so
 * tuning one (say, a tag rate) leaves the draws of the others alone.
 */
class PopulationBuilder {
  private readonly households: HouseholdRow[] = [];
  private readonly persons: PersonRow[] = [];
  private readonly personTags: PersonTagRow[] = [];
  private readonly householdTags: HouseholdTagRow[] = [];
  /** Birth day and sequence of every number issued, as one small integer each: see `issueIdNumber`. */
  private readonly issuedIdNumbers = new Set<number>();
  private readonly pinyinOfName = new Map<string, { full: string; initials: string }>();
  private readonly planner: HouseholdPlanner;
  private readonly personRandom: Random;
  private readonly tagRandom: Random;
  private readonly idNumberRandom: Random;
  private readonly names: ResidentNames;
  private readonly phones: People;
  private readonly countyId: string;
  private readonly divisionCode: string;

  constructor(
    county: RegionRow,
    private readonly ids: IdFactory,
    random: Random,
  ) {
    this.countyId = county.countyId!;
    // ID numbers are issued by the county's public security bureau: they carry the county's own division code.
    this.divisionCode = county.code;
    this.planner = new HouseholdPlanner(random.fork('households'));
    this.personRandom = random.fork('persons');
    this.tagRandom = random.fork('tags');
    this.idNumberRandom = random.fork('id numbers');
    this.names = new ResidentNames(random.fork('names'));
    this.phones = new People(random.fork('phones'));
  }

  result(): Omit<Population, 'places'> {
    return {
      households: this.households,
      persons: this.persons,
      personTags: this.personTags,
      householdTags: this.householdTags,
    };
  }

  addHousehold(context: GridContext, address: Address, size: number): void {
    const random = this.personRandom;
    const plan = this.planner.plan(size, context.isCommunity);
    const { ethnicity, naming } = ethnicGroups.pick(random);
    const residence = residenceTypes[context.isCommunity ? 'community' : 'village'].pick(random);
    this.nameMembers(plan.members, naming);

    const household: HouseholdRow = {
      countyId: this.countyId,
      id: this.ids.next(),
      regionId: context.grid.id,
      regionCode: context.grid.code,
      ...address,
      headPersonId: null,
      notes: random.chance(0.01) ? random.pick(householdNotes) : '',
    };
    this.households.push(household);

    const members = plan.members.map((member) => {
      const person = this.addPerson(context, household, member, { ethnicity, residence });
      this.tagPerson(person, member, plan, context);
      return person;
    });
    household.headPersonId = members[0]!.id!;
    this.tagHousehold(household, plan);
  }

  private addPerson(
    context: GridContext,
    household: HouseholdRow,
    member: MemberPlan,
    shared: { ethnicity: string; residence: ResidenceType },
  ): PersonRow {
    const random = this.personRandom;
    const age = ageOf(member.birthYear);
    const name = (member.surname ?? '') + member.givenName!;
    const pinyin = this.pinyin(name);
    const days = daysOf(member.birthYear);
    const dayOfYear = random.integer(0, days.length - 1);
    const birthDate = days[dayOfYear]!;
    // A spouse who married in often keeps the registration of the home village.
    const residence =
      member.relation === 'child_in_law' && shared.residence === 'registered' && random.chance(0.3)
        ? 'resident'
        : shared.residence;
    const person: PersonRow = {
      countyId: this.countyId,
      id: this.ids.next(),
      householdId: household.id,
      relationToHead: member.relation,
      regionId: context.grid.id,
      regionCode: context.grid.code,
      name,
      namePinyin: pinyin.full,
      nameInitials: pinyin.initials,
      sex: member.sex,
      idNumber: this.issueIdNumber(birthDate, (member.birthYear - 1800) * 366 + dayOfYear, member.sex),
      phone: random.chance(phoneShare(age)) ? this.phones.phone() : null,
      birthDate,
      // Records a clerk has not finished: the completeness figures must have something to find.
      ethnicity: random.chance(0.03) ? null : shared.ethnicity,
      residenceType: random.chance(0.01) ? null : residence,
      isPartyMember: age >= 18 && random.chance(age >= 60 ? 0.13 : 0.09),
      notes: age >= 18 && random.chance(0.02) ? random.pick(personNotes) : '',
      importKey: null,
    };
    this.persons.push(person);
    return person;
  }

  private pinyin(name: string): { full: string; initials: string } {
    let pinyin = this.pinyinOfName.get(name);
    if (!pinyin) {
      pinyin = toNamePinyin(name);
      this.pinyinOfName.set(name, pinyin);
    }
    return pinyin;
  }

  /** Division code, birth date, a sequence whose last digit is odd for men, and the check character (GB 11643). */
  private issueIdNumber(birthDate: string, dayNumber: number, sex: Sex): string {
    for (;;) {
      const sequence = this.idNumberRandom.integer(0, 499) * 2 + (sex === 'male' ? 1 : 0);
      // The division code is the same for all, so day and sequence identify a number; as an integer below 2^30,
      // half a million of them cost a fraction of what their strings would.
      const key = dayNumber * 1000 + sequence;
      if (!this.issuedIdNumbers.has(key)) {
        this.issuedIdNumbers.add(key);
        const body = this.divisionCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0');
        return body + computeIdNumberCheckCharacter(body);
      }
    }
  }

  private tagPerson(person: PersonRow, member: MemberPlan, plan: HouseholdPlan, context: GridContext): void {
    const age = ageOf(member.birthYear);
    const isMale = member.sex === 'male';
    const tag = (code: PersonTagCode, probability: number) => {
      if (this.tagRandom.chance(probability)) {
        this.personTags.push({ countyId: this.countyId, personId: person.id!, tagCode: code });
      }
    };
    tag('disabled', age >= 60 ? 0.03 : 0.01);
    tag('seriously_ill', age >= 50 ? 0.015 : 0.003);
    if (isMale && age >= 22 && age <= 85) tag('veteran', 0.03);
    if (age >= 6 && age <= 18) tag('special_student', 0.01);
    if (!context.isCommunity && isMale && age >= 20 && age <= 65) tag('mobile_fisherman', 0.02);
    if (plan.kind === 'single' && age > 70) tag('elderly_alone', 0.9);
    // Children raised by grandparents while the parents work in the cities (留守儿童).
    if (plan.kind === 'skipped_generation' && member.relation === 'grandchild' && age < 16) {
      tag('left_behind_child', 0.85);
    }
  }

  private tagHousehold(household: HouseholdRow, plan: HouseholdPlan): void {
    const headAge = ageOf(plan.members[0]!.birthYear);
    const livesAloneOld = plan.kind === 'single' && headAge >= 60;
    const tag = (code: HouseholdTagCode, probability: number) => {
      if (this.tagRandom.chance(probability)) {
        this.householdTags.push({ countyId: this.countyId, householdId: household.id!, tagCode: code });
      }
    };
    // Old people alone and single parents are the likeliest to need the allowance.
    tag('minimum_allowance', livesAloneOld || plan.kind === 'single_parent' ? 0.05 : 0.014);
    tag('extreme_poverty', livesAloneOld ? 0.02 : 0.001);
    if (plan.kind === 'couple' && headAge >= 55) tag('lost_only_child', 0.04);
    const hasMinor = plan.members.some((member) => member.relation === 'child' && ageOf(member.birthYear) < 18);
    if (plan.kind === 'single_parent' && hasMinor) tag('single_parent', 0.8);
    tag('overseas_chinese_family', 0.006);
  }

  /** Parents are named before their children, so a child can take the father's surname (or given name). */
  private nameMembers(members: readonly MemberPlan[], naming: Naming): void {
    const byBirth = [...members].sort((first, second) => first.birthYear - second.birthYear);
    for (const member of byBirth) {
      if (naming === 'mongolian') {
        member.givenName = this.names.mongolianName(member.sex);
      } else if (naming === 'uyghur') {
        // The whole name is kept as the given name: its first part is what the children carry after the dot.
        member.givenName = this.names.uyghurName(member.sex, member.father?.givenName?.split('·')[0]);
      } else {
        member.surname = member.lineage?.surname ?? this.names.surname();
        member.givenName = this.names.givenName(member.sex, member.birthYear);
      }
    }
  }
}

/** Fewer of the very old carry a mobile phone. */
function phoneShare(age: number): number {
  if (age < 18) return 0;
  if (age < 60) return 0.93;
  if (age < 75) return 0.8;
  return 0.5;
}

const millisecondsPerDay = 86_400_000;
const daysOfYear = new Map<number, string[]>();

/** Every day of a year as YYYY-MM-DD, made once: half a million birth dates would otherwise churn the heap. */
function daysOf(year: number): readonly string[] {
  let days = daysOfYear.get(year);
  if (!days) {
    const start = Date.UTC(year, 0, 1);
    const count = (Date.UTC(year + 1, 0, 1) - start) / millisecondsPerDay;
    days = Array.from({ length: count }, (_, day) =>
      new Date(start + day * millisecondsPerDay).toISOString().slice(0, 10),
    );
    daysOfYear.set(year, days);
  }
  return days;
}
