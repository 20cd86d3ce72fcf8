import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { FileStore } from '../../storage/file-store.js';
import { inTransactionWithAudit } from '../audit/audit.service.js';
import * as repository from './cases.repository.js';
import { assertCanReadCases, caseActorOf, loadCase } from './cases.service.js';
import { assertPhotoUploadAllowed, photoTypeOf, storeThenRecord } from '../../storage/photos.js';

/** How many photos a case holds and how many an account may upload within a window (the settings). */
export type PhotoLimits = { perCase: number; perAccount: number; windowMinutes: number };

/** Where the file store keeps a photo's bytes. */
function photoKey(countyId: string, photoId: string): string {
  return `photos/${countyId}/${photoId}`;
}

/**
 * Adds a photo to a case. A case holds at most `limits.perCase` photos (409 photo_limit_reached), so no one fills
 * the file store with one case's pictures, and the account's upload limit holds (429 rate_limited, with Retry-After).
 * The bytes are stored before the row that names them is committed, and deleted again when the transaction fails, so
 * no row names a missing file.
 */
export async function addPhoto(
  db: Database,
  files: FileStore,
  reporter: Actor,
  caseId: string,
  photo: { fileName: string; content: Buffer },
  limits: PhotoLimits,
) {
  assertCan(reporter, 'case.report');
  const actor = caseActorOf(reporter);
  const { record: reported } = await loadCase(db, actor, caseId);
  const contentType = photoTypeOf(photo.content);
  const id = uuidv7();
  const storageKey = photoKey(reported.countyId, id);
  return storeThenRecord(files, { key: storageKey, content: photo.content, contentType }, () =>
    inTransactionWithAudit(db, actor, async (transaction) => {
      // Locked, so that two uploads at once cannot both take the last free place.
      const { record } = await loadCase(transaction, actor, caseId, { forUpdate: true });
      if (record.status === 'merged') {
        throw new AppError('case_changed', {
          en: 'This case was merged into another: add photos to that one.',
          zh: '此案件已并入另一案件，请在那个案件中添加照片。',
        });
      }
      await assertPhotoUploadAllowed(transaction, actor.id, limits);
      if ((await repository.countFiles(transaction, record.countyId, caseId)) >= limits.perCase) {
        throw new AppError(
          'photo_limit_reached',
          { en: `A case holds at most ${limits.perCase} photos.`, zh: `每个案件最多 ${limits.perCase} 张照片。` },
          {
            limit: limits.perCase,
          },
        );
      }
      await repository.insertFile(transaction, {
        countyId: record.countyId,
        id,
        caseId,
        fileName: photo.fileName,
        contentType,
        size: photo.content.length,
        storageKey,
        sha256: createHash('sha256').update(photo.content).digest('hex'),
        createdBy: accountIdOf(actor),
      });
      return {
        result: { id, fileName: photo.fileName, contentType, size: photo.content.length },
        audit: {
          action: 'case.add_photo',
          entityType: 'case',
          entityId: caseId,
          regionCode: record.regionCode,
          countyId: record.countyId,
          outcome: 'success',
          details: { photoId: id, contentType, size: photo.content.length },
        },
      };
    }),
  );
}

/** A photo of a case the actor may read: its type, size and bytes. */
export async function getPhoto(
  db: Database,
  files: FileStore,
  reader: Actor,
  caseId: string,
  fileId: string,
): Promise<{ contentType: string; size: number; content: Readable }> {
  assertCanReadCases(reader);
  const actor = caseActorOf(reader);
  const { record } = await loadCase(db, actor, caseId);
  const file = await repository.findFile(db, record.countyId, caseId, fileId);
  if (!file)
    throw new AppError('not_found', { en: `No photo ${fileId} on this case.`, zh: `此案件没有照片 ${fileId}。` });
  const content = await files.get(file.storageKey);
  if (!content) throw new Error(`The file store has no ${file.storageKey}, the bytes of photo ${fileId}.`);
  return { contentType: file.contentType, size: file.size, content };
}

/**
 * Moves the bytes of photos taken before the file store from the table into the store, a batch at a time. Run at
 * every start: it finds nothing once done, and a start stopped half-way moves the rest the next time.
 */
export async function movePhotosIntoFileStore(db: Database, files: FileStore): Promise<number> {
  let moved = 0;
  for (;;) {
    const batch = await repository.listUnmovedFiles(db, 20);
    if (batch.length === 0) return moved;
    for (const file of batch) {
      // The query asked for rows that still hold their bytes.
      await files.put(file.storageKey, file.content!, { contentType: file.contentType });
      await repository.forgetFileContent(db, file.countyId, file.id);
      moved += 1;
    }
  }
}
