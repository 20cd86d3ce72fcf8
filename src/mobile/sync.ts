import type { Case, AddedPhoto } from '../shared/api/cases';
import type { DisputeDetail } from '../shared/api/disputes';
import type { InspectionDetail, InspectionPhoto } from '../shared/api/inspections';
import type { Visit, VisitPhoto } from '../shared/api/visits';
import type { Entry } from '../shared/api/moral-bank';
import type { Wish } from '../shared/api/wishes';
import { ApiError, request } from './api';
import { deleteQueued, getQueued, listQueue, putQueued, type QueuedRecord } from './store';

/**
 * Sends the queue: each record exactly once. A record carries the client's id, so a resend after a lost answer
 * answers the record already made; photos go first (a visit) or after (a case), and each photo's upload is noted on
 * the record as soon as the server acknowledges it, so it is not sent twice either. A 4xx answer is the user's to
 * see (the record stays, marked with the reason); no network, 408, 429 and 5xx are tried again with backoff; a 401
 * stops sending until the user signs in again.
 */

export type SyncState = { isSending: boolean; needsSignIn: boolean; sentCount: number };

let state: SyncState = { isSending: false, needsSignIn: false, sentCount: 0 };
const listeners = new Set<() => void>();
let accountId: string | undefined;
let running: Promise<void> | undefined;
let timer: number | undefined;

/** How many records go at once: the server answers each in tens of milliseconds, the phone waits on the network. */
const parallelSends = 4;
const maxBackoffMilliseconds = 60_000;

function update(change: Partial<SyncState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener();
}

export function syncState(): SyncState {
  return state;
}

/** Called on every change of the queue or of the sending. */
export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyQueueChanged(): void {
  update({});
}

/** Whose records may be sent: the signed-in account's only (undefined: nobody is signed in). */
export function setSyncAccount(id: string | undefined): void {
  accountId = id;
  if (id) update({ needsSignIn: false });
}

export async function enqueue(record: QueuedRecord): Promise<void> {
  await putQueued(record);
  notifyQueueChanged();
  void sendQueue();
}

/** Sends what is due now; one run at a time (a second call waits for the run under way and starts another). */
export function sendQueue(options: { isForced?: boolean } = {}): Promise<void> {
  const previous = running ?? Promise.resolve();
  const next = previous.then(() => runOnce(options.isForced ?? false));
  running = next.finally(() => {
    if (running === next) running = undefined;
  });
  return running;
}

async function runOnce(isForced: boolean): Promise<void> {
  if (!accountId || state.needsSignIn) return;
  const now = Date.now();
  const due = (await listQueue()).filter(
    (record) =>
      record.accountId === accountId &&
      (record.status === 'waiting' || record.status === 'sending') &&
      (isForced || record.nextAttemptAt <= now),
  );
  if (due.length === 0) return scheduleNext();
  update({ isSending: true });
  let index = 0;
  const worker = async () => {
    while (index < due.length && !state.needsSignIn) {
      const record = due[index]!;
      index += 1;
      await sendOne(record.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelSends, due.length) }, worker));
  update({ isSending: false });
  scheduleNext();
}

/** Wakes up when the next record waiting on its backoff is due. */
function scheduleNext(): void {
  window.clearTimeout(timer);
  void listQueue().then((records) => {
    const waiting = records.filter((record) => record.status === 'waiting' && record.accountId === accountId);
    if (waiting.length === 0) return;
    const wait = Math.max(Math.min(...waiting.map((record) => record.nextAttemptAt)) - Date.now(), 500);
    timer = window.setTimeout(() => void sendQueue(), wait);
  });
}

async function sendOne(id: string): Promise<void> {
  const record = await getQueued(id);
  if (!record || record.status === 'failed' || record.status === 'conflict') return;
  record.status = 'sending';
  record.attempts += 1;
  await putQueued(record);
  notifyQueueChanged();
  try {
    await senders[record.kind](record as never);
    await deleteQueued(record.id);
    update({ sentCount: state.sentCount + 1 });
  } catch (error) {
    const failure = error instanceof ApiError ? error : new ApiError(0, 'network', String(error));
    if (failure.status === 401) {
      record.status = 'waiting';
      update({ needsSignIn: true });
    } else if (failure.isTransient) {
      record.status = 'waiting';
      record.nextAttemptAt = Date.now() + Math.min(1000 * 2 ** (record.attempts - 1), maxBackoffMilliseconds);
    } else {
      // The server refused it: the user sees why and fixes or discards it; it is never dropped here.
      record.status = failure.status === 409 ? 'conflict' : 'failed';
    }
    record.error = { code: failure.code, message: failure.message };
    await putQueued(record);
    notifyQueueChanged();
  }
}

/** Sends a record's photos ahead (visits, inspections), noting each upload's id on the record as it is acknowledged. */
async function uploadAhead(record: QueuedRecord, path: string): Promise<void> {
  for (const photo of record.photos) {
    if (photo.uploadId) continue;
    const uploaded = await request<VisitPhoto | InspectionPhoto>(
      `${path}?fileName=${encodeURIComponent(photo.fileName)}`,
      { method: 'POST', body: photo.blob },
    );
    photo.uploadId = uploaded.id;
    await putQueued(record);
  }
}

async function sendVisit(record: Extract<QueuedRecord, { kind: 'visit' }>): Promise<void> {
  await uploadAhead(record, '/visit-photos');
  const photoUploadIds = record.photos.flatMap((photo) => (photo.uploadId ? [photo.uploadId] : []));
  await request<Visit>('/visits', {
    method: 'POST',
    body: { ...record.body, id: record.id, ...(photoUploadIds.length ? { photoUploadIds } : {}) },
  });
}

async function sendCase(record: Extract<QueuedRecord, { kind: 'case' }>): Promise<void> {
  await request<Case>('/cases', { method: 'POST', body: { ...record.body, id: record.id } });
  for (const photo of record.photos) {
    if (photo.isSent) continue;
    await request<AddedPhoto>(`/cases/${record.id}/photos?fileName=${encodeURIComponent(photo.fileName)}`, {
      method: 'POST',
      body: photo.blob,
    });
    photo.isSent = true;
    await putQueued(record);
  }
}

/** An inspection: its photos first, then the inspection naming each by item and stage. */
async function sendInspection(record: Extract<QueuedRecord, { kind: 'inspection' }>): Promise<void> {
  await uploadAhead(record, '/inspection-photos');
  const uploaded = (code: string, stage: 'before' | 'after') =>
    record.photos.flatMap((photo) =>
      photo.itemCode === code && photo.stage === stage && photo.uploadId ? [photo.uploadId] : [],
    );
  const items = record.body.items.map((item) => ({
    ...item,
    photoIds: uploaded(item.code, 'before'),
    ...(item.resolution?.kind === 'fixed'
      ? { resolution: { ...item.resolution, photoIds: uploaded(item.code, 'after') } }
      : {}),
  }));
  await request<InspectionDetail>('/inspections', { method: 'POST', body: { ...record.body, id: record.id, items } });
}

async function sendDispute(record: Extract<QueuedRecord, { kind: 'dispute' }>): Promise<void> {
  await request<DisputeDetail>('/disputes', { method: 'POST', body: { ...record.body, id: record.id } });
}

async function sendSession(record: Extract<QueuedRecord, { kind: 'session' }>): Promise<void> {
  await request<DisputeDetail>(`/disputes/${record.disputeId}/sessions`, {
    method: 'POST',
    body: { ...record.body, id: record.id },
  });
}

/** A deposit: its photos first, then the deposit naming them, by its client id (sent again, it is recorded once). */
async function sendDeposit(record: Extract<QueuedRecord, { kind: 'deposit' }>): Promise<void> {
  await uploadAhead(record, '/moral-bank/photos');
  const photoUploadIds = record.photos.flatMap((photo) => (photo.uploadId ? [photo.uploadId] : []));
  await request<Entry>('/moral-bank/deposits', {
    method: 'POST',
    body: { ...record.body, id: record.id, ...(photoUploadIds.length ? { photoUploadIds } : {}) },
  });
}

/** A micro-wish registered on a visit, by its client id (sent again, it is registered once). */
async function sendWish(record: Extract<QueuedRecord, { kind: 'wish' }>): Promise<void> {
  await request<Wish>('/micro-wishes', { method: 'POST', body: { ...record.body, id: record.id } });
}

/** A re-inspection: its photos first, then the re-inspection naming each by item (sent again, it is recorded once). */
async function sendRecheck(record: Extract<QueuedRecord, { kind: 'recheck' }>): Promise<void> {
  await uploadAhead(record, '/inspection-photos');
  const items = record.body.items.map((item) => ({
    ...item,
    photoIds: record.photos.flatMap((photo) =>
      photo.itemCode === item.code && photo.uploadId ? [photo.uploadId] : [],
    ),
  }));
  await request<InspectionDetail>(`/inspections/${record.inspectionId}/re-inspections`, {
    method: 'POST',
    body: { ...record.body, id: record.id, items },
  });
}

/** A dispute's outcome by its client id, then the photo of the signed agreement (noted once acknowledged). */
async function sendOutcome(record: Extract<QueuedRecord, { kind: 'outcome' }>): Promise<void> {
  await request<DisputeDetail>(`/disputes/${record.disputeId}/outcome`, {
    method: 'POST',
    body: { ...record.body, id: record.id },
  });
  for (const photo of record.photos) {
    if (photo.isSent) continue;
    await request<DisputeDetail>(
      `/disputes/${record.disputeId}/agreement-photo?fileName=${encodeURIComponent(photo.fileName)}`,
      { method: 'PUT', body: photo.blob },
    );
    photo.isSent = true;
    await putQueued(record);
  }
}

const senders: { [Kind in QueuedRecord['kind']]: (record: Extract<QueuedRecord, { kind: Kind }>) => Promise<void> } = {
  visit: sendVisit,
  case: sendCase,
  inspection: sendInspection,
  dispute: sendDispute,
  session: sendSession,
  deposit: sendDeposit,
  wish: sendWish,
  recheck: sendRecheck,
  outcome: sendOutcome,
};

/** The user fixed a refused record (or asks again now): it goes back in line at once. */
export async function resend(record: QueuedRecord): Promise<void> {
  await putQueued({ ...record, status: 'waiting', nextAttemptAt: 0, error: undefined });
  notifyQueueChanged();
  await sendQueue({ isForced: true });
}

export async function discard(id: string): Promise<void> {
  await deleteQueued(id);
  notifyQueueChanged();
}

/** Sends on start, whenever the network returns, and when the app comes back to the foreground. */
export function startSyncing(): void {
  window.addEventListener('online', () => void sendQueue({ isForced: true }));
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sendQueue();
  });
  void sendQueue({ isForced: true });
}
