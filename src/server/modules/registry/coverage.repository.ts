import { sql } from 'drizzle-orm';
import type { CoverageRow } from '../../../shared/api/registry.js';
import type { Actor } from '../../auth/actor.js';
import { withinScope } from '../../auth/scope.js';
import { selectRows, type Executor } from '../../db/client.js';
import { regions } from '../../db/schema/index.js';

/** A region's figures as counted; the service adds the completeness rate. */
export type CoverageCount = Omit<CoverageRow, 'completeness'>;

/**
 * Households, persons and complete person records under a region and under each of its children. A record is
 * complete when it has an ID number, ethnicity, residence type, a household, and a phone if the person was born
 * before `adultsBornBefore` — what grid members are asked to collect (信息采集).
 */
export async function countCoverage(
  db: Executor,
  actor: Actor,
  region: { id: string; code: string; countyId: string },
  adultsBornBefore: string,
): Promise<CoverageCount[]> {
  const scope = withinScope(actor, sql.raw('area.code')) ?? sql`true`;
  return selectRows<CoverageCount>(
    db,
    sql`
    with area as (
      select id, code, name, level from ${regions}
      where parent_id = ${region.id} or id = ${region.id}
    )
    select area.id as "regionId", area.code, area.name, area.level,
      (select count(*)::int from households where households.county_id = ${region.countyId} and households.region_code like area.code || '%') as households,
      (select count(*)::int from persons where persons.county_id = ${region.countyId} and persons.region_code like area.code || '%') as persons,
      (select count(*)::int from persons where persons.county_id = ${region.countyId} and persons.region_code like area.code || '%'
        and id_number is not null and ethnicity is not null and residence_type is not null and household_id is not null
        and (phone is not null or birth_date >= ${adultsBornBefore}::date)) as "completePersons"
    from area where ${scope}
    order by area.code`,
  );
}
