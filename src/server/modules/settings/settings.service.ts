import type { AuditAction, AuditEntityType } from '../../../shared/audit.js';
import type { Actor } from '../../auth/actor.js';
import type { Database, Executor } from '../../db/client.js';
import { inTransactionWithAudit } from '../audit/audit.service.js';
import { selectSetting, upsertSetting } from './settings.repository.js';

/** The installation's settings (a key and a JSON value each): what other modules read and write through. */
export async function readSetting<Value>(db: Executor, key: string): Promise<Value | undefined> {
  return (await selectSetting(db, key)) as Value | undefined;
}

export async function writeSetting(db: Executor, key: string, value: unknown): Promise<void> {
  await upsertSetting(db, key, value);
}

/** One of a county's rules as saved: its key and value, and how the audit log names the change. */
export type CountySetting = {
  key: string;
  value: unknown;
  action: AuditAction;
  entityType: AuditEntityType;
  details: Record<string, unknown>;
};

/**
 * Saves one of a county's rules (service days, evaluation weights, sampling share, visit plan) with its audit entry,
 * in one transaction.
 */
export async function saveCountySetting(
  db: Database,
  actor: Actor,
  county: { id: string; code: string },
  setting: CountySetting,
): Promise<void> {
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await writeSetting(transaction, setting.key, setting.value);
    return {
      audit: {
        action: setting.action,
        entityType: setting.entityType,
        entityId: county.id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: setting.details,
      },
    };
  });
}

/** True when this database holds the demo county (seeded on a first start outside production). */
export async function isDemoInstallation(db: Executor): Promise<boolean> {
  return (await readSetting(db, 'demo')) !== undefined;
}
