import type { pairingContacts, pairings, units } from '../db/schema/index.js';
import { addDays, chinaDate } from '../../shared/clock.js';
import { defaultPairingKinds, type ContactKind } from '../../shared/pairings.js';
import { regionCodeWidth } from '../../shared/policy.js';
import { IdFactory, type DemoCounty } from './demo-county.js';
import type { Population } from './population.js';
import { Random } from './random.js';

type PairingRow = typeof pairings.$inferInsert;
type ContactRow = typeof pairingContacts.$inferInsert;
export type DemoPairings = { pairings: PairingRow[]; contacts: ContactRow[] };

/** Pairing ids start a fortnight after the territory's, apart from the other records'. */
const pairingsEpoch = Date.UTC(2025, 0, 17);

/** What a helper writes down after a contact, and the help given (empty: none), per kind. */
const contactStories: Record<string, { notes: string[]; help: string[] }> = {
  parent_student: {
    notes: ['检查作业，谈心聊学习', '陪同参加家长会', '了解在校情况，叮嘱假期安全'],
    help: ['', '', '赠送学习用品一套', '资助学杂费 500 元'],
  },
  cadre_household: {
    notes: ['入户了解家庭近况', '宣传医保缴费政策', '帮助联系就业岗位'],
    help: ['', '', '米面油一份', '协助申请临时救助'],
  },
  unit_community: {
    notes: ['到社区开展志愿服务', '召开共建联席会', '认领社区微心愿'],
    help: ['', '捐赠防汛物资', '出资修缮健身场地'],
  },
  cadre_enterprise: {
    notes: ['走访企业了解用工需求', '宣讲惠企政策', '协调解决用电问题'],
    help: ['', '', '协助办理稳岗补贴'],
  },
};

function villageCodeOf(code: string): string {
  return code.slice(0, regionCodeWidth.county + regionCodeWidth.town + regionCodeWidth.village);
}

/**
 * The demo county's pairings over the last months: party-member "parents" and students (one each), cadres and
 * households, the partner units and villages, cadres and the small enterprises; each with contacts at about its
 * frequency, and about one in five late, so the worklist has something on it.
 */
export function generatePairings(
  demo: DemoCounty,
  population: Population,
  demoUnits: readonly (typeof units.$inferInsert)[],
  options: { now: Date; days: number },
): DemoPairings {
  const random = new Random(demo.seed).fork('pairings');
  const ids = new IdFactory(random, pairingsEpoch);
  const today = chinaDate(options.now);
  const countyId = demo.territory.county.id!;
  const kindOf = (code: string) => defaultPairingKinds.find((kind) => kind.code === code)!;
  const adultBefore = addDays(today, -365 * 18);
  const rows: PairingRow[] = [];
  const contacts: ContactRow[] = [];

  const add = (
    code: string,
    helper: Pick<PairingRow, 'helperSide' | 'helperStaffId' | 'helperPersonId' | 'helperUnitId' | 'helperName'>,
    helped: { id: string; regionId: string; regionCode: string },
  ) => {
    const kind = kindOf(code);
    const startsOn = addDays(today, -random.integer(Math.floor(options.days / 3), options.days));
    const id = ids.next();
    const isLate = random.chance(0.2);
    // Contacts at about the kind's frequency; a late pairing's last one is further back than its frequency.
    let day = addDays(startsOn, random.integer(1, kind.contactEveryDays));
    const lastDay = isLate ? addDays(today, -kind.contactEveryDays - random.integer(3, 20)) : today;
    let lastContactOn: string | null = null;
    while (day <= lastDay) {
      const story = contactStories[code]!;
      contacts.push({
        countyId,
        id: ids.next(),
        pairingId: id,
        contactedOn: day,
        kind: random.pick<ContactKind>(['visit', 'visit', 'help', 'call']),
        note: random.pick(story.notes),
        helpGiven: random.pick(story.help),
      });
      lastContactOn = day;
      day = addDays(day, random.integer(Math.ceil(kind.contactEveryDays / 2), kind.contactEveryDays));
    }
    rows.push({
      countyId,
      id,
      kind: code,
      regionId: helped.regionId,
      regionCode: helped.regionCode,
      ...helper,
      helpedSide: kind.helpedSide,
      helpedId: helped.id,
      isOneToOne: kind.isOneToOne,
      startsOn,
      contactEveryDays: kind.contactEveryDays,
      lastContactOn,
      status: 'active',
    });
  };

  const villages = demo.regions.filter((region) => region.level === 'village');
  const activeUnits = demoUnits.filter((unit) => unit.retiredAt === null);
  // Everything grouped by village once: the county scale has hundreds of villages and 400,000 people.
  const byVillage = <Row>(rows: readonly Row[], codeOf: (row: Row) => string) => {
    const groups = new Map<string, Row[]>();
    for (const row of rows) {
      const code = villageCodeOf(codeOf(row));
      const group = groups.get(code);
      if (group) group.push(row);
      else groups.set(code, [row]);
    }
    return (code: string) => groups.get(code) ?? [];
  };
  const regionCodes = new Map(demo.regions.map((region) => [region.id, region.code]));
  const personsOf = byVillage(population.persons, (person) => person.regionCode);
  const householdsOf = byVillage(population.households, (household) => household.regionCode);
  const placesOf = byVillage(population.places, (place) => place.regionCode);
  const staffOf = byVillage(
    demo.staff.filter((staff) => staff.kind === 'sunk_cadre' || staff.kind === 'grid_leader'),
    (staff) => regionCodes.get(staff.regionId) ?? '',
  );
  for (const [index, village] of villages.entries()) {
    const people = personsOf(village.code);
    const partyMembers = people.filter(
      (person) => person.isPartyMember && person.birthDate && person.birthDate < adultBefore,
    );
    const minors = people.filter((person) => person.birthDate && person.birthDate > addDays(today, -365 * 16));
    // Party-member parents and students, one to one.
    for (let pairIndex = 0; pairIndex < Math.min(4, partyMembers.length, minors.length); pairIndex += 1) {
      const parent = partyMembers[pairIndex]!;
      const student = minors[pairIndex]!;
      add(
        'parent_student',
        {
          helperSide: 'party_member',
          helperStaffId: null,
          helperPersonId: parent.id!,
          helperUnitId: null,
          helperName: parent.name,
        },
        { id: student.id!, regionId: student.regionId, regionCode: student.regionCode },
      );
    }
    // Cadres sent down (or the grid's leaders) and households of their village (包保到户).
    const helpers = staffOf(village.code);
    const homes = householdsOf(village.code);
    const villagePlaces = placesOf(village.code);
    for (const [helperIndex, staff] of helpers.slice(0, 4).entries()) {
      const helper = {
        helperSide: 'staff' as const,
        helperStaffId: staff.id!,
        helperPersonId: null,
        helperUnitId: null,
        helperName: staff.name,
      };
      for (const home of homes.slice(helperIndex * 3, helperIndex * 3 + 3)) {
        add('cadre_household', helper, { id: home.id!, regionId: home.regionId, regionCode: home.regionCode });
      }
      const place = villagePlaces[helperIndex];
      if (place)
        add('cadre_enterprise', helper, { id: place.id!, regionId: place.regionId, regionCode: place.regionCode });
    }
    // A partner unit for each village ("1+N").
    const unit = activeUnits[index % activeUnits.length];
    if (unit) {
      add(
        'unit_community',
        {
          helperSide: 'unit',
          helperStaffId: null,
          helperPersonId: null,
          helperUnitId: unit.id!,
          helperName: unit.name,
        },
        { id: village.id!, regionId: village.id!, regionCode: village.code },
      );
    }
  }
  return { pairings: rows, contacts };
}
