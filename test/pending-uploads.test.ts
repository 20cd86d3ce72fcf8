import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/server/auth/actor.js';
import { pendingUploads } from '../src/server/db/schema/index.js';
import { deleteUploadsToMakeRoom } from '../src/server/modules/registry/pending-uploads.repository.js';
import { findUpload, keepUpload, reviseUpload, takeUpload } from '../src/server/modules/registry/pending-uploads.js';
import type { FileStore } from '../src/server/storage/file-store.js';
import { openFileStore } from '../src/server/storage/open-file-store.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signIn,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

const ledger = Buffer.from('姓名,身份证号\n张三,\n');

/** Time passes for the waiting uploads: their expiry comes nearer on the database's clock, which decides it. */
async function letMinutesPass(test: TestApp, minutes: number) {
  await test.db
    .update(pendingUploads)
    .set({ expiresAt: sql`${pendingUploads.expiresAt} - make_interval(mins => ${minutes})` });
}

describe('pending uploads', () => {
  let test: TestApp;
  let world: DemoWorld;
  let files: FileStore;
  let owner: Actor;
  let other: Actor;
  let upload: { regionId: string; fileName: string; content: Buffer };

  const actorOf = (account: DemoWorld['accounts']['member']): Actor => ({
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    regionId: account.regionId ?? undefined,
    regionCode: undefined,
    countyId: undefined,
    address: undefined,
    userAgent: undefined,
  });

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    files = openFileStore(test.config.fileStore);
    owner = actorOf(world.accounts.member);
    other = actorOf(world.accounts.member2);
    upload = { regionId: world.memberGrid.id, fileName: 'ledger.csv', content: ledger };
  });

  afterAll(() => test?.close());

  it('keeps an upload for its owner through re-checks, and hands it to one import', async () => {
    const uploadId = await keepUpload(test.db, files, owner, upload, 1);
    await reviseUpload(test.db, owner, uploadId, { 1: 'idNumber' }, 1);
    expect((await findUpload(test.db, files, owner, uploadId)).upload.overrides).toEqual({ 1: 'idNumber' });
    const taken = await takeUpload(test.db, files, owner, uploadId);
    expect(taken.upload.fileName).toBe('ledger.csv');
    expect(taken.upload.content.equals(ledger)).toBe(true);
    await expect(findUpload(test.db, files, owner, uploadId)).rejects.toMatchObject({ code: 'import_not_found' });
    // Taken, its file is gone from the store too.
    expect(await files.get(`uploads/${uploadId}`)).toBeUndefined();
  });

  it('answers another user, an expired upload and an unknown id alike', async () => {
    const uploadId = await keepUpload(test.db, files, owner, upload, 1);
    const notFound = expect.objectContaining({ code: 'import_not_found' });
    await expect(findUpload(test.db, files, other, uploadId)).rejects.toEqual(notFound);
    await expect(reviseUpload(test.db, other, uploadId, {}, 1)).rejects.toEqual(notFound);
    await expect(takeUpload(test.db, files, owner, 'no-such-upload')).rejects.toEqual(notFound);
    await expect(takeUpload(test.db, files, owner, '0190a3c5-0000-7000-8000-000000000000')).rejects.toEqual(notFound);

    // Each re-check gives the user another half hour.
    await letMinutesPass(test, 25);
    await reviseUpload(test.db, owner, uploadId, {}, 1);
    await letMinutesPass(test, 25);
    expect((await findUpload(test.db, files, owner, uploadId)).totalRows).toBe(1);
    await letMinutesPass(test, 6);
    await expect(takeUpload(test.db, files, owner, uploadId)).rejects.toEqual(notFound);
  });

  it('removes expired uploads and their files when the next one is kept', async () => {
    const expired = await keepUpload(test.db, files, owner, upload, 1);
    await letMinutesPass(test, 31);
    const kept = await keepUpload(test.db, files, other, upload, 1);
    expect(await test.db.$count(pendingUploads, eq(pendingUploads.id, expired))).toBe(0);
    expect(await files.get(`uploads/${expired}`)).toBeUndefined();
    expect((await findUpload(test.db, files, other, kept)).upload.content.equals(ledger)).toBe(true);
  });

  it('drops the oldest uploads when the ones waiting would hold more than the limit', async () => {
    await test.db.delete(pendingUploads);
    const oldest = await keepUpload(test.db, files, owner, upload, 1);
    const middle = await keepUpload(test.db, files, owner, upload, 1);
    const newest = await keepUpload(test.db, files, other, upload, 1);
    // Room for three uploads in all: one more leaves the two newest.
    const limit = 3 * ledger.length;
    expect(await deleteUploadsToMakeRoom(test.db, ledger.length, limit)).toEqual([oldest]);
    expect(await deleteUploadsToMakeRoom(test.db, ledger.length, limit)).toEqual([]);
    expect(await deleteUploadsToMakeRoom(test.db, 2 * ledger.length, limit)).toEqual([middle]);
    const waiting = await test.db.select({ id: pendingUploads.id }).from(pendingUploads);
    expect(waiting).toEqual([{ id: newest }]);
  });

  it('finds a previewed upload after the server restarts, and imports it', async () => {
    const content = Buffer.from('姓名,身份证号,所属网格\n重启前,,\n');
    const member = await signIn(test.app, 'member');
    const preview = await member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=restart.csv`,
      content,
      { 'content-type': 'text/csv' },
    );
    expectStatus(preview, 200);
    const { uploadId } = preview.json<{ uploadId: string }>();

    await test.restart();
    const again = await signIn(test.app, 'member');
    const imported = await again.post('/api/v1/registry/imports', { uploadId });
    expectStatus(imported, 200);
    const events = imported.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { status: string; totalRows: number });
    expect(events.at(-1)).toMatchObject({ status: 'done', totalRows: 1 });
    expectError(await again.post('/api/v1/registry/imports', { uploadId }), 404, 'import_not_found');
  });
});
