import { AppError } from '../errors.js';
import type { FileStore } from './file-store.js';

/** The largest photo taken anywhere: a case's, a visit's, an inspection's, a signed agreement's. */
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
