import { eq, inArray, sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/server/auth/actor.js';
import {
  households,
  inspectionPhotos,
  moralBankPhotos,
  pendingUploads,
  visitPhotos,
} from '../src/server/db/schema/index.js';
import { keepUpload } from '../src/server/modules/registry/pending-uploads.js';
import type { FileStore } from '../src/server/storage/file-store.js';
import { openFileStore } from '../src/server/storage/open-file-store.js';
import { removeUnclaimedUploads, unclaimedUploadHours } from '../src/server/storage/unclaimed-uploads.js';
import {
  createTestApp,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/** A small PNG: the server recognises a photo by its first bytes. */
const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 3)]);

describe('the sweep of uploads no record claimed', () => {
  let test: TestApp;
  let world: DemoWorld;
  let files: FileStore;
  let agents: Record<'member', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    files = openFileStore(test.config.fileStore);
    agents = await signInAll(test.app, ['member'] as const);
  });

  afterAll(() => test?.close());

  const sendAhead = async (
    path: '/api/v1/visit-photos' | '/api/v1/inspection-photos' | '/api/v1/moral-bank/photos',
  ) => {
    const response = await agents.member.request('POST', `${path}?fileName=ahead.png`, photo, {
      'content-type': 'image/png',
    });
    expectStatus(response, 201);
    return response.json<{ id: string }>().id;
  };

  /** Time passes for some uploads: their upload time moves back on the database's clock, which decides their age. */
  async function age(ids: string[], hours: number) {
    const back = sql`make_interval(hours => ${hours})`;
    await test.db
      .update(visitPhotos)
      .set({ createdAt: sql`${visitPhotos.createdAt} - ${back}` })
      .where(inArray(visitPhotos.id, ids));
    await test.db
      .update(inspectionPhotos)
      .set({ createdAt: sql`${inspectionPhotos.createdAt} - ${back}` })
      .where(inArray(inspectionPhotos.id, ids));
    await test.db
      .update(moralBankPhotos)
      .set({ createdAt: sql`${moralBankPhotos.createdAt} - ${back}` })
      .where(inArray(moralBankPhotos.id, ids));
  }

  const visitPhotoKey = async (id: string) =>
    (await test.db.select().from(visitPhotos).where(eq(visitPhotos.id, id)))[0]?.storageKey;

  it(`removes photos unclaimed after ${unclaimedUploadHours} hours with their files, keeps claimed and fresh ones`, async () => {
    const [oldVisitPhoto, claimedVisitPhoto, freshVisitPhoto] = [
      await sendAhead('/api/v1/visit-photos'),
      await sendAhead('/api/v1/visit-photos'),
      await sendAhead('/api/v1/visit-photos'),
    ];
    const [oldInspectionPhoto, freshInspectionPhoto] = [
      await sendAhead('/api/v1/inspection-photos'),
      await sendAhead('/api/v1/inspection-photos'),
    ];
    const [oldDepositPhoto, freshDepositPhoto] = [
      await sendAhead('/api/v1/moral-bank/photos'),
      await sendAhead('/api/v1/moral-bank/photos'),
    ];
    // The claimed photo came with its visit, recorded a day late (as an offline phone sends it).
    const [home] = await test.db
      .select({ id: households.id })
      .from(households)
      .where(eq(households.regionId, world.memberGrid.id))
      .limit(1);
    expectStatus(
      await agents.member.post('/api/v1/visits', {
        id: uuidv7(),
        householdId: home!.id,
        visitedAt: new Date(Date.now() - 3_600_000).toISOString(),
        purpose: 'routine',
        photoUploadIds: [claimedVisitPhoto],
      }),
      201,
    );
    const oldKey = (await visitPhotoKey(oldVisitPhoto))!;
    const claimedKey = (await visitPhotoKey(claimedVisitPhoto))!;
    await age([oldVisitPhoto, claimedVisitPhoto, oldInspectionPhoto, oldDepositPhoto], unclaimedUploadHours + 1);
    // Just inside the limit: a phone may still send its record.
    await age([freshVisitPhoto, freshInspectionPhoto, freshDepositPhoto], unclaimedUploadHours - 1);

    const counts = await removeUnclaimedUploads(test.db, files);
    expect(counts).toMatchObject({ visitPhotos: 1, inspectionPhotos: 1, moralBankPhotos: 1 });
    const remaining = await test.db
      .select({ id: visitPhotos.id })
      .from(visitPhotos)
      .where(inArray(visitPhotos.id, [oldVisitPhoto, claimedVisitPhoto, freshVisitPhoto]));
    expect(remaining.map((row) => row.id).sort()).toEqual([claimedVisitPhoto, freshVisitPhoto].sort());
    const remainingInspection = await test.db
      .select({ id: inspectionPhotos.id })
      .from(inspectionPhotos)
      .where(inArray(inspectionPhotos.id, [oldInspectionPhoto, freshInspectionPhoto]));
    expect(remainingInspection.map((row) => row.id)).toEqual([freshInspectionPhoto]);
    const remainingDeposit = await test.db
      .select({ id: moralBankPhotos.id })
      .from(moralBankPhotos)
      .where(inArray(moralBankPhotos.id, [oldDepositPhoto, freshDepositPhoto]));
    expect(remainingDeposit.map((row) => row.id)).toEqual([freshDepositPhoto]);
    // The file went with its row; the claimed photo's is still there to be seen.
    expect(await files.get(oldKey)).toBeUndefined();
    expect(await files.get(claimedKey)).toBeDefined();

    const [entry] = await findAuditEntries(test.db, { action: 'upload.remove_unclaimed', entityId: oldVisitPhoto });
    expect(entry).toMatchObject({
      actorUsername: 'system:sweep',
      actorId: null,
      countyId: world.county.id,
      outcome: 'success',
      details: { kind: 'visit_photo', fileName: 'ahead.png', size: photo.length },
    });
    // A second round finds nothing more.
    expect(await removeUnclaimedUploads(test.db, files)).toEqual({
      visitPhotos: 0,
      inspectionPhotos: 0,
      moralBankPhotos: 0,
      ledgerUploads: 0,
    });
  });

  it('removes a ledger whose preview expired without waiting for the next preview', async () => {
    const account = world.accounts.member;
    const owner: Actor = {
      id: account.id,
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      regionId: account.regionId ?? undefined,
      regionCode: undefined,
      countyId: undefined,
      address: undefined,
      userAgent: undefined,
    };
    const uploadId = await keepUpload(
      test.db,
      files,
      owner,
      { regionId: world.memberGrid.id, fileName: 'ledger.csv', content: Buffer.from('姓名\n张三\n') },
      1,
    );
    expect(await removeUnclaimedUploads(test.db, files)).toMatchObject({ ledgerUploads: 0 });
    await test.db
      .update(pendingUploads)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(pendingUploads.id, uploadId));
    expect(await removeUnclaimedUploads(test.db, files)).toMatchObject({ ledgerUploads: 1 });
    expect(await test.db.$count(pendingUploads, eq(pendingUploads.id, uploadId))).toBe(0);
    expect(await files.get(`uploads/${uploadId}`)).toBeUndefined();
    const [entry] = await findAuditEntries(test.db, { action: 'upload.remove_unclaimed', entityId: uploadId });
    expect(entry).toMatchObject({ actorUsername: 'system:sweep', details: { kind: 'ledger', fileName: 'ledger.csv' } });
  });
});
