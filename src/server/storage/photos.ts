import { sql } from 'drizzle-orm';
import { selectRows, type Executor } from '../db/client.js';
import { caseFiles, inspectionPhotos, moralBankPhotos, spotCheckPhotos, visitPhotos } from '../db/schema/index.js';
import { AppError } from '../errors.js';
import type { FileStore } from './file-store.js';

/** The largest photo taken anywhere: a case's, a visit's, an inspection's, a spot check's, a signed agreement's. */
export const photoLimit = 10 * 1024 * 1024;

/**
 * A photo's type, as phones take them (JPEG, PNG or WebP), recognised by its first bytes rather than by its name;
 * anything else is refused.
 */
export function photoTypeOf(content: Buffer): string {
  if (content.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.subarray(0, 4).toString('latin1') === 'RIFF' && content.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  throw new AppError('unsupported_file', {
    en: 'Send a photo: JPEG, PNG or WebP.',
    zh: '请上传照片：JPEG、PNG 或 WebP。',
  });
}

/**
 * Puts a photo's bytes in the file store, then runs `record`, which writes the row naming them — outside its
 * transaction, which would otherwise hold the record (and PGlite's one connection) meanwhile. When recording fails,
 * no row names the file and it goes (a failed delete leaves a file nobody can reach).
 */
export async function storeThenRecord<T>(
  files: FileStore,
  photo: { key: string; content: Buffer; contentType: string },
  record: () => Promise<T>,
): Promise<T> {
  await files.put(photo.key, photo.content, { contentType: photo.contentType });
  try {
    return await record();
  } catch (error) {
    await files.delete(photo.key).catch(() => undefined);
    throw error;
  }
}

/** Photos one account may upload within a window of minutes (PHOTO_UPLOAD_LIMIT, PHOTO_UPLOAD_WINDOW_MINUTES). */
export type PhotoUploadLimit = { perAccount: number; windowMinutes: number };

/**
 * One upload limit per account over every photo it sends — a case's, a visit's, an inspection's, a deposit's, a spot
 * check's, counted together —
 * so no account fills the file store whichever form it uses. Past it: 429 `rate_limited` with `Retry-After`, the
 * seconds until the window's oldest upload leaves it (the phone's queue waits that long and sends again).
 */
export async function assertPhotoUploadAllowed(
  db: Executor,
  accountId: string,
  limit: PhotoUploadLimit,
): Promise<void> {
  const windowStart = sql`now() - make_interval(mins => ${limit.windowMinutes})`;
  const [row] = await selectRows<{ count: number; secondsLeft: number | null }>(
    db,
    sql`
    select count(*)::int as count,
      ceil(extract(epoch from min(uploads.created_at) + make_interval(mins => ${limit.windowMinutes}) - now()))::int
        as "secondsLeft"
    from (
      select ${caseFiles.createdAt} as created_at from ${caseFiles}
        where ${caseFiles.createdBy} = ${accountId} and ${caseFiles.createdAt} > ${windowStart}
      union all
      select ${visitPhotos.createdAt} from ${visitPhotos}
        where ${visitPhotos.createdBy} = ${accountId} and ${visitPhotos.createdAt} > ${windowStart}
      union all
      select ${inspectionPhotos.createdAt} from ${inspectionPhotos}
        where ${inspectionPhotos.uploadedBy} = ${accountId} and ${inspectionPhotos.createdAt} > ${windowStart}
      union all
      select ${moralBankPhotos.createdAt} from ${moralBankPhotos}
        where ${moralBankPhotos.createdBy} = ${accountId} and ${moralBankPhotos.createdAt} > ${windowStart}
      union all
      select ${spotCheckPhotos.createdAt} from ${spotCheckPhotos}
        where ${spotCheckPhotos.createdBy} = ${accountId} and ${spotCheckPhotos.createdAt} > ${windowStart}
    ) uploads`,
  );
  const count = row?.count ?? 0;
  if (count < limit.perAccount) return;
  const retryAfterSeconds = Math.max(row?.secondsLeft ?? 0, 1);
  throw new AppError(
    'rate_limited',
    {
      en: `You have sent ${count} photos in ${limit.windowMinutes} minutes: send more in ${retryAfterSeconds} s.`,
      zh: `您在 ${limit.windowMinutes} 分钟内已上传 ${count} 张照片，请 ${retryAfterSeconds} 秒后再上传。`,
    },
    { retryAfterSeconds },
    retryAfterSeconds,
  );
}
