import type { PlaceKind } from '../../shared/registry.js';
import type { places } from '../db/schema/index.js';
import type { IdFactory, RegionRow } from './demo-county.js';
import { People, ResidentNames } from './names.js';
import type { Random } from './random.js';

/** The places of a grid that grid members visit and check: shops, the "nine small places", building sites. */

export type PlaceRow = typeof places.$inferInsert;

/** A grid with the community or village it lies in. */
export type GridContext = { grid: RegionRow; village: RegionRow; isCommunity: boolean };

const placeKindShares: Record<'community' | 'village', (readonly [PlaceKind, number])[]> = {
  community: [
    ['shop', 0.3],
    ['restaurant', 0.2],
    ['nine_small_place', 0.2],
    ['company', 0.08],
    ['municipal_facility', 0.08],
    ['construction_site', 0.06],
    ['old_house', 0.03],
    ['other', 0.05],
  ],
  village: [
    ['shop', 0.25],
    ['restaurant', 0.12],
    ['nine_small_place', 0.18],
    ['company', 0.1],
    ['municipal_facility', 0.08],
    ['construction_site', 0.05],
    ['old_house', 0.15],
    ['other', 0.07],
  ],
};

const shopKinds = ['便利店', '副食店', '五金店', '水果店', '烟酒店', '文具店', '超市', '药店'];
const restaurantKinds = ['面馆', '小吃', '饭店', '土菜馆', '早餐店', '烧烤店', '快餐店'];
const shopWords = ['阳光', '顺心', '佳佳', '如意', '鑫鑫', '兴旺', '红星', '金色', '温馨'];
/** 九小场所: small shops, restaurants, hotels, entertainment, clinics, schools, hair salons, workshops, warehouses. */
const smallPlaceKinds = ['美发店', '棋牌室', '旅馆', '诊所', '托管班', '网吧', '洗衣店', '足浴店', '汽修店', '培训班'];
const companyWords = ['鑫源', '恒达', '华盛', '宏图', '博远', '新锐', '天成', '永兴'];
const companyTrades = ['科技', '建材', '纺织', '食品', '物流', '电子', '机械'];
const facilities = ['公共厕所', '垃圾分类收集点', '微型消防站', '健身广场', '电动车集中充电点', '口袋公园'];
const projects = ['安置房', '综合楼', '道路改造', '雨污分流改造', '老旧小区改造'];
const otherPlaces = ['快递驿站', '老年食堂', '农家书屋', '农贸市场', '党群服务站'];
const inspectionNotes = ['消防检查合格', '需复查消防通道', '已签订安全承诺书', '电动车违规充电已整改'];

export function generatePlaces(grids: readonly GridContext[], ids: IdFactory, random: Random): PlaceRow[] {
  const names = new ResidentNames(random.fork('names'));
  const phones = new People(random.fork('phones'));
  const personName = () => names.surname() + names.givenName(random.chance(0.5) ? 'male' : 'female', 1975);

  const placeIn = ({ grid, village, isCommunity }: GridContext): PlaceRow => {
    const kind = random.pickWeighted(placeKindShares[isCommunity ? 'community' : 'village']);
    // A community's places front its streets (北苑路12号); a village's stand among the houses of a group.
    const address = isCommunity
      ? `${village.name.replace(/社区$/, '')}路${random.integer(1, 200)}号`
      : `${village.name}${random.integer(1, 12)}组${random.integer(1, 60)}号`;
    const owner = personName();
    const name = nameOf(kind, village, owner, address, random);
    const isOrganisation = kind === 'company' || kind === 'construction_site' || kind === 'municipal_facility';
    const contactPhone = isOrganisation && random.chance(0.3) ? landline(random) : phones.phone();
    return {
      countyId: grid.countyId!,
      id: ids.next(),
      regionId: grid.id!,
      regionCode: grid.code,
      kind,
      name,
      address,
      contactName: random.chance(0.92) ? owner : null,
      contactPhone: random.chance(0.85) ? contactPhone : null,
      notes: kind === 'nine_small_place' || random.chance(0.1) ? random.pick(inspectionNotes) : '',
    };
  };

  return grids.flatMap((context) => Array.from({ length: random.integer(3, 8) }, () => placeIn(context)));
}

function nameOf(kind: PlaceKind, village: RegionRow, owner: string, address: string, random: Random): string {
  const surname = owner.slice(0, 1);
  switch (kind) {
    case 'shop':
      return `${random.chance(0.5) ? `${surname}记` : random.pick(shopWords)}${random.pick(shopKinds)}`;
    case 'restaurant':
      return `${random.pick([`${surname}家`, `老${surname}`, random.pick(shopWords)])}${random.pick(restaurantKinds)}`;
    case 'nine_small_place':
      return `${random.pick(shopWords)}${random.pick(smallPlaceKinds)}`;
    case 'company':
      return `${random.pick(companyWords)}${random.pick(companyTrades)}有限公司`;
    case 'municipal_facility':
      return `${village.name}${random.pick(facilities)}`;
    case 'construction_site':
      return `${village.name}${random.pick(projects)}工程项目部`;
    case 'old_house':
      return `${address}危旧房`;
    case 'other':
    default:
      return `${village.name}${random.pick(otherPlaces)}`;
  }
}

/** An office line: area code and eight digits. */
function landline(random: Random): string {
  return `0571-${random.integer(8000_0000, 8999_9999)}`;
}
