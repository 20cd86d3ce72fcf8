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

/** The settings a test gives gridlink to use the bucket of an S3 server it started. */
export type TestS3Server = { environment: Record<string, string>; close(): Promise<void> };

/**
 * An S3-protocol server (s3rver, which keeps its objects in a temporary folder) on a free port of this machine, with
 * one empty bucket. MinIO would be more real but has no package here; s3rver speaks the same REST protocol, signed.
 */
export async function startS3Server(): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-s3-'));
  const server = new S3rverServer({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'gridlink-files' }],
  });
  const { port } = await server.run();
  return {
    environment: {
      FILE_STORE: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: 'gridlink-files',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
