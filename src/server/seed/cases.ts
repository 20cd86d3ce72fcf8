import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import {
  defaultCaseCategories,
  handlingLevelOf,
  levelAbove,
  openStatuses,
  type CaseCategoryDefinition,
  type CaseLevel,
  type CaseSource,
  type CaseStatus,
} from '../../shared/cases.js';
import { addDays, chinaDate, chinaDayStart } from '../../shared/clock.js';
import type { caseEvents, cases } from '../db/schema/index.js';
import { deadlineFor, warningFor, workingCalendar, type WorkCalendar } from '../modules/cases/deadlines.js';
import { IdFactory, type DemoAccountRow, type DemoCounty, type RegionRow } from './demo-county.js';
import { People } from './names.js';
import { apportion } from './population.js';
import { Random, WeightedTable } from './random.js';

/**
 * The cases of the demo county: reports spread over the last days before a given moment, each taken along the
 * closed loop as far as it would have got by then — most closed at the grid or village, some escalated to the town
 * or county, some late, a few returned, parked or merged — with the timeline that led there. Deterministic for the
 * same county, options and moment; it draws from its own random streams and ids, so the rest of the demo stays as
 * it was. Cases come day by day, so a bench can stream a million of them without holding them all.
 */

export type CaseRow = typeof cases.$inferInsert;
export type CaseEventRow = typeof caseEvents.$inferInsert;

export type DemoCaseOptions = {
  /** How many cases in all, spread over the days (fewer at weekends). */
  count: number;
  /** The last `days` China dates up to and including the day of `now`. */
  days: number;
  /** Reports happen before it; each case stands where its life had reached at it. */
  now: Date;
  /** The timeline of each case; a bench that measures the cases alone leaves it out. */
  withEvents?: boolean;
};

/** One day's cases in report order, numbered 1 to `cases.length` as the day's counter would have numbered them. */
export type DemoCaseDay = { day: string; cases: CaseRow[]; events: CaseEventRow[] };

/** Case ids start two days after the territory's, apart from the population's; their events' a day later. */
const casesEpoch = Date.UTC(2025, 0, 3);
const eventsEpoch = Date.UTC(2025, 0, 4);
const hour = 3_600_000;
const calendars = new Map<string, WorkCalendar>();

/** The demo county keeps the official calendar, as every county does until it edits its own. */
function calendarAt(start: number): WorkCalendar {
  const year = chinaDate(new Date(start)).slice(0, 4);
  let calendar = calendars.get(year);
  if (!calendar) {
    calendar = workingCalendar({ holidays: [], workdays: [] }, new Date(start));
    calendars.set(year, calendar);
  }
  return calendar;
}

/** How often each item of the catalogue comes up: rubbish and neighbours' quarrels far more than floods. */
const categoryShares: Record<string, number> = {
  environment: 18,
  dispute_mediation: 12,
  livelihood: 12,
  municipal_facilities: 10,
  public_security: 10,
  civilisation: 6,
  fire_safety: 6,
  production_safety: 6,
  social_assistance: 6,
  land_management: 4,
  party_building: 4,
  epidemic_prevention: 3,
  flood_disaster: 3,
};

const sourceShares: readonly (readonly [CaseSource, number])[] = [
  ['visit', 40],
  ['resident', 20],
  ['inspection', 15],
  ['hotline', 15],
  ['department', 10],
];

/** What a report says, per catalogue item; `{at}` is where it was seen. */
const descriptions: Record<string, readonly string[]> = {
  party_building: [
    '{at}党员反映组织生活会时间安排不便，希望调整',
    '{at}流动党员组织关系转接需要协助',
    '{at}党群服务站活动室设施需要更新',
  ],
  public_security: [
    '{at}夜间有陌生人员徘徊，居民担心安全',
    '{at}监控探头损坏，存在治安盲区',
    '{at}出租屋人员流动频繁，需要登记核查',
  ],
  civilisation: ['{at}小广告乱贴乱画，影响环境', '{at}车辆乱停放占用消防通道', '{at}宣传栏内容陈旧，需要更新'],
  land_management: ['{at}发现疑似违法占地建房', '{at}耕地上堆放建筑材料', '{at}有人私自搭建简易棚房'],
  production_safety: ['{at}饭店燃气管道老化，存在泄漏隐患', '{at}小作坊电线私拉乱接', '{at}工地脚手架未按规定防护'],
  social_assistance: [
    '{at}独居老人生活困难，申请临时救助',
    '{at}残疾人家庭希望了解低保政策',
    '{at}困难家庭子女上学需要帮扶',
  ],
  epidemic_prevention: [
    '{at}有外地返乡人员需要健康登记',
    '{at}居民反映发热症状，需要协助就医',
    '{at}公共场所消毒记录缺失',
  ],
  dispute_mediation: [
    '{at}邻里因漏水问题发生纠纷',
    '{at}两户因宅基地边界发生争执',
    '{at}楼上噪音扰民引发矛盾',
    '{at}工程款拖欠引发劳资纠纷',
  ],
  environment: [
    '{at}垃圾堆放未及时清运，气味较大',
    '{at}生活污水外溢，影响出行',
    '{at}垃圾分类投放点满溢',
    '{at}河道漂浮物较多',
  ],
  municipal_facilities: [
    '{at}路灯不亮，夜间出行不便',
    '{at}井盖破损，存在安全隐患',
    '{at}道路坑洼积水',
    '{at}自来水管破裂漏水',
  ],
  fire_safety: ['{at}电动车楼道内违规充电', '{at}消防通道被杂物堵塞', '{at}灭火器过期未更换'],
  livelihood: [
    '{at}居民反映快递驿站服务时间短',
    '{at}老人希望增加助餐服务',
    '{at}居民咨询医保缴费办理',
    '{at}小区充电桩数量不足',
  ],
  flood_disaster: ['{at}排水沟堵塞，雨天易积水', '{at}山塘水位上涨，需要巡查', '{at}危旧房屋雨后出现裂缝'],
};

/** What was done, per catalogue item. */
const results: Record<string, readonly string[]> = {
  party_building: ['已与支部沟通并调整安排', '已协助办理相关手续'],
  public_security: ['已联系派出所加强巡逻', '已完成人员登记核查'],
  civilisation: ['已组织清理并劝导', '已督促整改完毕'],
  land_management: ['已责令停止并拆除', '已报自然资源所现场核查处理'],
  production_safety: ['已督促更换并复查合格', '已整改隐患并签订安全承诺书'],
  social_assistance: ['已上门走访并协助申请救助', '已讲解政策并帮助提交材料'],
  epidemic_prevention: ['已完成登记并做好健康监测', '已协助就医'],
  dispute_mediation: ['经调解双方达成一致', '已调解并签订调解协议'],
  environment: ['已安排保洁人员清运', '已联系相关单位处理完毕'],
  municipal_facilities: ['已联系维修并恢复正常', '已更换破损设施'],
  fire_safety: ['已清理并宣传消防安全', '已督促整改并复查'],
  livelihood: ['已协调相关部门解决', '已答复居民并办理'],
  flood_disaster: ['已组织疏通并加强巡查', '已转移人员并设置警示'],
};

const escalationReasons = ['需要上级协调多个部门', '超出本级处置能力', '涉及多方利益，需上级研判'];
const parkReasons = ['需等待专项资金到位', '涉及历史遗留问题，待政策明确'];
const urgeReasons = ['群众多次反映，请加快办理', '领导批示，限期办结', '已临近时限，请抓紧处置'];
const reopenReasons = {
  handled: ['核查未通过：现场问题仍然存在', '核查未通过：处置不彻底'],
  closed: ['居民反映问题再次出现', '居民对处理结果不满意，要求重新处理'],
};

// Most residents are satisfied; some are not, and say so.
const ratings = new WeightedTable<number>([
  [5, 50],
  [4, 30],
  [3, 10],
  [2, 6],
  [1, 4],
]);

/** A place where cases happen: a grid or one of its micro-grids, with the village it lies in. */
type Spot = { region: RegionRow; grid: RegionRow; village: RegionRow; isCommunity: boolean };

/** A step of a case's life as planned; the steps up to the moment of generation are what happened. */
type Step = {
  action: CaseEventRow['action'];
  at: number;
  toStatus: CaseStatus;
  toLevel: CaseLevel;
  note?: string;
  /** Who the case went to; null when an escalation takes it away from them. */
  assignee?: { id: string | null; name: string } | null;
  rating?: number;
  /** Done by the sweep, not by a person. */
  isAutomatic?: boolean;
  /** What the timeline keeps besides the note (an urging's deadlines). */
  details?: Record<string, unknown>;
};

/** A deadline clock at one level: when it started and when it runs out. */
type Clock = { level: CaseLevel; start: number; deadline: number };

export function* generateCases(demo: DemoCounty, options: DemoCaseOptions): Generator<DemoCaseDay> {
  const random = new Random(demo.seed).fork('cases');
  const ids = new IdFactory(random.fork('ids'), casesEpoch);
  const people = new People(random.fork('people'));
  const spots = listSpots(demo);
  const spotTable = new WeightedTable(spots.map((spot) => [spot, random.between(0.6, 1.4)] as const));
  const categoryTable = new WeightedTable(
    defaultCaseCategories.map((category) => [category, categoryShares[category.code] ?? 1] as const),
  );
  const sourceTable = new WeightedTable(sourceShares);
  // The timeline draws from a stream of its own: the cases come out the same with it or without it.
  const eventRandom = random.fork('events');
  const eventIds = new IdFactory(random.fork('event ids'), eventsEpoch);
  const actors = new Actors(demo, people);
  const now = options.now.getTime();
  const today = chinaDate(options.now);
  const days = Array.from({ length: options.days }, (_, index) => addDays(today, index - (options.days - 1)));
  const perDay = apportion(
    options.count,
    days.map((day) => (isWeekend(day) ? 0.7 : 1)),
  );
  const countyCode = demo.territory.county.code;
  const countyId = demo.territory.county.id!;
  const lastCaseAt = new Map<string, string>();

  for (const [dayIndex, day] of days.entries()) {
    const dayStart = chinaDayStart(day).getTime();
    const dayRandom = random.fork(day);
    // Reports come in office hours mostly; today's only up to now.
    const times = Array.from({ length: perDay[dayIndex]! }, () => {
      const at = dayStart + dayRandom.between(7, 21) * hour;
      return at < now ? at : dayStart + dayRandom.next() * (now - dayStart);
    }).sort((first, second) => first - second);
    const dayCases: CaseRow[] = [];
    const dayEvents: CaseEventRow[] = [];
    for (const [index, reportedAt] of times.entries()) {
      const spot = spotTable.pick(dayRandom);
      const category = categoryTable.pick(dayRandom);
      const id = ids.next();
      const earlierCase = lastCaseAt.get(spot.region.id!);
      const plan = planCase(dayRandom, { category, reportedAt, actors, spot, canMerge: earlierCase !== undefined });
      const happened = plan.steps.filter((step) => step.at <= now);
      const last = happened.at(-1)!;
      const clock = plan.clocks.findLast((candidate) => candidate.start <= last.at)!;
      const dispatched = happened.findLast((step) => step.assignee !== undefined)?.assignee ?? null;
      const closing = last.toStatus === 'closed' ? last : undefined;
      const rating = happened.findLast((step) => step.rating !== undefined)?.rating ?? null;
      const urgings = happened.filter((step) => step.action === 'urge');
      const isOpen = openStatuses.includes(last.toStatus);
      const source = sourceTable.pick(dayRandom);
      const isFromResident = source === 'resident' || source === 'hotline';
      const isMerged = last.toStatus === 'merged';
      const location = dayRandom.chance(0.85) ? pointIn(spot.region, dayRandom) : null;
      const deadline = plan.tier === 'simple' ? null : new Date(clock.deadline);
      const warnAt = deadline && new Date(warningFor(new Date(clock.start), deadline).getTime());
      dayCases.push({
        countyId,
        id,
        number: `${countyCode}-${day.replaceAll('-', '')}-${String(index + 1).padStart(4, '0')}`,
        categoryCode: category.code,
        kind: category.kind,
        tier: plan.tier,
        source,
        status: last.toStatus,
        level: last.toLevel,
        regionId: spot.region.id!,
        regionCode: spot.region.code,
        latitude: location?.[1] ?? null,
        longitude: location?.[0] ?? null,
        address: addressIn(spot, dayRandom),
        description: dayRandom.pick(descriptions[category.code]!).replace('{at}', placeIn(spot, dayRandom)),
        personIds: [],
        residentName: isFromResident ? people.name() : null,
        residentPhone: isFromResident ? people.phone() : null,
        reporterId: actors.reporterIn(spot)?.id ?? null,
        assigneeId: dispatched?.id ?? null,
        department: last.toLevel === 'county' ? category.department : null,
        isPublished: false,
        duplicateOfId: isMerged ? earlierCase : null,
        result: happened.findLast((step) => step.action === 'handle' || step.action === 'close')?.note ?? null,
        deadline,
        warnAt,
        // The sweep's marks of the clock running now, so it does not warn or escalate a second time.
        warnedAt: isOpen && warnAt && warnAt.getTime() <= now ? warnAt : null,
        overdueAt: isOpen && deadline && deadline.getTime() <= now ? deadline : null,
        reportedAt: new Date(reportedAt),
        closedAt: closing ? new Date(closing.at) : null,
        closedLevel: closing ? closing.toLevel : null,
        isClosedOnTime: closing ? deadline === null || closing.at <= deadline.getTime() : null,
        rating,
        urgedCount: urgings.length,
        urgedAt: urgings.length > 0 ? new Date(urgings.at(-1)!.at) : null,
        // The sweep's marks leave the version as it was.
        version: happened.filter((step) => step.action !== 'warn' && step.action !== 'overdue').length,
        updatedAt: new Date(last.at),
      });
      // Duplicates are merged into an original, never into another duplicate.
      if (!isMerged) lastCaseAt.set(spot.region.id!, id);
      if (options.withEvents) {
        dayEvents.push(...timeline(eventIds, { countyId, caseId: id, spot, actors }, happened, eventRandom));
      }
    }
    yield { day, cases: dayCases, events: dayEvents };
  }
}

/** All of `generateCases` at once, for a demo small enough to hold. */
export function generateCaseList(demo: DemoCounty, options: DemoCaseOptions) {
  const days = [...generateCases(demo, options)];
  return {
    cases: days.flatMap((day) => day.cases),
    events: days.flatMap((day) => day.events),
    counters: days
      .filter((day) => day.cases.length > 0)
      .map((day) => ({ countyId: demo.territory.county.id!, day: day.day, lastNumber: day.cases.length })),
  };
}

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function listSpots(demo: DemoCounty): Spot[] {
  return demo.territory.towns.flatMap((town) =>
    town.villages.flatMap((village) =>
      village.grids.flatMap((grid) =>
        [grid.region, ...grid.microGrids].map((region) => ({
          region,
          grid: grid.region,
          village: village.region,
          isCommunity: village.region.kind === '社区',
        })),
      ),
    ),
  );
}

/** A point inside the region's boundary (drawn in its bounding box until one falls inside), or none without one. */
function pointIn(region: RegionRow, random: Random): [number, number] | null {
  const { boundary, minLng, minLat, maxLng, maxLat } = region;
  if (!boundary || minLng == null || minLat == null || maxLng == null || maxLat == null) return null;
  for (let attempt = 0; attempt < 50; attempt++) {
    const point: [number, number] = [
      Number(random.between(minLng, maxLng).toFixed(6)),
      Number(random.between(minLat, maxLat).toFixed(6)),
    ];
    if (booleanPointInPolygon(point, boundary)) return point;
  }
  return null;
}

function placeIn(spot: Spot, random: Random): string {
  const name = spot.village.name;
  return spot.isCommunity
    ? `${name}${random.integer(1, 30)}号楼${random.pick(['楼下', '附近', '门口', '楼道'])}`
    : `${name}${random.integer(1, 12)}组${random.pick(['村口', '路边', '附近', '晒场旁'])}`;
}

function addressIn(spot: Spot, random: Random): string {
  const name = spot.village.name;
  return spot.isCommunity
    ? `${name}${random.integer(1, 30)}号楼${random.integer(1, 3)}单元`
    : `${name}${random.integer(1, 12)}组${random.integer(1, 60)}号`;
}

/**
 * Who acts at each level: a demo account whose region holds the case when there is one, so the demo users find
 * work waiting for them; otherwise a grid's own staff by name, or the duty officer of the region.
 */
class Actors {
  private readonly codeOf = new Map<string, string>();
  private readonly namesByGrid = new Map<string, string[]>();

  constructor(
    private readonly demo: DemoCounty,
    private readonly people: People,
  ) {
    for (const region of demo.regions) this.codeOf.set(region.id!, region.code);
    for (const staff of demo.staff) {
      if (staff.kind !== 'grid_leader' && staff.kind !== 'grid_member') continue;
      this.namesByGrid.set(staff.regionId, [...(this.namesByGrid.get(staff.regionId) ?? []), staff.name]);
    }
  }

  /** Accounts that handle cases at `level` and whose region holds the spot. */
  accountsAt(level: CaseLevel, spot: Spot): DemoAccountRow[] {
    return this.demo.demoAccounts.filter(
      (account) =>
        handlingLevelOf(account.role) === level &&
        account.regionId != null &&
        spot.region.code.startsWith(this.codeOf.get(account.regionId) ?? '-'),
    );
  }

  reporterIn(spot: Spot): DemoAccountRow | undefined {
    return this.accountsAt('grid', spot).find((account) => account.role === 'grid_member');
  }

  /** Someone at the level to act on the case, other than `excludedId`: an account (with its id) or a name. */
  pick(level: CaseLevel, spot: Spot, random: Random, excludedId?: string | null): { id: string | null; name: string } {
    const accounts = this.accountsAt(level, spot).filter((account) => account.id !== excludedId);
    if (accounts.length > 0) {
      const account = random.pick(accounts);
      return { id: account.id!, name: account.displayName };
    }
    if (level === 'grid') {
      const names = this.namesByGrid.get(spot.grid.id!);
      return { id: null, name: names ? random.pick(names) : this.people.name() };
    }
    const region =
      level === 'village' ? spot.village : level === 'town' ? this.townOf(spot) : this.demo.territory.county;
    return { id: null, name: `${region.name}值班人员` };
  }

  private townOf(spot: Spot): RegionRow {
    return this.demo.territory.towns.find((town) => spot.region.code.startsWith(town.region.code))!.region;
  }
}

type Plan = { tier: 'simple' | 'general'; steps: Step[]; clocks: Clock[] };

/**
 * The whole life a case would lead: the report, any escalations by a handler (each restarting the clock with the
 * complex time limit), and at its last level the work up to closing — or a return, a merge or parking instead.
 * Work that runs past the deadline meets the sweep: marked overdue and escalated a level up at the deadline, so
 * only at the county is a case still open past it; a few cases drag on like that from level to level (stuck). Late
 * work may be urged (督办) by the level above first, which brings the deadline forward. Work done in time may still
 * be closed late when its verification drags on; a handling that fails verification, or a closing a resident
 * disputes, reopens the case with a fresh clock. The sweep's warnings are marked too.
 */
function planCase(
  random: Random,
  facts: { category: CaseCategoryDefinition; reportedAt: number; actors: Actors; spot: Spot; canMerge: boolean },
): Plan {
  const { category, reportedAt, actors, spot } = facts;
  const isSimple = category.handlingLevel === 'grid' && category.kind !== 'hazard' && random.chance(0.15);
  const startLevel: CaseLevel = isSimple ? 'grid' : category.handlingLevel;
  const steps: Step[] = [{ action: 'report', at: reportedAt, toStatus: 'reported', toLevel: startLevel }];
  if (isSimple) {
    const result = random.pick(results[category.code]!);
    steps.push({ action: 'close', at: reportedAt, toStatus: 'closed', toLevel: 'grid', note: result });
    return { tier: 'simple', steps, clocks: [{ level: 'grid', start: reportedAt, deadline: reportedAt }] };
  }
  const clocks: Clock[] = [];
  const startClock = (level: CaseLevel, start: number, isComplex: boolean) => {
    const limit = isComplex ? category.complexLimit : category.generalLimit;
    const clock = { level, start, deadline: deadlineFor(new Date(start), limit, calendarAt(start)).getTime() };
    clocks.push(clock);
    return clock;
  };
  const at = (clock: Clock, fraction: number) => clock.start + (clock.deadline - clock.start) * fraction;
  let clock = startClock(startLevel, reportedAt, false);
  const outcome = random.pickWeighted<'returned' | 'merged' | 'parked' | 'stuck' | 'worked'>([
    ['returned', 2],
    ['merged', facts.canMerge ? 1.5 : 0],
    ['parked', 2],
    ['stuck', 4],
    ['worked', 90.5],
  ]);
  const level = () => clock.level;
  /** One level up, by a handler with their reason or by the sweep at the deadline (`reason` null). */
  const escalate = (escalatedAt: number, reason: string | null) => {
    const next = levelAbove(level())!;
    steps.push({
      action: 'escalate',
      at: escalatedAt,
      toStatus: 'reported',
      toLevel: next,
      ...(reason === null ? { isAutomatic: true } : { note: reason }),
      assignee: null,
    });
    clock = startClock(next, escalatedAt, true);
  };
  const done = () => ({ tier: 'general' as const, steps: withWarnings(steps, clocks), clocks });

  if (outcome === 'returned') {
    steps.push({
      action: 'return',
      at: at(clock, 0.1),
      toStatus: 'returned',
      toLevel: level(),
      note: '信息不全，请补充后重新上报',
    });
    return done();
  }
  let escalations = random.pickWeighted([
    [0, 85],
    [1, 12],
    [2, 3],
  ]);
  for (;;) {
    steps.push({ action: 'accept', at: at(clock, random.between(0.02, 0.08)), toStatus: 'accepted', toLevel: level() });
    if (outcome === 'merged') {
      steps.push({ action: 'merge', at: at(clock, 0.1), toStatus: 'merged', toLevel: level(), note: '与已有案件重复' });
      return done();
    }
    if (escalations-- > 0 && levelAbove(level())) {
      escalate(at(clock, random.between(0.15, 0.6)), random.pick(escalationReasons));
      continue;
    }
    // How much of the time limit the work takes: most finish inside it, some late, a few very late; what reaches
    // the county is the hardest, and nothing above it takes a late case away. A stuck case is late everywhere.
    const isHard = level() === 'county';
    const fraction =
      outcome === 'stuck'
        ? random.between(3, 12)
        : random.pickWeighted<() => number>([
            [() => random.between(0.1, 0.9), outcome === 'parked' ? 100 : isHard ? 60 : 86],
            [() => random.between(1.05, 2.5), isHard ? 30 : 12],
            [() => random.between(3, 12), isHard ? 10 : 2],
          ])();
    const isLate = fraction > 1;
    // Late work is dispatched and started in time all the same; the deadline catches it in progress.
    const work = (share: number) => at(clock, 0.08 + ((isLate ? 0.9 : fraction) - 0.08) * share);
    const assignee = actors.pick(level(), spot, random);
    steps.push({ action: 'dispatch', at: work(0.1), toStatus: 'dispatched', toLevel: level(), assignee });
    steps.push({ action: 'start', at: work(0.25), toStatus: 'in_progress', toLevel: level() });
    if (outcome === 'parked') {
      steps.push({
        action: 'park',
        at: work(0.5),
        toStatus: 'parked',
        toLevel: level(),
        note: random.pick(parkReasons),
      });
      return done();
    }
    if (isLate) {
      // The level above sees it slipping and presses with an earlier deadline (never past the one it had).
      if (levelAbove(level()) && random.chance(0.4)) {
        const urgedAt = at(clock, 0.5);
        const previous = clock.deadline;
        const deadline = at(clock, random.between(0.7, 0.9));
        steps.push({
          action: 'urge',
          at: urgedAt,
          toStatus: 'in_progress',
          toLevel: level(),
          note: random.pick(urgeReasons),
          details: { deadline: new Date(deadline).toISOString(), previousDeadline: new Date(previous).toISOString() },
        });
        clock = { level: level(), start: urgedAt, deadline };
        clocks.push(clock);
      }
      steps.push({
        action: 'overdue',
        at: clock.deadline,
        toStatus: 'in_progress',
        toLevel: level(),
        isAutomatic: true,
      });
      if (levelAbove(level())) {
        escalate(clock.deadline, null);
        continue;
      }
    }
    const finish = (share: number) => at(clock, 0.08 + (fraction - 0.08) * share);
    const handle = () =>
      steps.push({
        action: 'handle',
        at: finish(0.75),
        toStatus: 'handled',
        toLevel: level(),
        note: random.pick(results[category.code]!),
      });
    handle();
    // Late work is not reopened: its fresh clock would meet the sweep again.
    const reopening = isLate
      ? 'none'
      : random.pickWeighted<'none' | 'handled' | 'closed'>([
          ['none', 93],
          ['handled', 4],
          ['closed', 3],
        ]);
    if (reopening === 'handled') {
      reopen(finish(0.9), 'handled');
      handle();
    }
    // Verification that drags on closes in-time work late.
    const closeFinish = !isLate && random.chance(0.15) ? random.between(1.1, 1.8) : 1;
    const closing = (share: number) => at(clock, 0.08 + (fraction * closeFinish - 0.08) * share);
    const rating = random.chance(0.7) ? ratings.pick(random) : undefined;
    steps.push({
      action: 'verify',
      at: closing(0.9),
      toStatus: 'verified',
      toLevel: level(),
      ...(rating ? { rating } : {}),
    });
    steps.push({ action: 'close', at: closing(1), toStatus: 'closed', toLevel: level() });
    if (reopening === 'closed') {
      const closedAt = closing(1);
      reopen(closedAt + random.between(1, 6) * 86_400_000, 'closed');
      handle();
      const rerating = random.chance(0.7) ? ratings.pick(random) : undefined;
      steps.push({
        action: 'verify',
        at: finish(0.9),
        toStatus: 'verified',
        toLevel: level(),
        ...(rerating ? { rating: rerating } : {}),
      });
      steps.push({ action: 'close', at: finish(1), toStatus: 'closed', toLevel: level() });
    }
    return done();
  }

  /** A handling that failed verification, or a closing disputed within the window: back to work, a fresh clock. */
  function reopen(reopenedAt: number, from: 'handled' | 'closed') {
    steps.push({
      action: 'reopen',
      at: reopenedAt,
      toStatus: 'in_progress',
      toLevel: level(),
      note: random.pick(reopenReasons[from]),
    });
    clock = startClock(level(), reopenedAt, false);
  }
}

/** The sweep's warning at four fifths of each clock, where the case was still open then, in time order. */
function withWarnings(steps: Step[], clocks: readonly Clock[]): Step[] {
  const warnings = clocks.flatMap((clock, index) => {
    const warnAt = warningFor(new Date(clock.start), new Date(clock.deadline)).getTime();
    const isCurrent = (clocks[index + 1]?.start ?? Infinity) > warnAt;
    const state = steps.findLast((step) => step.at <= warnAt)!;
    return isCurrent && openStatuses.includes(state.toStatus)
      ? [{ action: 'warn' as const, at: warnAt, toStatus: state.toStatus, toLevel: state.toLevel, isAutomatic: true }]
      : [];
  });
  return [...steps, ...warnings].sort((first, second) => first.at - second.at);
}

/** The timeline of what happened: marks and automatic escalations by no one, the rest by whoever acted. */
function timeline(
  ids: IdFactory,
  context: { countyId: string; caseId: string; spot: Spot; actors: Actors },
  happened: readonly Step[],
  random: Random,
): CaseEventRow[] {
  let status: CaseStatus | null = null;
  let level: CaseLevel | null = null;
  let assigneeId: string | null = null;
  return happened.map((step) => {
    // A report comes from the grid, an urging from the level above, anything else from the case's level; whoever
    // handled the work does not verify it.
    const actingLevel =
      step.action === 'report' ? 'grid' : step.action === 'urge' ? levelAbove(step.toLevel)! : step.toLevel;
    const excludedId = step.action === 'verify' ? assigneeId : null;
    const actor = step.isAutomatic
      ? { id: null, name: null }
      : context.actors.pick(actingLevel, context.spot, random, excludedId);
    if (step.assignee !== undefined) assigneeId = step.assignee?.id ?? null;
    const isMark = step.action === 'warn' || step.action === 'overdue';
    const event: CaseEventRow = {
      countyId: context.countyId,
      id: ids.next(),
      caseId: context.caseId,
      at: new Date(step.at),
      actorId: actor.id,
      actorName: actor.name,
      action: step.action,
      fromStatus: isMark ? step.toStatus : status,
      toStatus: step.toStatus,
      fromLevel: isMark ? step.toLevel : level,
      toLevel: step.toLevel,
      note: step.note ?? null,
      details: step.details
        ? step.details
        : step.assignee
          ? { assigneeId: step.assignee.id, assigneeName: step.assignee.name }
          : step.rating
            ? { rating: step.rating }
            : step.action === 'escalate' && step.isAutomatic
              ? { isAutomatic: true }
              : null,
    };
    status = step.toStatus;
    level = step.toLevel;
    return event;
  });
}
