import { sql } from 'drizzle-orm';
import { systemActor } from '../auth/actor.js';
import { selectRows, type Database, type Transaction } from '../db/client.js';
import { inspectionPhotos, moralBankPhotos, visitPhotos } from '../db/schema/index.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { fileKey as ledgerFileKey } from '../modules/registry/pending-uploads.js';
import { deleteExpiredUploads } from '../modules/registry/pending-uploads.repository.js';
import type { FileStore } from './file-store.js';

/**
 * How long a photo sent ahead waits for the visit, inspection or deposit that names it. A phone offline for a field day sends
 * its records when the network returns, and after the 12-hour session has ended only once its user signs in again
 * (docs/security.md, "The field app offline"): a day late is normal, two days is generous.
 */
export const unclaimedUploadHours = 48;

/** Rows removed per transaction: a backlog goes in short transactions, never one long lock. */
const batchSize = 200;

export type UnclaimedUploadCounts = {
  visitPhotos: number;
  inspectionPhotos: number;
  moralBankPhotos: number;
  ledgerUploads: number;
};

type Removed = { countyId?: string; id: string; storageKey: string; fileName: string; size: number };

const sweeper = systemActor('sweep');

/**
 * Deletes a batch of rows (the statement given) and audits each as the sweep's, in one transaction; then their
 * files, once no row names them (a file that fails to go is left, reachable by no one). Answers how many went.
 */
async function removeInBatches(
  db: Database,
  files: FileStore,
  kind: (typeof photosSentAhead)[number]['kind'] | 'ledger',
  deleteBatch: (transaction: Transaction) => Promise<Removed[]>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const removed = await db.transaction(async (transaction) => {
      const rows = await deleteBatch(transaction);
      for (const row of rows) {
        await recordAudit(transaction, sweeper, {
          action: 'upload.remove_unclaimed',
          entityType: 'upload',
          entityId: row.id,
          countyId: row.countyId,
          outcome: 'success',
          details: { kind, fileName: row.fileName, size: row.size },
        });
      }
      return rows;
    });
    for (const row of removed) await files.delete(row.storageKey).catch(() => undefined);
    total += removed.length;
    if (removed.length < batchSize) return total;
  }
}

/** Photos sent ahead of their record, each table with the column its record claims it by. */
const photosSentAhead = [
  { kind: 'visit_photo', countedAs: 'visitPhotos', table: visitPhotos, claimedBy: visitPhotos.visitId },
  {
    kind: 'inspection_photo',
    countedAs: 'inspectionPhotos',
    table: inspectionPhotos,
    claimedBy: inspectionPhotos.inspectionId,
  },
  {
    kind: 'moral_bank_photo',
    countedAs: 'moralBankPhotos',
    table: moralBankPhotos,
    claimedBy: moralBankPhotos.entryId,
  },
] as const;

/**
 * Removes what was uploaded for a record that never came, with its file, each audited as `system:sweep`: visit,
 * inspection and moral-bank deposit photos no record claimed within `unclaimedUploadHours`, and the ledgers whose
 * preview expired without an import (otherwise cleared only by the next preview). Case photos are sent to a case
 * already reported and a signed agreement's photo with its dispute: neither waits unclaimed.
 */
export async function removeUnclaimedUploads(db: Database, files: FileStore): Promise<UnclaimedUploadCounts> {
  const olderThan = sql`now() - make_interval(hours => ${unclaimedUploadHours})`;
  const counts: UnclaimedUploadCounts = { visitPhotos: 0, inspectionPhotos: 0, moralBankPhotos: 0, ledgerUploads: 0 };
  for (const { kind, countedAs, table, claimedBy } of photosSentAhead) {
    counts[countedAs] = await removeInBatches(db, files, kind, (transaction) =>
      selectRows<Removed>(
        transaction,
        sql`delete from ${table}
            where (county_id, id) in (
              select county_id, id from ${table} where ${claimedBy} is null and created_at < ${olderThan}
              limit ${batchSize})
            and ${claimedBy} is null
            returning county_id as "countyId", id, storage_key as "storageKey", file_name as "fileName", size`,
      ),
    );
  }
  counts.ledgerUploads = await removeInBatches(db, files, 'ledger', async (transaction) =>
    (await deleteExpiredUploads(transaction, batchSize)).map((row) => ({ ...row, storageKey: ledgerFileKey(row.id) })),
  );
  return counts;
}
