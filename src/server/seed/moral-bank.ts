import type {
  moralBankBalances,
  moralBankDecisions,
  moralBankEntries,
  moralBankRewards,
  moralBankRules,
  moralBankSettings,
} from '../db/schema/moral-bank.js';
import { chinaDate } from '../../shared/clock.js';
import { suggestedRules } from '../../shared/moral-bank.js';
import { IdFactory, type DemoCounty } from './demo-county.js';
import type { Population } from './population.js';
import { Random } from './random.js';

export type DemoMoralBank = {
  settings: (typeof moralBankSettings.$inferInsert)[];
  rules: (typeof moralBankRules.$inferInsert)[];
  rewards: (typeof moralBankRewards.$inferInsert)[];
  entries: (typeof moralBankEntries.$inferInsert)[];
  decisions: (typeof moralBankDecisions.$inferInsert)[];
  balances: (typeof moralBankBalances.$inferInsert)[];
};

/** Moral-bank ids start two weeks after the territory's, apart from the other demo records'. */
const moralBankEpoch = Date.UTC(2025, 0, 17);
const day = 86_400_000;

/** A village's own rules beside the county's: what villages in the seeds reward. */
const villageRules = [
  { name: '庭院整洁美丽户', points: 5, period: 'month', periodLimit: 1, requiresApproval: false },
  { name: '参加村里义务劳动', points: 3, period: 'week', periodLimit: 2, requiresApproval: false },
] as const;

/** A village's catalogue (兑换超市): daily goods at a few to a few dozen points. */
const catalogue = [
  { name: '洗衣液一瓶', points: 10, stock: 40 },
  { name: '食用油一桶', points: 30, stock: 20 },
  { name: '大米五斤', points: 20, stock: 30 },
  { name: '毛巾两条', points: 6, stock: 50 },
  { name: '电饭煲', points: 120, stock: 3 },
];

const deeds = [
  '参加周末环境整治志愿服务',
  '协助网格员入户宣传防诈骗',
  '垃圾分类投放准确，获评示范户',
  '照顾独居老人，帮忙买菜送药',
  '拾到钱包主动交还失主',
  '参与邻里纠纷调解，促成和解',
  '院落整洁，获评美丽庭院',
  '参加村里义务植树',
];

/**
 * The demo county's moral bank: the county's rules and two of each village's, each village's catalogue, and about
 * `entriesPerVillage` entries per village over the last `days` days — deposits (a few waiting for the village, a few
 * refused), redemptions only of points then held — with the balances they leave. Households of the month are on.
 */
export function generateMoralBank(
  demo: DemoCounty,
  population: Population,
  options: { now: Date; days: number; entriesPerVillage: number },
): DemoMoralBank {
  const random = new Random(demo.seed ^ 0xb4a7c);
  const ids = new IdFactory(random, moralBankEpoch);
  const county = demo.territory.county;
  const countyId = county.id!;
  const villages = demo.regions.filter((region) => region.level === 'village');
  const rules: DemoMoralBank['rules'] = suggestedRules.map((rule) => ({
    countyId,
    id: ids.next(),
    regionId: countyId,
    regionCode: county.code,
    ...rule,
  }));
  const rewards: DemoMoralBank['rewards'] = [];
  const entries: DemoMoralBank['entries'] = [];
  const decisions: DemoMoralBank['decisions'] = [];
  const balances = new Map<string, number>();
  const adultYear = `${Number(options.now.toISOString().slice(0, 4)) - 18}`;
  const adultsByVillage = new Map<string, (typeof population.persons)[number][]>();
  for (const person of population.persons) {
    if (!person.birthDate || person.birthDate.slice(0, 4) >= adultYear) continue;
    const village = villages.find((region) => person.regionCode.startsWith(region.code));
    if (!village) continue;
    const list = adultsByVillage.get(village.id!) ?? [];
    if (list.length < 60) list.push(person);
    adultsByVillage.set(village.id!, list);
  }
  for (const village of villages) {
    const ownRules = villageRules.map((rule) => ({
      countyId,
      id: ids.next(),
      regionId: village.id!,
      regionCode: village.code,
      ...rule,
    }));
    rules.push(...ownRules);
    const ownRewards = catalogue.map((reward) => ({
      countyId,
      id: ids.next(),
      regionId: village.id!,
      regionCode: village.code,
      ...reward,
    }));
    rewards.push(...ownRewards);
    const adults = adultsByVillage.get(village.id!) ?? [];
    if (adults.length === 0) continue;
    const usable = [...rules.slice(0, suggestedRules.length), ...ownRules];
    // Oldest first, so that a redemption spends only points earned before it.
    const moments = Array.from(
      { length: options.entriesPerVillage },
      () => new Date(options.now.getTime() - random.between(0.1, options.days) * day),
    ).sort((first, second) => first.getTime() - second.getTime());
    for (const recordedAt of moments) {
      const person = random.pick(adults);
      const recorder = demo.staff.find((staff) => staff.regionId === person.regionId)?.name ?? null;
      const balance = balances.get(person.id!) ?? 0;
      const base = {
        countyId,
        id: ids.next(),
        personId: person.id!,
        householdId: person.householdId ?? null,
        regionCode: person.regionCode,
        occurredOn: chinaDate(recordedAt),
        recordedByName: recorder,
        recordedAt,
      };
      const affordable = ownRewards.filter((reward) => reward.points <= balance);
      if (affordable.length > 0 && random.chance(0.15)) {
        const reward = random.pick(affordable);
        if (reward.stock > 0) {
          reward.stock -= 1;
          entries.push({
            ...base,
            kind: 'redemption',
            points: -reward.points,
            reason: reward.name,
            rewardId: reward.id,
          });
          balances.set(person.id!, balance - reward.points);
          continue;
        }
      }
      const rule = random.pick(usable);
      const points = random.chance(0.7) ? rule.points : random.integer(1, rule.points);
      entries.push({
        ...base,
        kind: 'deposit',
        points,
        reason: random.pick(deeds),
        ruleId: rule.id,
        requiresApproval: rule.requiresApproval,
      });
      if (!rule.requiresApproval) {
        balances.set(person.id!, balance + points);
        continue;
      }
      // The village decides within a few days; the last week's may still wait.
      const decidedAt = new Date(recordedAt.getTime() + random.between(0.2, 4) * day);
      if (decidedAt.getTime() > options.now.getTime() || random.chance(0.05)) continue;
      const isApproved = random.chance(0.9);
      decisions.push({
        countyId,
        entryId: base.id,
        decision: isApproved ? 'approved' : 'refused',
        reason: isApproved ? '' : '事迹材料不全，请补充后重新登记',
        decidedByName: `${village.name}党组织书记`,
        decidedAt,
      });
      if (isApproved) balances.set(person.id!, balance + points);
    }
  }
  return {
    settings: [{ countyId, rankingsEnabled: true }],
    rules,
    rewards,
    entries,
    decisions,
    balances: [...balances].map(([personId, balance]) => ({ countyId, personId, balance })),
  };
}
