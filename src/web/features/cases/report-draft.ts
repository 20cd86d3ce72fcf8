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

/** The draft kept under `key`, or undefined (also where the browser keeps no IndexedDB, e.g. some private modes). */
export function loadReportDraft<Values>(key: string): Promise<ReportDraft<Values> | undefined> {
  return withStore<ReportDraft<Values> | undefined>('readonly', (store) => store.get(key)).catch(() => undefined);
}

export function saveReportDraft<Values>(key: string, draft: ReportDraft<Values>): Promise<void> {
  return withStore('readwrite', (store) => store.put(draft, key)).then(
    () => undefined,
    () => undefined,
  );
}

export function clearReportDraft(key: string): Promise<void> {
  return withStore('readwrite', (store) => store.delete(key)).then(
    () => undefined,
    () => undefined,
  );
}
