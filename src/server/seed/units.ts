import { uuidv7 } from 'uuidv7';
import type { units } from '../db/schema/index.js';
import type { UnitKind } from '../../shared/units.js';

/**
 * The demo county's units: the departments that send cadres down and pair with communities ("1+N"), the enterprises
 * and schools that join them, and one that no longer works with the county (retired, kept for its history).
 */
const demoUnits: { name: string; kind: UnitKind; contactName: string; contactPhone: string; isRetired?: boolean }[] = [
  { name: '县委组织部', kind: 'department', contactName: '王立新', contactPhone: '0571-86012301' },
  { name: '县民政局', kind: 'department', contactName: '陈晓燕', contactPhone: '0571-86012415' },
  { name: '县教育局', kind: 'department', contactName: '刘建国', contactPhone: '0571-86012520' },
  { name: '县卫生健康局', kind: 'department', contactName: '赵敏', contactPhone: '0571-86012633' },
  { name: '县人力资源和社会保障局', kind: 'department', contactName: '孙伟', contactPhone: '0571-86012746' },
  { name: '县供电公司', kind: 'enterprise', contactName: '周海涛', contactPhone: '13905710123' },
  { name: '县农村商业银行', kind: 'enterprise', contactName: '吴丽', contactPhone: '13905710456' },
  { name: '示范县自来水有限公司', kind: 'enterprise', contactName: '郑强', contactPhone: '13905710789' },
  { name: '县第一中学', kind: 'school', contactName: '钱志华', contactPhone: '0571-86013088' },
  { name: '城关小学', kind: 'school', contactName: '冯雪', contactPhone: '0571-86013199' },
  { name: '县志愿者协会', kind: 'social_organisation', contactName: '何静', contactPhone: '13805719876' },
  { name: '县红十字会', kind: 'social_organisation', contactName: '许明', contactPhone: '0571-86013277' },
  { name: '县粮食收储公司', kind: 'enterprise', contactName: '韩冬', contactPhone: '13905711234', isRetired: true },
];

/** The unit whose contact signs in as the demo's `unit` account. */
export const demoDispatchingUnitName = '县民政局';

/** The demo units as rows of the county. */
export function generateUnits(countyId: string, now: Date): (typeof units.$inferInsert)[] {
  return demoUnits.map(({ isRetired, ...unit }) => ({
    countyId,
    id: uuidv7(),
    ...unit,
    retiredAt: isRetired ? now : null,
  }));
}
