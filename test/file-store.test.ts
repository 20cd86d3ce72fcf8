import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/server/config.js';
import type { FileStore } from '../src/server/storage/file-store.js';
import { openFileStore } from '../src/server/storage/open-file-store.js';
import { startS3Server, type TestS3Server } from './s3-server.js';

async function read(store: FileStore, key: string): Promise<Buffer | undefined> {
  const stream = await store.get(key);
  return stream && buffer(stream);
}

/** One contract, two stores: what gridlink asks of a folder it asks of a bucket. */
function fileStoreContract(name: string, open: () => Promise<{ store: FileStore; close(): Promise<void> }>) {
  describe(`${name} file store`, () => {
    let store: FileStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(() => close?.());

    it('gives back the bytes it was given, and nothing for a key never written', async () => {
      const content = Buffer.from([0, 1, 2, 255, ...Buffer.from('现场照片')]);
      await store.put('photos/county-1/photo-1', content, { contentType: 'image/png' });
      expect(await read(store, 'photos/county-1/photo-1')).toEqual(content);
      expect(await read(store, 'photos/county-1/photo-2')).toBeUndefined();
      expect(await read(store, 'photos/county-2/photo-1')).toBeUndefined();
    });

    it('replaces a file written again under its key', async () => {
      await store.put('uploads/replaced', Buffer.from('first'), { contentType: 'text/csv' });
      await store.put('uploads/replaced', Buffer.from('second'), { contentType: 'text/csv' });
      expect((await read(store, 'uploads/replaced'))?.toString()).toBe('second');
    });

    it('keeps a file of several megabytes whole', async () => {
      const content = Buffer.alloc(6 * 1024 * 1024);
      for (let index = 0; index < content.length; index += 4096) content[index] = index % 251;
      await store.put('uploads/large', content, { contentType: 'application/octet-stream' });
      expect((await read(store, 'uploads/large'))?.equals(content)).toBe(true);
    });

    it('deletes a file, and deleting nothing is no error', async () => {
      await store.put('uploads/deleted', Buffer.from('x'), { contentType: 'text/csv' });
      await store.delete('uploads/deleted');
      expect(await read(store, 'uploads/deleted')).toBeUndefined();
      await expect(store.delete('uploads/deleted')).resolves.toBeUndefined();
    });

    it('refuses a key that could leave its place', async () => {
      for (const key of [
        '../outside',
        'photos/../../etc/passwd',
        '/absolute',
        'photos//twice',
        'photos/a.b',
        'photos',
      ]) {
        await expect(store.put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow(/Not a file key/);
        await expect(store.get(key)).rejects.toThrow(/Not a file key/);
        await expect(store.delete(key)).rejects.toThrow(/Not a file key/);
      }
    });
  });
}

fileStoreContract('folder', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-files-'));
  const config = loadConfig({ DATA_DIR: dataDir });
  return {
    store: openFileStore(config.fileStore),
    close: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
});

fileStoreContract('S3 (s3rver)', async () => {
  const server: TestS3Server = await startS3Server();
  return { store: openFileStore(loadConfig(server.environment).fileStore), close: () => server.close() };
});

describe('the folder store on disk', () => {
  it('keeps a file under DATA_DIR/files, by its key, and no partial file once written', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-files-'));
    try {
      const store = openFileStore(loadConfig({ DATA_DIR: dataDir }).fileStore);
      await store.put('photos/county-1/photo-1', Buffer.from('bytes'), { contentType: 'image/png' });
      expect(fs.readFileSync(path.join(dataDir, 'files', 'photos', 'county-1', 'photo-1'), 'utf8')).toBe('bytes');
      expect(fs.readdirSync(path.join(dataDir, 'files', '.incoming'))).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('file store settings', () => {
  it('names every bucket setting FILE_STORE=s3 lacks', () => {
    expect(() => loadConfig({ FILE_STORE: 's3', S3_BUCKET: 'files' })).toThrow(
      /S3_ACCESS_KEY_ID: required when FILE_STORE=s3; S3_SECRET_ACCESS_KEY: required when FILE_STORE=s3/,
    );
    expect(() => loadConfig({ FILE_STORE: 'disk' })).toThrow(/FILE_STORE/);
  });

  it('reads the bucket settings, with path-style addressing when asked', () => {
    const settings = loadConfig({
      FILE_STORE: 's3',
      S3_ENDPOINT: 'https://oss-cn-hangzhou.aliyuncs.com',
      S3_REGION: 'oss-cn-hangzhou',
      S3_BUCKET: 'county-files',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
    }).fileStore;
    expect(settings).toEqual({
      kind: 's3',
      endpoint: 'https://oss-cn-hangzhou.aliyuncs.com',
      region: 'oss-cn-hangzhou',
      bucket: 'county-files',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      forcePathStyle: false,
    });
    expect(loadConfig({ DATA_DIR: '/srv/gridlink' }).fileStore).toEqual({
      kind: 'folder',
      folder: path.join('/srv/gridlink', 'files'),
    });
  });
});
