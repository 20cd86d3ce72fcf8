import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type {
  createVisitBody,
  listVisitsQuery,
  Need,
  NeedInput,
  NeedStatusChange,
  PersonMet,
  Visit,
  VisitPhoto,
} from '../../../shared/api/visits.js';
import { visitTimeLimits, type NeedKind } from '../../../shared/visits.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { assertInsertedOnce, recordOnce } from '../../client-ids.js';
import type { Database, Executor, Transaction } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import type { FileStore } from '../../storage/file-store.js';
import { inTransactionWithAudit, recordAudit } from '../audit/audit.service.js';
import { checkRecordUnderCampaign } from '../campaigns/campaigns.service.js';
import { reportCase } from '../cases/cases.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { loadHousehold, updateHousehold } from '../registry/households.service.js';
import { presentPersonsMet } from '../registry/persons-met.service.js';
import { loadPerson } from '../registry/persons.service.js';
import { loadPlace } from '../registry/places.service.js';
import { findStaffOfAccount } from '../staff/staff-records.service.js';
import { presentFindings } from './visit-findings.service.js';
import { readVisitPurposes } from './visit-purposes.service.js';
import * as repository from './visits.repository.js';
import { keepPhotoSentAhead } from '../../storage/photos-sent-ahead.js';
import type { PhotoUploadLimit } from '../../storage/photos.js';

type VisitInput = z.output<typeof createVisitBody>;

// Presenting ---------------------------------------------------------------------------------------------------------

function presentNeed(row: repository.NeedRow): Need {
  const { need } = row;
  return {
    id: need.id,
    householdId: need.householdId,
    kind: need.kind as NeedKind,
    description: need.description,
    status: need.status,
    sourceVisitId: need.sourceVisitId,
    createdByName: row.createdByName,
    createdAt: need.createdAt.toISOString(),
    updatedAt: need.updatedAt.toISOString(),
  };
}

function groupBy<Row, Key>(rows: Row[], keyOf: (row: Row) => Key): Map<Key, Row[]> {
  const groups = new Map<Key, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}

/** A page of visit rows with their visitors, people met (as the registry shows them), photos, case and needs. */
async function presentVisits(db: Executor, actor: Actor, rows: repository.VisitRow[]): Promise<Visit[]> {
  const byCounty = groupBy(rows, (row) => row.visit.countyId);
  const presented = new Map<string, Visit>();
  for (const [countyId, countyRows] of byCounty) {
    const ids = countyRows.map((row) => row.visit.id);
    const [visitors, personLinks, photos, needs, linkedCases, purposes] = await Promise.all([
      repository.listVisitorsOf(db, countyId, ids),
      repository.listPersonIdsOf(db, countyId, ids),
      repository.listPhotosOf(db, countyId, ids),
      repository.listNeeds(db, countyId, { visitIds: ids }),
      repository.listCasesOf(
        db,
        countyId,
        countyRows.flatMap((row) => (row.visit.caseId ? [row.visit.caseId] : [])),
      ),
      readVisitPurposes(db, countyId),
    ]);
    const personIds = [
      ...personLinks.map((link) => link.personId),
      ...countyRows.flatMap((row) => (row.headPersonId ? [row.headPersonId] : [])),
    ];
    const people = await presentPersonsMet(
      db,
      actor,
      await repository.findPersonsMet(db, countyId, [...new Set(personIds)]),
    );
    const visitorsOf = groupBy(visitors, (row) => row.visitId);
    const personsOf = groupBy(personLinks, (row) => row.visitId);
    const photosOf = groupBy(photos, (row) => row.visitId);
    const needsOf = groupBy(needs, (row) => row.need.sourceVisitId);
    const caseOf = new Map(linkedCases.map((row) => [row.id, row]));
    const purposeOf = new Map(purposes.map((purpose) => [purpose.code, purpose]));
    const findingsOf = await presentFindings(
      db,
      actor,
      countyRows.map((row) => row.visit),
    );
    for (const row of countyRows) {
      const { visit } = row;
      const purpose = purposeOf.get(visit.purpose);
      const linkedCase = visit.caseId ? caseOf.get(visit.caseId) : undefined;
      presented.set(visit.id, {
        id: visit.id,
        householdId: visit.householdId,
        placeId: visit.placeId,
        label: row.householdAddress ?? row.placeName ?? '',
        headName: row.headPersonId ? (people.get(row.headPersonId)?.name ?? null) : null,
        regionId: visit.regionId,
        regionName: row.regionName,
        visitedAt: visit.visitedAt.toISOString(),
        purpose: visit.purpose,
        purposeName: purpose ? { zh: purpose.zh, en: purpose.en } : null,
        ...findingsOf.get(visit.id)!,
        location:
          visit.latitude === null || visit.longitude === null ? null : { lat: visit.latitude, lng: visit.longitude },
        campaignId: visit.campaignId,
        visitors: (visitorsOf.get(visit.id) ?? []).map(({ staffId, name, kind }) => ({ staffId, name, kind })),
        personsMet: (personsOf.get(visit.id) ?? []).flatMap(({ personId }): PersonMet[] => {
          const person = people.get(personId);
          return person ? [person] : [];
        }),
        photos: (photosOf.get(visit.id) ?? []).map(({ id, fileName, contentType, size }): VisitPhoto => ({
          id,
          fileName,
          contentType,
          size,
        })),
        case: linkedCase ? { id: linkedCase.id, number: linkedCase.number, status: linkedCase.status } : null,
        needs: (needsOf.get(visit.id) ?? []).map(presentNeed),
        recordedById: visit.recordedBy,
        recordedByName: row.recordedByName,
        createdAt: visit.createdAt.toISOString(),
      });
    }
  }
  return rows.map((row) => presented.get(row.visit.id)!);
}

// Reading ------------------------------------------------------------------------------------------------------------

/**
 * Visits newest first, filtered by region, household, place, period, purpose or campaign; inside the actor's scope
 * whatever the filter names (a region, household or place outside it answers 404, audited).
 */
export async function listVisits(
  db: Database,
  actor: Actor,
  query: z.output<typeof listVisitsQuery>,
): Promise<Page<Visit>> {
  assertCan(actor, 'visit.read');
  const region = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  if (query.householdId) await loadHousehold(db, actor, query.householdId);
  if (query.placeId) await loadPlace(db, actor, query.placeId);
  const rows = await repository.listVisits(
    db,
    actor,
    {
      countyId: region?.countyId ?? actor.countyId,
      rootCode: region?.code ?? actor.regionCode ?? '',
      householdId: query.householdId,
      placeId: query.placeId,
      from: query.from,
      to: query.to,
      purpose: query.purpose,
      campaignId: query.campaignId,
      after: query.cursor,
    },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.visit.visitedAt.toISOString(), row.visit.id));
  return { items: await presentVisits(db, actor, page.items), nextCursor: page.nextCursor };
}

async function findVisit(db: Executor, actor: Actor, id: string): Promise<Visit | undefined> {
  const [row] = await repository.listVisits(db, actor, { rootCode: '', id }, 1);
  return row ? (await presentVisits(db, actor, [row]))[0] : undefined;
}

/** One visit; outside the actor's scope it reads exactly like a missing one, and the look is audited. */
export async function getVisit(db: Database, actor: Actor, id: string): Promise<Visit> {
  assertCan(actor, 'visit.read');
  const visit = await findVisit(db, actor, id);
  if (visit) return visit;
  if (await repository.findVisitOrigin(db, id)) {
    await recordAudit(db, actor, { action: 'visit.read', entityType: 'visit', entityId: id, outcome: 'denied' });
  }
  throw visitNotFound(id);
}

function visitNotFound(id: string) {
  return new AppError('visit_not_found', { en: `No visit with id ${id}.`, zh: `没有编号为 ${id} 的走访记录。` });
}

// Recording ----------------------------------------------------------------------------------------------------------

function checkVisitTime(visitedAt: string, now: Date) {
  const at = new Date(visitedAt).getTime();
  if (at > now.getTime() + visitTimeLimits.futureSkewMinutes * 60_000) {
    throw new AppError(
      'validation_failed',
      { en: 'The visit time is in the future: check the phone’s clock.', zh: '走访时间晚于当前时间，请检查手机时间。' },
      { field: 'visitedAt' },
    );
  }
  if (at < now.getTime() - visitTimeLimits.maxAgeDays * 86_400_000) {
    throw new AppError(
      'validation_failed',
      {
        en: `A visit is recorded within ${visitTimeLimits.maxAgeDays} days of it.`,
        zh: `走访须在 ${visitTimeLimits.maxAgeDays} 天内登记。`,
      },
      { field: 'visitedAt' },
    );
  }
}

/** Where the visit was: the household's or place's grid, loaded through the registry (404 outside scope, audited). */
async function visitedTarget(db: Database, actor: Actor, input: VisitInput) {
  if (input.householdId) {
    const { household } = await loadHousehold(db, actor, input.householdId);
    return household;
  }
  const { place } = await loadPlace(db, actor, input.placeId!);
  return place;
}

/**
 * Visitors are staff of the visited grid or of a region above it (cadres sent down are placed in the grid); the
 * caller's own staff record when none are named.
 */
async function checkVisitors(db: Database, actor: Actor, countyId: string, regionCode: string, ids?: string[]) {
  if (ids === undefined) {
    const own = actor.system === undefined ? await findStaffOfAccount(db, countyId, actor.id) : undefined;
    if (!own) {
      throw new AppError(
        'validation_failed',
        { en: 'Name who made the visit (visitorStaffIds).', zh: '请选择走访人员。' },
        { field: 'visitorStaffIds' },
      );
    }
    return [own.id];
  }
  const unique = [...new Set(ids)];
  const found = await repository.findStaff(db, countyId, unique);
  const isEligible = (id: string) => found.some((staff) => staff.id === id && regionCode.startsWith(staff.regionCode));
  const refused = unique.filter((id) => !isEligible(id));
  if (refused.length > 0) {
    throw new AppError(
      'validation_failed',
      {
        en: 'Visitors must be staff of the visited grid or of a region above it.',
        zh: '走访人员须是所走访网格或其上级区域的人员。',
      },
      { field: 'visitorStaffIds', staffIds: refused },
    );
  }
  return unique;
}

/** The people met: each one the caller may see, and a member of the visited household. */
async function checkPersonsMet(db: Database, actor: Actor, input: VisitInput) {
  const ids = [...new Set(input.personIds ?? [])];
  for (const id of ids) {
    const { person } = await loadPerson(db, actor, id);
    if (input.householdId && person.householdId !== input.householdId) {
      throw new AppError(
        'validation_failed',
        { en: 'The people met must be members of the visited household.', zh: '见到的人员须是被走访户的成员。' },
        { field: 'personIds' },
      );
    }
  }
  return ids;
}

/**
 * Records a visit, with what it leads to in the same step: a case (through the cases module, source `visit`), a
 * need, a change of the household's record (through the registry, with its own checks). One transaction: if any
 * part is refused, nothing is written. The client's id makes it idempotent: the same id again answers the visit
 * recorded (`isCreated` false) and writes nothing, also when two arrive at once.
 */
export async function recordVisit(
  db: Database,
  actor: Actor,
  input: VisitInput,
): Promise<{ visit: Visit; isCreated: boolean }> {
  assertCan(actor, 'visit.record');
  const { result, isNew } = await recordOnce(actor, input.id, {
    findCreator: async () => {
      const origin = await repository.findVisitOrigin(db, input.id);
      return origin && { createdBy: origin.recordedBy };
    },
    read: () => findVisit(db, actor, input.id),
    write: async () => {
      await writeVisit(db, actor, input);
      return (await findVisit(db, actor, input.id))!;
    },
  });
  return { visit: result, isCreated: isNew };
}

async function writeVisit(db: Database, actor: Actor, input: VisitInput) {
  const target = await visitedTarget(db, actor, input);
  const { countyId, regionCode } = target;
  checkVisitTime(input.visitedAt, await repository.databaseNow(db));
  const purposes = await readVisitPurposes(db, countyId);
  if (!purposes.some((purpose) => purpose.code === input.purpose && purpose.isActive)) {
    throw new AppError(
      'validation_failed',
      { en: `The county has no visit purpose "${input.purpose}".`, zh: `本县没有走访事由“${input.purpose}”。` },
      { field: 'purpose' },
    );
  }
  const staffIds = await checkVisitors(db, actor, countyId, regionCode, input.visitorStaffIds);
  const personIds = await checkPersonsMet(db, actor, input);
  if (input.campaignId) await checkRecordUnderCampaign(db, actor, input.campaignId, { countyId, regionCode });
  const followUp = input.followUp ?? {};
  if ((followUp.need || followUp.householdChange) && !input.householdId) {
    throw new AppError(
      'validation_failed',
      { en: 'Needs and record changes follow a household visit.', zh: '登记需求和更新台账仅适用于入户走访。' },
      { field: 'followUp' },
    );
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const isInserted = await repository.insertVisit(transaction, {
      countyId,
      id: input.id,
      householdId: input.householdId ?? null,
      placeId: input.placeId ?? null,
      regionId: target.regionId,
      regionCode,
      visitedAt: new Date(input.visitedAt),
      purpose: input.purpose,
      findings: input.findings,
      latitude: input.location?.lat ?? null,
      longitude: input.location?.lng ?? null,
      campaignId: input.campaignId ?? null,
      recordedBy: actor.id,
    });
    assertInsertedOnce(isInserted);
    await repository.insertVisitors(transaction, countyId, input.id, staffIds);
    await repository.insertVisitPersons(transaction, countyId, input.id, personIds);
    const photoIds = [...new Set(input.photoUploadIds ?? [])];
    if ((await repository.attachPhotos(transaction, countyId, actor.id, input.id, photoIds)) !== photoIds.length) {
      throw new AppError(
        'validation_failed',
        {
          en: 'A photo named was not sent by you or belongs to another visit: send it again.',
          zh: '所列照片不是您上传的或已属于其他走访，请重新上传。',
        },
        { field: 'photoUploadIds' },
      );
    }
    const details: Record<string, unknown> = { purpose: input.purpose, visitors: staffIds.length };
    // The services below open their own transactions: inside this one they are savepoints of it.
    const inside = transaction as unknown as Database;
    if (followUp.case) {
      const reported = await reportCase(inside, actor, {
        ...followUp.case,
        source: 'visit',
        householdId: input.householdId,
        placeId: input.placeId,
        regionId: target.regionId,
        personIds: followUp.case.personIds.length > 0 ? followUp.case.personIds : personIds,
      });
      await repository.setVisitCase(transaction, countyId, input.id, reported.id);
      details.caseNumber = reported.number;
    }
    if (followUp.need) {
      const needId = uuidv7();
      await repository.insertNeed(transaction, {
        countyId,
        id: needId,
        householdId: input.householdId!,
        regionCode,
        kind: followUp.need.kind,
        description: followUp.need.description,
        sourceVisitId: input.id,
        createdBy: accountIdOf(actor),
      });
      details.needId = needId;
    }
    if (followUp.householdChange) {
      await updateHousehold(inside, actor, input.householdId!, followUp.householdChange);
      details.householdChange = Object.keys(followUp.householdChange);
    }
    return {
      audit: {
        action: 'visit.record',
        entityType: 'visit',
        entityId: input.id,
        regionCode,
        countyId,
        outcome: 'success',
        details,
      },
    };
  });
}

// Photos -------------------------------------------------------------------------------------------------------------

/**
 * Keeps a photo for a visit not yet recorded: the phone sends its photos, then the visit naming them. The bytes go to
 * the file store first and are deleted again when the row cannot be written. The account's upload limit holds (429).
 */
export async function uploadVisitPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  photo: { fileName: string; content: Buffer },
  limit: PhotoUploadLimit,
): Promise<VisitPhoto> {
  assertCan(actor, 'visit.record');
  return keepPhotoSentAhead(db, files, actor, photo, {
    limit,
    // Beside the case photos, named apart (the key rule of the file store: src/server/storage/file-store.ts).
    storageKeyOf: (countyId, id) => `photos/${countyId}/visit-${id}`,
    audit: { action: 'visit.add_photo', entityType: 'visit' },
    insert: (transaction, { accountId, ...row }) =>
      repository.insertPhoto(transaction, { ...row, visitId: null, createdBy: accountId }),
  });
}

/** A photo of a visit the actor may read (or their own, not yet attached). */
export async function getVisitPhoto(db: Database, files: FileStore, actor: Actor, photoId: string) {
  assertCan(actor, 'visit.read');
  const photo = await repository.findPhoto(db, actor, photoId);
  if (!photo) throw new AppError('not_found', { en: `No photo ${photoId}.`, zh: `没有照片 ${photoId}。` });
  const content = await files.get(photo.storageKey);
  if (!content) throw new Error(`The file store has no ${photo.storageKey}, the bytes of photo ${photoId}.`);
  return { contentType: photo.contentType, size: photo.size, content };
}

// Needs --------------------------------------------------------------------------------------------------------------

/** A household's needs, oldest first. */
export async function listHouseholdNeeds(db: Database, actor: Actor, householdId: string): Promise<{ items: Need[] }> {
  assertCan(actor, 'visit.read');
  const { household } = await loadHousehold(db, actor, householdId);
  const rows = await repository.listNeeds(db, household.countyId, { householdId });
  return { items: rows.map(presentNeed) };
}

export async function createNeed(db: Database, actor: Actor, householdId: string, input: NeedInput): Promise<Need> {
  assertCan(actor, 'visit.record');
  const { household } = await loadHousehold(db, actor, householdId);
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction: Transaction) => {
    await repository.insertNeed(transaction, {
      countyId: household.countyId,
      id,
      householdId,
      regionCode: household.regionCode,
      kind: input.kind,
      description: input.description,
      createdBy: accountIdOf(actor),
    });
    return {
      audit: {
        action: 'need.create',
        entityType: 'need',
        entityId: id,
        countyId: household.countyId,
        regionCode: household.regionCode,
        outcome: 'success',
        details: { householdId, kind: input.kind },
      },
    };
  });
  const [row] = await repository.listNeeds(db, household.countyId, { needId: id });
  return presentNeed(row!);
}

export async function changeNeedStatus(
  db: Database,
  actor: Actor,
  householdId: string,
  needId: string,
  change: NeedStatusChange,
): Promise<Need> {
  assertCan(actor, 'visit.record');
  const { household } = await loadHousehold(db, actor, householdId);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const isUpdated = await repository.updateNeedStatus(
      transaction,
      household.countyId,
      householdId,
      needId,
      change.status,
    );
    if (!isUpdated) {
      throw new AppError('need_not_found', {
        en: `No need ${needId} of this household.`,
        zh: `此户没有需求 ${needId}。`,
      });
    }
    return {
      audit: {
        action: 'need.update',
        entityType: 'need',
        entityId: needId,
        countyId: household.countyId,
        regionCode: household.regionCode,
        outcome: 'success',
        details: { status: change.status },
      },
    };
  });
  const [row] = await repository.listNeeds(db, household.countyId, { needId });
  return presentNeed(row!);
}
