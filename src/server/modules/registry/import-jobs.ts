import { randomUUID } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { importLedger, type LedgerSummary, type LedgerUpload } from './registry-import.service.js';

/**
 * Uploads waiting between preview and import, and imports running in the background so the console can show a
 * progress bar. Both live in this server process: behind several instances, route one user to one instance.
 */
type PendingUpload = { actorId: string; upload: LedgerUpload; totalRows: number; expiresAt: number };
type Job = {
  actorId: string;
  status: 'running' | 'done' | 'failed';
  processedRows: number;
  totalRows: number;
  result?: LedgerSummary | undefined;
  error?: { code: string; message: string } | undefined;
  finishedAt?: number | undefined;
};

const uploadLifetime = 30 * 60 * 1000;
const maximumPendingBytes = 512 * 1024 * 1024;
const uploads = new Map<string, PendingUpload>();
const jobs = new Map<string, Job>();

function forgetExpired(now = Date.now()) {
  for (const [id, pending] of uploads) if (pending.expiresAt < now) uploads.delete(id);
  for (const [id, job] of jobs)
    if (job.finishedAt !== undefined && job.finishedAt + uploadLifetime < now) jobs.delete(id);
}

/** Keeps a previewed upload for the import that follows; the oldest are dropped when memory runs short. */
export function keepUpload(actor: Actor, upload: LedgerUpload, totalRows: number): string {
  forgetExpired();
  let held = [...uploads.values()].reduce((total, pending) => total + pending.upload.content.length, 0);
  for (const [id, pending] of uploads) {
    if (held + upload.content.length <= maximumPendingBytes) break;
    uploads.delete(id);
    held -= pending.upload.content.length;
  }
  const uploadId = randomUUID();
  uploads.set(uploadId, { actorId: actor.id, upload, totalRows, expiresAt: Date.now() + uploadLifetime });
  return uploadId;
}

/** Starts importing a previewed upload and answers at once with the import's id. */
export function startImport(
  db: Database,
  actor: Actor,
  uploadId: string,
  overrides: LedgerUpload['overrides'],
): string {
  const pending = uploads.get(uploadId);
  if (!pending || pending.actorId !== actor.id) {
    throw new AppError('import_not_found', 'That upload has expired or is not yours: upload the file again.');
  }
  uploads.delete(uploadId);
  const importId = uuidv7();
  const job: Job = { actorId: actor.id, status: 'running', processedRows: 0, totalRows: pending.totalRows };
  jobs.set(importId, job);
  importLedger(
    db,
    actor,
    { ...pending.upload, overrides: overrides ?? pending.upload.overrides },
    {
      importId,
      onProgress: (processedRows) => {
        job.processedRows = processedRows;
      },
    },
  )
    .then((result) => Object.assign(job, { status: 'done', result, processedRows: result.totalRows }))
    .catch((error: unknown) => {
      const known = error instanceof AppError ? error : undefined;
      job.status = 'failed';
      job.error = {
        code: known?.code ?? 'internal_error',
        message: known?.message ?? 'The import failed; nothing was written.',
      };
    })
    .finally(() => {
      job.finishedAt = Date.now();
    });
  return importId;
}

/** A running or recently finished import of this actor, or undefined (then the database record answers). */
export function findJob(actor: Actor, importId: string): Job | undefined {
  const job = jobs.get(importId);
  return job?.actorId === actor.id ? job : undefined;
}
