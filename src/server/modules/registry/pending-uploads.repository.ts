import { and, eq, gt, inArray, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { pendingUploads } from '../../db/schema/index.js';

export type PendingUploadRow = typeof pendingUploads.$inferSelect;

/** The upload's metadata, waiting `lifetimeMinutes` on the database's clock. */
export async function insertPendingUpload(
  db: Executor,
  row: Omit<typeof pendingUploads.$inferInsert, 'expiresAt'>,
  lifetimeMinutes: number,
): Promise<void> {
  await db.insert(pendingUploads).values({ ...row, expiresAt: expiryIn(lifetimeMinutes) });
}

function expiryIn(lifetimeMinutes: number) {
  return sql`now() + make_interval(mins => ${lifetimeMinutes})`;
}

/** The account's own upload while it waits; undefined once expired, taken, or another's. */
function isWaiting(accountId: string, uploadId: string) {
  return and(
    eq(pendingUploads.id, uploadId),
    eq(pendingUploads.accountId, accountId),
    gt(pendingUploads.expiresAt, sql`now()`),
  );
}

export async function findPendingUpload(
  db: Executor,
  accountId: string,
  uploadId: string,
): Promise<PendingUploadRow | undefined> {
  const [row] = await db.select().from(pendingUploads).where(isWaiting(accountId, uploadId));
  return row;
}

/** Keeps a re-check's mapping and row count, and lets the upload wait its full time again; false if not waiting. */
export async function revisePendingUpload(
  db: Executor,
  accountId: string,
  uploadId: string,
  changes: Pick<PendingUploadRow, 'overrides' | 'totalRows'>,
  lifetimeMinutes: number,
): Promise<boolean> {
  const updated = await db
    .update(pendingUploads)
    .set({ ...changes, expiresAt: expiryIn(lifetimeMinutes) })
    .where(isWaiting(accountId, uploadId))
    .returning({ id: pendingUploads.id });
  return updated.length > 0;
}

/** Removes a waiting upload; false if it was not waiting (taken by another request, expired, another's). */
export async function deletePendingUpload(db: Executor, accountId: string, uploadId: string): Promise<boolean> {
  const deleted = await db
    .delete(pendingUploads)
    .where(isWaiting(accountId, uploadId))
    .returning({ id: pendingUploads.id });
  return deleted.length > 0;
}

/**
 * Removes the expired uploads, and the oldest of the others until `incomingBytes` more fit within `maximumBytes`;
 * answers the ids removed, whose files are to be deleted.
 */
export async function deleteUploadsToMakeRoom(
  db: Executor,
  incomingBytes: number,
  maximumBytes: number,
): Promise<string[]> {
  // Newest first, each row with the bytes of itself and every newer upload: the rows past the limit go.
  const held = db
    .select({
      id: pendingUploads.id,
      bytesFromNewest:
        sql<number>`sum(${pendingUploads.size}) over (order by ${pendingUploads.expiresAt} desc, ${pendingUploads.id} desc)`.as(
          'bytes_from_newest',
        ),
    })
    .from(pendingUploads)
    .as('held');
  const overLimit = db
    .select({ id: held.id })
    .from(held)
    .where(sql`${held.bytesFromNewest} + ${incomingBytes} > ${maximumBytes}`);
  const deleted = await db
    .delete(pendingUploads)
    .where(or(lte(pendingUploads.expiresAt, sql`now()`), inArray(pendingUploads.id, overLimit)))
    .returning({ id: pendingUploads.id });
  return deleted.map((row) => row.id);
}

/**
 * A batch of the uploads whose preview expired without an import, removed (for the periodic sweep; `keepUpload` also
 * clears them, but only when the next preview comes); answers them, whose files are to be deleted.
 */
export async function deleteExpiredUploads(db: Executor, batchSize: number) {
  const isExpired = lte(pendingUploads.expiresAt, sql`now()`);
  const batch = db.select({ id: pendingUploads.id }).from(pendingUploads).where(isExpired).limit(batchSize);
  return db
    .delete(pendingUploads)
    .where(and(inArray(pendingUploads.id, batch), isExpired))
    .returning({ id: pendingUploads.id, fileName: pendingUploads.fileName, size: pendingUploads.size });
}
