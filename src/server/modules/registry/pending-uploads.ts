import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/actor.js';
import { AppError } from '../../errors.js';
import type { LedgerUpload } from './registry-import.service.js';

/**
 * Uploads waiting between the preview and the import, so the file is sent once. They live in this server process:
 * behind several instances, route one user to one instance.
 */
export type PendingUpload = { actorId: string; upload: LedgerUpload; totalRows: number; expiresAt: number };

const uploadLifetime = 30 * 60 * 1000;
const maximumPendingBytes = 512 * 1024 * 1024;
const uploads = new Map<string, PendingUpload>();

/** Keeps a previewed upload for the import that follows; the oldest are dropped when memory runs short. */
export function keepUpload(actor: Actor, upload: LedgerUpload, totalRows: number): string {
  const now = Date.now();
  for (const [id, pending] of uploads) if (pending.expiresAt < now) uploads.delete(id);
  let held = [...uploads.values()].reduce((total, pending) => total + pending.upload.content.length, 0);
  for (const [id, pending] of uploads) {
    if (held + upload.content.length <= maximumPendingBytes) break;
    uploads.delete(id);
    held -= pending.upload.content.length;
  }
  const uploadId = randomUUID();
  uploads.set(uploadId, { actorId: actor.id, upload, totalRows, expiresAt: now + uploadLifetime });
  return uploadId;
}

/** A previewed upload of this user that has not expired, left waiting; any other id answers the same 404. */
export function findUpload(actor: Actor, uploadId: string): PendingUpload {
  const pending = uploads.get(uploadId);
  if (!pending || pending.actorId !== actor.id || pending.expiresAt < Date.now()) {
    throw new AppError('import_not_found', 'That upload has expired or is not yours: upload the file again.');
  }
  return pending;
}

/**
 * Keeps the column mapping a re-check used (and the row count it found), so that an import sent without a mapping
 * reads the sheet the way the user last saw it checked. The user is at work on it: it waits its full time again.
 */
export function reviseUpload(
  actor: Actor,
  uploadId: string,
  overrides: LedgerUpload['overrides'],
  totalRows: number,
): void {
  const pending = findUpload(actor, uploadId);
  pending.upload = { ...pending.upload, overrides };
  pending.totalRows = totalRows;
  pending.expiresAt = Date.now() + uploadLifetime;
}

/** Hands a previewed upload to its import, once. */
export function takeUpload(actor: Actor, uploadId: string): { upload: LedgerUpload; totalRows: number } {
  const pending = findUpload(actor, uploadId);
  uploads.delete(uploadId);
  return pending;
}
