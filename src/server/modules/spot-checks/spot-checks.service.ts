import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type {
  createSpotCheckBody,
  rectificationBody,
  SpotCheck,
  SpotCheckFinding,
  spotCheckFindingBody,
  SpotCheckFindingList,
  spotCheckFindingQuery,
  SpotCheckList,
  SpotCheckCorrection,
  spotCheckFindingCorrectionBody,
  SpotCheckPhoto,
  spotCheckPhotoQuery,
  spotCheckRecordBody,
  spotCheckRecordCorrectionBody,
} from '../../../shared/api/spot-checks.js';
import { chinaToday } from '../../../shared/clock.js';
import { can, regionCodeWidth } from '../../../shared/policy.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { isCodeInScope } from '../../auth/scope.js';
import { isUniqueViolation, type Database, type Executor } from '../../db/client.js';
import { AppError, invalidField } from '../../errors.js';
import type { FileStore } from '../../storage/file-store.js';
import { assertPhotoUploadAllowed, photoTypeOf, storeThenRecord, type PhotoUploadLimit } from '../../storage/photos.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { assertPeriodOpen } from '../cadre-reports/period-locks.service.js';
import { loadCadre } from '../cadres/cadres.service.js';
import { loadRegion } from '../regions/regions.service.js';
import * as repository from './spot-checks.repository.js';

/** The planner's region and those above plan, record and close; the areas visited only read (from the day). */
function canManage(actor: Actor, check: repository.SpotCheckRow): boolean {
  return can(actor.role, 'spot_check.plan') && isCodeInScope(actor, check.regionCode);
}

function assertManages(actor: Actor, check: repository.SpotCheckRow): void {
  if (!canManage(actor, check)) {
    throw new AppError('forbidden', {
      en: 'Only the street or county that planned this spot check may do that.',
      zh: '只有组织本次抽查的街道（乡镇）或县级可以操作。',
    });
  }
}

function assertStarted(check: repository.SpotCheckRow): void {
  if (check.checkOn > chinaToday()) {
    throw new AppError('spot_check_not_started', {
      en: `The spot check is on ${check.checkOn}: record it on the day.`,
      zh: `本次抽查定于 ${check.checkOn}，请当天再记录。`,
    });
  }
}

function loadSpotCheck(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'spot_check',
    id,
    code: 'spot_check_not_found',
    find: () => repository.findSpotCheck(db, actor, id, chinaToday()),
    existsAnywhere: () => repository.spotCheckExists(db, id),
  });
}

function loadFinding(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'spot_check_finding',
    id,
    code: 'spot_check_finding_not_found',
    find: () => repository.findFinding(db, actor, id, chinaToday(), options),
    existsAnywhere: () => repository.findingExists(db, id),
  });
}

type PhotoRow = Awaited<ReturnType<typeof repository.listPhotos>>[number];

/** The last correction of a record or finding, by the name of whoever made it. */
function presentCorrection(
  row: { correctedAt: Date | null; correctionReason: string | null },
  correctorName: string | null,
): SpotCheckCorrection {
  if (row.correctedAt === null) return null;
  return {
    correctedAt: row.correctedAt.toISOString(),
    correctedBy: correctorName ?? '—',
    reason: row.correctionReason ?? '',
  };
}

function presentPhotos(photos: PhotoRow[], isOf: (photo: PhotoRow) => boolean): SpotCheckPhoto[] {
  return photos
    .filter(isOf)
    .map(({ id, stage, fileName, contentType, size }) => ({ id, stage, fileName, contentType, size }));
}

function presentFinding(row: repository.FindingRow, today: string, photos: PhotoRow[]): SpotCheckFinding {
  const { finding } = row;
  return {
    id: finding.id,
    spotCheckId: finding.spotCheckId,
    spotCheckTitle: row.spotCheckTitle,
    region: { id: finding.regionId, name: row.regionName },
    description: finding.description,
    deadline: finding.deadline,
    status: finding.status,
    isOverdue: finding.status === 'open' && finding.deadline < today,
    rectificationNote: finding.rectificationNote,
    rectifiedOn: finding.rectifiedOn,
    closedAt: finding.closedAt?.toISOString() ?? null,
    photos: presentPhotos(photos, (photo) => photo.findingId === finding.id),
    correction: presentCorrection(finding, row.correctorName),
    version: finding.version,
  };
}

/** Findings with their photos, read in one query per county. */
async function presentFindings(db: Executor, rows: repository.FindingRow[]): Promise<SpotCheckFinding[]> {
  const countyIds = [...new Set(rows.map((row) => row.finding.countyId))];
  const photos = (
    await Promise.all(
      countyIds.map((countyId) =>
        repository.listPhotos(db, countyId, [
          ...new Set(rows.filter((row) => row.finding.countyId === countyId).map((row) => row.finding.spotCheckId)),
        ]),
      ),
    )
  ).flat();
  const today = chinaToday();
  return rows.map((row) => presentFinding(row, today, photos));
}

/** Spot checks with their areas, records, findings and photos, read in one query each. */
async function presentSpotChecks(db: Executor, actor: Actor, checks: repository.SpotCheckRow[]): Promise<SpotCheck[]> {
  const countyIds = [...new Set(checks.map((check) => check.countyId))];
  const parts = await Promise.all(
    countyIds.map(async (countyId) => {
      const ids = checks.filter((check) => check.countyId === countyId).map((check) => check.id);
      const [areas, records, findings, photos] = await Promise.all([
        repository.listAreas(db, countyId, ids),
        repository.listRecords(db, countyId, ids),
        repository.listFindingsOf(db, countyId, ids),
        repository.listPhotos(db, countyId, ids),
      ]);
      return { areas, records, findings, photos };
    }),
  );
  const today = chinaToday();
  const photos = parts.flatMap((part) => part.photos);
  return checks.map((check) => ({
    id: check.id,
    checkOn: check.checkOn,
    title: check.title,
    inspectors: check.inspectors,
    areas: parts
      .flatMap((part) => part.areas)
      .filter((area) => area.spotCheckId === check.id)
      .map(({ id, name }) => ({ id, name })),
    records: parts
      .flatMap((part) => part.records)
      .filter((row) => row.record.spotCheckId === check.id)
      .map(({ record, cadreName, correctorName }) => ({
        id: record.id,
        cadre: { id: record.cadreId, name: cadreName },
        outcome: record.outcome,
        place: record.place,
        activity: record.activity,
        note: record.note,
        recordedAt: record.recordedAt.toISOString(),
        photos: presentPhotos(photos, (photo) => photo.recordId === record.id),
        correction: presentCorrection(record, correctorName),
        version: record.version,
      })),
    findings: parts
      .flatMap((part) => part.findings)
      .filter((row) => row.finding.spotCheckId === check.id)
      .map((row) => presentFinding(row, today, photos)),
    canManage: canManage(actor, check),
  }));
}

export async function listSpotChecks(db: Database, actor: Actor): Promise<SpotCheckList> {
  assertCan(actor, 'spot_check.read');
  return { items: await presentSpotChecks(db, actor, await repository.listSpotChecks(db, actor, chinaToday(), 100)) };
}

export async function getSpotCheck(db: Database, actor: Actor, id: string): Promise<SpotCheck> {
  assertCan(actor, 'spot_check.read');
  const [check] = await presentSpotChecks(db, actor, [await loadSpotCheck(db, actor, id)]);
  return check!;
}

/** Plans a spot check of communities or grids of the planner's own area, on a day from today on. */
export async function planSpotCheck(
  db: Database,
  actor: Actor,
  input: z.output<typeof createSpotCheckBody>,
): Promise<SpotCheck> {
  assertCan(actor, 'spot_check.plan');
  if (input.checkOn < chinaToday()) {
    throw invalidField('/body/checkOn', 'Plan a spot check for today or later.', '抽查日期不能早于今天。');
  }
  const regionIds = [...new Set(input.regionIds)];
  const areas: Awaited<ReturnType<typeof loadRegion>>[] = [];
  for (const regionId of regionIds) {
    // Another street's community answers 404, as if it did not exist.
    const region = await loadRegion(db, actor, regionId);
    if (region.level !== 'village' && region.level !== 'grid') {
      throw invalidField(
        '/body/regionIds',
        `${region.name} is not a community or grid.`,
        `${region.name} 不是社区（村）或网格。`,
      );
    }
    areas.push(region);
  }
  const countyId = areas[0]!.countyId;
  if (areas.some((area) => area.countyId !== countyId)) {
    throw invalidField('/body/regionIds', 'The areas lie in different counties.', '所选区域不在同一个县。');
  }
  const id = uuidv7();
  const regionCode = actor.regionCode ?? areas[0]!.code.slice(0, regionCodeWidth.county);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertSpotCheck(
      transaction,
      {
        countyId,
        id,
        regionCode,
        checkOn: input.checkOn,
        title: input.title,
        inspectors: input.inspectors,
        createdBy: accountIdOf(actor),
      },
      areas.map((area) => ({ countyId, spotCheckId: id, regionId: area.id, regionCode: area.code })),
    );
    return {
      audit: {
        action: 'spot_check.create',
        entityType: 'spot_check',
        entityId: id,
        countyId,
        regionCode,
        outcome: 'success',
        details: { checkOn: input.checkOn, regionIds },
      },
    };
  });
  return getSpotCheck(db, actor, id);
}

function recordExists(name: string): AppError {
  return new AppError('spot_check_record_exists', {
    en: `${name} has been recorded in this spot check already.`,
    zh: `本次抽查已记录过 ${name}。`,
  });
}

/** The group records what it found of a cadre serving in an area of the check, once per check. */
export async function recordSpotCheck(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof spotCheckRecordBody>,
): Promise<SpotCheck> {
  assertCan(actor, 'spot_check.plan');
  const check = await loadSpotCheck(db, actor, id);
  assertManages(actor, check);
  assertStarted(check);
  const cadre = await loadCadre(db, actor, input.cadreId);
  const areas = await repository.listAreas(db, check.countyId, [check.id]);
  if (cadre.record.status !== 'active' || !areas.some((area) => cadre.record.regionCode.startsWith(area.code))) {
    throw invalidField(
      '/body/cadreId',
      `${cadre.record.name} does not serve in the areas of this spot check.`,
      `${cadre.record.name} 不在本次抽查的区域服务。`,
    );
  }
  try {
    await inTransactionWithAudit(db, actor, async (transaction) => {
      await repository.insertRecord(transaction, {
        countyId: check.countyId,
        id: uuidv7(),
        spotCheckId: check.id,
        cadreId: cadre.record.id,
        outcome: input.outcome,
        place: input.place,
        activity: input.activity,
        note: input.note,
        recordedBy: accountIdOf(actor),
        recordedAt: new Date(),
      });
      return {
        audit: {
          action: 'spot_check.record',
          entityType: 'spot_check',
          entityId: check.id,
          countyId: check.countyId,
          regionCode: cadre.record.regionCode,
          outcome: 'success',
          details: { cadreId: cadre.record.id, outcome: input.outcome },
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw recordExists(cadre.record.name);
    throw error;
  }
  return getSpotCheck(db, actor, id);
}

function changedMeanwhile(): AppError {
  return new AppError('spot_check_changed', {
    en: 'Someone corrected this meanwhile: reload and try again.',
    zh: '该内容已被他人更正，请刷新后重试。',
  });
}

/**
 * A correction by `actor`: the fields it sends that differ, before and after (nothing differing is a 400), and the
 * row's update, stamped with who corrected it, when and why.
 */
function correctionOf<Fields extends Record<string, string>>(
  actor: Actor,
  reason: string,
  current: Fields,
  sent: Partial<Fields>,
) {
  const keys = (Object.keys(current) as (keyof Fields)[]).filter(
    (key) => sent[key] !== undefined && sent[key] !== current[key],
  );
  if (keys.length === 0) {
    throw invalidField('/body', 'The correction changes nothing: send the fields that differ.', '更正内容与原来相同。');
  }
  const after = Object.fromEntries(keys.map((key) => [key, sent[key]])) as Partial<Fields>;
  return {
    before: Object.fromEntries(keys.map((key) => [key, current[key]])) as Partial<Fields>,
    after,
    update: { ...after, correctedBy: accountIdOf(actor), correctedAt: new Date(), correctionReason: reason },
  };
}

/**
 * Corrects what the group recorded of a cadre: whoever may record on the check (its planner and up), with a reason,
 * from the version they read. Refused once the period's report that covers the cadre is approved (409
 * period_locked), as their check-ins are: the evaluation it approved counted this record.
 */
export async function correctRecord(
  db: Database,
  actor: Actor,
  id: string,
  recordId: string,
  input: z.output<typeof spotCheckRecordCorrectionBody>,
): Promise<SpotCheck> {
  assertCan(actor, 'spot_check.plan');
  // Looked up outside the transaction first: a denied look must stay in the audit log, not roll back with the 404.
  const check = await loadSpotCheck(db, actor, id);
  assertManages(actor, check);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const row = await repository.findRecordForUpdate(transaction, check.countyId, check.id, recordId);
    if (!row) {
      throw new AppError('not_found', { en: 'No such record in this spot check.', zh: '本次抽查没有该记录。' });
    }
    const { record } = row;
    await assertPeriodOpen(
      transaction,
      { countyId: check.countyId, regionCode: row.cadreRegionCode, unitId: row.cadreUnitId },
      { from: check.checkOn, to: check.checkOn },
      { zh: '抽查记录', en: 'spot-check records' },
    );
    if (record.version !== input.version) throw changedMeanwhile();
    const { outcome, place, activity, note } = record;
    const { before, after, update } = correctionOf(
      actor,
      input.reason,
      { outcome, place, activity, note },
      { outcome: input.outcome, place: input.place, activity: input.activity, note: input.note },
    );
    const isUpdated = await repository.updateRecord(transaction, check.countyId, record.id, input.version, update);
    if (!isUpdated) throw changedMeanwhile();
    return {
      audit: {
        action: 'spot_check.correct_record',
        entityType: 'spot_check',
        entityId: check.id,
        countyId: check.countyId,
        regionCode: row.cadreRegionCode,
        outcome: 'success',
        details: { recordId: record.id, cadreId: record.cadreId, reason: input.reason, before, after },
      },
    };
  });
  return getSpotCheck(db, actor, id);
}

/**
 * Corrects an open finding's text or deadline: the group (the planner and up), with a reason, from the version they
 * read. A finding rectified or closed stays as it was judged (409 spot_check_finding_decided).
 */
export async function correctFinding(
  db: Database,
  actor: Actor,
  id: string,
  findingId: string,
  input: z.output<typeof spotCheckFindingCorrectionBody>,
): Promise<SpotCheck> {
  assertCan(actor, 'spot_check.plan');
  const check = await loadSpotCheck(db, actor, id);
  assertManages(actor, check);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const finding = await repository.findFindingForUpdate(transaction, check.countyId, check.id, findingId);
    if (!finding) {
      throw new AppError('spot_check_finding_not_found', {
        en: 'No such finding in this spot check.',
        zh: '本次抽查没有该问题。',
      });
    }
    if (finding.status !== 'open') {
      throw new AppError('spot_check_finding_decided', {
        en: 'This finding has been rectified: it is no longer corrected.',
        zh: '该问题已整改，不能再更正。',
      });
    }
    if (finding.version !== input.version) throw changedMeanwhile();
    if (input.deadline !== undefined && input.deadline < check.checkOn) {
      throw invalidField('/body/deadline', 'The deadline falls before the spot check.', '整改期限早于抽查日期。');
    }
    const { description, deadline } = finding;
    const { before, after, update } = correctionOf(
      actor,
      input.reason,
      { description, deadline },
      { description: input.description, deadline: input.deadline },
    );
    const isUpdated = await repository.updateFindingAtVersion(
      transaction,
      check.countyId,
      finding.id,
      input.version,
      update,
    );
    if (!isUpdated) throw changedMeanwhile();
    return {
      audit: {
        action: 'spot_check_finding.correct',
        entityType: 'spot_check_finding',
        entityId: finding.id,
        countyId: check.countyId,
        regionCode: finding.regionCode,
        outcome: 'success',
        details: { spotCheckId: check.id, reason: input.reason, before, after },
      },
    };
  });
  return getSpotCheck(db, actor, id);
}

/** A finding in one of the check's areas, to be rectified by a deadline from the check's day on. */
export async function addFinding(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof spotCheckFindingBody>,
): Promise<SpotCheck> {
  assertCan(actor, 'spot_check.plan');
  const check = await loadSpotCheck(db, actor, id);
  assertManages(actor, check);
  assertStarted(check);
  const area = (await repository.listAreas(db, check.countyId, [check.id])).find(
    (candidate) => candidate.id === input.regionId,
  );
  if (!area) {
    throw invalidField('/body/regionId', 'Name an area this spot check visits.', '请选择本次抽查的区域。');
  }
  if (input.deadline < check.checkOn) {
    throw invalidField('/body/deadline', 'The deadline falls before the spot check.', '整改期限早于抽查日期。');
  }
  const findingId = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertFinding(transaction, {
      countyId: check.countyId,
      id: findingId,
      spotCheckId: check.id,
      regionId: area.id,
      regionCode: area.code,
      description: input.description,
      deadline: input.deadline,
      createdBy: accountIdOf(actor),
    });
    return {
      audit: {
        action: 'spot_check_finding.create',
        entityType: 'spot_check_finding',
        entityId: findingId,
        countyId: check.countyId,
        regionCode: area.code,
        outcome: 'success',
        details: { spotCheckId: check.id, deadline: input.deadline },
      },
    };
  });
  return getSpotCheck(db, actor, id);
}

export async function listFindings(
  db: Database,
  actor: Actor,
  query: z.output<typeof spotCheckFindingQuery>,
): Promise<SpotCheckFindingList> {
  assertCan(actor, 'spot_check.read');
  const today = chinaToday();
  const rows = await repository.listFindings(db, actor, today, {
    status: query.status,
    isOverdue: query.overdue ?? false,
  });
  return { items: await presentFindings(db, rows) };
}

/** The community (or those above it) records how it rectified an open finding. */
export async function rectifyFinding(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof rectificationBody>,
): Promise<SpotCheckFinding> {
  assertCan(actor, 'cadre.manage');
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const row = await loadFinding(transaction, actor, id, { forUpdate: true });
    if (!isCodeInScope(actor, row.finding.regionCode) && !isCodeInScope(actor, row.spotCheckRegionCode)) {
      throw new AppError('forbidden', {
        en: 'The community where it was found rectifies it.',
        zh: '应由问题所在社区（村）整改。',
      });
    }
    if (row.finding.status !== 'open') {
      throw new AppError('spot_check_finding_decided', {
        en: 'This finding has been rectified already.',
        zh: '该问题已整改。',
      });
    }
    if (input.rectifiedOn > chinaToday()) {
      throw invalidField('/body/rectifiedOn', 'The rectification date is in the future.', '整改日期不能晚于今天。');
    }
    await repository.updateFinding(transaction, row.finding.countyId, id, {
      status: 'rectified',
      rectificationNote: input.note,
      rectifiedOn: input.rectifiedOn,
      rectifiedBy: accountIdOf(actor),
    });
    return {
      audit: {
        action: 'spot_check_finding.rectify',
        entityType: 'spot_check_finding',
        entityId: id,
        countyId: row.finding.countyId,
        regionCode: row.finding.regionCode,
        outcome: 'success',
        details: { rectifiedOn: input.rectifiedOn },
      },
    };
  });
  return (await presentFindings(db, [(await repository.findFinding(db, actor, id, chinaToday()))!]))[0]!;
}

/** The planner accepts a rectification and closes the finding. */
export async function closeFinding(db: Database, actor: Actor, id: string): Promise<SpotCheckFinding> {
  assertCan(actor, 'spot_check.plan');
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const row = await loadFinding(transaction, actor, id, { forUpdate: true });
    if (!isCodeInScope(actor, row.spotCheckRegionCode)) {
      throw new AppError('forbidden', {
        en: 'Only the street or county that planned this spot check may close it.',
        zh: '只有组织本次抽查的街道（乡镇）或县级可以销号。',
      });
    }
    if (row.finding.status !== 'rectified') {
      throw new AppError('spot_check_finding_decided', {
        en: 'Only a rectified finding can be closed.',
        zh: '问题整改后才能销号。',
      });
    }
    await repository.updateFinding(transaction, row.finding.countyId, id, {
      status: 'closed',
      closedBy: accountIdOf(actor),
      closedAt: new Date(),
    });
    return {
      audit: {
        action: 'spot_check_finding.close',
        entityType: 'spot_check_finding',
        entityId: id,
        countyId: row.finding.countyId,
        regionCode: row.finding.regionCode,
        outcome: 'success',
      },
    };
  });
  return (await presentFindings(db, [(await repository.findFinding(db, actor, id, chinaToday()))!]))[0]!;
}

/** Photos one record, finding or rectification holds: enough to show the scene, not an album. */
export const photosPerSubject = 9;

/**
 * Checks that the actor may add a photo of this stage to the record or finding of the check, and answers the region
 * it shows. The group (the planner and up) photographs a cadre as found and a finding; the community (or those
 * above it) its rectification; a closed finding takes no more photos.
 */
async function subjectOfPhoto(
  db: Executor,
  actor: Actor,
  check: repository.SpotCheckRow,
  query: z.output<typeof spotCheckPhotoQuery>,
): Promise<{ regionCode: string; recordId: string | null; findingId: string | null }> {
  if (query.stage === 'record') {
    assertManages(actor, check);
    const record = await repository.findRecord(db, check.countyId, check.id, query.subjectId);
    if (!record)
      throw new AppError('not_found', { en: 'No such record in this spot check.', zh: '本次抽查没有该记录。' });
    return { regionCode: check.regionCode, recordId: record.id, findingId: null };
  }
  const row = (await repository.listFindingsOf(db, check.countyId, [check.id])).find(
    (candidate) => candidate.finding.id === query.subjectId,
  );
  if (!row) throw new AppError('not_found', { en: 'No such finding in this spot check.', zh: '本次抽查没有该问题。' });
  if (query.stage === 'finding') {
    assertManages(actor, check);
  } else if (!can(actor.role, 'cadre.manage') || !isCodeInScope(actor, row.finding.regionCode)) {
    throw new AppError('forbidden', {
      en: 'The community where it was found adds photos of its rectification.',
      zh: '应由问题所在社区（村）上传整改照片。',
    });
  }
  if (row.finding.status === 'closed') {
    throw new AppError('spot_check_finding_decided', {
      en: 'This finding is closed: it takes no more photos.',
      zh: '该问题已销号，不能再上传照片。',
    });
  }
  return { regionCode: row.finding.regionCode, recordId: null, findingId: row.finding.id };
}

/**
 * Adds a photo to a record or finding of a spot check the actor sees, as case photos are kept: its type recognised
 * by its bytes, the account's upload limit over every photo it sends, the bytes stored before the row naming them,
 * at most `photosPerSubject` a stage (409 photo_limit_reached).
 */
export async function addPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  id: string,
  query: z.output<typeof spotCheckPhotoQuery>,
  content: Buffer,
  limit: PhotoUploadLimit,
): Promise<SpotCheckPhoto> {
  assertCan(actor, 'spot_check.read');
  const accountId = accountIdOf(actor);
  const check = await loadSpotCheck(db, actor, id);
  await subjectOfPhoto(db, actor, check, query);
  const contentType = photoTypeOf(content);
  const photoId = uuidv7();
  const storageKey = `photos/${check.countyId}/spot-check-${photoId}`;
  const photo = { id: photoId, stage: query.stage, fileName: query.fileName, contentType, size: content.length };
  return storeThenRecord(files, { key: storageKey, content, contentType }, () =>
    inTransactionWithAudit(db, actor, async (transaction) => {
      // Again inside the transaction, so that a finding closed meanwhile takes no photo.
      const subject = await subjectOfPhoto(transaction, actor, check, query);
      if (accountId !== null) await assertPhotoUploadAllowed(transaction, accountId, limit);
      if (
        (await repository.countPhotos(transaction, check.countyId, query.stage, query.subjectId)) >= photosPerSubject
      ) {
        throw new AppError(
          'photo_limit_reached',
          { en: `At most ${photosPerSubject} photos here.`, zh: `此处最多 ${photosPerSubject} 张照片。` },
          { limit: photosPerSubject },
        );
      }
      await repository.insertPhoto(transaction, {
        countyId: check.countyId,
        spotCheckId: check.id,
        recordId: subject.recordId,
        findingId: subject.findingId,
        storageKey,
        sha256: createHash('sha256').update(content).digest('hex'),
        createdBy: accountId,
        ...photo,
      });
      return {
        result: photo,
        audit: {
          action: 'spot_check.add_photo',
          entityType: 'spot_check',
          entityId: check.id,
          countyId: check.countyId,
          regionCode: subject.regionCode,
          outcome: 'success',
          details: { photoId, stage: query.stage, subjectId: query.subjectId, contentType, size: content.length },
        },
      };
    }),
  );
}

/** A photo of a spot check the actor sees; another's check answers 404 as if missing (the look audited). */
export async function getPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  id: string,
  photoId: string,
): Promise<{ contentType: string; size: number; content: Readable }> {
  assertCan(actor, 'spot_check.read');
  const check = await loadSpotCheck(db, actor, id);
  const photo = await repository.findPhoto(db, check.countyId, check.id, photoId);
  if (!photo) throw new AppError('not_found', { en: `No photo ${photoId} here.`, zh: `没有照片 ${photoId}。` });
  const content = await files.get(photo.storageKey);
  if (!content) throw new Error(`The file store has no ${photo.storageKey}, the bytes of photo ${photoId}.`);
  return { contentType: photo.contentType, size: photo.size, content };
}

/** Per cadre: spot checks of a period that checked them, and those that found them absent or 点卯 (evaluation). */
export async function countSpotCheckResults(
  db: Executor,
  countyId: string,
  cadreIds: string[],
  from: string,
  to: string,
): Promise<Map<string, { checked: number; failed: number }>> {
  const rows = await repository.countFailedSpotChecks(db, countyId, cadreIds, from, to);
  return new Map(rows.map((row) => [row.cadreId, { checked: row.checked, failed: row.failed }]));
}
