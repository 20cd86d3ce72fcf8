import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
// @ts-expect-error s3rver ships no type declarations; the two calls used here are typed below.
import S3rver from 's3rver';

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> };
type S3rverOptions = {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
};
const S3rverServer = S3rver as new (options: S3rverOptions) => S3rverInstance;

/**
 * The settings a test gives gridlink to use the bucket of an S3 server it started, and the keys the bucket holds
 * (read from the server's folder, so a test sees what is stored without asking through the code it checks).
 */
export type TestS3Server = { environment: Record<string, string>; keys(): string[]; close(): Promise<void> };

/** The keys of the files under `root` (a folder store, or a bucket's folder where each name ends in `suffix`). */
export function keysUnder(root: string, suffix = ''): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) =>
      path.relative(root, path.join(entry.parentPath, entry.name.slice(0, entry.name.length - suffix.length))),
    )
    .map((relative) => relative.split(path.sep).join('/'))
    .filter((key) => !key.startsWith('.'))
    .sort();
}

/**
 * An S3-protocol server (s3rver, which keeps its objects in a temporary folder) on a free port of this machine, with
 * one empty bucket. MinIO would be more real but has no package here; s3rver speaks the same REST protocol, signed.
 */
export async function startS3Server(): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-s3-'));
  const bucket = 'gridlink-files';
  const server = new S3rverServer({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    environment: {
      FILE_STORE: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    // s3rver keeps an object as `<directory>/<bucket>/<key>._S3rver_object`, beside its metadata.
    keys: () => keysUnder(path.join(directory, bucket), '._S3rver_object'),
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
