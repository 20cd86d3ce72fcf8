import type { microWishEvents, microWishes, units, wishDrives } from '../db/schema/index.js';
import { addDays, chinaDate } from '../../shared/clock.js';
import { regionCodeWidth } from '../../shared/policy.js';
import type { ClaimantKind, WishCategory, WishEventAction, WishStatus } from '../../shared/wishes.js';
import { IdFactory, type DemoCounty } from './demo-county.js';
import type { Population } from './population.js';
import { Random } from './random.js';

type WishRow = typeof microWishes.$inferInsert;
type EventRow = typeof microWishEvents.$inferInsert;
export type DemoWishes = { drives: (typeof wishDrives.$inferInsert)[]; wishes: WishRow[]; events: EventRow[] };

/** Wish ids start a fortnight after the territory's, apart from the other records'. */
const wishesEpoch = Date.UTC(2025, 0, 18);

/** What residents wished for in the Mid-Autumn drive, per category. */
const wishContents: Record<WishCategory, string[]> = {
  daily_goods: ['想要一台收音机，听听戏曲', '冬天快到了，想要一床厚棉被', '想要一箱月饼和水果，和老伴过个团圆节'],
  study: ['孙子上初中，想要一套学习用品', '想要一盏护眼台灯给孩子写作业'],
  health: ['想要一个电子血压计，方便在家量血压', '希望有医生上门检查一下身体'],
  service: ['厨房水龙头漏水，希望有人帮忙修一修', '想请人帮忙理个发'],
  company: ['子女在外地，希望中秋有人来陪我聊聊天', '想请志愿者读读报纸'],
  other: ['想拍一张全家福', '希望有人帮忙教我用智能手机视频通话'],
};

/** The life cycle each demo wish reached, in turn, so every status shows up in every village that has a few. */
const outcomes: WishStatus[] = [
  'acknowledged',
  'fulfilled',
  'claimed',
  'published',
  'acknowledged',
  'claimed',
  'pending_review',
  'fulfilled',
  'rejected',
  'cancelled',
];

/** The steps that lead to each status, after the registration. */
const stepsTo: Record<WishStatus, WishEventAction[]> = {
  pending_review: [],
  published: ['approve'],
  rejected: ['reject'],
  claimed: ['approve', 'claim'],
  fulfilled: ['approve', 'claim', 'fulfil'],
  acknowledged: ['approve', 'claim', 'fulfil', 'acknowledge'],
  cancelled: ['approve', 'cancel'],
};

const statusAfter: Record<WishEventAction, WishStatus> = {
  register: 'pending_review',
  approve: 'published',
  reject: 'rejected',
  claim: 'claimed',
  fulfil: 'fulfilled',
  acknowledge: 'acknowledged',
  cancel: 'cancelled',
};

function villageCodeOf(code: string): string {
  return code.slice(0, regionCodeWidth.county + regionCodeWidth.town + regionCodeWidth.village);
}

/**
 * The demo county's Mid-Autumn drive (中秋微心愿) with a few wishes of older residents in each village, in every
 * state: awaiting review, published, claimed by party members, cadres sent down and the partner units (some past
 * their promised date), fulfilled, acknowledged, rejected and cancelled; each with the history that led there.
 */
export function generateWishes(
  demo: DemoCounty,
  population: Population,
  demoUnits: readonly (typeof units.$inferInsert)[],
  options: { now: Date; wishesPerVillage: number },
): DemoWishes {
  const random = new Random(demo.seed).fork('wishes');
  const ids = new IdFactory(random, wishesEpoch);
  const today = chinaDate(options.now);
  const county = demo.territory.county;
  const countyId = county.id!;
  const startsOn = addDays(today, -40);
  const drive = {
    countyId,
    id: ids.next(),
    regionId: countyId,
    regionCode: county.code,
    name: '中秋微心愿',
    startsOn,
    endsOn: addDays(today, 20),
    targetCount: Math.max(10, Math.round((demo.regions.filter((r) => r.level === 'village').length * 3) / 2)),
  };
  const wishes: WishRow[] = [];
  const events: EventRow[] = [];
  const regionCodes = new Map(demo.regions.map((region) => [region.id, region.code]));
  const elderlyBefore = addDays(today, -365 * 60);
  const adultBefore = addDays(today, -365 * 18);
  const activeUnits = demoUnits.filter((unit) => unit.retiredAt === null);
  const groupByVillage = <Row>(rows: readonly Row[], codeOf: (row: Row) => string) => {
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const code = villageCodeOf(codeOf(row));
      groups.set(code, [...(groups.get(code) ?? []), row]);
    }
    return (code: string) => groups.get(code) ?? [];
  };
  const personsOf = groupByVillage(
    population.persons.filter((person) => person.birthDate && person.birthDate < adultBefore),
    (person) => person.regionCode,
  );
  const staffOf = groupByVillage(demo.staff, (staff) => regionCodes.get(staff.regionId) ?? '');
  const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

  for (const [villageIndex, village] of demo.regions.filter((region) => region.level === 'village').entries()) {
    const people = personsOf(village.code);
    const residents = people.filter((person) => person.birthDate! < elderlyBefore);
    const partyMembers = people.filter((person) => person.isPartyMember);
    const staff = staffOf(village.code);
    const cadres = staff.filter((row) => row.kind === 'sunk_cadre');
    const registrar = staff.find((row) => row.kind === 'grid_member') ?? staff[0];
    const actorName = registrar?.name ?? `${village.name}村（居）委会`;
    for (let index = 0; index < Math.min(options.wishesPerVillage, residents.length); index += 1) {
      const person = residents[index]!;
      const outcome = outcomes[(villageIndex * options.wishesPerVillage + index) % outcomes.length]!;
      const claimant = claimantOf((['party_member', 'cadre', 'unit'] as const)[index % 3]!, {
        partyMember: partyMembers[index % Math.max(1, partyMembers.length)],
        cadre: cadres[0],
        unit: activeUnits[villageIndex % Math.max(1, activeUnits.length)],
      });
      // A village with nobody to claim leaves its wish published.
      const status = stepsTo[outcome].includes('claim') && !claimant ? 'published' : outcome;
      const category = random.pick([...Object.keys(wishContents)] as WishCategory[]);
      const id = ids.next();
      const registeredOn = addDays(startsOn, random.integer(0, 20));
      const row: WishRow = {
        countyId,
        id,
        regionId: person.regionId,
        regionCode: person.regionCode,
        personId: person.id!,
        householdId: person.householdId ?? null,
        driveId: drive.id,
        category,
        content: random.pick(wishContents[category]),
        status,
        registeredAt: at(registeredOn, 9),
        version: 1,
      };
      const history: { action: WishEventAction; day: string; note: string | null }[] = [
        { action: 'register', day: registeredOn, note: null },
      ];
      let day = registeredOn;
      for (const action of stepsTo[status]) {
        day = addDays(day, random.integer(1, 4));
        let note: string | null = null;
        if (action === 'approve') row.reviewedAt = at(day, 10);
        if (action === 'reject') {
          row.reviewedAt = at(day, 10);
          row.rejectReason = note = '已纳入民政临时救助，不再重复登记';
        }
        if (action === 'claim' && claimant) {
          Object.assign(row, claimant.columns);
          row.claimedAt = at(day, 15);
          // About half the wishes still claimed are past their promised date: the late list has something on it.
          row.promisedOn =
            status !== 'claimed'
              ? addDays(day, random.integer(5, 14))
              : (villageIndex + index) % 2 === 0
                ? addDays(today, -random.integer(2, 10))
                : addDays(today, random.integer(3, 14));
          note = `${claimant.name} · ${row.promisedOn}`;
        }
        if (action === 'fulfil') {
          row.fulfilledAt = at(day, 16);
          row.fulfilmentNote = note = '已送到居民家中，居民很高兴';
        }
        if (action === 'acknowledge') {
          row.acknowledgedAt = at(day, 11);
          row.acknowledgement = note = '感谢党和政府的关心，心愿实现了！';
          row.rating = 5;
        }
        if (action === 'cancel') {
          row.cancelledAt = at(day, 10);
          row.cancelReason = note = '居民已由子女解决';
        }
        row.version = (row.version ?? 1) + 1;
        history.push({ action, day, note });
      }
      row.updatedAt = at(day, 17);
      wishes.push(row);
      let fromStatus: WishStatus | null = null;
      for (const [step, event] of history.entries()) {
        const toStatus = statusAfter[event.action];
        events.push({
          countyId,
          id: ids.next(),
          wishId: id,
          action: event.action,
          fromStatus,
          toStatus,
          note: event.note,
          actorName,
          createdAt: at(event.day, 9 + step),
        });
        fromStatus = toStatus;
      }
    }
  }
  return { drives: [drive], wishes, events };
}

/** The claimant's columns: a party member of the village, its cadre sent down, or its partner unit. */
function claimantOf(
  kind: ClaimantKind,
  candidates: {
    partyMember: Population['persons'][number] | undefined;
    cadre: DemoCounty['staff'][number] | undefined;
    unit: typeof units.$inferInsert | undefined;
  },
): { name: string; columns: Partial<WishRow> } | undefined {
  const none = { claimantStaffId: null, claimantPersonId: null, claimantUnitId: null, claimantAccountId: null };
  const { partyMember, cadre, unit } = candidates;
  if (kind === 'cadre' && cadre) {
    return {
      name: cadre.name,
      columns: {
        ...none,
        claimantKind: kind,
        claimantStaffId: cadre.id!,
        claimantAccountId: cadre.accountId ?? null,
        claimantName: cadre.name,
      },
    };
  }
  if (kind === 'unit' && unit) {
    return {
      name: unit.name,
      columns: { ...none, claimantKind: kind, claimantUnitId: unit.id!, claimantName: unit.name },
    };
  }
  const member = partyMember;
  if (!member) return undefined;
  return {
    name: member.name,
    columns: { ...none, claimantKind: 'party_member', claimantPersonId: member.id!, claimantName: member.name },
  };
}
