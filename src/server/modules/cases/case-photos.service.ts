import { uuidv7 } from 'uuidv7';
import { assertCan, type Actor } from '../../auth/actor.js';
import type { Database } from '../../db/client.js';
import { AppError } from '../../errors.js';
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

export async function addPhoto(
  db: Database,
  actor: Actor,
  caseId: string,
  photo: { fileName: string; content: Buffer },
) {
  assertCan(actor, 'case.report');
  const { record } = await loadCase(db, actor, caseId);
  if (record.status === 'merged') {
    throw new AppError('case_changed', 'This case was merged into another: add photos to that one.');
  }
  const contentType = imageType(photo.content);
  if (!contentType) {
    throw new AppError('unsupported_file', 'Send a photo: JPEG, PNG or WebP.');
  }
  const id = uuidv7();
  await repository.insertFile(db, {
    countyId: record.countyId,
    id,
    caseId,
    fileName: photo.fileName,
    contentType,
    size: photo.content.length,
    content: photo.content,
    createdBy: actor.id,
  });
  return { id, fileName: photo.fileName, contentType, size: photo.content.length };
}

export async function getPhoto(db: Database, actor: Actor, caseId: string, fileId: string) {
  assertCan(actor, 'case.read');
  const { record } = await loadCase(db, actor, caseId);
  const file = await repository.findFile(db, record.countyId, caseId, fileId);
  if (!file) throw new AppError('not_found', `No photo ${fileId} on this case.`);
  return file;
}
