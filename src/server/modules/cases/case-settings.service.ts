import type { CaseSettings } from '../../../shared/api/case-catalogue.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { inTransactionWithAudit } from '../audit/audit.service.js';
import { assertRobotsAllowed } from '../notifications/notifications.service.js';
import { readCaseSettings, writeCaseSettings } from './case-settings.js';
import { loadCounty } from './catalogue.service.js';

/** The county's working calendar and group robots; robot addresses hold their tokens, so only its keepers see them. */
export async function getCaseSettings(db: Database, actor: Actor, countyId?: string): Promise<CaseSettings> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  return readCaseSettings(db, county.id);
}

/**
 * Replaces the county's case settings. Robot URLs pointing into this machine or a private network are refused
 * unless the installation allows them (`WEBHOOK_ALLOW_PRIVATE`); delivery checks them again.
 */
export async function saveCaseSettings(
  db: Database,
  actor: Actor,
  settings: CaseSettings,
  options: { countyId?: string | undefined; isPrivateWebhookAllowed: boolean },
): Promise<CaseSettings> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, options.countyId);
  await assertRobotsAllowed(settings.webhooks, options.isPrivateWebhookAllowed);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await writeCaseSettings(transaction, county.id, settings);
    return {
      // What changed, without the robots' tokens and secrets.
      audit: {
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
      },
    };
  });
  return readCaseSettings(db, county.id);
}
