import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { recordAudit } from '../audit/audit.service.js';
import { readCaseSettings, writeCaseSettings, type CaseSettings } from './case-settings.js';
import { loadCounty } from './catalogue.service.js';

/** The county's working calendar and group robots; robot addresses hold their tokens, so only its keepers see them. */
export async function getCaseSettings(db: Database, actor: Actor, countyId?: string): Promise<CaseSettings> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  return readCaseSettings(db, county.id);
}

export async function saveCaseSettings(
  db: Database,
  actor: Actor,
  settings: CaseSettings,
  countyId?: string,
): Promise<CaseSettings> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  await db.transaction(async (transaction) => {
    await writeCaseSettings(transaction, county.id, settings);
    // What changed, without the robots' tokens and secrets.
    await recordAudit(transaction, actor, {
      action: 'case_settings.update',
      entityType: 'case_settings',
      entityId: county.id,
      countyId: county.id,
      regionCode: county.code,
      outcome: 'success',
      details: {
        holidays: settings.holidays.length,
        workdays: settings.workdays.length,
        webhooks: settings.webhooks.map((webhook) => ({
          host: new URL(webhook.url).host,
          format: webhook.format,
          isSigned: webhook.secret !== undefined,
        })),
      },
    });
  });
  return readCaseSettings(db, county.id);
}
