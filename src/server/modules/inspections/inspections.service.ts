import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Case } from '../../../shared/api/cases.js';
import { cursorOf, type ListCursor, type Page } from '../../../shared/api/common.js';
import type {
  Checklist,
  checklistQuery,
  createChecklistBody,
  createInspectionBody,
  InspectionDetail,
  InspectionFigures,
  inspectionFiguresQuery,
  InspectionPhoto,
  inspectionQuery,
  InspectionSummary,
  reInspectionBody,
  updateChecklistBody,
} from '../../../shared/api/inspections.js';
import type { CaseAction } from '../../../shared/cases.js';
import { addDays, chinaDayStart, chinaToday } from '../../../shared/clock.js';
import { defaultChecklist, type InspectionPhotoStage } from '../../../shared/inspections.js';
import { assertCan, type Actor } from '../../auth/actor.js';
import { assertInsertedOnce, recordOnce } from '../../client-ids.js';
import type { Database, Executor, Transaction } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import type { FileStore } from '../../storage/file-store.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { getCase, reportCase } from '../cases/cases.service.js';
import { transitionCase } from '../cases/case-transitions.service.js';
import { listCategories, loadCounty } from '../cases/catalogue.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { loadPlace } from '../registry/places.service.js';
import { findStaffOfAccount, loadStaff } from '../staff/staff-records.service.js';
import * as repository from './inspections.repository.js';
import { keepPhotoSentAhead } from '../../storage/photos-sent-ahead.js';
import type { PhotoUploadLimit } from '../../storage/photos.js';

/** How far an inspection's time may lie ahead of the server's clock (a phone's clock runs a little fast). */
const clockSkewMinutes = 10;
/** How old an inspection may be when it arrives: an offline queue sends days late, not months. */
const oldestDays = 31;

// ---------------------------------------------------------------------------------------------------------------
// Checklists

function presentChecklist(row: repository.ChecklistRow): Checklist {
  return {
    id: row.id,
    name: { zh: row.nameZh, en: row.nameEn },
    placeKinds: row.placeKinds,
    items: row.items.map((item) => ({
      code: item.code,
      name: { zh: item.nameZh, en: item.nameEn },
      category: item.category,
    })),
    version: row.version,
    isActive: row.isActive,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function storedItems(items: z.output<typeof createChecklistBody>['items']) {
  return items.map((item) => ({
    code: item.code,
    nameZh: item.name.zh,
    nameEn: item.name.en,
    category: item.category,
  }));
}

/**
 * Gives a new county the default checklist (九小场所燃气安全), which it then edits: called where a county is created,
 * in that transaction, as its catalogue of grid items is (migration 0022 gave it to the counties that existed).
 */
export async function createDefaultChecklists(db: Executor, countyId: string): Promise<void> {
  await repository.insertChecklists(db, [
    {
      countyId,
      id: uuidv7(),
      nameZh: defaultChecklist.nameZh,
      nameEn: defaultChecklist.nameEn,
      placeKinds: defaultChecklist.placeKinds,
      items: defaultChecklist.items,
    },
  ]);
}

export async function listChecklists(
  db: Database,
  actor: Actor,
  query: z.output<typeof checklistQuery>,
): Promise<Checklist[]> {
  assertCan(actor, 'inspection.read');
  const county = await loadCounty(db, actor);
  const rows = await repository.listChecklists(db, county.id, query.includeInactive);
  return rows
    .filter((row) => query.placeKind === undefined || row.placeKinds.includes(query.placeKind))
    .map(presentChecklist);
}

function loadChecklist(
  db: Executor,
  actor: Actor,
  countyId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  return loadVisible(db, actor, {
    type: 'inspection_checklist',
    id,
    code: 'checklist_not_found',
    find: () => repository.findChecklist(db, countyId, id, options),
    existsAnywhere: () => repository.checklistExists(db, id),
  });
}

/** Checks that a checklist's items name items of the county's catalogue, so a case can be made of each. */
async function checkCategories(db: Database, actor: Actor, items: { category: string }[]) {
  const known = new Set((await listCategories(db, actor)).filter((row) => row.isActive).map((row) => row.code));
  const unknown = items.find((item) => !known.has(item.category));
  if (unknown) {
    throw new AppError(
      'validation_failed',
      {
        en: `"${unknown.category}" is not an item of the county's grid item catalogue.`,
        zh: `“${unknown.category}”不在本县的网格事项清单中。`,
      },
      { field: 'items' },
    );
  }
}

export async function createChecklist(
  db: Database,
  actor: Actor,
  input: z.output<typeof createChecklistBody>,
): Promise<Checklist> {
  assertCan(actor, 'inspection.configure');
  const county = await loadCounty(db, actor);
  await checkCategories(db, actor, input.items);
  const id = uuidv7();
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertChecklists(transaction, [
      {
        countyId: county.id,
        id,
        nameZh: input.name.zh,
        nameEn: input.name.en,
        placeKinds: input.placeKinds,
        items: storedItems(input.items),
        isActive: input.isActive,
      },
    ]);
    return {
      result: presentChecklist((await repository.findChecklist(transaction, county.id, id))!),
      audit: {
        action: 'inspection_checklist.create',
        entityType: 'inspection_checklist',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { name: input.name.zh, items: input.items.length },
      },
    };
  });
}

/**
 * Changes a checklist. Changing its items raises its version; inspections made before keep the items as they were
 * (each inspection copies them), so the history reads as it was checked.
 */
export async function updateChecklist(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof updateChecklistBody>,
): Promise<Checklist> {
  assertCan(actor, 'inspection.configure');
  const county = await loadCounty(db, actor);
  await loadChecklist(db, actor, county.id, id);
  if (changes.items) await checkCategories(db, actor, changes.items);
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await loadChecklist(transaction, actor, county.id, id, { forUpdate: true });
    await repository.updateChecklist(
      transaction,
      county.id,
      id,
      {
        ...(changes.name ? { nameZh: changes.name.zh, nameEn: changes.name.en } : {}),
        ...(changes.placeKinds ? { placeKinds: changes.placeKinds } : {}),
        ...(changes.items ? { items: storedItems(changes.items) } : {}),
        ...(changes.isActive === undefined ? {} : { isActive: changes.isActive }),
      },
      changes.items !== undefined,
    );
    const row = (await repository.findChecklist(transaction, county.id, id))!;
    return {
      result: presentChecklist(row),
      audit: {
        action: 'inspection_checklist.update',
        entityType: 'inspection_checklist',
        entityId: id,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { fields: Object.keys(changes), version: row.version },
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Photos

/**
 * Keeps a photo for an inspection not yet sent: a phone uploads the photos of an inspection first, then sends the
 * inspection naming them. The bytes go to the file store; the photo waits, its uploader's, until an inspection
 * takes it. The account's upload limit holds (429 rate_limited, with Retry-After).
 */
export async function uploadPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  photo: { fileName: string; content: Buffer },
  limits: PhotoUploadLimit,
): Promise<InspectionPhoto> {
  assertCan(actor, 'inspection.record');
  return keepPhotoSentAhead(db, files, actor, photo, {
    limit: limits,
    storageKeyOf: (countyId, id) => `inspections/${countyId}/${id}`,
    audit: { action: 'inspection.add_photo', entityType: 'inspection' },
    insert: (transaction, { accountId, ...row }) =>
      repository.insertPhoto(transaction, { ...row, uploadedBy: accountId }),
  });
}

export async function getPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  inspectionId: string,
  photoId: string,
): Promise<{ contentType: string; size: number; content: Readable }> {
  assertCan(actor, 'inspection.read');
  const { record } = await loadInspection(db, actor, inspectionId);
  const photo = await repository.findPhoto(db, record.countyId, inspectionId, photoId);
  if (!photo) {
    throw new AppError('not_found', {
      en: `No photo ${photoId} on this inspection.`,
      zh: `此排查记录没有照片 ${photoId}。`,
    });
  }
  const content = await files.get(photo.storageKey);
  if (!content) throw new Error(`The file store has no ${photo.storageKey}, the bytes of photo ${photoId}.`);
  return { contentType: photo.contentType, size: photo.size, content };
}

// ---------------------------------------------------------------------------------------------------------------
// Inspections

function loadInspection(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'inspection',
    id,
    code: 'inspection_not_found',
    find: () => repository.findInspection(db, actor, id),
    existsAnywhere: () => repository.inspectionExists(db, id),
  });
}

async function presentSummaries(db: Executor, rows: repository.InspectionRow[]): Promise<InspectionSummary[]> {
  if (rows.length === 0) return [];
  const countyId = rows[0]!.record.countyId;
  const staffIds = [...new Set(rows.flatMap((row) => row.record.inspectorStaffIds))];
  const ids = rows.map((row) => row.record.id);
  // A list is of one county: scope and the county's filter see to it.
  const [names, counts] = await Promise.all([
    repository.findStaffNames(db, countyId, staffIds),
    repository.countItems(db, countyId, ids),
  ]);
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  const countsOf = new Map(counts.map((row) => [row.inspectionId, row]));
  return rows.map((row) => {
    const { record } = row;
    const count = countsOf.get(record.id);
    return {
      id: record.id,
      kind: record.kind,
      previousId: record.previousId,
      place: { id: record.placeId, name: row.placeName, kind: row.placeKind, address: row.placeAddress },
      regionId: record.regionId,
      regionName: row.regionName,
      checklist: {
        id: record.checklistId,
        version: record.checklistVersion,
        name: { zh: record.checklistNameZh, en: record.checklistNameEn },
      },
      inspectedAt: record.inspectedAt.toISOString(),
      inspectors: record.inspectorStaffIds.map((staffId) => ({ staffId, name: nameOf.get(staffId) ?? '' })),
      notes: record.notes,
      recordedByName: row.recordedByName,
      counts: {
        items: count?.items ?? 0,
        failed: count?.failed ?? 0,
        fixed: count?.fixed ?? 0,
        cases: count?.cases ?? 0,
        open: count?.open ?? 0,
      },
    };
  });
}

async function presentDetail(db: Executor, row: repository.InspectionRow): Promise<InspectionDetail> {
  const { record } = row;
  const [[summary], items, photos, reInspections] = await Promise.all([
    presentSummaries(db, [row]),
    repository.listItems(db, record.countyId, [record.id]),
    repository.listPhotos(db, record.countyId, [record.id]),
    repository.listReInspections(db, record.countyId, record.id),
  ]);
  return {
    ...summary!,
    items: items.map(({ item, caseNumber, caseStatus, caseDeadline, isOpen }) => ({
      code: item.code,
      name: { zh: item.nameZh, en: item.nameEn },
      result: item.result,
      note: item.note,
      resolution: item.resolution,
      photos: photos
        .filter((photo) => photo.itemCode === item.code)
        .map((photo) => ({
          id: photo.id,
          fileName: photo.fileName,
          contentType: photo.contentType,
          size: photo.size,
          stage: photo.stage ?? 'before',
        })),
      case:
        item.caseId !== null && caseNumber !== null && caseStatus !== null
          ? { id: item.caseId, number: caseNumber, status: caseStatus, deadline: caseDeadline?.toISOString() ?? null }
          : null,
      isOpen: Boolean(isOpen),
      recheckedBy: item.recheckedBy,
    })),
    reInspections: reInspections.map((entry) => ({ id: entry.id, inspectedAt: entry.inspectedAt.toISOString() })),
  };
}

export async function getInspection(db: Database, actor: Actor, id: string): Promise<InspectionDetail> {
  assertCan(actor, 'inspection.read');
  return presentDetail(db, await loadInspection(db, actor, id));
}

/** The instants a period of China's calendar dates covers: from the first day's start to the day after the last. */
function periodOf(from: string | undefined, to: string | undefined) {
  if (from !== undefined && to !== undefined && from > to) {
    throw new AppError('validation_failed', {
      en: 'The period ends before it starts.',
      zh: '结束日期早于开始日期。',
    });
  }
  return {
    from: from === undefined ? undefined : chinaDayStart(from),
    to: to === undefined ? undefined : chinaDayStart(addDays(to, 1)),
  };
}

export async function listInspections(
  db: Database,
  actor: Actor,
  query: z.output<typeof inspectionQuery>,
): Promise<Page<InspectionSummary>> {
  assertCan(actor, 'inspection.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  if (query.placeId) await loadPlace(db, actor, query.placeId);
  const period = periodOf(query.from, query.to);
  return listPage(db, actor, {
    countyId: root?.countyId ?? actor.countyId,
    rootCode: root?.code ?? actor.regionCode ?? '',
    placeId: query.placeId,
    kind: query.kind,
    isOpen: query.isOpen,
    ...period,
    after: query.cursor,
    limit: query.limit,
  });
}

async function listPage(
  db: Database,
  actor: Actor,
  filter: repository.InspectionFilter & { after?: ListCursor | undefined; limit: number },
): Promise<Page<InspectionSummary>> {
  const rows = await repository.listInspections(db, actor, filter, filter.limit + 1);
  const page = toPage(rows, filter.limit, (row) => cursorOf(row.record.inspectedAt.toISOString(), row.record.id));
  return { items: await presentSummaries(db, page.items), nextCursor: page.nextCursor };
}

/** A place's inspections and re-inspections, newest first: the history its page shows. */
export async function listPlaceInspections(
  db: Database,
  actor: Actor,
  placeId: string,
  query: { cursor?: ListCursor | undefined; limit: number },
): Promise<Page<InspectionSummary>> {
  assertCan(actor, 'inspection.read');
  const { place } = await loadPlace(db, actor, placeId);
  return listPage(db, actor, {
    countyId: place.countyId,
    rootCode: '',
    placeId,
    after: query.cursor,
    limit: query.limit,
  });
}

/**
 * The inspections' figures of a region (the caller's own by default) in a period of China's dates (this month by
 * default): places inspected, inspections, hazards found, fixed on the spot, turned into cases, still open.
 */
export async function inspectionFigures(
  db: Database,
  actor: Actor,
  query: z.input<typeof inspectionFiguresQuery>,
): Promise<InspectionFigures> {
  assertCan(actor, 'inspection.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const countyId = root?.countyId ?? actor.countyId;
  const rootCode = root?.code ?? actor.regionCode ?? '';
  if (countyId === undefined) {
    throw new AppError(
      'validation_failed',
      {
        en: 'Choose a region (regionId): your account spans counties.',
        zh: '您的账号跨多个县，请选择区域（regionId）。',
      },
      { field: 'regionId' },
    );
  }
  const to = query.to ?? chinaToday();
  const from = query.from ?? `${to.slice(0, 8)}01`;
  const period = periodOf(from, to);
  return repository.inspectionFigures(db, { countyId, rootCode, from: period.from!, to: period.to! });
}

/** The time an inspection names, checked against the database's clock: not in the future, not months old. */
function checkInspectedAt(inspectedAt: Date, now: Date) {
  if (inspectedAt.getTime() > now.getTime() + clockSkewMinutes * 60_000) {
    throw new AppError(
      'validation_failed',
      { en: 'The inspection time lies in the future.', zh: '排查时间不能晚于当前时间。' },
      { field: 'inspectedAt' },
    );
  }
  if (inspectedAt.getTime() < now.getTime() - oldestDays * 86_400_000) {
    throw new AppError(
      'validation_failed',
      {
        en: `An inspection is recorded within ${oldestDays} days of being made.`,
        zh: `排查记录须在排查后 ${oldestDays} 天内录入。`,
      },
      { field: 'inspectedAt' },
    );
  }
}

/** The inspectors: those named (each a staff record the caller sees), or the caller's own staff record. */
async function inspectorsOf(db: Database, actor: Actor, countyId: string, named: string[] | undefined) {
  if (named === undefined || named.length === 0) {
    const own = await findStaffOfAccount(db, countyId, actor.id);
    return own ? [own.id] : [];
  }
  const unique = [...new Set(named)];
  for (const staffId of unique) await loadStaff(db, actor, staffId);
  return unique;
}

/** Photos the caller uploaded and no inspection took yet; 400 naming the first that is not. */
async function checkPhotos(db: Database, actor: Actor, countyId: string, ids: string[]) {
  if (new Set(ids).size !== ids.length) {
    throw new AppError(
      'validation_failed',
      { en: 'A photo is named twice.', zh: '同一张照片被引用了两次。' },
      { field: 'photoIds' },
    );
  }
  const waiting = new Set((await repository.findWaitingPhotos(db, countyId, actor.id, ids)).map((row) => row.id));
  const missing = ids.find((id) => !waiting.has(id));
  if (missing) {
    throw new AppError(
      'validation_failed',
      {
        en: `Photo ${missing} is not one you uploaded for an inspection, or another inspection has it already.`,
        zh: `照片 ${missing} 不是您为排查上传的照片，或已被其他排查记录使用。`,
      },
      { field: 'photoIds', photoId: missing },
    );
  }
}

/** Records an inspection by the client-id rule: `write` checks and records it, once per id. */
async function recordInspectionOnce(
  db: Database,
  actor: Actor,
  id: string,
  write: () => Promise<void>,
): Promise<{ inspection: InspectionDetail; isNew: boolean }> {
  const { result, isNew } = await recordOnce(actor, id, {
    findCreator: async () => {
      const owner = await repository.findInspectionOwner(db, id);
      return owner && { createdBy: owner.recordedBy };
    },
    read: async () => {
      const row = await repository.findInspection(db, actor, id);
      return row && presentDetail(db, row);
    },
    write: async () => {
      await write();
      return getInspection(db, actor, id);
    },
  });
  return { inspection: result, isNew };
}

/**
 * Records an inspection of a place with every item of its checklist. A failed item is fixed on the spot (随查随改,
 * with a photo of the fix) or turned into a case through the cases module (source `inspection`, filed under the
 * item's catalogue item, linked to the place, its deadline from the catalogue's time limit) — all in one
 * transaction: a case refused leaves no inspection behind. The client's id makes a resend harmless.
 */
export async function createInspection(
  db: Database,
  actor: Actor,
  input: z.output<typeof createInspectionBody>,
): Promise<{ inspection: InspectionDetail; isNew: boolean }> {
  assertCan(actor, 'inspection.record');
  return recordInspectionOnce(db, actor, input.id, () => writeInspection(db, actor, input));
}

async function writeInspection(db: Database, actor: Actor, input: z.output<typeof createInspectionBody>) {
  const { place } = await loadPlace(db, actor, input.placeId);
  const checklist = await loadChecklist(db, actor, place.countyId, input.checklistId);
  if (!checklist.isActive || !checklist.placeKinds.includes(place.kind)) {
    throw new AppError(
      'validation_failed',
      { en: 'This checklist is not one for this kind of place.', zh: '此检查清单不适用于该类场所。' },
      { field: 'checklistId' },
    );
  }
  const given = input.items.map((item) => item.code);
  const expected = checklist.items.map((item) => item.code);
  if (
    given.length !== expected.length ||
    new Set(given).size !== given.length ||
    given.some((code) => !expected.includes(code))
  ) {
    throw new AppError(
      'validation_failed',
      {
        en: 'Give each item of the checklist once, and no other.',
        zh: '请对检查清单中的每一项各填写一次，不要填写清单以外的项。',
      },
      { field: 'items', expected },
    );
  }
  checkInspectedAt(new Date(input.inspectedAt), await repository.databaseNow(db));
  const inspectorStaffIds = await inspectorsOf(db, actor, place.countyId, input.inspectorStaffIds);
  const attachments = input.items.flatMap((item) => [
    ...item.photoIds.map((id) => ({ id, itemCode: item.code, stage: 'before' as InspectionPhotoStage })),
    ...(item.resolution?.kind === 'fixed'
      ? item.resolution.photoIds.map((id) => ({ id, itemCode: item.code, stage: 'after' as InspectionPhotoStage }))
      : []),
  ]);
  await checkPhotos(
    db,
    actor,
    place.countyId,
    attachments.map((attachment) => attachment.id),
  );
  const definitions = new Map(checklist.items.map((item, position) => [item.code, { ...item, position }]));

  await inTransactionWithAudit(db, actor, async (transaction) => {
    const isInserted = await repository.insertInspection(transaction, {
      countyId: place.countyId,
      id: input.id,
      kind: 'inspection',
      placeId: place.id,
      regionId: place.regionId,
      regionCode: place.regionCode,
      checklistId: checklist.id,
      checklistVersion: checklist.version,
      checklistNameZh: checklist.nameZh,
      checklistNameEn: checklist.nameEn,
      inspectedAt: new Date(input.inspectedAt),
      notes: input.notes,
      inspectorStaffIds,
      recordedBy: actor.id,
    });
    assertInsertedOnce(isInserted);
    await repository.insertItems(
      transaction,
      input.items.map((item) => {
        const definition = definitions.get(item.code)!;
        return {
          countyId: place.countyId,
          inspectionId: input.id,
          code: item.code,
          position: definition.position,
          nameZh: definition.nameZh,
          nameEn: definition.nameEn,
          result: item.result,
          note:
            item.resolution?.kind === 'fixed' && item.resolution.note
              ? `${item.note}\n${item.resolution.note}`.trim()
              : item.note,
          resolution: item.resolution?.kind ?? null,
        };
      }),
    );
    const caseNumbers: string[] = [];
    for (const item of input.items) {
      if (item.resolution?.kind !== 'case') continue;
      const definition = definitions.get(item.code)!;
      const made: Case = await reportCase(asDatabase(transaction), actor, {
        category: item.resolution.category ?? definition.category,
        tier: item.resolution.tier,
        description:
          item.resolution.description ??
          [`${place.name}：${definition.nameZh}`, item.note].filter((part) => part !== '').join('。'),
        regionId: place.regionId,
        placeId: place.id,
        address: place.address,
        source: 'inspection',
        personIds: [],
      });
      await repository.setItemCase(transaction, place.countyId, input.id, item.code, made.id);
      caseNumbers.push(made.number);
    }
    await repository.attachPhotos(transaction, place.countyId, input.id, attachments);
    const failed = input.items.filter((item) => item.result === 'not_ok').length;
    return {
      result: undefined,
      audit: {
        action: 'inspection.record',
        entityType: 'inspection',
        entityId: input.id,
        regionCode: place.regionCode,
        countyId: place.countyId,
        outcome: 'success',
        details: { placeId: place.id, failed, cases: caseNumbers },
      },
    };
  });
}

/** A transaction is a database to the services it is handed to: their own transactions become savepoints in it. */
function asDatabase(transaction: Transaction): Database {
  return transaction as unknown as Database;
}

/** The step a re-inspection that found a hazard put right takes on its case, of those the case rules allow now. */
function nextStep(current: Case): CaseAction | undefined {
  const order: CaseAction[] = ['close', 'verify', 'handle', 'start', 'self_handle'];
  return order.find((action) => current.abilities.includes(action));
}

/**
 * Moves the case of a hazard found put right as far as the case rules let the re-inspector: the re-inspection is the
 * case's verification (核查). A case handled by someone else is verified and, by a handler of its level, closed; a
 * case still waiting at the grid is settled by the grid's own staff (self_handle) and then waits for someone else's
 * verification, since whoever did the work does not verify it; a case the re-inspector may not move gets a comment.
 */
async function advanceCase(db: Database, actor: Actor, caseId: string, note: string) {
  let current: Case = await getCase(db, actor, caseId);
  let steps = 0;
  for (; steps < 5 && current.status !== 'closed'; steps += 1) {
    const action = nextStep(current);
    if (action === undefined) break;
    current = await transitionCase(db, actor, caseId, {
      action,
      version: current.version,
      ...(action === 'handle' || action === 'self_handle' ? { result: note } : {}),
    });
  }
  if (steps === 0 && current.abilities.includes('comment')) {
    await transitionCase(db, actor, caseId, { action: 'comment', note });
  }
}

/**
 * A re-inspection (复查) of an inspection's open items: a new inspection of the same place naming the earlier one.
 * Each item found put right (with a photo) is passed on the earlier inspection and its case moved on as the case
 * rules allow (`advanceCase`); an item still failing stays open and its case hears of it in a comment.
 */
export async function reInspect(
  db: Database,
  actor: Actor,
  previousId: string,
  input: z.output<typeof reInspectionBody>,
): Promise<{ inspection: InspectionDetail; isNew: boolean }> {
  assertCan(actor, 'inspection.record');
  return recordInspectionOnce(db, actor, input.id, () => writeReInspection(db, actor, previousId, input));
}

async function writeReInspection(
  db: Database,
  actor: Actor,
  previousId: string,
  input: z.output<typeof reInspectionBody>,
) {
  const previous = await loadInspection(db, actor, previousId);
  const { record } = previous;
  if (record.kind !== 'inspection') {
    throw new AppError('validation_failed', {
      en: 'Re-inspect the first inspection, not a re-inspection of it.',
      zh: '请对原排查记录进行复查，而不是对复查记录复查。',
    });
  }
  const earlierItems = await repository.listItems(db, record.countyId, [record.id]);
  const waiting = new Map(
    earlierItems
      .filter(({ item }) => item.resolution === 'case' && item.recheckedBy === null)
      .map(({ item, caseStatus }) => [item.code, { item, caseStatus }]),
  );
  const codes = input.items.map((item) => item.code);
  const stray = codes.find((code) => !waiting.has(code));
  if (stray !== undefined || new Set(codes).size !== codes.length) {
    throw new AppError(
      'validation_failed',
      {
        en: 'A re-inspection checks the open items of the inspection, each once.',
        zh: '复查只针对原排查记录中尚未整改完成的项，每项一次。',
      },
      { field: 'items', open: [...waiting.keys()] },
    );
  }
  const inspectedAt = new Date(input.inspectedAt);
  checkInspectedAt(inspectedAt, await repository.databaseNow(db));
  if (inspectedAt.getTime() < record.inspectedAt.getTime()) {
    throw new AppError(
      'validation_failed',
      { en: 'A re-inspection comes after the inspection.', zh: '复查时间不能早于原排查时间。' },
      { field: 'inspectedAt' },
    );
  }
  const inspectorStaffIds = await inspectorsOf(db, actor, record.countyId, input.inspectorStaffIds);
  const attachments = input.items.flatMap((item) =>
    item.photoIds.map((id) => ({
      id,
      itemCode: item.code,
      stage: (item.result === 'ok' ? 'after' : 'before') as InspectionPhotoStage,
    })),
  );
  await checkPhotos(
    db,
    actor,
    record.countyId,
    attachments.map((attachment) => attachment.id),
  );

  await inTransactionWithAudit(db, actor, async (transaction) => {
    const isInserted = await repository.insertInspection(transaction, {
      countyId: record.countyId,
      id: input.id,
      kind: 're_inspection',
      previousId: record.id,
      placeId: record.placeId,
      regionId: record.regionId,
      regionCode: record.regionCode,
      checklistId: record.checklistId,
      checklistVersion: record.checklistVersion,
      checklistNameZh: record.checklistNameZh,
      checklistNameEn: record.checklistNameEn,
      inspectedAt,
      notes: input.notes,
      inspectorStaffIds,
      recordedBy: actor.id,
    });
    assertInsertedOnce(isInserted);
    await repository.insertItems(
      transaction,
      input.items.map((item) => {
        const { item: earlier } = waiting.get(item.code)!;
        return {
          countyId: record.countyId,
          inspectionId: input.id,
          code: item.code,
          position: earlier.position,
          nameZh: earlier.nameZh,
          nameEn: earlier.nameEn,
          result: item.result,
          note: item.note,
          caseId: earlier.caseId,
        };
      }),
    );
    const passed = input.items.filter((item) => item.result === 'ok');
    await repository.markRechecked(
      transaction,
      record.countyId,
      record.id,
      passed.map((item) => item.code),
      input.id,
    );
    await repository.attachPhotos(transaction, record.countyId, input.id, attachments);
    for (const item of input.items) {
      const { item: earlier, caseStatus } = waiting.get(item.code)!;
      if (earlier.caseId === null || caseStatus === null || caseStatus === 'closed' || caseStatus === 'merged') {
        continue;
      }
      const told = item.note === '' ? '' : `：${item.note}`;
      if (item.result === 'ok') {
        await advanceCase(asDatabase(transaction), actor, earlier.caseId, `复查合格${told}`);
      } else {
        await transitionCase(asDatabase(transaction), actor, earlier.caseId, {
          action: 'comment',
          note: `复查仍不合格${told}`,
        });
      }
    }
    return {
      result: undefined,
      audit: {
        action: 'inspection.record',
        entityType: 'inspection',
        entityId: input.id,
        regionCode: record.regionCode,
        countyId: record.countyId,
        outcome: 'success',
        details: { previousId: record.id, passed: passed.map((item) => item.code) },
      },
    };
  });
}
