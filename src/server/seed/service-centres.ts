import type { serviceCentres, serviceConsultations } from '../db/schema/index.js';
import { addDays, chinaDate, chinaDayStart } from '../../shared/clock.js';
import { consultationOutcomes, defaultConsultationKinds } from '../../shared/service-centres.js';
import { IdFactory, type DemoCounty } from './demo-county.js';
import type { Population } from './population.js';
import { Random } from './random.js';

type CentreRow = typeof serviceCentres.$inferInsert;
type ConsultationRow = typeof serviceConsultations.$inferInsert;
export type DemoServiceCentres = { centres: CentreRow[]; consultations: ConsultationRow[] };

/** Service-centre ids start three weeks after the territory's, apart from the other records'. */
const serviceCentresEpoch = Date.UTC(2025, 0, 24);

/** What residents come about, per kind: a few subjects each. */
const subjects: Record<string, string[]> = {
  policy: ['咨询低保政策', '咨询高龄津贴', '咨询惠农补贴'],
  social_security: ['城乡居民医保缴费', '养老保险认证', '医保异地备案'],
  civil_affairs: ['临时救助申请', '残疾人补贴申请'],
  certificate: ['开具居住证明', '开具无犯罪记录证明指引'],
  employment: ['登记求职意向', '咨询创业贷款'],
  legal: ['邻里纠纷法律咨询', '劳务欠薪咨询'],
  complaint: ['反映路灯不亮', '反映垃圾清运不及时'],
  other: ['借用活动室', '咨询办事流程'],
};

/**
 * The demo county's party-mass service centres: one in each town and village, a talk point in every village, and
 * some consultations at each village's centre over the last months, a few naming the resident who came.
 */
export function generateServiceCentres(
  demo: DemoCounty,
  population: Population,
  options: { now: Date; days: number; consultationsPerVillage: number },
): DemoServiceCentres {
  const random = new Random(demo.seed).fork('service-centres');
  const ids = new IdFactory(random, serviceCentresEpoch);
  const countyId = demo.territory.county.id!;
  const today = chinaDate(options.now);
  const centres: CentreRow[] = [];
  const consultations: ConsultationRow[] = [];
  const centreOf = (region: { id?: string; code: string; name: string }, kind: CentreRow['kind'], name: string) => {
    const row: CentreRow = {
      countyId,
      id: ids.next(),
      regionId: region.id!,
      regionCode: region.code,
      kind,
      name,
      address: `${region.name}综合服务楼`,
      phone: `0371-6${String(random.integer(1000000, 9999999))}`,
    };
    centres.push(row);
    return row;
  };
  for (const town of demo.territory.towns) {
    centreOf(town.region, 'centre', `${town.region.name}党群服务中心`);
    for (const village of town.villages) {
      const centre = centreOf(village.region, 'centre', `${village.region.name}党群服务中心`);
      centreOf(village.region, 'talk_point', `${village.region.name}说事点`);
      const residents = population.persons.filter((person) => person.regionCode.startsWith(village.region.code));
      for (let index = 0; index < options.consultationsPerVillage; index++) {
        const kind = random.pick(defaultConsultationKinds).code;
        const day = addDays(today, -random.integer(1, options.days));
        consultations.push({
          countyId,
          id: ids.next(),
          centreId: centre.id,
          kind,
          outcome: random.pick(consultationOutcomes),
          // Office hours, China time: 08:30 to 17:30.
          happenedAt: new Date(chinaDayStart(day).getTime() + random.integer(510, 1050) * 60_000),
          subject: random.pick(subjects[kind]!),
          personId: residents.length > 0 && random.chance(0.3) ? random.pick(residents).id! : null,
        });
      }
    }
  }
  return { centres, consultations };
}
