import type { Relation, Sex } from '../../shared/registry.js';
import { WeightedTable, type Random } from './random.js';

/**
 * Who lives in a household and when they were born: the make-up (a couple and their children, three generations,
 * grandparents with left-behind grandchildren…) and birth years that fit the relations. Names come later.
 */

/** Birth years go up to this one; ages count in whole years to the reference day, 2025-01-01. */
export const latestBirthYear = 2024;
const oldestAge = 95;

/** Parents are 25 to 45 years older than their children. */
export const parentGap = { minimum: 25, maximum: 45 } as const;
const latestParentYear = latestBirthYear - parentGap.minimum;

export function ageOf(birthYear: number): number {
  return latestBirthYear - birthYear;
}

function birthYearOf(age: number): number {
  return latestBirthYear - age;
}

export type HouseholdKind =
  | 'single'
  | 'couple'
  | 'nuclear'
  | 'with_parents'
  | 'three_generations'
  | 'skipped_generation'
  | 'single_parent'
  | 'shared';

/** One member of a household as planned: who they are to the head, and when they were born. */
export type MemberPlan = {
  relation: Relation;
  sex: Sex;
  birthYear: number;
  /** The father living in the household: a Uyghur name carries his given name. */
  father?: MemberPlan;
  /** The member whose surname this one has; usually the father. */
  lineage?: MemberPlan;
  surname?: string;
  givenName?: string;
};

/** The head comes first. */
export type HouseholdPlan = { kind: HouseholdKind; members: MemberPlan[] };

type Shares = (readonly [HouseholdKind, number])[];

/** Which kinds of household come in each size, from 1 to 6. Grandparents raise grandchildren more in villages. */
function kindSharesBySize(isCommunity: boolean): Shares[] {
  const skipped = isCommunity ? 0.03 : 0.1;
  const shared = isCommunity ? 0.06 : 0.02;
  return [
    [['single', 1]],
    [
      ['couple', 0.62],
      ['single_parent', 0.12],
      ['with_parents', 0.12],
      ['skipped_generation', skipped],
      ['shared', shared],
    ],
    [
      ['nuclear', 0.7],
      ['with_parents', 0.12],
      ['single_parent', 0.08],
      ['skipped_generation', skipped],
      ['shared', shared / 2],
    ],
    [
      ['nuclear', 0.62],
      ['with_parents', 0.2],
      ['three_generations', 0.1],
      ['single_parent', 0.04],
      ['skipped_generation', skipped],
    ],
    [
      ['nuclear', 0.3],
      ['with_parents', 0.35],
      ['three_generations', 0.35],
    ],
    [
      ['with_parents', 0.5],
      ['three_generations', 0.5],
    ],
  ];
}

const kindTables = {
  community: kindSharesBySize(true).map((shares) => new WeightedTable(shares)),
  village: kindSharesBySize(false).map((shares) => new WeightedTable(shares)),
};
export const largestHouseholdSize = 6;

/** Couples: young, middle-aged, or with the children moved out. */
const coupleAges = new WeightedTable<readonly [number, number]>([
  [[22, 34], 0.3],
  [[35, 54], 0.2],
  [[55, 88], 0.5],
]);

export class HouseholdPlanner {
  constructor(private readonly random: Random) {}

  plan(size: number, isCommunity: boolean): HouseholdPlan {
    const kind = kindTables[isCommunity ? 'community' : 'village'][size - 1]!.pick(this.random);
    return { kind, members: this.members(kind, size) };
  }

  private members(kind: HouseholdKind, size: number): MemberPlan[] {
    const random = this.random;
    switch (kind) {
      case 'single': {
        const isElderly = random.chance(0.45);
        return [this.head(isElderly ? 0.4 : 0.55, isElderly ? 60 : 18, isElderly ? 92 : 59)];
      }
      case 'couple': {
        const [minimumAge, maximumAge] = coupleAges.pick(random);
        const head = this.head(0.8, minimumAge, maximumAge);
        return [head, this.spouseOf(head)];
      }
      case 'nuclear': {
        const head = this.head(0.8, 27, 60);
        const spouse = this.spouseOf(head, 'spouse', latestParentYear);
        return [head, spouse, ...this.childrenOf([head, spouse], size - 2)];
      }
      case 'with_parents':
        return this.withParents(size);
      case 'three_generations': {
        // The elder couple heads the household; a married child lives with them, and the grandchildren.
        const grandchildCount = size - 4;
        const head = this.head(0.8, 50, 80);
        const spouse = this.spouseOf(head, 'spouse', latestBirthYear - 50);
        const youngestAdult = grandchildCount > 0 ? latestParentYear : latestBirthYear - 22;
        const child = this.childrenOf([head, spouse], 1, 'child', youngestAdult)[0]!;
        const inLaw = this.spouseOf(child, 'child_in_law', youngestAdult);
        return [head, spouse, child, inLaw, ...this.childrenOf([child, inLaw], grandchildCount, 'grandchild')];
      }
      case 'skipped_generation':
        return this.skippedGeneration(size);
      case 'single_parent': {
        const head = this.head(0.3, 28, 55);
        return [head, ...this.childrenOf([head], size - 1)];
      }
      case 'shared': {
        // Young workers sharing a rented flat: one is registered as the head, the others as 其他.
        const others = Array.from({ length: size - 1 }, () =>
          member('other', this.sex(0.55), birthYearOf(random.integer(20, 50))),
        );
        return [this.head(0.55, 20, 45), ...others];
      }
    }
  }

  /** The head's parent or parents live with the head, the spouse and their children, if any. */
  private withParents(size: number): MemberPlan[] {
    const random = this.random;
    const hasSpouse = size >= 3;
    const parentCount = random.integer(1, Math.min(2, size - 1 - Number(hasSpouse)));
    const childCount = size - 1 - Number(hasSpouse) - parentCount;
    // A head of at most 55 keeps the parents under 100; a head with children is old enough to have them.
    const head = this.head(0.8, childCount > 0 ? 28 : 25, 55);
    const spouse = hasSpouse ? this.spouseOf(head, 'spouse', childCount > 0 ? latestParentYear : undefined) : undefined;
    const parents = Array.from({ length: parentCount }, (_, index) => {
      const sex = parentCount === 2 ? (index === 0 ? 'male' : 'female') : this.sex(0.4);
      const earliest = Math.max(head.birthYear - parentGap.maximum, birthYearOf(oldestAge));
      return member('parent', sex, random.integer(earliest, head.birthYear - parentGap.minimum));
    });
    head.father = head.lineage = fatherAmong(parents);
    const couple = spouse ? [head, spouse] : [head];
    return [...couple, ...parents, ...this.childrenOf(couple, childCount)];
  }

  /** Grandparents raising grandchildren under 16 while the parents work far away (留守儿童). */
  private skippedGeneration(size: number): MemberPlan[] {
    const head = this.head(0.7, 52, 78);
    const grandparents = size >= 3 ? [head, this.spouseOf(head, 'spouse', latestBirthYear - 50)] : [head];
    const earliest = Math.max(head.birthYear + 2 * parentGap.minimum, latestBirthYear - 15);
    const grandchildren = Array.from({ length: size - grandparents.length }, () => {
      const grandchild = member('grandchild', this.sex(), this.random.integer(earliest, latestBirthYear));
      // A son's children carry their grandfather's surname.
      if (head.sex === 'male' && this.random.chance(0.7)) grandchild.lineage = head;
      return grandchild;
    });
    return [...grandparents, ...grandchildren];
  }

  private sex(maleShare = 0.515): Sex {
    return this.random.chance(maleShare) ? 'male' : 'female';
  }

  private head(maleShare: number, minimumAge: number, maximumAge: number): MemberPlan {
    return member('head', this.sex(maleShare), birthYearOf(this.random.integer(minimumAge, maximumAge)));
  }

  /** Husbands are mostly a little older than their wives; `latest` keeps the spouse old enough. */
  private spouseOf(partner: MemberPlan, relation: Relation = 'spouse', latest = latestBirthYear - 20): MemberPlan {
    const difference = this.random.integer(-1, 5);
    const isHusband = partner.sex === 'male';
    const year = isHusband ? partner.birthYear + difference : partner.birthYear - difference;
    return member(relation, isHusband ? 'female' : 'male', Math.min(year, latest));
  }

  /** `count` children of the given parents, each 25–45 years younger than every parent and born by `latest`. */
  private childrenOf(
    parents: readonly MemberPlan[],
    count: number,
    relation: Relation = 'child',
    latest = latestBirthYear,
  ): MemberPlan[] {
    if (count === 0) return [];
    const years = parents.map((parent) => parent.birthYear);
    const earliest = Math.max(...years) + parentGap.minimum;
    const last = Math.min(latest, Math.min(...years) + parentGap.maximum);
    if (earliest > last)
      throw new Error(`No child can be born to parents born in ${years.join(' and ')} by ${latest}.`);
    const father = fatherAmong(parents);
    return Array.from({ length: count }, () =>
      member(relation, this.sex(), this.random.integer(earliest, last), father),
    );
  }
}

function member(relation: Relation, sex: Sex, birthYear: number, father?: MemberPlan): MemberPlan {
  return { relation, sex, birthYear, father, lineage: father };
}

function fatherAmong(candidates: readonly MemberPlan[]): MemberPlan | undefined {
  return candidates.find((candidate) => candidate.sex === 'male');
}
