import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddedPhoto } from '../src/shared/api/cases.js';
import { caseFiles } from '../src/server/db/schema/index.js';
import { movePhotosIntoFileStore } from '../src/server/modules/cases/case-photos.service.js';
import type { FileStore } from '../src/server/storage/file-store.js';
import { openFileStore } from '../src/server/storage/open-file-store.js';
import { reportCase } from './case-fixtures.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { keysUnder, startS3Server } from './s3-server.js';

/** A photo as the server recognises one (PNG's first bytes), with bytes of its own so each is told apart. */
function photoBytes(mark: number): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4096, mark)]);
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

/**
 * What every store must do for photos, through the API: `start` gives the settings that choose the store and a way
 * to read the keys it holds.
 */
function photosThroughTheApi(
  name: string,
  start: () => Promise<{ environment: Record<string, string>; keys?: () => string[]; close?: () => Promise<void> }>,
) {
  describe(`photos in the ${name} file store`, () => {
    let test: TestApp;
    let world: DemoWorld;
    let agents: Record<'member' | 'leader', Agent>;
    let files: FileStore;
    let storedKeys: () => string[];
    let stop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const started = await start();
      stop = started.close;
      // One photo a case, so that the second one's transaction fails after its bytes were stored.
      test = await createTestApp({ ...started.environment, CASE_PHOTO_LIMIT: '1' });
      world = await loadDemoWorld(test.db);
      agents = await signInAll(test.app, ['member', 'leader'] as const);
      files = openFileStore(test.config.fileStore);
      const { fileStore } = test.config;
      storedKeys = started.keys ?? (() => (fileStore.kind === 'folder' ? keysUnder(fileStore.folder) : []));
    });

    afterAll(async () => {
      await test?.close();
      await stop?.();
    });

    const send = (caseId: string, content: Buffer) =>
      agents.member.request('POST', `/api/v1/cases/${caseId}/photos?fileName=scene.png`, content, {
        'content-type': 'image/png',
      });

    it('keeps the bytes in the store and their key and hash in the table, and serves them back', async () => {
      const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
      const content = photoBytes(1);
      const added = await send(reported.id, content);
      expectStatus(added, 201);
      const photo = added.json<AddedPhoto>();

      const [row] = await test.db.select().from(caseFiles).where(eq(caseFiles.id, photo.id));
      const storageKey = `photos/${row!.countyId}/${photo.id}`;
      expect(row).toMatchObject({ storageKey, sha256: sha256(content), size: content.length, content: null });
      expect(storedKeys()).toContain(storageKey);
      expect((await buffer((await files.get(storageKey))!)).equals(content)).toBe(true);

      const served = await agents.leader.get(`/api/v1/cases/${reported.id}/photos/${photo.id}`);
      expectStatus(served, 200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['content-length']).toBe(String(content.length));
      expect(served.headers['cache-control']).toBe('private, max-age=3600');
      expect(served.rawPayload.equals(content)).toBe(true);
    });

    it('leaves no file behind when the photo is refused after its bytes were stored', async () => {
      const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
      expectStatus(await send(reported.id, photoBytes(2)), 201);
      const keysBefore = storedKeys();
      expectError(await send(reported.id, photoBytes(3)), 409, 'photo_limit_reached');
      expect(storedKeys()).toEqual(keysBefore);
      const rows = await test.db.select({ storageKey: caseFiles.storageKey }).from(caseFiles);
      expect(keysBefore).toEqual(rows.map((row) => row.storageKey).sort());
    });
  });
}

photosThroughTheApi('folder', async () => ({ environment: {} }));

photosThroughTheApi('S3 (s3rver)', () => startS3Server());

describe('photos taken before the file store', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'leader', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['leader'] as const);
  });

  afterAll(() => test?.close());

  it('move from the table into the store at start, once, and are served as before', async () => {
    const reported = await reportCase(agents.leader, { regionId: world.memberGrid.id });
    const files = openFileStore(test.config.fileStore);
    const legacy = [photoBytes(4), photoBytes(5)];
    const ids = ['0190a3c5-0000-7000-8000-000000000004', '0190a3c5-0000-7000-8000-000000000005'];
    const { countyId } = world.memberGrid;
    // As migration 0017 leaves them: the bytes in the row, the key and hash computed from it.
    for (const [index, content] of legacy.entries()) {
      await test.db.insert(caseFiles).values({
        countyId,
        id: ids[index]!,
        caseId: reported.id,
        fileName: `old-${index}.png`,
        contentType: 'image/png',
        size: content.length,
        storageKey: `photos/${countyId}/${ids[index]}`,
        sha256: sha256(content),
        content,
      });
    }

    expect(await movePhotosIntoFileStore(test.db, files)).toBe(2);
    expect(await movePhotosIntoFileStore(test.db, files)).toBe(0);
    for (const [index, content] of legacy.entries()) {
      const [row] = await test.db
        .select()
        .from(caseFiles)
        .where(and(eq(caseFiles.countyId, countyId), eq(caseFiles.id, ids[index]!)));
      expect(row!.content).toBeNull();
      const served = await agents.leader.get(`/api/v1/cases/${reported.id}/photos/${ids[index]}`);
      expectStatus(served, 200);
      expect(served.rawPayload.equals(content)).toBe(true);
    }
  });
});
