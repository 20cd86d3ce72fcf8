import type { StoredDisputeParty } from '../db/schema/disputes.js';
import type { disputeSessions, disputes, talkPoints } from '../db/schema/index.js';
import type { SettledLevel } from '../../shared/disputes.js';
import { IdFactory, type DemoCounty } from './demo-county.js';
import type { Population } from './population.js';
import { Random } from './random.js';

export type TalkPointRow = typeof talkPoints.$inferInsert;
export type DisputeRow = typeof disputes.$inferInsert;
export type DisputeSessionRow = typeof disputeSessions.$inferInsert;

export type DemoDisputes = { talkPoints: TalkPointRow[]; disputes: DisputeRow[]; sessions: DisputeSessionRow[] };

/** Dispute ids start a week after the territory's, apart from the population's, cases' and visits'. */
const disputesEpoch = Date.UTC(2025, 0, 10);
const day = 86_400_000;

/** What each kind of dispute is about, as a grid member would write it down, and what was agreed. */
const stories: Record<string, { summaries: string[]; agreements: string[] }> = {
  neighbour: {
    summaries: [
      '两户因宅前排水沟堵塞互相指责，雨天积水漫入邻居院内。',
      '楼上住户装修噪音大，楼下老人多次上门理论发生争吵。',
      '邻居在公共通道堆放杂物，影响通行引发口角。',
    ],
    agreements: [
      '双方同意共同清理排水沟，费用各半，今后轮流维护。',
      '装修时间限定为工作日 8:00-12:00、14:00-18:00，楼上住户向老人致歉。',
      '三日内清理公共通道杂物，今后不再堆放。',
    ],
  },
  family: {
    summaries: ['兄弟三人因老人赡养费用分担问题发生矛盾。', '夫妻因家庭琐事长期争吵，女方回娘家居住。'],
    agreements: ['兄弟三人按月各承担赡养费 500 元，轮流照料老人。', '双方同意和好，男方保证不再酗酒，村妇联定期回访。'],
  },
  land: {
    summaries: ['两户因承包地边界不清发生争执，一方毁坏另一方界桩。', '宅基地翻建时占用邻户滴水檐引发纠纷。'],
    agreements: ['经村两委现场勘界，按确权图重新埋设界桩。', '翻建户后退 30 厘米，并为邻户修缮排水。'],
  },
  labour: {
    summaries: ['装修队拖欠 5 名工人工资共计 2.3 万元。', '农家乐拖欠临时帮工工钱。'],
    agreements: ['装修队负责人当场支付 1.5 万元，余款 15 日内付清。', '经营户一次性结清工钱。'],
  },
  property_management: {
    summaries: ['小区业主因电梯长期故障拒交物业费，与物业公司僵持。'],
    agreements: ['物业公司一个月内完成电梯维修，业主补交物业费。'],
  },
  damages: {
    summaries: ['村民饲养的狗咬伤邻居小孩，双方就医疗费赔偿发生争执。', '电动车剐蹭行人，就赔偿金额协商不成。'],
    agreements: ['狗主人承担全部医疗费用 2800 元，并拴养犬只。', '车主赔偿医疗费和误工费共 1200 元。'],
  },
  other: {
    summaries: ['村民对集体经济分红方案有异议，多次到村委会反映。'],
    agreements: ['村务监督委员会公开分红明细，当事人表示认可。'],
  },
};

const kindWeights: [string, number][] = [
  ['neighbour', 9],
  ['family', 6],
  ['land', 5],
  ['labour', 3],
  ['property_management', 2],
  ['damages', 3],
  ['other', 2],
];

/** Where the demo's disputes stand: most settled in the grid or village, some at the town, a few sent on or open. */
const fates: [Fate, number][] = [
  ['grid', 9],
  ['village', 9],
  ['town', 2],
  ['town_committee', 2],
  ['court', 1],
  ['mediating', 4],
  ['registered', 2],
  ['withdrawn', 1],
];
type Fate = SettledLevel | 'town_committee' | 'court' | 'mediating' | 'registered' | 'withdrawn';

const volunteerNames = ['王大妈', '李老师', '退休老支书张伯', '赵阿姨', '乡贤陈叔'];
const sessionNotes = [
  '分别听取双方意见，情绪较为激动，约定再次协商。',
  '调解员讲解相关法律规定，双方态度有所缓和。',
  '实地查看现场，双方初步达成一致意见。',
  '背对背调解，分别做通思想工作。',
];

function weighted<Item>(random: Random, table: [Item, number][]): Item {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random.next() * total;
  for (const [item, weight] of table) {
    point -= weight;
    if (point < 0) return item;
  }
  return table[table.length - 1]![0];
}

/**
 * The demo county's disputes: a talk point (百姓说事点) in each village and about `count` disputes in its grids over
 * the last `days` days before `now`, their parties drawn from each grid's residents (and an outsider now and then),
 * mediated in sessions and mostly settled in the grid or village. Deterministic for the same county and moment.
 */
export function generateDisputes(
  demo: DemoCounty,
  population: Population,
  options: { count: number; days: number; now: Date },
): DemoDisputes {
  const random = new Random(demo.seed ^ 0x5d15e);
  const ids = new IdFactory(random, disputesEpoch);
  const countyId = demo.territory.county.id!;
  const villages = demo.regions.filter((region) => region.level === 'village');
  const grids = demo.regions.filter((region) => region.level === 'grid');
  const adultsByGrid = new Map<string, { id: string }[]>();
  const oldest = `${Number(options.now.toISOString().slice(0, 4)) - 18}`;
  for (const person of population.persons) {
    if (person.birthDate && person.birthDate.slice(0, 4) >= oldest) continue;
    const list = adultsByGrid.get(person.regionId) ?? [];
    if (list.length < 40) list.push({ id: person.id! });
    adultsByGrid.set(person.regionId, list);
  }
  const talkPointRows: TalkPointRow[] = villages.map((village) => ({
    countyId,
    id: ids.next(),
    regionId: village.id!,
    regionCode: village.code,
    name: `${village.name}百姓说事点`,
    address: `${village.name}党群服务中心一楼`,
    host: random.pick(volunteerNames),
  }));
  const talkPointOf = new Map(talkPointRows.map((point) => [point.regionId, point]));
  const disputeRows: DisputeRow[] = [];
  const sessionRows: DisputeSessionRow[] = [];
  const gridsWithPeople = grids.filter((grid) => (adultsByGrid.get(grid.id!)?.length ?? 0) >= 2);
  for (let index = 0; index < options.count && gridsWithPeople.length > 0; index += 1) {
    const grid = random.pick(gridsWithPeople);
    const adults = adultsByGrid.get(grid.id!)!;
    const kind = weighted(random, kindWeights);
    const story = stories[kind]!;
    const storyIndex = random.integer(0, story.summaries.length - 1);
    const fate = weighted(random, fates);
    const registeredAt = new Date(options.now.getTime() - random.between(0.2, options.days) * day);
    const first = random.pick(adults);
    const second = random.pick(adults.filter((person) => person.id !== first.id));
    const parties: StoredDisputeParty[] =
      random.chance(0.2) || kind === 'labour'
        ? [
            { personId: first.id },
            {
              name: random.pick(['外地务工人员刘某', '装修队负责人周某', '外村村民吴某']),
              phone: `139${String(random.integer(10_000_000, 99_999_999))}`,
            },
          ]
        : [{ personId: first.id }, { personId: second.id }];
    const talkPoint = talkPointOf.get(grid.parentId!);
    const usesTalkPoint = talkPoint !== undefined && random.chance(0.5);
    const gridStaff = demo.staff.filter((person) => person.regionId === grid.id).slice(0, 1);
    const id = ids.next();
    const isOpen = fate === 'registered' || fate === 'mediating';
    const sessionCount = fate === 'registered' ? 0 : fate === 'withdrawn' ? 1 : random.integer(1, 3);
    const span = Math.max(options.now.getTime() - registeredAt.getTime(), day / 4);
    for (let number = 0; number < sessionCount; number += 1) {
      sessionRows.push({
        countyId,
        id: ids.next(),
        disputeId: id,
        heldAt: new Date(registeredAt.getTime() + (span * (number + 1)) / (sessionCount + 2)),
        place: usesTalkPoint ? talkPoint.name : `${grid.name}网格工作站`,
        attendees: '双方当事人、网格员',
        notes: random.pick(sessionNotes),
        createdByName: gridStaff[0]?.name ?? null,
      });
    }
    const closedAt = isOpen
      ? null
      : new Date(registeredAt.getTime() + (span * (sessionCount + 1)) / (sessionCount + 2));
    const settledLevel = fate === 'grid' || fate === 'village' || fate === 'town' ? fate : null;
    disputeRows.push({
      countyId,
      id,
      regionId: grid.id!,
      regionCode: grid.code,
      kind,
      summary: story.summaries[storyIndex]!,
      parties,
      personIds: parties.flatMap((party) => ('personId' in party ? [party.personId] : [])),
      mediators: {
        staff: gridStaff.map((person) => ({ id: person.id!, name: person.name })),
        volunteerNames: usesTalkPoint ? [talkPoint.host!] : [],
      },
      talkPointId: usesTalkPoint ? talkPoint.id! : null,
      hasLegalAid: fate === 'town' || fate === 'court' || random.chance(0.1),
      legalAidBy: fate === 'town' || fate === 'court' ? '镇司法所' : null,
      status: isOpen
        ? (fate as 'registered' | 'mediating')
        : settledLevel
          ? 'settled'
          : fate === 'withdrawn'
            ? 'withdrawn'
            : 'escalated',
      registeredAt,
      agreement: settledLevel ? story.agreements[storyIndex]! : null,
      settledLevel,
      escalatedTo:
        fate === 'town_committee' || fate === 'court' || fate === 'town'
          ? fate === 'court'
            ? 'court'
            : 'town_committee'
          : null,
      escalatedAt: fate === 'town_committee' || fate === 'court' || fate === 'town' ? closedAt : null,
      outcomeNote:
        fate === 'court'
          ? '当事人坚持诉讼，引导其依法起诉。'
          : fate === 'town_committee'
            ? '村级调解未果，提交镇调委会。'
            : fate === 'withdrawn'
              ? '当事人自行和解，撤回申请。'
              : null,
      closedAt: fate === 'town_committee' ? null : closedAt,
      createdBy: null,
    });
  }
  return { talkPoints: talkPointRows, disputes: disputeRows, sessions: sessionRows };
}
