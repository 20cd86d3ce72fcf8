import { randomUUID } from 'node:crypto';
import type { Actor } from '../../auth/actor.js';
import { AppError } from '../../errors.js';
import type { LedgerUpload } from './registry-import.service.js';

/**
 * Uploads waiting between the preview and the import, so the file is sent once. They live in this server process:
 * behind several instances, route one user to one instance.
 */
type PendingUpload = { actorId: string; upload: LedgerUpload; totalRows: number; expiresAt: number };

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

/** Hands a previewed upload to its import, once. */
export function takeUpload(actor: Actor, uploadId: string): { upload: LedgerUpload; totalRows: number } {
  const pending = uploads.get(uploadId);
  if (!pending || pending.actorId !== actor.id) {
    throw new AppError('import_not_found', 'That upload has expired or is not yours: upload the file again.');
  }
  uploads.delete(uploadId);
  return pending;
}
