import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import { accountIdOf, type Actor } from '../auth/actor.js';
import type { Database, Transaction } from '../db/client.js';
import { AppError } from '../errors.js';
import { inTransactionWithAudit, type Recorded } from '../modules/audit/audit.service.js';
import type { FileStore } from './file-store.js';
import { assertPhotoUploadAllowed, photoTypeOf, storeThenRecord, type PhotoUploadLimit } from './photos.js';

/** A photo sent ahead of its record, as the tables of such photos keep it. */
export type PhotoSentAhead = {
  countyId: string;
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  storageKey: string;
  sha256: string;
  accountId: string;
};

/**
 * Keeps a photo sent ahead of the record that will name it (a visit, an inspection, a deposit — the phone sends
 * photos first): checks its type and the account's upload limit, stores its bytes, and writes its row and audit
 * entry in one transaction; the file goes again when the row cannot be written. Unclaimed, the sweep removes it
 * (unclaimed-uploads.ts).
 */
export async function keepPhotoSentAhead(
  db: Database,
  files: FileStore,
  actor: Actor,
  photo: { fileName: string; content: Buffer },
  options: {
    limit: PhotoUploadLimit;
    storageKeyOf: (countyId: string, id: string) => string;
    audit: Pick<Recorded, 'action' | 'entityType'>;
    insert: (transaction: Transaction, row: PhotoSentAhead) => Promise<unknown>;
  },
): Promise<{ id: string; fileName: string; contentType: string; size: number }> {
  const accountId = accountIdOf(actor);
  if (actor.countyId === undefined || accountId === null) {
    throw new AppError('forbidden', { en: 'Photos are sent by accounts of a county.', zh: '仅县内账号可上传照片。' });
  }
  const countyId = actor.countyId;
  const contentType = photoTypeOf(photo.content);
  await assertPhotoUploadAllowed(db, accountId, options.limit);
  const id = uuidv7();
  const storageKey = options.storageKeyOf(countyId, id);
  const size = photo.content.length;
  await storeThenRecord(files, { key: storageKey, content: photo.content, contentType }, () =>
    inTransactionWithAudit(db, actor, async (transaction) => {
      const sha256 = createHash('sha256').update(photo.content).digest('hex');
      await options.insert(transaction, {
        countyId,
        id,
        fileName: photo.fileName,
        contentType,
        size,
        storageKey,
        sha256,
        accountId,
      });
      return {
        audit: { ...options.audit, entityId: id, countyId, outcome: 'success', details: { contentType, size } },
      };
    }),
  );
  return { id, fileName: photo.fileName, contentType, size };
}
