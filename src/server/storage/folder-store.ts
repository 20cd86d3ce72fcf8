import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertFileKey, type FileStore } from './file-store.js';

/** Files in a folder (DATA_DIR/files by default), one file per key, the key's segments as sub-folders. */
export class FolderStore implements FileStore {
  /** Files being written wait here, so a half-written one never sits under a key. */
  private readonly incoming: string;

  constructor(private readonly folder: string) {
    this.incoming = path.join(folder, '.incoming');
  }

  async put(key: string, content: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.mkdir(this.incoming, { recursive: true });
    const partial = path.join(this.incoming, randomUUID());
    try {
      await fs.writeFile(partial, content, { flush: true });
      await fs.rename(partial, target);
    } finally {
      await fs.rm(partial, { force: true });
    }
  }

  async get(key: string): Promise<Readable | undefined> {
    try {
      const file = await fs.open(this.pathOf(key));
      return file.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    assertFileKey(key);
    return path.join(this.folder, ...key.split('/'));
  }
}
