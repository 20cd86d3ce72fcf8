import type { VisitPurpose, VisitPurposes, VisitPurposesInput } from '../../../shared/api/visits.js';
import { alwaysSensitiveVisitPurposes, defaultVisitPurposeList } from '../../../shared/visits.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { inTransactionWithAudit } from '../audit/audit.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { readSetting, writeSetting } from '../settings/settings.service.js';

/** A purpose as the county's setting holds it: lists saved before purposes could be sensitive lack the flag. */
type StoredPurpose = Omit<VisitPurpose, 'isSensitive'> & { isSensitive?: boolean };

const purposesKey = (countyId: string) => `visits:purposes:${countyId}`;

/**
 * A purpose is sensitive where the county marks it so, and the purposes whose findings always describe a household's
 * means or health stay sensitive whatever a list says: no setting lowers their protection.
 */
function withSensitivity(purpose: StoredPurpose): VisitPurpose {
  const isSensitive = alwaysSensitiveVisitPurposes.includes(purpose.code) || purpose.isSensitive === true;
  return { ...purpose, isSensitive };
}

/** The county's visit purposes: its own list once it saved one, the defaults before. */
export async function readVisitPurposes(db: Executor, countyId: string): Promise<VisitPurpose[]> {
  const own = await readSetting<StoredPurpose[]>(db, purposesKey(countyId));
  return (own ?? defaultVisitPurposeList()).map(withSensitivity);
}

/** The codes of the county's sensitive purposes, whose findings only `sensitive.read` reads (visit-findings.service). */
export async function readSensitivePurposeCodes(db: Executor, countyId: string): Promise<Set<string>> {
  const purposes = await readVisitPurposes(db, countyId);
  return new Set(purposes.filter((purpose) => purpose.isSensitive).map((purpose) => purpose.code));
}

export async function getVisitPurposes(db: Database, actor: Actor, countyId?: string): Promise<VisitPurposes> {
  assertCan(actor, 'visit.read');
  const county = await loadCounty(db, actor, countyId);
  return { items: await readVisitPurposes(db, county.id) };
}

/** Replaces the county's list: the county's keepers (case.configure) edit it. */
export async function saveVisitPurposes(
  db: Database,
  actor: Actor,
  input: VisitPurposesInput,
  countyId?: string,
): Promise<VisitPurposes> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  const items = input.items.map((item) =>
    withSensitivity({ ...item, isActive: item.isActive ?? true, isSensitive: item.isSensitive ?? false }),
  );
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await writeSetting(transaction, purposesKey(county.id), items);
    return {
      audit: {
        action: 'visit_purposes.update',
        entityType: 'visit_purposes',
        entityId: county.id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: {
          codes: items.map((item) => item.code),
          sensitive: items.filter((item) => item.isSensitive).map((item) => item.code),
        },
      },
    };
  });
  return { items };
}
