/**
 * The report a user is filling in, kept on the device (IndexedDB, which holds photos as they are) until it is sent:
 * a report that could not reach the server, or a page reloaded meanwhile, loses nothing.
 */

const databaseName = 'gridlink';
const storeName = 'report-drafts';

export type ReportDraft<Values> = {
  values: Partial<Values>;
  photos: File[];
  position?: { lat: number; lng: number };
};

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(databaseName, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(storeName);
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error ?? new Error('IndexedDB unavailable'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, ask: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = ask(database.transaction(storeName, mode).objectStore(storeName));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    database.close();
  }
}

/** Photos are kept apart, so that typing a word does not write them again. */
const photosKey = (key: string) => `${key}:photos`;

function ignoreFailure(): undefined {
  // A browser without IndexedDB (some private modes) keeps no draft; the report itself still works.
  return undefined;
}

/** The draft kept under `key`, if any. */
export async function loadReportDraft<Values>(key: string): Promise<ReportDraft<Values> | undefined> {
  const [fields, photos] =
    (await Promise.all([
      withStore<Omit<ReportDraft<Values>, 'photos'> | undefined>('readonly', (store) => store.get(key)),
      withStore<File[] | undefined>('readonly', (store) => store.get(photosKey(key))),
    ]).catch(ignoreFailure)) ?? [];
  return fields || photos?.length ? { values: {}, ...fields, photos: photos ?? [] } : undefined;
}

/** Keeps what was typed or chosen (and the position); `photos`, when given, replace the photos kept. */
export async function saveReportDraft<Values>(
  key: string,
  draft: Omit<ReportDraft<Values>, 'photos'>,
  photos?: File[],
): Promise<void> {
  await withStore('readwrite', (store) => store.put(draft, key)).catch(ignoreFailure);
  if (photos) await withStore('readwrite', (store) => store.put(photos, photosKey(key))).catch(ignoreFailure);
}

export async function clearReportDraft(key: string): Promise<void> {
  await withStore('readwrite', (store) => store.delete(key)).catch(ignoreFailure);
  await withStore('readwrite', (store) => store.delete(photosKey(key))).catch(ignoreFailure);
}
