import type { householdNeeds, visitPersons, visits, visitVisitors } from '../db/schema/index.js';
import type { NeedKind } from '../../shared/visits.js';
import type { CaseRow } from './cases.js';
import type { DemoCounty } from './demo-county.js';
import type { Population } from './population.js';
import { Random } from './random.js';

export type VisitRow = typeof visits.$inferInsert;
export type VisitVisitorRow = typeof visitVisitors.$inferInsert;
export type VisitPersonRow = typeof visitPersons.$inferInsert;
export type NeedRow = typeof householdNeeds.$inferInsert;

export type DemoVisits = {
  visits: VisitRow[];
  visitors: VisitVisitorRow[];
  persons: VisitPersonRow[];
  needs: NeedRow[];
};

/** Households with these tags (低保, 特困, 失独…) are visited more often, as counties ask of their grid members. */
const specialHouseholdTags = new Set(['minimum_allowance', 'extreme_poverty', 'lost_only_child', 'single_parent']);
const specialPersonTags = new Set(['disabled', 'seriously_ill', 'elderly_alone', 'left_behind_child']);

const routineFindings = [
  '家中一切正常，老人身体尚好。',
  '了解家庭近况，无特殊困难。',
  '宣传垃圾分类和防诈骗知识，住户表示理解。',
  '核对家庭成员信息，无变化。',
  '住户反映楼道照明不足，已记录。',
  '提醒住户注意用电用气安全。',
  '住户对社区服务表示满意。',
  '了解子女就业情况，暂无需求。',
];
const subsistenceFindings = [
  '核查低保家庭收入情况，与申报一致。',
  '低保对象身体状况一般，按时领取补助。',
  '核实家庭人口和收入，材料齐全。',
];
const needTexts: readonly (readonly [NeedKind, string])[] = [
  ['elderly_care', '老人独居，希望每周有人上门探望。'],
  ['medical_care', '需要陪同到医院复查。'],
  ['living_assistance', '冬季取暖有困难，希望得到帮助。'],
  ['employment', '家中有人失业，希望推荐工作。'],
  ['education', '孩子课后无人辅导，希望参加托管。'],
  ['housing', '房屋漏雨，需要维修。'],
  ['legal_aid', '邻里纠纷需要法律咨询。'],
];

/** A UUIDv7 whose time is the visit's, its random bits drawn from the seeded stream. */
function uuidv7At(time: number, random: Random): string {
  const hex = (count: number) =>
    Array.from({ length: count }, () => Math.floor(random.next() * 16).toString(16)).join('');
  const timeHex = time.toString(16).padStart(12, '0');
  const variant = (8 + Math.floor(random.next() * 4)).toString(16);
  return `${timeHex.slice(0, 8)}-${timeHex.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/**
 * Visits of the last `days` days: in each grid 60–90 % of households visited, some never; households of special
 * groups visited several times; a few visits with a need, and the demo's cases from visits each linked to a visit
 * of a household of their grid. Recorded by the demo account nearest the grid (its grid member, else the village,
 * town or county account), made by the grid's own staff.
 */
export function generateVisits(
  demo: DemoCounty,
  population: Population,
  caseRows: readonly CaseRow[],
  options: { now: Date; days: number },
): DemoVisits {
  const random = new Random(demo.seed).fork('visits');
  const countyId = demo.territory.county.id!;
  const codeOf = new Map(demo.regions.map((region) => [region.id!, region.code]));
  const recorders = demo.demoAccounts
    .filter((account) => account.regionId && account.role !== 'cadre')
    .map((account) => ({ id: account.id!, code: codeOf.get(account.regionId!)! }));
  const recorderFor = (code: string) =>
    recorders
      .filter((recorder) => code.startsWith(recorder.code))
      .sort((first, second) => second.code.length - first.code.length)[0]!.id;
  const staffByRegion = new Map<string, string[]>();
  for (const staff of demo.staff) {
    if (!['grid_member', 'grid_leader', 'sunk_cadre'].includes(staff.kind)) continue;
    staffByRegion.set(staff.regionId, [...(staffByRegion.get(staff.regionId) ?? []), staff.id!]);
  }
  const specialHouseholds = new Set(
    population.householdTags.filter((tag) => specialHouseholdTags.has(tag.tagCode)).map((tag) => tag.householdId),
  );
  const membersOf = new Map<string, string[]>();
  const householdOfPerson = new Map<string, string>();
  for (const person of population.persons) {
    if (!person.householdId) continue;
    membersOf.set(person.householdId, [...(membersOf.get(person.householdId) ?? []), person.id!]);
    householdOfPerson.set(person.id!, person.householdId);
  }
  for (const tag of population.personTags) {
    const householdId = householdOfPerson.get(tag.personId);
    if (householdId && specialPersonTags.has(tag.tagCode)) specialHouseholds.add(householdId);
  }
  const minimumAllowance = new Set(
    population.householdTags.filter((tag) => tag.tagCode === 'minimum_allowance').map((tag) => tag.householdId),
  );
  const result: DemoVisits = { visits: [], visitors: [], persons: [], needs: [] };
  const end = options.now.getTime() - 3_600_000;
  const start = end - options.days * 86_400_000;
  const coverageOf = new Map<string, number>();
  const householdsByGrid = new Map<string, typeof population.households>();

  const addVisit = (
    household: (typeof population.households)[number],
    at: number,
    purpose: string,
    findings: string,
    caseId: string | null = null,
  ) => {
    // Daytime in China (UTC+8): 08:30–18:00.
    const day = Math.floor(at / 86_400_000) * 86_400_000;
    const visitedAt = day + Math.floor(random.between(0.5 * 3_600_000, 10 * 3_600_000));
    const id = uuidv7At(visitedAt, random);
    const staff = staffByRegion.get(household.regionId) ?? [];
    result.visits.push({
      countyId,
      id,
      householdId: household.id!,
      regionId: household.regionId,
      regionCode: household.regionCode,
      visitedAt: new Date(Math.min(visitedAt, end)),
      purpose,
      findings,
      caseId,
      recordedBy: recorderFor(household.regionCode),
    });
    for (const staffId of staff.length > 0 ? random.sample(staff, random.chance(0.2) ? 2 : 1) : []) {
      result.visitors.push({ countyId, visitId: id, staffId });
    }
    const members = membersOf.get(household.id!) ?? [];
    if (members.length > 0) result.persons.push({ countyId, visitId: id, personId: members[0]! });
    if (random.chance(0.04)) {
      const [kind, description] = random.pick(needTexts);
      result.needs.push({
        countyId,
        id: uuidv7At(visitedAt + 1, random),
        householdId: household.id!,
        regionCode: household.regionCode,
        kind,
        description,
        status: random.chance(0.4) ? 'met' : 'open',
        sourceVisitId: id,
        createdBy: recorderFor(household.regionCode),
        createdAt: new Date(Math.min(visitedAt, end)),
        updatedAt: new Date(Math.min(visitedAt, end)),
      });
    }
    return id;
  };

  for (const household of population.households) {
    householdsByGrid.set(household.regionId, [...(householdsByGrid.get(household.regionId) ?? []), household]);
  }
  for (const [gridId, gridHouseholds] of householdsByGrid) {
    coverageOf.set(gridId, random.between(0.6, 0.9));
    for (const household of gridHouseholds) {
      const isSpecial = specialHouseholds.has(household.id!);
      if (!random.chance(isSpecial ? 0.97 : coverageOf.get(gridId)!)) continue;
      const count = isSpecial ? random.integer(2, 5) : random.integer(1, 2);
      for (let index = 0; index < count; index++) {
        const isSubsistence = minimumAllowance.has(household.id!) && random.chance(0.5);
        const purpose = isSubsistence
          ? 'subsistence_check'
          : random.pickWeighted([
              ['routine', 70],
              ['policy_notice', 15],
              ['epidemic_check', 5],
              ['campaign_task', 10],
            ] as const);
        addVisit(
          household,
          random.between(start, end),
          purpose,
          random.pick(isSubsistence ? subsistenceFindings : routineFindings),
        );
      }
    }
  }
  // The cases reported from visits, each with the visit it came from.
  for (const reported of caseRows) {
    if (reported.source !== 'visit') continue;
    const gridHouseholds = householdsByGrid.get(reported.regionId);
    if (!gridHouseholds || gridHouseholds.length === 0) continue;
    addVisit(
      random.pick(gridHouseholds),
      new Date(reported.reportedAt).getTime(),
      'routine',
      `走访发现问题并上报：${reported.description}`,
      reported.id!,
    );
  }
  return result;
}
