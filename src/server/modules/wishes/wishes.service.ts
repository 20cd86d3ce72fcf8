import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type {
  ResidentWish,
  ResidentWishDrives,
  ResidentWishes,
  residentWishBody,
} from '../../../shared/api/resident.js';
import type {
  createWishBody,
  createWishDriveBody,
  ownAcknowledgementBody,
  Wish,
  wishActionBody,
  WishClaimant,
  WishDetail,
  WishDrive,
  WishFigures,
  WishFiguresQuery,
  wishQuery,
  WishWall,
  wishWallQuery,
  WishWallSettingsBody,
} from '../../../shared/api/wishes.js';
import { addDays, chinaDate, chinaDayStart, chinaToday } from '../../../shared/clock.js';
import { regionCodeWidth } from '../../../shared/policy.js';
import {
  allowedWishActions,
  defaultWishWallSettings,
  mayTakeWishAction,
  wallName,
  wishTransitions,
  type ClaimantKind,
  type WishAction,
  type WishCategory,
  type WishStatus,
  type WishWallSettings,
} from '../../../shared/wishes.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { assertInsertedOnce, recordOnce } from '../../client-ids.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import type { FileStore } from '../../storage/file-store.js';
import { photoTypeOf, storeThenRecord } from '../../storage/photos.js';
import { inTransactionWithAudit, loadVisible, recordAudit, type Recorded } from '../audit/audit.service.js';
import { notifyAccounts } from '../notifications/notifications.service.js';
import { queueResidentNotices } from '../resident/resident-notices.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { presentPartyPersons, starNumbers } from '../registry/person-parties.service.js';
import { loadPerson } from '../registry/persons.service.js';
import { columnsOf, writeReportWorkbook } from '../registry/workbooks.service.js';
import { readSetting, writeSetting } from '../settings/settings.service.js';
import { findStaffOfAccount } from '../staff/staff-records.service.js';
import { listHouseholdNeeds } from '../visits/visits.service.js';
import * as repository from './wishes.repository.js';

/** A wish the actor may see, or 404 (a look outside the scope is audited). */
export function loadWish(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'wish',
    id,
    code: 'wish_not_found',
    find: () => repository.findWish(db, actor, id, options),
    existsAnywhere: () => repository.wishExists(db, id),
  });
}

/** A drive the actor may see (one of their subtree or above it), or 404 audited. */
function loadDrive(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'wish_drive',
    id,
    code: 'wish_drive_not_found',
    find: async () => {
      const row = await repository.findDrive(db, actor.countyId, id);
      if (!row) return undefined;
      const code = actor.regionCode ?? '';
      // A drive of a region above the caller's reaches into their subtree; one of a sibling does not.
      const isVisible = row.drive.regionCode.startsWith(code) || code.startsWith(row.drive.regionCode);
      return isVisible ? row : undefined;
    },
    existsAnywhere: () => repository.driveExists(db, id),
  });
}

/** The village code of a grid's (or micro-grid's) code. */
function villageCodeOf(code: string): string {
  return code.slice(0, regionCodeWidth.county + regionCodeWidth.town + regionCodeWidth.village);
}

function isLate(record: repository.WishRow['record'], today: string): boolean {
  return record.status === 'claimed' && record.promisedOn !== null && record.promisedOn < today;
}

function presentClaimant(record: repository.WishRow['record']): WishClaimant | null {
  const id = record.claimantStaffId ?? record.claimantPersonId ?? record.claimantUnitId;
  if (record.claimantKind === null || id === null || record.claimantName === null) return null;
  return { kind: record.claimantKind, id, name: record.claimantName };
}

/** Presents wish rows of one county: one look-up of their residents through the registry's presenter. */
async function presentRows(db: Executor, actor: Actor, rows: repository.WishRow[]): Promise<Wish[]> {
  const today = chinaToday();
  const byCounty = new Map<string, repository.WishRow[]>();
  for (const row of rows) byCounty.set(row.record.countyId, [...(byCounty.get(row.record.countyId) ?? []), row]);
  const presented = new Map<string, Wish>();
  for (const [countyId, countyRows] of byCounty) {
    const people = await presentPartyPersons(
      db,
      actor,
      countyId,
      countyRows.map((row) => row.record.personId),
      false,
    );
    for (const row of countyRows) {
      const { record } = row;
      const person = people.get(record.personId);
      presented.set(record.id, {
        id: record.id,
        regionId: record.regionId,
        regionName: row.regionName,
        person: { id: record.personId, name: person?.name ?? '—', isMinor: person?.isMinor ?? false },
        householdId: record.householdId,
        needId: record.needId,
        drive: record.driveId === null || row.driveName === null ? null : { id: record.driveId, name: row.driveName },
        category: record.category as WishCategory,
        content: record.content,
        status: record.status,
        registeredVia: record.registeredVia,
        registeredByName: row.registeredByName,
        registeredAt: record.registeredAt.toISOString(),
        reviewedAt: record.reviewedAt?.toISOString() ?? null,
        rejectReason: record.rejectReason,
        claimant: presentClaimant(record),
        claimedAt: record.claimedAt?.toISOString() ?? null,
        promisedOn: record.promisedOn,
        isLate: isLate(record, today),
        fulfilledAt: record.fulfilledAt?.toISOString() ?? null,
        fulfilmentNote: record.fulfilmentNote,
        hasPhoto: record.photoKey !== null,
        acknowledgedAt: record.acknowledgedAt?.toISOString() ?? null,
        acknowledgement: record.acknowledgement,
        rating: record.rating,
        cancelledAt: record.cancelledAt?.toISOString() ?? null,
        cancelReason: record.cancelReason,
        actions: allowedWishActions(actor.role, record.status),
        version: record.version,
      });
    }
  }
  return rows.map((row) => presented.get(row.record.id)!);
}

export async function listWishes(db: Database, actor: Actor, query: z.output<typeof wishQuery>): Promise<Page<Wish>> {
  assertCan(actor, 'wish.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const rows = await repository.listWishes(
    db,
    actor,
    {
      countyId: root?.countyId ?? actor.countyId,
      rootCode: root?.code ?? actor.regionCode ?? '',
      statuses: query.status,
      driveId: query.driveId,
      personId: query.personId,
      needId: query.needId,
      claimantKind: query.claimantKind,
      isLate: query.isLate,
      today: chinaToday(),
      after: query.cursor ? { registeredAt: new Date(query.cursor.key), id: query.cursor.id } : undefined,
    },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.record.registeredAt.toISOString(), row.record.id));
  return { items: await presentRows(db, actor, page.items), nextCursor: page.nextCursor };
}

/** One wish with its history. */
export async function getWish(db: Database, actor: Actor, id: string): Promise<WishDetail> {
  assertCan(actor, 'wish.read');
  const row = await loadWish(db, actor, id);
  const [[wish], events] = await Promise.all([
    presentRows(db, actor, [row]),
    repository.listEvents(db, row.record.countyId, id),
  ]);
  return {
    ...wish!,
    history: events.map((event) => ({
      id: event.id,
      action: event.action,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note,
      actorName: event.actorName,
      at: event.createdAt.toISOString(),
    })),
  };
}

/**
 * Registers a resident's wish once per client id (none given: always a new one; `isNew` false when the id was
 * registered). The person must be one the caller may see; a need named must be of the person's household and not
 * yet made a wish.
 */
export async function createWish(
  db: Database,
  actor: Actor,
  input: z.output<typeof createWishBody>,
): Promise<{ wish: WishDetail; isNew: boolean }> {
  assertCan(actor, 'wish.register');
  return registerOnce(
    db,
    actor,
    input.id,
    (id) => getWish(db, actor, id),
    async (id) => {
      const { person } = await loadPerson(db, actor, input.personId);
      await checkDriveAndNeed(db, actor, person, input);
      await writeWish(db, actor, id, person, input, 'staff');
    },
  );
}

/** Registers once per client id: the same id sent again by its account reads the wish it made. */
async function registerOnce<Result>(
  db: Database,
  actor: Actor,
  clientId: string | undefined,
  read: (id: string) => Promise<Result>,
  write: (id: string) => Promise<void>,
): Promise<{ wish: Result; isNew: boolean }> {
  const id = clientId ?? uuidv7();
  const { result, isNew } = await recordOnce(actor, clientId, {
    findCreator: async () => {
      const origin = await repository.findWishOrigin(db, id);
      return origin && { createdBy: origin.registeredBy };
    },
    read: () => read(id),
    write: async () => {
      await write(id);
      return read(id);
    },
  });
  return { wish: result, isNew };
}

type WishPerson = { countyId: string; id: string; regionId: string; regionCode: string; householdId: string | null };

async function checkDriveAndNeed(
  db: Database,
  actor: Actor,
  person: WishPerson,
  input: z.output<typeof createWishBody>,
): Promise<void> {
  if (input.driveId !== null) {
    const drive = await loadDrive(db, actor, input.driveId);
    if (drive.drive.countyId !== person.countyId || !person.regionCode.startsWith(drive.drive.regionCode)) {
      throw new AppError(
        'validation_failed',
        { en: 'This drive does not gather wishes of the resident’s area.', zh: '该活动不包括此居民所在区域。' },
        [{ path: '/body/driveId', message: 'outside the drive' }],
      );
    }
  }
  if (input.needId !== null) {
    const needs = person.householdId === null ? [] : (await listHouseholdNeeds(db, actor, person.householdId)).items;
    if (!needs.some((need) => need.id === input.needId)) {
      throw new AppError('need_not_found', {
        en: `No need ${input.needId} of the resident’s household.`,
        zh: `该居民户没有需求 ${input.needId}。`,
      });
    }
    if (await repository.findWishOfNeed(db, person.countyId, input.needId)) {
      throw new AppError('conflict', { en: 'This need is a wish already.', zh: '该需求已登记为微心愿。' });
    }
  }
}

/** Writes a new wish waiting for the village's review and tells the village's accounts, as staff or the resident. */
async function writeWish(
  db: Database,
  actor: Actor,
  id: string,
  person: WishPerson,
  input: Pick<z.output<typeof createWishBody>, 'category' | 'content' | 'driveId' | 'needId'>,
  via: 'staff' | 'resident',
): Promise<void> {
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const now = await repository.databaseNow(transaction);
    const isInserted = await repository.insertWish(transaction, {
      countyId: person.countyId,
      id,
      regionId: person.regionId,
      regionCode: person.regionCode,
      personId: person.id,
      householdId: person.householdId,
      needId: input.needId,
      driveId: input.driveId,
      category: input.category,
      content: input.content,
      status: 'pending_review',
      registeredVia: via,
      registeredBy: accountIdOf(actor),
      registeredAt: now,
    });
    assertInsertedOnce(isInserted);
    await recordEvent(
      transaction,
      actor,
      { countyId: person.countyId, wishId: id },
      'register',
      null,
      'pending_review',
    );
    const village = villageCodeOf(person.regionCode);
    await notifyAccounts(transaction, {
      countyId: person.countyId,
      accountIds: await repository.villageAccountIds(transaction, village),
      caseId: null,
      kind: 'wish_review',
      params: { wishId: id, content: input.content.slice(0, 60) },
    });
    return {
      audit: {
        action: 'wish.create',
        entityType: 'wish',
        entityId: id,
        regionCode: person.regionCode,
        countyId: person.countyId,
        outcome: 'success',
        details: { category: input.category, driveId: input.driveId, needId: input.needId },
      },
    };
  });
}

function recordEvent(
  db: Executor,
  actor: Actor,
  wish: { countyId: string; wishId: string },
  action: 'register' | WishAction,
  fromStatus: WishStatus | null,
  toStatus: WishStatus,
  note: string | null = null,
) {
  return repository.insertEvent(db, {
    countyId: wish.countyId,
    id: uuidv7(),
    wishId: wish.wishId,
    action,
    fromStatus,
    toStatus,
    note,
    actorAccountId: accountIdOf(actor),
    actorName: actor.displayName,
  });
}

function wishChanged(): AppError {
  return new AppError('wish_changed', {
    en: 'Someone changed this wish meanwhile: look at it again.',
    zh: '此心愿已被他人处理，请刷新后再操作。',
  });
}

/**
 * The claimant as stored: a party member (a staff record or a registry person who is one), a cadre (a staff
 * record), or a unit of the county still working with it. A cadre's own account claims only as themselves.
 */
async function resolveClaimant(
  db: Executor,
  actor: Actor,
  countyId: string,
  claimant: { kind: ClaimantKind; id: string },
): Promise<{
  staffId: string | null;
  personId: string | null;
  unitId: string | null;
  name: string;
  accountId: string | null;
}> {
  const notEligible = () =>
    new AppError(
      'validation_failed',
      {
        en: `No ${claimant.kind.replace('_', ' ')} ${claimant.id} in this county who may claim.`,
        zh: `本县没有可认领的认领人 ${claimant.id}。`,
      },
      [{ path: '/body/claimant', message: 'not eligible' }],
    );
  if (actor.role === 'cadre') {
    const own = await findStaffOfAccount(db, countyId, actor.id);
    if (claimant.kind === 'unit' || own?.id !== claimant.id) {
      throw new AppError('forbidden', {
        en: 'A cadre claims a wish as themselves.',
        zh: '下沉干部只能以本人名义认领心愿。',
      });
    }
  }
  if (claimant.kind === 'unit') {
    const unit = await repository.findActiveUnit(db, countyId, claimant.id);
    if (!unit) throw notEligible();
    return { staffId: null, personId: null, unitId: unit.id, name: unit.name, accountId: null };
  }
  const staff = await repository.findStaffRecord(db, countyId, claimant.id);
  if (staff && (claimant.kind === 'cadre' || staff.isPartyMember)) {
    return { staffId: staff.id, personId: null, unitId: null, name: staff.name, accountId: staff.accountId };
  }
  if (claimant.kind === 'party_member') {
    const person = await repository.findPersonForClaim(db, countyId, claimant.id);
    if (person?.isPartyMember) {
      return { staffId: null, personId: person.id, unitId: null, name: person.name, accountId: null };
    }
  }
  throw notEligible();
}

const actionOutcome: Record<WishAction, WishStatus> = Object.fromEntries(
  Object.entries(wishTransitions).map(([action, transition]) => [action, transition.to]),
) as Record<WishAction, WishStatus>;

/** Whether a step may have a notice for the wish's resident to text after it commits: claiming and fulfilling. */
export function mayTellResident(action: WishAction): boolean {
  return action === 'claim' || action === 'fulfil';
}

/**
 * Takes a step of the life cycle. The wish is locked and its version compared: of two claimants racing for one
 * wish, exactly one wins and the other answers 409 wish_changed. Fulfilment needs the photo sent before.
 */
export async function takeAction(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof wishActionBody>,
): Promise<WishDetail> {
  assertCan(actor, 'wish.read');
  const { record: seen } = await loadWish(db, actor, id);
  assertCan(actor, wishTransitions[input.action].capability);
  const claimant =
    input.action === 'claim' ? await resolveClaimant(db, actor, seen.countyId, input.claimant) : undefined;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const { record } = await loadWish(transaction, actor, id, { forUpdate: true });
    if (record.version !== input.version || !mayTakeWishAction(actor.role, record.status, input.action)) {
      throw wishChanged();
    }
    return recordAction(transaction, actor, record, input, claimant);
  });
  return getWish(db, actor, id);
}

// A resident's own wishes (the residents' page) -------------------------------------------------------------------

/** A wish of the resident's own, or 404 (an id of someone else's wish is audited as a denied read). */
function loadOwnWish(
  db: Executor,
  actor: Actor,
  owner: repository.WishOwner,
  id: string,
  options: { forUpdate?: boolean } = {},
) {
  return loadVisible(db, actor, {
    type: 'wish',
    id,
    code: 'wish_not_found',
    find: () => repository.findOwnWish(db, owner, id, options),
    existsAnywhere: () => repository.wishExists(db, id),
  });
}

/** Wishes as their resident sees them: who claimed shows as on the public wall (a unit's name, never a person's). */
async function presentOwnWishes(
  db: Executor,
  owner: repository.WishOwner,
  rows: repository.WishRow[],
): Promise<ResidentWish[]> {
  const events =
    rows.length === 0
      ? []
      : await repository.listEventsOfWishes(
          db,
          owner.countyId,
          rows.map((row) => row.record.id),
        );
  return rows.map(({ record }) => ({
    id: record.id,
    category: record.category as WishCategory,
    content: record.content,
    status: record.status,
    registeredAt: record.registeredAt.toISOString(),
    rejectReason: record.rejectReason,
    claimant:
      record.claimantKind === null
        ? null
        : { kind: record.claimantKind, unitName: record.claimantKind === 'unit' ? record.claimantName : null },
    promisedOn: record.promisedOn,
    fulfilmentNote: record.fulfilmentNote,
    hasPhoto: record.photoKey !== null,
    acknowledgement: record.acknowledgement,
    rating: record.rating,
    cancelReason: record.cancelReason,
    version: record.version,
    history: events
      .filter((event) => event.wishId === record.id)
      .map((event) => ({ action: event.action, status: event.toStatus, at: event.createdAt.toISOString() })),
  }));
}

async function readOwnWish(db: Executor, actor: Actor, owner: repository.WishOwner, id: string) {
  const [wish] = await presentOwnWishes(db, owner, [await loadOwnWish(db, actor, owner, id)]);
  return wish!;
}

/** The resident's latest 100 wishes, newest first, each with its history. */
export async function listOwnWishes(db: Database, owner: repository.WishOwner): Promise<ResidentWishes> {
  return { items: await presentOwnWishes(db, owner, await repository.listOwnWishes(db, owner, 100)) };
}

/**
 * A resident makes a wish for themselves (the registry person their phone matched): it waits for the village's
 * review as one staff register does, and the village's accounts are told.
 */
export async function registerOwnWish(
  db: Database,
  actor: Actor,
  owner: repository.WishOwner,
  input: z.output<typeof residentWishBody>,
): Promise<{ wish: ResidentWish; isNew: boolean }> {
  return registerOnce(
    db,
    actor,
    input.id,
    (id) => readOwnWish(db, actor, owner, id),
    async (id) => {
      const person = await repository.findOwnerPerson(db, owner);
      if (!person)
        throw new AppError('person_not_found', { en: 'You are not in the registry.', zh: '未找到您的登记信息。' });
      if (input.driveId !== null) await checkOwnDrive(db, person, input.driveId);
      await writeWish(db, actor, id, person, { ...input, needId: null }, 'resident');
    },
  );
}

/** The drives a resident may make their wish in: those reaching where they live and open today (China time). */
export async function listOwnDrives(db: Database, owner: repository.WishOwner): Promise<ResidentWishDrives> {
  const person = await repository.findOwnerPerson(db, owner);
  if (!person) return { items: [] };
  const today = chinaDate(await repository.databaseNow(db));
  return {
    items: await repository.listOpenDrivesReaching(db, { countyId: person.countyId, code: person.regionCode }, today),
  };
}

/**
 * A drive a resident names must be one of those open to them today: another county's is missing (404); one ended,
 * not begun, or of another area answers 400 wish_drive_unavailable.
 */
async function checkOwnDrive(db: Database, person: WishPerson, driveId: string): Promise<void> {
  const today = chinaDate(await repository.databaseNow(db));
  const open = await repository.listOpenDrivesReaching(
    db,
    { countyId: person.countyId, code: person.regionCode },
    today,
  );
  if (open.some((drive) => drive.id === driveId)) return;
  if (!(await repository.findDrive(db, person.countyId, driveId))) {
    throw new AppError('wish_drive_not_found', { en: `No drive ${driveId}.`, zh: `没有心愿活动 ${driveId}。` });
  }
  throw new AppError(
    'wish_drive_unavailable',
    {
      en: 'This drive is not open to your area today: choose another one, or none.',
      zh: '该心愿活动今天不面向您所在区域开放，请另选活动或不选。',
    },
    [{ path: '/body/driveId', message: 'closed or outside your area' }],
  );
}

/** A resident acknowledges their own fulfilled wish with their words (and stars), as staff record it for them. */
export async function acknowledgeOwnWish(
  db: Database,
  actor: Actor,
  owner: repository.WishOwner,
  id: string,
  input: z.output<typeof ownAcknowledgementBody>,
): Promise<ResidentWish> {
  await loadOwnWish(db, actor, owner, id);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const { record } = await loadOwnWish(transaction, actor, owner, id, { forUpdate: true });
    if (record.version !== input.version || !wishTransitions.acknowledge.from.includes(record.status)) {
      throw wishChanged();
    }
    return recordAction(transaction, actor, record, { action: 'acknowledge', ...input }, undefined);
  });
  return readOwnWish(db, actor, owner, id);
}

/** The photo of the resident's own fulfilled wish. */
export async function getOwnPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  owner: repository.WishOwner,
  id: string,
) {
  const { record } = await loadOwnWish(db, actor, owner, id);
  return readPhoto(files, record);
}

/**
 * Writes a step of a wish locked and checked by the caller (staff through their scope, a resident their own wish):
 * the change, its history line, who is told, and the audit entry.
 */
async function recordAction(
  transaction: Executor,
  actor: Actor,
  record: repository.WishRow['record'],
  input: z.output<typeof wishActionBody>,
  claimant: Awaited<ReturnType<typeof resolveClaimant>> | undefined,
): Promise<{ audit: Recorded }> {
  const id = record.id;
  const now = await repository.databaseNow(transaction);
  const today = chinaDate(now);
  const to = actionOutcome[input.action];
  let changes: Parameters<typeof repository.updateWish>[2];
  let note: string | null = null;
  switch (input.action) {
    case 'approve':
      changes = { status: to, reviewedAt: now };
      break;
    case 'reject':
      changes = { status: to, reviewedAt: now, rejectReason: input.reason };
      note = input.reason;
      break;
    case 'claim':
      if (input.promisedOn < today) {
        throw new AppError(
          'validation_failed',
          { en: 'Promise a date from today on.', zh: '承诺完成日期不能早于今天。' },
          [{ path: '/body/promisedOn', message: 'in the past' }],
        );
      }
      changes = {
        status: to,
        claimantKind: input.claimant.kind,
        claimantStaffId: claimant!.staffId,
        claimantPersonId: claimant!.personId,
        claimantUnitId: claimant!.unitId,
        claimantName: claimant!.name,
        claimantAccountId: claimant!.accountId,
        claimedAt: now,
        promisedOn: input.promisedOn,
      };
      note = `${claimant!.name} · ${input.promisedOn}`;
      break;
    case 'fulfil':
      if (record.photoKey === null) {
        throw new AppError(
          'validation_failed',
          { en: 'Send the photo of the fulfilled wish first.', zh: '请先上传心愿完成的照片。' },
          [{ path: '/body', message: 'photo required' }],
        );
      }
      changes = { status: to, fulfilledAt: now, fulfilmentNote: input.note };
      note = input.note;
      break;
    case 'acknowledge':
      changes = { status: to, acknowledgedAt: now, acknowledgement: input.words, rating: input.rating };
      note = input.words;
      break;
    case 'cancel':
      changes = { status: to, cancelledAt: now, cancelReason: input.reason };
      note = input.reason;
      break;
  }
  const isUpdated = await repository.updateWish(
    transaction,
    { countyId: record.countyId, id, version: record.version, status: record.status },
    changes,
  );
  if (!isUpdated) throw wishChanged();
  await recordEvent(
    transaction,
    actor,
    { countyId: record.countyId, wishId: id },
    input.action,
    record.status,
    to,
    note,
  );
  if (mayTellResident(input.action)) {
    await queueResidentNotices(
      transaction,
      {
        kind: input.action === 'claim' ? 'wish_claimed' : 'wish_fulfilled',
        countyId: record.countyId,
        subjectId: id,
        version: record.version,
        params: {},
      },
      { countyId: record.countyId, personId: record.personId },
    );
  }
  if (input.action === 'fulfil' && record.registeredBy !== null) {
    await notifyAccounts(transaction, {
      countyId: record.countyId,
      accountIds: [record.registeredBy],
      caseId: null,
      kind: 'wish_fulfilled',
      params: { wishId: id, content: record.content.slice(0, 60) },
    });
  }
  return {
    audit: {
      action: `wish.${input.action}`,
      entityType: 'wish',
      entityId: id,
      regionCode: record.regionCode,
      countyId: record.countyId,
      outcome: 'success',
      details: {
        from: record.status,
        to,
        ...(input.action === 'claim' ? { claimantKind: input.claimant.kind, claimantId: input.claimant.id } : {}),
      },
    },
  };
}

/**
 * Keeps the photo of a claimed wish's fulfilment (one per wish: a new one replaces the old), sent before the
 * fulfilment is recorded. Stored before the row names it and deleted again when the change fails.
 */
export async function putPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  id: string,
  content: Buffer,
): Promise<WishDetail> {
  assertCan(actor, 'wish.claim');
  const { record } = await loadWish(db, actor, id);
  if (record.status !== 'claimed') {
    throw new AppError('wish_changed', {
      en: 'A photo goes with a claimed wish being fulfilled.',
      zh: '只有已认领、待完成的心愿可以上传完成照片。',
    });
  }
  const contentType = photoTypeOf(content);
  const key = `wishes/${record.countyId}/${uuidv7()}`;
  let previousKey: string | null = null;
  await storeThenRecord(files, { key, content, contentType }, () =>
    inTransactionWithAudit(db, actor, async (transaction) => {
      const { record: locked } = await loadWish(transaction, actor, id, { forUpdate: true });
      previousKey = locked.photoKey;
      const isUpdated = await repository.updateWish(
        transaction,
        { countyId: locked.countyId, id, version: locked.version, status: 'claimed' },
        {
          photoKey: key,
          photoType: contentType,
          photoSize: content.length,
          photoSha256: createHash('sha256').update(content).digest('hex'),
        },
      );
      if (!isUpdated) throw wishChanged();
      return {
        audit: {
          action: 'wish.add_photo',
          entityType: 'wish',
          entityId: id,
          regionCode: locked.regionCode,
          countyId: locked.countyId,
          outcome: 'success',
          details: { contentType, size: content.length },
        },
      };
    }),
  );
  if (previousKey !== null) await files.delete(previousKey).catch(() => undefined);
  return getWish(db, actor, id);
}

export async function getPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  id: string,
): Promise<{ contentType: string; size: number; content: Readable }> {
  assertCan(actor, 'wish.read');
  const { record } = await loadWish(db, actor, id);
  return readPhoto(files, record);
}

async function readPhoto(
  files: FileStore,
  record: repository.WishRow['record'],
): Promise<{ contentType: string; size: number; content: Readable }> {
  const content = record.photoKey === null ? undefined : await files.get(record.photoKey);
  if (!content || record.photoType === null || record.photoSize === null) {
    throw new AppError('not_found', { en: 'This wish has no photo.', zh: '此心愿没有照片。' });
  }
  return { contentType: record.photoType, size: record.photoSize, content };
}

// Figures --------------------------------------------------------------------------------------------------------

const longestPeriodDays = 3 * 366;

async function figuresScope(db: Database, actor: Actor, query: WishFiguresQuery) {
  const regionId = query.regionId ?? actor.regionId;
  if (!regionId) {
    throw new AppError(
      'validation_failed',
      { en: 'Name the region (regionId): you work across counties.', zh: '您的账号跨多个县，请指定区域（regionId）。' },
      [{ path: '/querystring/regionId', message: 'required' }],
    );
  }
  const region = await loadRegion(db, actor, regionId);
  if (query.driveId) await loadDrive(db, actor, query.driveId);
  const to = query.to ?? chinaDate(await repository.databaseNow(db));
  const from = query.from ?? addDays(to, -89);
  if (from > to || addDays(from, longestPeriodDays) < to) {
    throw new AppError(
      'validation_failed',
      { en: 'Give a period that ends after it starts, of at most three years.', zh: '统计区间须先始后终，最长三年。' },
      [{ path: '/querystring/to', message: 'bad period' }],
    );
  }
  return { region, from, to, period: { from: chinaDayStart(from), to: chinaDayStart(addDays(to, 1)) } };
}

/**
 * The wish figures of a region (the caller's scope root by default) for a period of China dates, inclusive (the
 * last 90 days by default), over the wishes registered in it: how far each got, by claimant kind, per child region.
 */
export async function wishFigures(db: Database, actor: Actor, query: WishFiguresQuery): Promise<WishFigures> {
  assertCan(actor, 'wish.read');
  const { region, from, to, period } = await figuresScope(db, actor, query);
  const [counts, children] = await Promise.all([
    repository.countFigures(db, { countyId: region.countyId, code: region.code }, period, {
      today: chinaToday(),
      driveId: query.driveId,
    }),
    repository.countByChildRegion(db, { countyId: region.countyId, id: region.id }, period, query.driveId),
  ]);
  return {
    regionId: region.id,
    from,
    to,
    registered: counts.registered + counts.rejected + counts.cancelled,
    published: counts.published,
    claimed: counts.claimed,
    fulfilled: counts.fulfilled,
    acknowledged: counts.acknowledged,
    rejected: counts.rejected,
    cancelled: counts.cancelled,
    late: counts.late,
    claimedBy: { party_member: counts.claimedByPartyMember, cadre: counts.claimedByCadre, unit: counts.claimedByUnit },
    fulfilledBy: {
      party_member: counts.fulfilledByPartyMember,
      cadre: counts.fulfilledByCadre,
      unit: counts.fulfilledByUnit,
    },
    regions: children,
  };
}

const statusNames: Record<WishStatus, string> = {
  pending_review: '待审核',
  published: '已发布',
  rejected: '未通过',
  claimed: '已认领',
  fulfilled: '已完成',
  acknowledged: '已确认',
  cancelled: '已取消',
};
const claimantKindNames: Record<ClaimantKind, string> = { party_member: '党员', cadre: '干部', unit: '单位' };

/** The figures and the claimed-but-late list as an .xlsx (Chinese, as the counties file them); audited. */
export async function figuresWorkbook(db: Database, actor: Actor, query: WishFiguresQuery) {
  const figures = await wishFigures(db, actor, query);
  const late = await listWishes(db, actor, { regionId: figures.regionId, isLate: true, limit: 200 });
  const workbook = await writeReportWorkbook([
    {
      name: '微心愿统计',
      title: `微心愿统计 ${figures.from} 至 ${figures.to}`,
      columns: columnsOf('区域', '登记', '发布', '认领', '完成', '确认'),
      rows: figures.regions.map((row) => [
        row.regionName,
        row.registered,
        row.published,
        row.claimed,
        row.fulfilled,
        row.acknowledged,
      ]),
    },
    {
      name: '认领方',
      columns: columnsOf('认领方', '认领', '完成'),
      rows: (['party_member', 'cadre', 'unit'] as const).map((kind) => [
        claimantKindNames[kind],
        figures.claimedBy[kind],
        figures.fulfilledBy[kind],
      ]),
    },
    {
      name: '逾期未完成',
      columns: [
        { header: '区域', width: 16 },
        { header: '心愿', width: 40 },
        { header: '认领方', width: 20 },
        { header: '承诺日期', width: 14 },
        { header: '状态', width: 10 },
      ],
      rows: late.items.map((wish) => [
        wish.regionName,
        wish.content,
        wish.claimant?.name ?? '',
        wish.promisedOn ?? '',
        statusNames[wish.status],
      ]),
    },
  ]);
  const region = await loadRegion(db, actor, figures.regionId);
  await recordAudit(db, actor, {
    action: 'wish.export',
    entityType: 'wish',
    entityId: region.id,
    regionCode: region.code,
    countyId: region.countyId,
    outcome: 'success',
    details: { from: figures.from, to: figures.to, late: late.items.length },
  });
  return { workbook, fileName: `微心愿统计-${figures.from}-${figures.to}.xlsx` };
}

/**
 * Tells the claimant's account (when it has one) and the village's accounts about claimed wishes whose promised date
 * passed unfulfilled, once per wish. Run by the sweep; answers how many wishes it told about.
 */
export async function notifyLateWishes(db: Database): Promise<number> {
  const late = await repository.listLateUntold(db, chinaToday());
  for (const { record } of late) {
    await db.transaction(async (transaction) => {
      const villageAccounts = await repository.villageAccountIds(transaction, villageCodeOf(record.regionCode));
      await notifyAccounts(transaction, {
        countyId: record.countyId,
        accountIds: [...villageAccounts, ...(record.claimantAccountId ? [record.claimantAccountId] : [])],
        caseId: null,
        kind: 'wish_late',
        params: { wishId: record.id, content: record.content.slice(0, 60), promisedOn: record.promisedOn },
      });
      await repository.markLateNotified(transaction, record.countyId, [record.id]);
    });
  }
  return late.length;
}

// Drives ---------------------------------------------------------------------------------------------------------

function presentDrive(
  row: NonNullable<Awaited<ReturnType<typeof repository.findDrive>>>,
  progress: repository.Progress | undefined,
): WishDrive {
  return {
    id: row.drive.id,
    regionId: row.drive.regionId,
    regionName: row.regionName,
    name: row.drive.name,
    startsOn: row.drive.startsOn,
    endsOn: row.drive.endsOn,
    targetCount: row.drive.targetCount,
    progress: progress ?? { registered: 0, published: 0, claimed: 0, fulfilled: 0, acknowledged: 0 },
  };
}

/** Drives of a region's subtree and those above it that reach into it, each with its progress. */
export async function listDrives(db: Database, actor: Actor, regionId: string | undefined): Promise<WishDrive[]> {
  assertCan(actor, 'wish.read');
  const id = regionId ?? actor.regionId;
  if (!id) return [];
  const region = await loadRegion(db, actor, id);
  const rows = await repository.listDrives(db, { countyId: region.countyId, code: region.code });
  const progress = await repository.driveProgress(
    db,
    region.countyId,
    rows.map((row) => row.drive.id),
  );
  return rows.map((row) => presentDrive(row, progress.get(row.drive.id)));
}

export async function getDrive(db: Database, actor: Actor, id: string): Promise<WishDrive> {
  assertCan(actor, 'wish.read');
  const row = await loadDrive(db, actor, id);
  const progress = await repository.driveProgress(db, row.drive.countyId, [id]);
  return presentDrive(row, progress.get(id));
}

/** Opens a drive of a county, town or village (county and town staff). */
export async function createDrive(
  db: Database,
  actor: Actor,
  input: z.output<typeof createWishDriveBody>,
): Promise<WishDrive> {
  assertCan(actor, 'wish.manage');
  const region = await loadRegion(db, actor, input.regionId);
  if (region.level === 'grid' || region.level === 'micro_grid') {
    throw new AppError(
      'validation_failed',
      { en: 'A drive gathers wishes of a county, town or village.', zh: '心愿活动应面向县、镇或村（社区）。' },
      [{ path: '/body/regionId', message: 'a grid' }],
    );
  }
  const id = uuidv7();
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertDrive(transaction, {
      countyId: region.countyId,
      id,
      regionId: region.id,
      regionCode: region.code,
      name: input.name,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      targetCount: input.targetCount,
      createdBy: accountIdOf(actor),
    });
    return {
      audit: {
        action: 'wish_drive.create',
        entityType: 'wish_drive',
        entityId: id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
        details: { name: input.name, targetCount: input.targetCount },
      },
    };
  });
  return getDrive(db, actor, id);
}

// The public wall ------------------------------------------------------------------------------------------------

const wallSettingKey = (countyId: string) => `wish-wall:${countyId}`;

async function wallSettingsOf(db: Executor, countyId: string): Promise<WishWallSettings> {
  return {
    ...defaultWishWallSettings,
    ...(await readSetting<Partial<WishWallSettings>>(db, wallSettingKey(countyId))),
  };
}

function countyOf(actor: Actor): string {
  if (actor.countyId === undefined) {
    throw new AppError('validation_failed', {
      en: 'Sign in with a county account for its wall.',
      zh: '请用县级账号设置心愿墙。',
    });
  }
  return actor.countyId;
}

export async function getWallSettings(db: Database, actor: Actor): Promise<WishWallSettings> {
  assertCan(actor, 'wish.read');
  return wallSettingsOf(db, countyOf(actor));
}

/** What the county's public wall shows (county staff only: a town's manager may not speak for the county). */
export async function saveWallSettings(
  db: Database,
  actor: Actor,
  settings: WishWallSettingsBody,
): Promise<WishWallSettings> {
  assertCan(actor, 'wish.manage');
  const countyId = countyOf(actor);
  if (actor.role !== 'county' && actor.role !== 'admin') {
    throw new AppError('forbidden', {
      en: 'The county decides what its wall shows.',
      zh: '心愿墙展示内容由县级设置。',
    });
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await writeSetting(transaction, wallSettingKey(countyId), settings);
    return {
      audit: {
        action: 'wish_wall.update',
        entityType: 'wish_wall',
        entityId: countyId,
        countyId,
        outcome: 'success',
        details: settings,
      },
    };
  });
  return wallSettingsOf(db, countyId);
}

/** The year from which a birth makes a minor on the wall: everyone born in the year 18 years ago or later. */
function minorsBornFrom(today: string): string {
  return `${String(Number(today.slice(0, 4)) - 18).padStart(4, '0')}-01-01`;
}

/**
 * The county's public wall (no sign-in): its published wishes and what became of them, as the county allows —
 * the resident's surname followed by ** (or nothing), the village's name, the claimant unit's name. Never a full
 * name, phone, ID number, household or a person claiming; never a minor's wish. 404 for a county unknown or whose
 * wall is off.
 */
export async function publicWall(db: Database, query: z.output<typeof wishWallQuery>): Promise<WishWall> {
  const county = await repository.findCountyByCode(db, query.county);
  const settings = county ? await wallSettingsOf(db, county.id) : undefined;
  if (!county || !settings?.isEnabled) {
    throw new AppError('not_found', { en: 'No wish wall for this county.', zh: '该县没有开放心愿墙。' });
  }
  const drive = query.driveId ? await repository.findDrive(db, county.id, query.driveId) : undefined;
  if (query.driveId && !drive) {
    throw new AppError('wish_drive_not_found', { en: 'No such drive.', zh: '没有该心愿活动。' });
  }
  const filter = { countyId: county.id, driveId: query.driveId, minorsBornFrom: minorsBornFrom(chinaToday()) };
  const [rows, counts] = await Promise.all([
    repository.listWallWishes(
      db,
      {
        ...filter,
        after: query.cursor ? { registeredAt: new Date(query.cursor.key), id: query.cursor.id } : undefined,
      },
      query.limit + 1,
    ),
    repository.countWall(db, filter),
  ]);
  const page = toPage(rows, query.limit, (row) => cursorOf(new Date(row.registeredAt).toISOString(), row.id));
  return {
    countyName: county.name,
    drive: drive ? { id: drive.drive.id, name: drive.drive.name, targetCount: drive.drive.targetCount } : null,
    counts,
    items: page.items.map((row) => ({
      id: row.id,
      residentName: settings.residentName === 'surname' ? wallName(row.residentName) : null,
      villageName: settings.showsVillage ? row.villageName : null,
      category: row.category as WishCategory,
      // Staff type the wish; a number in it (a phone, a door) stays off the wall.
      content: starNumbers(row.content),
      status: row.status,
      claimantUnitName: settings.showsClaimantUnit ? row.claimantUnitName : null,
      publishedAt: new Date(row.reviewedAt ?? row.registeredAt).toISOString(),
    })),
    nextCursor: page.nextCursor,
  };
}
