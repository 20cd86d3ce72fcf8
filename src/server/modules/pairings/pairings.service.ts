import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type {
  contactBody,
  createPairingBody,
  Pairing,
  pairingActionBody,
  PairingDetail,
  PairingFigures,
  PairingFiguresQuery,
  PairingKind,
  pairingKindBody,
  pairingQuery,
} from '../../../shared/api/pairings.js';
import type { Person } from '../../../shared/api/registry.js';
import { addDays, chinaToday } from '../../../shared/clock.js';
import {
  allowedPairingActions,
  defaultPairingKinds,
  isPairingOverdue,
  mayTakePairingAction,
  pairingTransitions,
  type HelpedSide,
} from '../../../shared/pairings.js';
import { childLevel, regionCodeWidth, regionLevels } from '../../../shared/policy.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { isUniqueViolation, type Database, type Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { notifyAccounts } from '../notifications/notifications.service.js';
import { listChildRegions, loadRegion } from '../regions/regions.service.js';
import { loadHousehold } from '../registry/households.service.js';
import { presentPartyPersons, visibleNotes } from '../registry/person-parties.service.js';
import { loadPerson } from '../registry/persons.service.js';
import { loadPlace } from '../registry/places.service.js';
import { columnsOf, writeReportWorkbook } from '../registry/workbooks.service.js';
import { findStaffOfAccount, loadStaff } from '../staff/staff-records.service.js';
import { loadActiveUnit } from '../units/units.service.js';
import { getVisit } from '../visits/visits.service.js';
import * as repository from './pairings.repository.js';

// Kinds ----------------------------------------------------------------------------------------------------------

/** The kinds a county uses: the defaults with its own names and frequencies for them, then its own kinds. */
export async function listKinds(db: Executor, actor: Actor, countyId?: string): Promise<PairingKind[]> {
  assertCan(actor, 'pairing.read');
  const county = countyId ?? actor.countyId;
  const own = county === undefined ? [] : await repository.listKinds(db, county);
  const byCode = new Map(own.map((row) => [row.code, row]));
  const defaults = defaultPairingKinds.map((kind) => {
    const row = byCode.get(kind.code);
    return {
      ...kind,
      nameZh: row?.nameZh ?? kind.nameZh,
      nameEn: row?.nameEn ?? kind.nameEn,
      contactEveryDays: row?.contactEveryDays ?? kind.contactEveryDays,
      isActive: row?.isActive ?? true,
      isDefault: true,
    };
  });
  const added = own
    .filter((row) => !defaultPairingKinds.some((kind) => kind.code === row.code))
    .map((row) => ({
      code: row.code,
      nameZh: row.nameZh,
      nameEn: row.nameEn,
      helperSide: row.helperSide,
      helpedSide: row.helpedSide,
      isOneToOne: row.isOneToOne,
      contactEveryDays: row.contactEveryDays,
      isActive: row.isActive,
      isDefault: false,
    }));
  return [...defaults, ...added];
}

/**
 * Adds a kind to the county's list, or renames one, changes its frequency or retires it. A default kind keeps its
 * sides and its one-to-one rule: the pairings made under it were checked by them.
 */
export async function saveKind(
  db: Database,
  actor: Actor,
  code: string,
  input: z.output<typeof pairingKindBody>,
  countyId?: string,
): Promise<PairingKind> {
  assertCan(actor, 'pairing.configure');
  const county = await loadCounty(db, actor, countyId);
  const definition = defaultPairingKinds.find((kind) => kind.code === code);
  if (
    definition &&
    (definition.helperSide !== input.helperSide ||
      definition.helpedSide !== input.helpedSide ||
      definition.isOneToOne !== input.isOneToOne)
  ) {
    throw new AppError(
      'validation_failed',
      {
        en: `“${code}” is a default kind: its sides and one-to-one rule stay as they are.`,
        zh: `“${code}”是默认类型，结对双方和一对一规则不能修改。`,
      },
      { field: 'helperSide' },
    );
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.upsertKind(transaction, { countyId: county.id, code, ...input });
    return {
      // As for the county's other catalogue entries (case_category): the entry's code is the record.
      audit: {
        action: 'pairing_kind.update',
        entityType: 'pairing_kind',
        entityId: code,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { code, ...input },
      },
    };
  });
  return (await listKinds(db, actor, county.id)).find((kind) => kind.code === code)!;
}

/** The kinds of the caller's county, or of the one an account that spans counties names. */
export async function listCountyKinds(db: Database, actor: Actor, countyId?: string): Promise<PairingKind[]> {
  assertCan(actor, 'pairing.read');
  return listKinds(db, actor, (await loadCounty(db, actor, countyId)).id);
}

async function loadActiveKind(db: Executor, actor: Actor, countyId: string, code: string): Promise<PairingKind> {
  const kind = (await listKinds(db, actor, countyId)).find((item) => item.code === code && item.isActive);
  if (!kind) {
    throw new AppError(
      'validation_failed',
      { en: `No pairing kind “${code}” in this county.`, zh: `本县没有结对类型“${code}”。` },
      [{ path: '/body/kind', message: 'unknown kind' }],
    );
  }
  return kind;
}

// Presenting -----------------------------------------------------------------------------------------------------

const missingName = '—';

function presentPairing(
  actor: Actor,
  row: repository.PairingRow,
  kinds: PairingKind[],
  persons: Map<string, Person>,
  today: string,
): Pairing {
  const { record } = row;
  const kind = kinds.find((item) => item.code === record.kind);
  const helpedPerson = record.helpedSide === 'person' ? persons.get(record.helpedId) : undefined;
  const helperId = record.helperStaffId ?? record.helperPersonId ?? record.helperUnitId!;
  return {
    id: record.id,
    kind: record.kind,
    kindName: kind ? { zh: kind.nameZh, en: kind.nameEn } : null,
    regionId: record.regionId,
    regionName: row.regionName,
    helperSide: record.helperSide,
    helper: { id: helperId, name: record.helperName, regionName: null, isMinor: false },
    helpedSide: record.helpedSide,
    helped: {
      id: record.helpedId,
      // A resident by the registry's rules (a minor's name shortened for roles without sensitive.read).
      name: (record.helpedSide === 'person' ? helpedPerson?.name : row.helpedLabel) ?? missingName,
      regionName: row.regionName,
      isMinor: helpedPerson?.isMinor ?? false,
    },
    startsOn: record.startsOn,
    endsOn: record.endsOn,
    contactEveryDays: record.contactEveryDays,
    status: record.status,
    endedAt: record.endedAt?.toISOString() ?? null,
    endReason: record.endReason,
    lastContactOn: record.lastContactOn,
    dueOn: row.dueOn,
    isOverdue: isPairingOverdue(record, today),
    contactCount: Number(row.contactCount),
    note: visibleNotes(actor, record.note),
    version: record.version,
    allowedActions: allowedPairingActions(actor.role, record.status),
  };
}

/** Presents pairing rows: one look-up of the county's kinds and of the residents helped, per county. */
async function presentRows(db: Executor, actor: Actor, rows: repository.PairingRow[]): Promise<Pairing[]> {
  const today = chinaToday();
  const byCounty = new Map<string, repository.PairingRow[]>();
  for (const row of rows) byCounty.set(row.record.countyId, [...(byCounty.get(row.record.countyId) ?? []), row]);
  const presented = new Map<string, Pairing>();
  for (const [countyId, countyRows] of byCounty) {
    const personIds = countyRows.filter((row) => row.record.helpedSide === 'person').map((row) => row.record.helpedId);
    const [kinds, persons] = await Promise.all([
      listKinds(db, actor, countyId),
      presentPartyPersons(db, actor, countyId, personIds, false),
    ]);
    for (const row of countyRows) presented.set(row.record.id, presentPairing(actor, row, kinds, persons, today));
  }
  return rows.map((row) => presented.get(row.record.id)!);
}

/** A pairing the actor may see, or 404 (a look outside the scope is audited). */
function loadPairing(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'pairing',
    id,
    code: 'pairing_not_found',
    find: () => repository.findPairing(db, actor, id, options),
    existsAnywhere: () => repository.pairingExists(db, id),
  });
}

// Reading --------------------------------------------------------------------------------------------------------

/**
 * Pairings of a region's subtree (the caller's scope by default), the soonest due first. `overdue` gives the
 * worklist; `mine` the pairings whose helper is the caller's own staff record (none when the account has none).
 */
export async function listPairings(
  db: Database,
  actor: Actor,
  query: z.output<typeof pairingQuery>,
): Promise<Page<Pairing>> {
  assertCan(actor, 'pairing.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const countyId = root?.countyId ?? actor.countyId;
  let helperStaffId: string | undefined;
  if (query.mine) {
    const own = countyId === undefined ? undefined : await findStaffOfAccount(db, countyId, actor.id);
    if (!own) return { items: [], nextCursor: null };
    helperStaffId = own.id;
  }
  const rows = await repository.listPairings(
    db,
    actor,
    {
      countyId,
      rootCode: root?.code ?? actor.regionCode ?? '',
      kind: query.kind,
      status: query.status,
      overdueOn: query.overdue ? chinaToday() : undefined,
      helperStaffId,
      helperId: query.helperId,
      helpedId: query.helpedId,
      after: query.cursor ? { dueOn: query.cursor.key, id: query.cursor.id } : undefined,
    },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.dueOn, row.record.id));
  return { items: await presentRows(db, actor, page.items), nextCursor: page.nextCursor };
}

async function detailOf(db: Executor, actor: Actor, row: repository.PairingRow): Promise<PairingDetail> {
  const [pairing] = await presentRows(db, actor, [row]);
  const contacts = await repository.listContacts(db, row.record.countyId, row.record.id);
  return {
    ...pairing!,
    contacts: contacts.map(({ contact, recordedBy }) => ({
      id: contact.id,
      contactedOn: contact.contactedOn,
      kind: contact.kind,
      visitId: contact.visitId,
      note: visibleNotes(actor, contact.note),
      helpGiven: contact.helpGiven,
      recordedBy,
    })),
  };
}

/** One pairing with its contacts, newest first. */
export async function getPairing(db: Database, actor: Actor, id: string): Promise<PairingDetail> {
  assertCan(actor, 'pairing.read');
  return detailOf(db, actor, await loadPairing(db, actor, id));
}

// Pairing --------------------------------------------------------------------------------------------------------

type Helper = { staffId: string | null; personId: string | null; unitId: string | null; name: string };

/** The helper as the kind wants it: a staff record, a registry person who is a party member, or an active unit. */
async function resolveHelper(
  db: Database,
  actor: Actor,
  kind: PairingKind,
  countyId: string,
  input: z.output<typeof createPairingBody>['helper'],
): Promise<Helper> {
  const expected = { staff: 'staffId', party_member: 'personId', unit: 'unitId' }[kind.helperSide];
  if (!(expected in input)) {
    throw new AppError(
      'validation_failed',
      {
        en: `A pairing of this kind is made with a helper given by ${expected}.`,
        zh: `此类结对的帮扶方须以 ${expected} 指定。`,
      },
      [{ path: '/body/helper', message: `expected ${expected}` }],
    );
  }
  if ('staffId' in input) {
    const row = await loadStaff(db, actor, input.staffId);
    return { staffId: input.staffId, personId: null, unitId: null, name: row.staff.name };
  }
  if ('personId' in input) {
    const row = await loadPerson(db, actor, input.personId);
    if (row.person.countyId !== countyId) throw personNotFound(input.personId);
    if (!row.person.isPartyMember) {
      throw new AppError(
        'validation_failed',
        { en: `${row.person.name} is not a party member.`, zh: `${row.person.name} 不是党员。` },
        [{ path: '/body/helper/personId', message: 'not a party member' }],
      );
    }
    return { staffId: null, personId: input.personId, unitId: null, name: row.person.name };
  }
  const unit = await loadActiveUnit(db, actor, input.unitId);
  return { staffId: null, personId: null, unitId: input.unitId, name: unit.name };
}

function personNotFound(id: string) {
  return new AppError('person_not_found', { en: `No person with id ${id}.`, zh: `没有编号为 ${id} 的记录。` });
}

/** Villages and communities and the grids in them: where a unit pledges ("1+N"), not a town or a county. */
const pledgeLevels = regionLevels.slice(regionLevels.indexOf('village'));

/** The helped side as the kind wants it, and the region the pairing belongs to (where the helped side is). */
async function resolveHelped(
  db: Database,
  actor: Actor,
  side: HelpedSide,
  countyId: string,
  id: string,
): Promise<{ regionId: string; regionCode: string }> {
  if (side === 'person') {
    const { person } = await loadPerson(db, actor, id);
    if (person.countyId !== countyId) throw personNotFound(id);
    return { regionId: person.regionId, regionCode: person.regionCode };
  }
  if (side === 'household') {
    const { household } = await loadHousehold(db, actor, id);
    return { regionId: household.regionId, regionCode: household.regionCode };
  }
  if (side === 'place') {
    const { place } = await loadPlace(db, actor, id);
    return { regionId: place.regionId, regionCode: place.regionCode };
  }
  const region = await loadRegion(db, actor, id);
  if (!(pledgeLevels as readonly string[]).includes(region.level)) {
    throw new AppError(
      'validation_failed',
      {
        en: `${region.name} is not a village or community: a unit pairs with one.`,
        zh: `${region.name} 不是村（社区），单位须与村（社区）结对。`,
      },
      [{ path: '/body/helpedId', message: 'not a village' }],
    );
  }
  return { regionId: region.id, regionCode: region.code };
}

function pairingTaken() {
  return new AppError('pairing_taken', {
    en: 'This one already has an active pairing of this kind (one to one): end it first.',
    zh: '该对象已有此类在帮的结对（一对一），请先结束原结对。',
  });
}

/**
 * Pairs a helper with a helped side under one of the county's kinds. A one-to-one kind's rule is the database's (a
 * partial unique index): of two requests racing to pair the same student, one wins and the other answers 409.
 */
export async function createPairing(
  db: Database,
  actor: Actor,
  input: z.output<typeof createPairingBody>,
): Promise<PairingDetail> {
  assertCan(actor, 'pairing.manage');
  const countyId = actor.countyId ?? (await loadCountyOfHelped(db, actor, input));
  const kind = await loadActiveKind(db, actor, countyId, input.kind);
  const helper = await resolveHelper(db, actor, kind, countyId, input.helper);
  const helped = await resolveHelped(db, actor, kind.helpedSide, countyId, input.helpedId);
  const startsOn = input.startsOn ?? chinaToday();
  if (input.endsOn !== null && input.endsOn < startsOn) {
    throw new AppError('validation_failed', { en: 'The period ends before it starts.', zh: '结束日期早于开始日期。' }, [
      { path: '/body/endsOn', message: 'before startsOn' },
    ]);
  }
  const id = uuidv7();
  try {
    return await inTransactionWithAudit(db, actor, async (transaction) => {
      await repository.insertPairing(transaction, {
        countyId,
        id,
        kind: kind.code,
        regionId: helped.regionId,
        regionCode: helped.regionCode,
        helperSide: kind.helperSide,
        helperStaffId: helper.staffId,
        helperPersonId: helper.personId,
        helperUnitId: helper.unitId,
        helperName: helper.name,
        helpedSide: kind.helpedSide,
        helpedId: input.helpedId,
        isOneToOne: kind.isOneToOne,
        startsOn,
        endsOn: input.endsOn,
        contactEveryDays: input.contactEveryDays ?? kind.contactEveryDays,
        note: input.note,
        createdBy: accountIdOf(actor),
      });
      return {
        result: await detailOf(transaction, actor, (await repository.findPairing(transaction, actor, id))!),
        audit: {
          action: 'pairing.create',
          entityType: 'pairing',
          entityId: id,
          countyId,
          regionCode: helped.regionCode,
          outcome: 'success',
          details: { kind: kind.code, helperSide: kind.helperSide, helpedId: input.helpedId },
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw pairingTaken();
    throw error;
  }
}

/** An account that spans counties pairs in the county of the region, person, household or place it names. */
async function loadCountyOfHelped(
  db: Database,
  actor: Actor,
  input: z.output<typeof createPairingBody>,
): Promise<string> {
  const sides: (() => Promise<string | null>)[] = [
    async () => (await loadPerson(db, actor, input.helpedId)).person.countyId,
    async () => (await loadHousehold(db, actor, input.helpedId)).household.countyId,
    async () => (await loadPlace(db, actor, input.helpedId)).place.countyId,
    async () => (await loadRegion(db, actor, input.helpedId)).countyId,
  ];
  for (const side of sides) {
    const countyId = await side().catch(() => null);
    if (countyId) return countyId;
  }
  throw new AppError('not_found', {
    en: `No person, household, place or region with id ${input.helpedId}.`,
    zh: `没有编号为 ${input.helpedId} 的居民、户、场所或区域。`,
  });
}

function pairingChanged() {
  return new AppError('pairing_changed', {
    en: 'Someone changed this pairing in the meantime: reload it and try again.',
    zh: '此结对已被他人修改，请刷新后重试。',
  });
}

/** Ends a pairing with a reason, or resumes an ended one (the one-to-one rule holds for it like for a new one). */
export async function takeAction(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof pairingActionBody>,
): Promise<PairingDetail> {
  assertCan(actor, pairingTransitions[input.action].capability);
  try {
    return await inTransactionWithAudit(db, actor, async (transaction) => {
      const row = await loadPairing(transaction, actor, id, { forUpdate: true });
      const { record } = row;
      if (input.version !== undefined && input.version !== record.version) throw pairingChanged();
      if (!mayTakePairingAction(actor.role, record.status, input.action)) {
        throw new AppError('conflict', {
          en: `A pairing ${record.status} cannot be ${input.action === 'end' ? 'ended' : 'resumed'}.`,
          zh: input.action === 'end' ? '该结对已结束。' : '该结对仍在帮扶中。',
        });
      }
      const changes =
        input.action === 'end'
          ? { status: 'ended' as const, endedAt: new Date(), endReason: input.reason }
          : { status: 'active' as const, endedAt: null, endReason: null };
      if (!(await repository.updatePairing(transaction, record.countyId, id, record.version, changes))) {
        throw pairingChanged();
      }
      return {
        result: await detailOf(transaction, actor, (await repository.findPairing(transaction, actor, id))!),
        audit: {
          action: input.action === 'end' ? 'pairing.end' : 'pairing.resume',
          entityType: 'pairing',
          entityId: id,
          countyId: record.countyId,
          regionCode: record.regionCode,
          outcome: 'success',
          details: input.action === 'end' ? { reason: input.reason } : {},
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw pairingTaken();
    throw error;
  }
}

/**
 * Records a contact made under an active pairing: a visit (naming the visits module's record of it, which must be
 * one the caller may read), help given, a call. Never on a day still to come nor before the pairing began.
 */
export async function recordContact(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof contactBody>,
): Promise<PairingDetail> {
  assertCan(actor, 'pairing.record');
  const row = await loadPairing(db, actor, id);
  const today = chinaToday();
  const contactedOn = input.contactedOn ?? today;
  if (contactedOn > today || contactedOn < row.record.startsOn) {
    throw new AppError(
      'validation_failed',
      {
        en: 'A contact is recorded on a day between the pairing’s start and today.',
        zh: '联系日期须在结对开始日与今天之间。',
      },
      [{ path: '/body/contactedOn', message: 'out of range' }],
    );
  }
  if (row.record.status !== 'active') {
    throw new AppError('conflict', { en: 'This pairing has ended.', zh: '该结对已结束。' });
  }
  if (input.visitId !== null) await getVisit(db, actor, input.visitId);
  const contactId = uuidv7();
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertContact(transaction, {
      countyId: row.record.countyId,
      id: contactId,
      pairingId: id,
      contactedOn,
      kind: input.kind,
      visitId: input.visitId,
      note: input.note,
      helpGiven: input.helpGiven,
      recordedBy: accountIdOf(actor),
    });
    return {
      result: await detailOf(transaction, actor, (await repository.findPairing(transaction, actor, id))!),
      audit: {
        action: 'pairing.record_contact',
        entityType: 'pairing',
        entityId: id,
        countyId: row.record.countyId,
        regionCode: row.record.regionCode,
        outcome: 'success',
        details: { contactId, kind: input.kind, contactedOn, hasHelp: input.helpGiven !== '' },
      },
    };
  });
}

// Reminders ------------------------------------------------------------------------------------------------------

/** The village code of a grid's code: the county's, the town's and the village's digits. */
function villageCodeOf(code: string): string {
  return code.slice(0, regionCodeWidth.county + regionCodeWidth.town + regionCodeWidth.village);
}

/**
 * Tells the helper's account (a staff record with one) and the village's accounts about each pairing whose contact
 * is late, once per due day missed. Run by the sweep; answers how many pairings it told about.
 */
export async function notifyOverduePairings(db: Database): Promise<number> {
  const today = chinaToday();
  const due = await repository.listOverdueUntold(db, today);
  for (const row of due) {
    await db.transaction(async (transaction) => {
      const villageAccounts = await repository.villageAccountIds(transaction, villageCodeOf(row.regionCode));
      await notifyAccounts(transaction, {
        countyId: row.countyId,
        accountIds: [...villageAccounts, ...(row.helperAccountId ? [row.helperAccountId] : [])],
        caseId: null,
        kind: 'pairing_overdue',
        params: { pairingId: row.id, helperName: row.helperName, dueOn: row.dueOn, regionName: row.regionName },
      });
      await repository.markOverdueTold(transaction, row.countyId, row.id, row.dueOn);
    });
  }
  return due.length;
}

// Figures --------------------------------------------------------------------------------------------------------

/** Three years of a region: longer is a report, not a figure. */
const longestPeriodDays = 3 * 366;

/**
 * The pairing figures of a region (the caller's scope root when none is named) for a period of China dates,
 * inclusive (the last 90 days without one): per kind, and per kind for each region one level below.
 */
export async function pairingFigures(db: Database, actor: Actor, query: PairingFiguresQuery): Promise<PairingFigures> {
  assertCan(actor, 'pairing.read');
  const regionId = query.regionId ?? actor.regionId;
  if (!regionId) {
    throw new AppError(
      'validation_failed',
      { en: 'Name the region (regionId): you work across counties.', zh: '您的账号跨多个县，请指定区域（regionId）。' },
      [{ path: '/querystring/regionId', message: 'required' }],
    );
  }
  const region = await loadRegion(db, actor, regionId);
  const today = chinaToday();
  const to = query.to ?? today;
  const from = query.from ?? addDays(to, -89);
  if (from > to || addDays(from, longestPeriodDays) < to) {
    throw new AppError(
      'validation_failed',
      { en: 'Give a period that ends after it starts, of at most three years.', zh: '统计区间须先始后终，最长三年。' },
      [{ path: '/querystring/to', message: 'bad period' }],
    );
  }
  const level = childLevel(region.level);
  const children = level ? await listChildRegions(db, actor, region.id) : [];
  const groupLength = region.code.length + (level ? regionCodeWidth[level] : 0);
  const countyId = region.countyId ?? region.id;
  const rows = await repository.countFigures(db, { countyId, code: region.code }, groupLength, { from, to, today });
  const kinds = await listKinds(db, actor, countyId);
  const nameOf = (code: string) => {
    const kind = kinds.find((item) => item.code === code);
    return kind ? { zh: kind.nameZh, en: kind.nameEn } : null;
  };
  const sum = (selected: repository.FigureRow[]) => ({
    active: selected.reduce((total, row) => total + row.active, 0),
    contacts: selected.reduce((total, row) => total + row.contacts, 0),
    helpGiven: selected.reduce((total, row) => total + row.helpGiven, 0),
    overdue: selected.reduce((total, row) => total + row.overdue, 0),
  });
  const kindCodes = [...new Set([...kinds.map((kind) => kind.code), ...rows.map((row) => row.kind)])].filter(
    (code) => kinds.some((kind) => kind.code === code && kind.isActive) || rows.some((row) => row.kind === code),
  );
  return {
    region: { id: region.id, name: region.name, code: region.code },
    from,
    to,
    kinds: kindCodes.map((code) => ({
      kind: code,
      kindName: nameOf(code),
      ...sum(rows.filter((row) => row.kind === code)),
    })),
    children: children.flatMap((child) =>
      kindCodes.map((code) => ({
        regionId: child.id,
        regionName: child.name,
        kind: code,
        kindName: nameOf(code),
        ...sum(rows.filter((row) => row.kind === code && row.groupCode === child.code)),
      })),
    ),
  };
}

/** The figures as an .xlsx workbook (Chinese headers, names not codes); the download is audited. */
export async function writeFiguresWorkbook(db: Database, actor: Actor, query: PairingFiguresQuery) {
  const figures = await pairingFigures(db, actor, query);
  const headers = ['结对类型', '在帮结对', '联系次数', '帮扶次数', '逾期未联系'];
  const title = `${figures.region.name}结对帮扶统计（${figures.from} 至 ${figures.to}）`;
  const content = await writeReportWorkbook([
    {
      name: '按类型',
      title,
      columns: columnsOf(...headers),
      rows: figures.kinds.map((row) => [
        row.kindName?.zh ?? row.kind,
        row.active,
        row.contacts,
        row.helpGiven,
        row.overdue,
      ]),
    },
    {
      name: '按区域',
      title,
      columns: columnsOf('区域', ...headers),
      rows: figures.children.map((row) => [
        row.regionName,
        row.kindName?.zh ?? row.kind,
        row.active,
        row.contacts,
        row.helpGiven,
        row.overdue,
      ]),
    },
  ]);
  await recordAudit(db, actor, {
    action: 'pairing.export',
    entityType: 'region',
    entityId: figures.region.id,
    regionCode: figures.region.code,
    outcome: 'success',
    details: { from: figures.from, to: figures.to },
  });
  return { content, fileName: `${figures.region.name}结对帮扶统计-${figures.from}至${figures.to}.xlsx` };
}
