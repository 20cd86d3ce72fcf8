import type { FileStoreSettings } from '../config.js';
import type { FileStore } from './file-store.js';
import { FolderStore } from './folder-store.js';
import { S3Store } from './s3-store.js';

/** The store the settings name (FILE_STORE): the folder by default, or an S3-compatible bucket. */
export function openFileStore(settings: FileStoreSettings): FileStore {
  return settings.kind === 'folder' ? new FolderStore(settings.folder) : new S3Store(settings);
}
