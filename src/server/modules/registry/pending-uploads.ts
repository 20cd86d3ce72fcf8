import { buffer } from 'node:stream/consumers';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import type { FileStore } from '../../storage/file-store.js';
import * as repository from './pending-uploads.repository.js';
import type { LedgerUpload } from './registry-import.service.js';

/**
 * Uploads waiting between the preview and the import, so the file is sent once: the file in the file store, who sent
 * it and what was checked in the database, so a restart or another instance of the server finds them.
 */
export type PendingUpload = { upload: LedgerUpload; totalRows: number };

const uploadLifetimeMinutes = 30;
/** What all waiting uploads may hold together; the oldest are dropped to make room. */
const maximumPendingBytes = 512 * 1024 * 1024;

/** Where the file store keeps a waiting ledger. */
export function fileKey(uploadId: string): string {
  return `uploads/${uploadId}`;
}

/** Ids are UUIDs; any other text names no upload (and would not fit the column). */
function isUploadId(uploadId: string): boolean {
  return z.uuid().safeParse(uploadId).success;
}

function notFound(): AppError {
  return new AppError('import_not_found', {
    en: 'That upload has expired or is not yours: upload the file again.',
    zh: '该上传已过期或不属于您，请重新上传文件。',
  });
}

async function deleteFiles(files: FileStore, uploadIds: string[]): Promise<void> {
  for (const uploadId of uploadIds) await files.delete(fileKey(uploadId));
}

/** Keeps a previewed upload for the import that follows; expired uploads and, past the limit, the oldest go. */
export async function keepUpload(
  db: Database,
  files: FileStore,
  actor: Actor,
  upload: LedgerUpload,
  totalRows: number,
): Promise<string> {
  await deleteFiles(files, await repository.deleteUploadsToMakeRoom(db, upload.content.length, maximumPendingBytes));
  const uploadId = uuidv7();
  // The file first: a row never names a file that is not there.
  await files.put(fileKey(uploadId), upload.content, { contentType: 'application/octet-stream' });
  try {
    await repository.insertPendingUpload(
      db,
      {
        id: uploadId,
        accountId: actor.id,
        regionId: upload.regionId,
        fileName: upload.fileName,
        size: upload.content.length,
        overrides: upload.overrides ?? null,
        totalRows,
      },
      uploadLifetimeMinutes,
    );
  } catch (error) {
    // No row names the file: it goes (a failed delete leaves a file nobody can reach).
    await files.delete(fileKey(uploadId)).catch(() => undefined);
    throw error;
  }
  return uploadId;
}

/** A previewed upload of this user that has not expired, left waiting; any other id answers the same 404. */
export async function findUpload(
  db: Database,
  files: FileStore,
  actor: Actor,
  uploadId: string,
): Promise<PendingUpload> {
  const row = isUploadId(uploadId) ? await repository.findPendingUpload(db, actor.id, uploadId) : undefined;
  const file = row && (await files.get(fileKey(uploadId)));
  if (!row || !file) throw notFound();
  return {
    upload: {
      regionId: row.regionId,
      fileName: row.fileName,
      content: await buffer(file),
      overrides: row.overrides ?? undefined,
    },
    totalRows: row.totalRows,
  };
}

/**
 * Keeps the column mapping a re-check used (and the row count it found), so that an import sent without a mapping
 * reads the sheet the way the user last saw it checked. The user is at work on it: it waits its full time again.
 */
export async function reviseUpload(
  db: Database,
  actor: Actor,
  uploadId: string,
  overrides: LedgerUpload['overrides'],
  totalRows: number,
): Promise<void> {
  const isRevised =
    isUploadId(uploadId) &&
    (await repository.revisePendingUpload(
      db,
      actor.id,
      uploadId,
      { overrides: overrides ?? null, totalRows },
      uploadLifetimeMinutes,
    ));
  if (!isRevised) throw notFound();
}

/** Hands a previewed upload to its import, once: of two requests taking it at the same time, one gets it. */
export async function takeUpload(
  db: Database,
  files: FileStore,
  actor: Actor,
  uploadId: string,
): Promise<PendingUpload> {
  const pending = await findUpload(db, files, actor, uploadId);
  if (!(await repository.deletePendingUpload(db, actor.id, uploadId))) throw notFound();
  await files.delete(fileKey(uploadId));
  return pending;
}
