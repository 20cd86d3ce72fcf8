import { uuidv7 } from 'uuidv7';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit } from '../audit/audit.service.js';
import * as repository from './cases.repository.js';
import { loadCase } from './cases.service.js';

/** Photos as phones take them: JPEG, PNG or WebP, recognised by their first bytes rather than by their name. */
function imageType(content: Buffer): string | undefined {
  if (content.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (content.subarray(0, 4).toString('latin1') === 'RIFF' && content.subarray(8, 12).toString('latin1') === 'WEBP') {
    return 'image/webp';
  }
  return undefined;
}

export const photoLimit = 10 * 1024 * 1024;

/** How many photos a case holds and how many an account may upload within a window (the settings). */
export type PhotoLimits = { perCase: number; perAccount: number; windowMinutes: number };

/**
 * Adds a photo to a case. A case holds at most `limits.perCase` photos (409 photo_limit_reached) and an account
 * uploads at most `limits.perAccount` within `limits.windowMinutes` (429 rate_limited, with the seconds to wait), so
 * no one fills the database with one case's pictures.
 */
export async function addPhoto(
  db: Database,
  actor: Actor,
  caseId: string,
  photo: { fileName: string; content: Buffer },
  limits: PhotoLimits,
) {
  assertCan(actor, 'case.report');
  await loadCase(db, actor, caseId);
  const contentType = imageType(photo.content);
  if (!contentType) {
    throw new AppError('unsupported_file', 'Send a photo: JPEG, PNG or WebP.');
  }
  const id = uuidv7();
  return inTransactionWithAudit(db, actor, async (transaction) => {
    // Locked, so that two uploads at once cannot both take the last free place.
    const { record } = await loadCase(transaction, actor, caseId, { forUpdate: true });
    if (record.status === 'merged') {
      throw new AppError('case_changed', 'This case was merged into another: add photos to that one.');
    }
    const recent = await repository.countRecentUploads(transaction, actor.id, limits.windowMinutes);
    if (recent.count >= limits.perAccount) {
      const retryAfterSeconds = Math.max(recent.secondsLeft, 1);
      throw new AppError(
        'rate_limited',
        `You have sent ${recent.count} photos in ${limits.windowMinutes} minutes: send more in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      );
    }
    if ((await repository.countFiles(transaction, record.countyId, caseId)) >= limits.perCase) {
      throw new AppError('photo_limit_reached', `A case holds at most ${limits.perCase} photos.`, {
        limit: limits.perCase,
      });
    }
    await repository.insertFile(transaction, {
      countyId: record.countyId,
      id,
      caseId,
      fileName: photo.fileName,
      contentType,
      size: photo.content.length,
      content: photo.content,
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
  });
}

export async function getPhoto(db: Database, actor: Actor, caseId: string, fileId: string) {
  assertCan(actor, 'case.read');
  const { record } = await loadCase(db, actor, caseId);
  const file = await repository.findFile(db, record.countyId, caseId, fileId);
  if (!file) throw new AppError('not_found', `No photo ${fileId} on this case.`);
  return file;
}
