import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CaseCategory } from '../shared/api/case-catalogue';
import type { ReportInput } from '../shared/api/cases';
import type { Household, Person, Place } from '../shared/api/registry';
import type { Session } from '../shared/api/session';
import type { VisitPlanItem } from '../shared/api/field-work';
import type { Case } from '../shared/api/cases';
import type { MyCampaignTasks } from '../shared/api/campaigns';
import type { Dispute, DisputeInput, DisputeKind, OutcomeInput, SessionInput } from '../shared/api/disputes';
import type { Checklist, InspectionDetail, InspectionInput, ReInspectionInput } from '../shared/api/inspections';
import type { VisitInput, VisitPurpose } from '../shared/api/visits';
import type { DepositInput, Rule } from '../shared/api/moral-bank';
import type { WishInput } from '../shared/api/wishes';

/**
 * What the field app keeps on the phone (IndexedDB): the grid's households and people exactly as the API answered
 * them (masked values stay masked), the lists the forms offer, today's tasks, and the queue of records not yet
 * acknowledged by the server, with their photos. Signing out deletes all of it.
 */

/** A household as cached, with what the search matches: its text and the pinyin initials of its head and address. */
export type CachedHousehold = Household & { searchText: string };

export type QueueStatus = 'waiting' | 'sending' | 'failed' | 'conflict';

export type QueuedPhoto = {
  blob: Blob;
  fileName: string;
  uploadId?: string;
  isSent?: boolean;
  /** An inspection's or re-inspection's photo: the item it shows, as found (before) or put right (after). */
  itemCode?: string;
  stage?: 'before' | 'after';
};

type QueuedBase = {
  /** The client's UUIDv7: the record's id on the server too, so sending it again creates nothing. */
  id: string;
  accountId: string;
  label: string;
  createdAt: string;
  status: QueueStatus;
  attempts: number;
  nextAttemptAt: number;
  error?: { code: string; message: string };
  photos: QueuedPhoto[];
};

export type QueuedVisit = QueuedBase & { kind: 'visit'; body: VisitInput };
export type QueuedCase = QueuedBase & { kind: 'case'; body: ReportInput };
/** An inspection; its items' photos are in `photos` (by item and stage) and named in the body once uploaded. */
export type QueuedInspection = QueuedBase & { kind: 'inspection'; body: InspectionInput };
export type QueuedDispute = QueuedBase & { kind: 'dispute'; body: DisputeInput };
export type QueuedSession = QueuedBase & { kind: 'session'; disputeId: string; body: SessionInput };
/** A moral-bank deposit; its photos are sent ahead and named in the body once uploaded. */
export type QueuedDeposit = QueuedBase & { kind: 'deposit'; body: DepositInput };
export type QueuedWish = QueuedBase & { kind: 'wish'; body: WishInput };
/** A re-inspection of an inspection's open hazards; its photos (by item) are sent ahead and named once uploaded. */
export type QueuedRecheck = QueuedBase & { kind: 'recheck'; inspectionId: string; body: ReInspectionInput };
/** A dispute's outcome; the photo of the signed agreement goes after it. */
export type QueuedOutcome = QueuedBase & { kind: 'outcome'; disputeId: string; body: OutcomeInput };
export type QueuedRecord =
  | QueuedVisit
  | QueuedCase
  | QueuedInspection
  | QueuedDispute
  | QueuedSession
  | QueuedDeposit
  | QueuedWish
  | QueuedRecheck
  | QueuedOutcome;

export type Tasks = { plan: VisitPlanItem[]; cases: Case[]; campaigns: MyCampaignTasks['items']; at: string };

type Meta = {
  session: Session;
  categories: CaseCategory[];
  purposes: VisitPurpose[];
  tasks: Tasks;
  householdsCachedAt: string;
  /** The grid's places, the county's checklists and dispute kinds, and the grid's open disputes, for use offline. */
  places: Place[];
  checklists: Checklist[];
  disputeKinds: DisputeKind[];
  disputes: Dispute[];
  /** The grid's inspections with hazards still open (turned into cases), for a re-inspection offline. */
  openInspections: InspectionDetail[];
  /** The moral bank's rules of the user's village and county, for deposits offline. */
  moralBankRules: Rule[];
};

interface FieldDatabase extends DBSchema {
  meta: { key: string; value: unknown };
  households: { key: string; value: CachedHousehold };
  persons: { key: string; value: Person; indexes: { household: string } };
  queue: { key: string; value: QueuedRecord; indexes: { createdAt: string } };
}

let opening: Promise<IDBPDatabase<FieldDatabase>> | undefined;

function database(): Promise<IDBPDatabase<FieldDatabase>> {
  opening ??= openDB<FieldDatabase>('gridlink-field', 1, {
    upgrade(db) {
      db.createObjectStore('meta');
      db.createObjectStore('households', { keyPath: 'id' });
      db.createObjectStore('persons', { keyPath: 'id' }).createIndex('household', 'householdId');
      db.createObjectStore('queue', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
    },
  });
  return opening;
}

export async function readMeta<Key extends keyof Meta>(key: Key): Promise<Meta[Key] | undefined> {
  return (await (await database()).get('meta', key)) as Meta[Key] | undefined;
}

export async function writeMeta<Key extends keyof Meta>(key: Key, value: Meta[Key]): Promise<void> {
  await (await database()).put('meta', value, key);
}

/** Replaces the cached grid: households and people as the API gave them. */
export async function replaceGrid(households: CachedHousehold[], persons: Person[], at: string): Promise<void> {
  const db = await database();
  const transaction = db.transaction(['households', 'persons', 'meta'], 'readwrite');
  await transaction.objectStore('households').clear();
  await transaction.objectStore('persons').clear();
  for (const household of households) void transaction.objectStore('households').put(household);
  for (const person of persons) void transaction.objectStore('persons').put(person);
  void transaction.objectStore('meta').put(at, 'householdsCachedAt');
  await transaction.done;
}

export async function listHouseholds(): Promise<CachedHousehold[]> {
  return (await database()).getAll('households');
}

export async function getHousehold(id: string): Promise<CachedHousehold | undefined> {
  return (await database()).get('households', id);
}

export async function listMembers(householdId: string): Promise<Person[]> {
  return (await database()).getAllFromIndex('persons', 'household', householdId);
}

export async function listPersons(): Promise<Person[]> {
  return (await database()).getAll('persons');
}

export async function listQueue(): Promise<QueuedRecord[]> {
  return (await database()).getAllFromIndex('queue', 'createdAt');
}

export async function putQueued(record: QueuedRecord): Promise<void> {
  await (await database()).put('queue', record);
}

export async function getQueued(id: string): Promise<QueuedRecord | undefined> {
  return (await database()).get('queue', id);
}

export async function deleteQueued(id: string): Promise<void> {
  await (await database()).delete('queue', id);
}

/** Sign-out: nothing personal stays on the phone — the grid, the tasks, the session and the queue go. */
export async function clearEverything(): Promise<void> {
  const db = await database();
  const transaction = db.transaction(['meta', 'households', 'persons', 'queue'], 'readwrite');
  await Promise.all([
    transaction.objectStore('meta').clear(),
    transaction.objectStore('households').clear(),
    transaction.objectStore('persons').clear(),
    transaction.objectStore('queue').clear(),
    transaction.done,
  ]);
}
