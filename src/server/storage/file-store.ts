import type { Readable } from 'node:stream';

/**
 * Where gridlink keeps files (case photos, ledgers waiting between their preview and their import): a folder under
 * DATA_DIR or an S3-compatible bucket. Keys are made by gridlink (`photos/<countyId>/<id>`), never taken from a user.
 */
export interface FileStore {
  /** Writes the bytes under the key, whole or not at all; a file already there is replaced. */
  put(key: string, content: Uint8Array, options: { contentType: string }): Promise<void>;
  /** The file's bytes as a stream, or undefined when nothing is stored under the key. */
  get(key: string): Promise<Readable | undefined>;
  /** Removes the file; a key with nothing under it is fine. */
  delete(key: string): Promise<void>;
}

/**
 * Lower-case words joined by dashes (photos, visit-photos), then segments of letters, digits and dashes: nothing a
 * path or a URL could read as `..`.
 */
const keyPattern = /^[a-z]+(-[a-z]+)*(\/[A-Za-z0-9-]+)+$/;

export function assertFileKey(key: string): void {
  if (!keyPattern.test(key)) throw new Error(`Not a file key: ${JSON.stringify(key)}.`);
}
