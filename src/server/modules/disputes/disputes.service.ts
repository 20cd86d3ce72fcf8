import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type {
  createDisputeBody,
  Dispute,
  DisputeDetail,
  DisputeFigures,
  DisputeFiguresQuery,
  DisputeKind,
  DisputeMediators,
  disputeKindBody,
  DisputeParty,
  disputeQuery,
  outcomeBody,
  sessionBody,
  TalkPoint,
  talkPointBody,
  updateDisputeBody,
} from '../../../shared/api/disputes.js';
import type { Person } from '../../../shared/api/registry.js';
import { addDays, chinaDate, chinaDayStart } from '../../../shared/clock.js';
import {
  defaultDisputeKinds,
  mayHoldSession,
  mayRecordOutcome,
  type DisputeOutcome,
} from '../../../shared/disputes.js';
import { maskPhone } from '../../../shared/phone.js';
import { lineageCodes, regionCodeWidth } from '../../../shared/policy.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { assertMayReveal, type RevealRequest } from '../../auth/reveal.js';
import { assertInsertedOnce, recordOnce } from '../../client-ids.js';
import type { Database, Executor } from '../../db/client.js';
import type { StoredDisputeParty, StoredMediators } from '../../db/schema/disputes.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import type { FileStore } from '../../storage/file-store.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { loadCounty, loadCountyIfNamed } from '../cases/catalogue.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { presentPartyPersons, visibleNotes } from '../registry/person-parties.service.js';
import { loadPerson } from '../registry/persons.service.js';
import { loadStaff } from '../staff/staff-records.service.js';
import { mergeCountyKinds } from '../../county-kinds.js';
import * as repository from './disputes.repository.js';
import { photoTypeOf, storeThenRecord } from '../../storage/photos.js';

/** A dispute the actor may see, or 404 (a look outside the scope is audited). */
export function loadDispute(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'dispute',
    id,
    code: 'dispute_not_found',
    find: () => repository.findDispute(db, actor, id, options),
    existsAnywhere: () => repository.disputeExists(db, id),
  });
}

/** The kinds a county uses: the defaults with its own names for them, then its own codes. */
export async function listKinds(db: Executor, actor: Actor, countyId?: string): Promise<DisputeKind[]> {
  assertCan(actor, 'dispute.read');
  const county = countyId ?? actor.countyId;
  const own = county === undefined ? [] : await repository.listKinds(db, county);
  return mergeCountyKinds(defaultDisputeKinds, own);
}

/** The kinds of the caller's county, or of the county an account spanning counties names (404 outside its scope). */
export async function listCountyKinds(db: Executor, actor: Actor, countyId?: string): Promise<DisputeKind[]> {
  assertCan(actor, 'dispute.read');
  // An account spanning counties that names none reads the defaults, the kinds every county starts with.
  return listKinds(db, actor, (await loadCountyIfNamed(db, actor, countyId))?.id);
}

/** Adds a kind to the county's list, or renames or retires one (county administrators, as for the case catalogue). */
export async function saveKind(
  db: Database,
  actor: Actor,
  code: string,
  input: z.output<typeof disputeKindBody>,
  countyId?: string,
): Promise<DisputeKind> {
  assertCan(actor, 'case.configure');
  const county = await loadCounty(db, actor, countyId);
  const isNew = !(await listKinds(db, actor, county.id)).some((kind) => kind.code === code);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.upsertKind(transaction, { countyId: county.id, code, ...input });
    return {
      // As for the county's other catalogue entries (case_category): the entry's code is the record.
      audit: {
        action: 'dispute_kind.update',
        entityType: 'dispute_kind',
        entityId: code,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { isNew, ...input },
      },
    };
  });
  const kinds = await listKinds(db, actor, county.id);
  return kinds.find((kind) => kind.code === code)!;
}

async function assertKind(db: Executor, actor: Actor, countyId: string, code: string) {
  const kinds = await listKinds(db, actor, countyId);
  if (!kinds.some((kind) => kind.code === code && kind.isActive)) {
    throw new AppError(
      'validation_failed',
      { en: `No dispute kind “${code}” in this county.`, zh: `本县没有纠纷类型“${code}”。` },
      [{ path: '/body/kind', message: 'unknown kind' }],
    );
  }
}

/** The parties as stored: each resident must be one the actor may see (404 otherwise, as everywhere). */
async function resolveParties(
  db: Database,
  actor: Actor,
  countyId: string,
  parties: z.output<typeof createDisputeBody>['parties'],
): Promise<StoredDisputeParty[]> {
  const stored: StoredDisputeParty[] = [];
  for (const party of parties) {
    if ('personId' in party) {
      const row = await loadPerson(db, actor, party.personId);
      if (row.person.countyId !== countyId) {
        throw new AppError('person_not_found', {
          en: `No person with id ${party.personId}.`,
          zh: `没有编号为 ${party.personId} 的记录。`,
        });
      }
      stored.push({ personId: party.personId });
    } else {
      stored.push({ name: party.name, phone: party.phone ?? null });
    }
  }
  const personIds = stored.flatMap((party) => ('personId' in party ? [party.personId] : []));
  if (new Set(personIds).size !== personIds.length) {
    throw new AppError(
      'validation_failed',
      { en: 'A resident is named twice among the parties.', zh: '当事人中同一居民出现了两次。' },
      [{ path: '/body/parties', message: 'duplicate person' }],
    );
  }
  return stored;
}

/** The village code of a grid's (or a micro-grid's) code: the county's, the town's and the village's digits. */
function villageCodeOf(code: string): string {
  return code.slice(0, regionCodeWidth.county + regionCodeWidth.town + regionCodeWidth.village);
}

async function resolveMediators(
  db: Database,
  actor: Actor,
  dispute: { countyId: string; regionCode: string },
  mediators: z.output<typeof createDisputeBody>['mediators'],
): Promise<{ stored: StoredMediators; talkPointId: string | null }> {
  const staff: StoredMediators['staff'] = [];
  const lineage = lineageCodes(dispute.regionCode);
  for (const id of new Set(mediators.staffIds)) {
    const row = await loadStaff(db, actor, id);
    // As the mediator list offers them: staff of the dispute's grid or of a region above it, not another grid's.
    if (!lineage.includes(row.regionCode)) {
      throw new AppError(
        'mediator_not_eligible',
        {
          en: `${row.staff.name} works elsewhere: mediators are staff of the dispute’s grid or of a region above it.`,
          zh: `${row.staff.name} 不在本纠纷所在网格或其上级区域工作，不能担任调解人。`,
        },
        [{ path: '/body/mediators/staffIds', message: 'not of the dispute’s grid or above it' }],
      );
    }
    staff.push({ id, name: row.staff.name });
  }
  if (mediators.talkPointId !== null) {
    const point = await repository.findTalkPoint(db, dispute.countyId, mediators.talkPointId);
    // A talk point serves its village: one of another village is refused like one that does not exist.
    if (!point || villageCodeOf(point.point.regionCode) !== villageCodeOf(dispute.regionCode)) {
      throw new AppError('not_found', {
        en: `No talk point ${mediators.talkPointId} in this dispute’s village.`,
        zh: `纠纷所在村（社区）没有编号为 ${mediators.talkPointId} 的百姓说事点。`,
      });
    }
  }
  return { stored: { staff, volunteerNames: mediators.volunteerNames }, talkPointId: mediators.talkPointId };
}

/**
 * Whom a dispute in this grid may be mediated by: the staff of the grid and of each region above it (its village's,
 * its town's), volunteers and party-member households included, the grid's own first. A region outside the caller's
 * scope answers 404 (audited); the talk points of the grid's village are at /talk-points?regionId=.
 */
export async function listMediators(db: Database, actor: Actor, regionId: string): Promise<DisputeMediators> {
  assertCan(actor, 'dispute.read');
  const region = await loadRegion(db, actor, regionId);
  if (region.level !== 'grid' && region.level !== 'micro_grid') {
    throw new AppError('validation_failed', { en: 'Name the dispute’s grid.', zh: '请选择纠纷所在网格。' }, [
      { path: '/querystring/regionId', message: 'not a grid' },
    ]);
  }
  const rows = await repository.listStaffIn(db, region.countyId, lineageCodes(region.code));
  return {
    items: rows.map((row) => ({
      staffId: row.id,
      name: row.name,
      kind: row.kind,
      regionId: row.regionId,
      regionName: row.regionName,
    })),
  };
}

/** What the caller may see of the parties: residents through the registry's presenter, outsiders' phones masked. */
function presentParties(
  parties: StoredDisputeParty[],
  persons: Map<string, Person>,
  isRevealed: boolean,
): { parties: DisputeParty[]; isMasked: boolean } {
  let isMasked = false;
  const presented = parties.map((party): DisputeParty => {
    if ('personId' in party) {
      const person = persons.get(party.personId);
      if (person === undefined) {
        // Deleted from the registry since: the dispute keeps its place in the list of parties.
        return { personId: party.personId, name: '—', phone: null, regionName: null, isMinor: false };
      }
      isMasked ||= person.isMasked;
      return {
        personId: party.personId,
        name: person.name,
        phone: person.phone,
        regionName: person.regionName,
        isMinor: person.isMinor,
      };
    }
    if (party.phone !== null && !isRevealed) isMasked = true;
    return {
      personId: null,
      name: party.name,
      phone: party.phone === null ? null : isRevealed ? party.phone : maskPhone(party.phone),
      regionName: null,
      isMinor: false,
    };
  });
  return { parties: presented, isMasked };
}

function presentDispute(
  row: repository.DisputeRow,
  kinds: DisputeKind[],
  persons: Map<string, Person>,
  isRevealed: boolean,
): Dispute {
  const { record } = row;
  const kind = kinds.find((item) => item.code === record.kind);
  const { parties, isMasked } = presentParties(record.parties, persons, isRevealed);
  return {
    id: record.id,
    regionId: record.regionId,
    regionName: row.regionName,
    kind: record.kind,
    kindName: kind ? { zh: kind.nameZh, en: kind.nameEn } : null,
    summary: record.summary,
    status: record.status,
    registeredAt: record.registeredAt.toISOString(),
    parties,
    isMasked,
    mediators: {
      staff: record.mediators.staff,
      volunteerNames: record.mediators.volunteerNames,
      talkPoint:
        record.talkPointId === null || row.talkPointName === null
          ? null
          : { id: record.talkPointId, name: row.talkPointName },
    },
    hasLegalAid: record.hasLegalAid,
    legalAidBy: record.legalAidBy,
    agreement: record.agreement,
    settledLevel: record.settledLevel,
    escalatedTo: record.escalatedTo,
    escalatedAt: record.escalatedAt?.toISOString() ?? null,
    outcomeNote: record.outcomeNote,
    closedAt: record.closedAt?.toISOString() ?? null,
    hasAgreementPhoto: record.agreementPhotoKey !== null,
    sessionCount: Number(row.sessionCount),
    version: record.version,
  };
}

function personIdsOf(parties: StoredDisputeParty[]): string[] {
  return parties.flatMap((party) => ('personId' in party ? [party.personId] : []));
}

/** Presents dispute rows of one county: one look-up of their residents, one of the county's kinds. */
async function presentRows(
  db: Executor,
  actor: Actor,
  rows: repository.DisputeRow[],
  isRevealed: boolean,
): Promise<Dispute[]> {
  const byCounty = new Map<string, repository.DisputeRow[]>();
  for (const row of rows) byCounty.set(row.record.countyId, [...(byCounty.get(row.record.countyId) ?? []), row]);
  const presented = new Map<string, Dispute>();
  for (const [countyId, countyRows] of byCounty) {
    const [kinds, persons] = await Promise.all([
      listKinds(db, actor, countyId),
      presentPartyPersons(
        db,
        actor,
        countyId,
        countyRows.flatMap((row) => personIdsOf(row.record.parties)),
        isRevealed,
      ),
    ]);
    for (const row of countyRows) presented.set(row.record.id, presentDispute(row, kinds, persons, isRevealed));
  }
  return rows.map((row) => presented.get(row.record.id)!);
}

export async function listDisputes(
  db: Database,
  actor: Actor,
  query: z.output<typeof disputeQuery>,
): Promise<Page<Dispute>> {
  assertCan(actor, 'dispute.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const rows = await repository.listDisputes(
    db,
    actor,
    {
      countyId: root?.countyId ?? actor.countyId,
      rootCode: root?.code ?? actor.regionCode ?? '',
      statuses: query.status,
      kind: query.kind,
      escalatedTo: query.escalatedTo,
      personId: query.personId,
      after: query.cursor ? { registeredAt: new Date(query.cursor.key), id: query.cursor.id } : undefined,
    },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.record.registeredAt.toISOString(), row.record.id));
  return { items: await presentRows(db, actor, page.items, false), nextCursor: page.nextCursor };
}

/** One dispute with its sessions. Revealing phones takes `sensitive.read` and a reason, and is audited. */
export async function getDispute(
  db: Database,
  actor: Actor,
  id: string,
  reveal: RevealRequest = { isAsked: false },
): Promise<DisputeDetail> {
  assertCan(actor, 'dispute.read');
  assertMayReveal(actor, reveal, {
    en: 'Give a reason for viewing the parties’ phones in full.',
    zh: '查看当事人完整电话须填写事由。',
  });
  const row = await loadDispute(db, actor, id);
  if (reveal.isAsked) {
    await recordAudit(db, actor, {
      action: 'dispute.reveal',
      entityType: 'dispute',
      entityId: id,
      regionCode: row.record.regionCode,
      countyId: row.record.countyId,
      outcome: 'success',
      details: { reason: reveal.reason },
    });
  }
  const [[dispute], sessions] = await Promise.all([
    presentRows(db, actor, [row], reveal.isAsked),
    repository.listSessions(db, row.record.countyId, id),
  ]);
  return {
    ...dispute!,
    sessions: sessions.map((session) => ({
      id: session.id,
      heldAt: session.heldAt.toISOString(),
      place: session.place,
      attendees: session.attendees,
      notes: visibleNotes(actor, session.notes),
      recordedBy: session.createdByName,
    })),
  };
}

/** The database's clock, which figures' periods and registration times are measured by. */
function databaseNow(db: Executor): Promise<Date> {
  return repository.databaseNow(db);
}

/**
 * Registers a dispute in a grid. The id is the client's: sent again by the same account (the phone's queue
 * retrying), it answers the dispute already registered and creates nothing (`isNew` false); another account's
 * id answers 409.
 */
export async function createDispute(
  db: Database,
  actor: Actor,
  input: z.output<typeof createDisputeBody>,
): Promise<{ dispute: DisputeDetail; isNew: boolean }> {
  assertCan(actor, 'dispute.mediate');
  const { result, isNew } = await recordOnce(actor, input.id, {
    findCreator: () => repository.findCreatorOf(db, input.id),
    read: () => getDispute(db, actor, input.id),
    write: () => registerDispute(db, actor, input),
  });
  return { dispute: result, isNew };
}

async function registerDispute(db: Database, actor: Actor, input: z.output<typeof createDisputeBody>) {
  const region = await loadRegion(db, actor, input.regionId);
  if (region.level !== 'grid' && region.level !== 'micro_grid') {
    throw new AppError('validation_failed', { en: 'Register a dispute in a grid.', zh: '请在网格中登记纠纷。' }, [
      { path: '/body/regionId', message: 'not a grid' },
    ]);
  }
  await assertKind(db, actor, region.countyId, input.kind);
  const parties = await resolveParties(db, actor, region.countyId, input.parties);
  const mediators = await resolveMediators(
    db,
    actor,
    { countyId: region.countyId, regionCode: region.code },
    input.mediators,
  );
  const now = await databaseNow(db);
  const registeredAt = input.registeredAt ? new Date(input.registeredAt) : now;
  if (registeredAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new AppError(
      'validation_failed',
      { en: 'A dispute cannot be registered in the future.', zh: '登记时间不能晚于现在。' },
      [{ path: '/body/registeredAt', message: 'in the future' }],
    );
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const inserted = await repository.insertDispute(transaction, {
      countyId: region.countyId,
      id: input.id,
      regionId: region.id,
      regionCode: region.code,
      kind: input.kind,
      summary: input.summary,
      parties,
      personIds: personIdsOf(parties),
      mediators: mediators.stored,
      talkPointId: mediators.talkPointId,
      hasLegalAid: input.hasLegalAid,
      legalAidBy: input.hasLegalAid ? input.legalAidBy : null,
      status: 'registered',
      registeredAt,
      createdBy: accountIdOf(actor),
    });
    assertInsertedOnce(inserted);
    return {
      audit: {
        action: 'dispute.create',
        entityType: 'dispute',
        entityId: input.id,
        regionCode: region.code,
        countyId: region.countyId,
        outcome: 'success',
        details: { kind: input.kind, parties: parties.length },
      },
    };
  });
  return getDispute(db, actor, input.id);
}

function assertVersion(expected: number | undefined, actual: number) {
  if (expected !== undefined && expected !== actual) {
    throw new AppError('dispute_changed', {
      en: 'Someone changed this dispute meanwhile: look at it again.',
      zh: '此纠纷已被他人修改，请刷新后再操作。',
    });
  }
}

/** Changes what was registered (kind, summary, parties, mediators, legal aid) while the dispute is open. */
export async function updateDispute(
  db: Database,
  actor: Actor,
  id: string,
  changes: z.output<typeof updateDisputeBody>,
): Promise<DisputeDetail> {
  assertCan(actor, 'dispute.mediate');
  const { record } = await loadDispute(db, actor, id);
  if (!mayHoldSession(record.status, record.escalatedTo)) {
    throw new AppError('dispute_changed', {
      en: 'This dispute is concluded: it can no longer be changed.',
      zh: '此纠纷已办结，不能再修改。',
    });
  }
  assertVersion(changes.version, record.version);
  if (changes.kind !== undefined) await assertKind(db, actor, record.countyId, changes.kind);
  const parties = changes.parties ? await resolveParties(db, actor, record.countyId, changes.parties) : undefined;
  const mediators = changes.mediators ? await resolveMediators(db, actor, record, changes.mediators) : undefined;
  const hasLegalAid = changes.hasLegalAid ?? record.hasLegalAid;
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const isUpdated = await repository.updateDispute(transaction, record.countyId, id, record.version, {
      ...(changes.kind === undefined ? {} : { kind: changes.kind }),
      ...(changes.summary === undefined ? {} : { summary: changes.summary }),
      ...(parties === undefined ? {} : { parties, personIds: personIdsOf(parties) }),
      ...(mediators === undefined ? {} : { mediators: mediators.stored, talkPointId: mediators.talkPointId }),
      hasLegalAid,
      legalAidBy: hasLegalAid ? (changes.legalAidBy === undefined ? record.legalAidBy : changes.legalAidBy) : null,
    });
    if (!isUpdated) assertVersion(-1, record.version);
    return {
      audit: {
        action: 'dispute.update',
        entityType: 'dispute',
        entityId: id,
        regionCode: record.regionCode,
        countyId: record.countyId,
        outcome: 'success',
        details: { fields: Object.keys(changes).filter((key) => key !== 'version') },
      },
    };
  });
  return getDispute(db, actor, id);
}

/**
 * Records a mediation session; the first one moves a registered dispute to `mediating`. A session's client id sent
 * again adds nothing.
 */
export async function addSession(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof sessionBody>,
): Promise<DisputeDetail> {
  assertCan(actor, 'dispute.mediate');
  const { record } = await loadDispute(db, actor, id);
  const sessionId = input.id ?? uuidv7();
  const { result } = await recordOnce(actor, input.id, {
    findCreator: () => repository.findSessionOrigin(db, sessionId),
    // A session's id is answered for the dispute it was recorded on only.
    read: async () =>
      (await repository.findSessionOrigin(db, sessionId))?.disputeId === id ? getDispute(db, actor, id) : undefined,
    write: () => holdSession(db, actor, record, sessionId, input),
  });
  return result;
}

async function holdSession(
  db: Database,
  actor: Actor,
  record: repository.DisputeRow['record'],
  sessionId: string,
  input: z.output<typeof sessionBody>,
): Promise<DisputeDetail> {
  const { id } = record;
  if (!mayHoldSession(record.status, record.escalatedTo)) {
    throw new AppError('dispute_changed', {
      en: 'This dispute is concluded: no more sessions can be added.',
      zh: '此纠纷已办结，不能再添加调解记录。',
    });
  }
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const { record: locked } = await loadDispute(transaction, actor, id, { forUpdate: true });
    const inserted = await repository.insertSession(transaction, {
      countyId: locked.countyId,
      id: sessionId,
      disputeId: id,
      heldAt: new Date(input.heldAt),
      place: input.place,
      attendees: input.attendees,
      notes: input.notes,
      createdBy: accountIdOf(actor),
      createdByName: actor.displayName,
    });
    assertInsertedOnce(inserted);
    if (locked.status === 'registered') {
      await repository.updateDispute(transaction, locked.countyId, id, locked.version, { status: 'mediating' });
    }
    return {
      audit: {
        action: 'dispute.add_session',
        entityType: 'dispute',
        entityId: id,
        regionCode: locked.regionCode,
        countyId: locked.countyId,
        outcome: 'success',
        details: { sessionId },
      },
    };
  });
  return getDispute(db, actor, id);
}

const outcomeAction: Record<DisputeOutcome, 'dispute.settle' | 'dispute.escalate' | 'dispute.withdraw'> = {
  settled: 'dispute.settle',
  escalated: 'dispute.escalate',
  withdrawn: 'dispute.withdraw',
};

/**
 * Records how a dispute ended: settled at a level with the agreement's text, escalated (to the town's committee or
 * to court) with a note, or withdrawn. A dispute at the town's committee may still be settled there, at town level.
 */
export async function recordOutcome(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof outcomeBody>,
): Promise<DisputeDetail> {
  assertCan(actor, 'dispute.mediate');
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const { record } = await loadDispute(transaction, actor, id, { forUpdate: true });
    // The same outcome sent again (an answer lost on the way to the phone): it is recorded already.
    if (input.id !== undefined && input.id === record.outcomeId) return { audit: [] };
    assertVersion(input.version, record.version);
    if (!mayRecordOutcome(record.status, record.escalatedTo, input.outcome)) {
      throw new AppError('dispute_changed', {
        en: 'This dispute is concluded: its outcome cannot be recorded again.',
        zh: '此纠纷已办结，不能再次登记结果。',
      });
    }
    if (input.outcome === 'settled' && record.status === 'escalated' && input.level !== 'town') {
      throw new AppError(
        'validation_failed',
        {
          en: 'A dispute at the town’s committee is settled at town level.',
          zh: '已上交镇调委会的纠纷只能在镇级化解。',
        },
        [{ path: '/body/level', message: 'must be town' }],
      );
    }
    const now = await databaseNow(transaction);
    const outcomeId = input.id ?? null;
    const changes =
      input.outcome === 'settled'
        ? {
            status: 'settled' as const,
            agreement: input.agreement,
            settledLevel: input.level,
            outcomeNote: input.note ?? null,
            outcomeId,
            closedAt: now,
          }
        : input.outcome === 'escalated'
          ? {
              status: 'escalated' as const,
              escalatedTo: input.to,
              escalatedAt: now,
              outcomeNote: input.note,
              outcomeId,
              closedAt: input.to === 'court' ? now : null,
            }
          : { status: 'withdrawn' as const, outcomeNote: input.note, outcomeId, closedAt: now };
    await repository.updateDispute(transaction, record.countyId, id, record.version, changes);
    return {
      audit: {
        action: outcomeAction[input.outcome],
        entityType: 'dispute',
        entityId: id,
        regionCode: record.regionCode,
        countyId: record.countyId,
        outcome: 'success',
        details: {
          from: record.status,
          ...(input.outcome === 'settled' ? { level: input.level } : {}),
          ...(input.outcome === 'escalated' ? { to: input.to } : {}),
        },
      },
    };
  });
  return getDispute(db, actor, id);
}

/**
 * Keeps the photo of the signed agreement (one per dispute: a new one replaces the old). The bytes are stored
 * before the row names them and deleted again when the change fails, so no row names a missing file.
 */
export async function putAgreementPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  id: string,
  content: Buffer,
): Promise<DisputeDetail> {
  assertCan(actor, 'dispute.mediate');
  const { record } = await loadDispute(db, actor, id);
  const contentType = photoTypeOf(content);
  const key = `disputes/${record.countyId}/${uuidv7()}`;
  let previousKey: string | null = null;
  await storeThenRecord(files, { key, content, contentType }, () =>
    inTransactionWithAudit(db, actor, async (transaction) => {
      const { record: locked } = await loadDispute(transaction, actor, id, { forUpdate: true });
      previousKey = locked.agreementPhotoKey;
      await repository.updateDispute(transaction, locked.countyId, id, locked.version, {
        agreementPhotoKey: key,
        agreementPhotoType: contentType,
        agreementPhotoSize: content.length,
        agreementPhotoSha256: createHash('sha256').update(content).digest('hex'),
      });
      return {
        audit: {
          action: 'dispute.add_photo',
          entityType: 'dispute',
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
  return getDispute(db, actor, id);
}

export async function getAgreementPhoto(
  db: Database,
  files: FileStore,
  actor: Actor,
  id: string,
): Promise<{ contentType: string; size: number; content: Readable }> {
  assertCan(actor, 'dispute.read');
  const { record } = await loadDispute(db, actor, id);
  const content = record.agreementPhotoKey === null ? undefined : await files.get(record.agreementPhotoKey);
  if (!content || record.agreementPhotoType === null || record.agreementPhotoSize === null) {
    throw new AppError('not_found', {
      en: 'This dispute has no photo of its agreement.',
      zh: '此纠纷没有协议书照片。',
    });
  }
  return { contentType: record.agreementPhotoType, size: record.agreementPhotoSize, content };
}

/** Three years of a region: longer is a report, not a figure. */
const longestPeriodDays = 3 * 366;

/**
 * The dispute figures of a region (the caller's scope root when none is named) for a period of China dates,
 * inclusive; the last 90 days without one. Counted over the disputes registered in the period, by where each
 * stands now. For region pages, the coverage report and the console alike.
 */
export async function disputeFigures(db: Database, actor: Actor, query: DisputeFiguresQuery): Promise<DisputeFigures> {
  assertCan(actor, 'dispute.read');
  const regionId = query.regionId ?? actor.regionId;
  if (!regionId) {
    throw new AppError(
      'validation_failed',
      { en: 'Name the region (regionId): you work across counties.', zh: '您的账号跨多个县，请指定区域（regionId）。' },
      [{ path: '/querystring/regionId', message: 'required' }],
    );
  }
  const region = await loadRegion(db, actor, regionId);
  const to = query.to ?? chinaDate(await databaseNow(db));
  const from = query.from ?? addDays(to, -89);
  if (from > to || addDays(from, longestPeriodDays) < to) {
    throw new AppError(
      'validation_failed',
      { en: 'Give a period that ends after it starts, of at most three years.', zh: '统计区间须先始后终，最长三年。' },
      [{ path: '/querystring/to', message: 'bad period' }],
    );
  }
  const counts = await repository.countFigures(db, region.countyId, region.code, {
    from: chinaDayStart(from),
    to: chinaDayStart(addDays(to, 1)),
  });
  const settled = counts.settledInGrid + counts.settledInVillage + counts.settledInTown;
  const concluded = settled + counts.escalated;
  return {
    regionId: region.id,
    from,
    to,
    ...counts,
    settled,
    settledInVillageShare:
      concluded === 0 ? null : Number(((counts.settledInGrid + counts.settledInVillage) / concluded).toFixed(4)),
  };
}

/** Talk points (百姓说事点) of a region's subtree, or of the caller's scope. */
export async function listTalkPoints(db: Database, actor: Actor, regionId: string | undefined): Promise<TalkPoint[]> {
  assertCan(actor, 'dispute.read');
  const id = regionId ?? actor.regionId;
  if (!id) return [];
  const region = await loadRegion(db, actor, id);
  // A grid's workers use their village's talk points: a grid's list is its village's.
  const isInGrid = region.level === 'grid' || region.level === 'micro_grid';
  const rows = await repository.listTalkPoints(db, {
    countyId: region.countyId,
    code: isInGrid ? villageCodeOf(region.code) : region.code,
  });
  return rows.map(presentTalkPoint);
}

function presentTalkPoint(row: NonNullable<Awaited<ReturnType<typeof repository.findTalkPoint>>>): TalkPoint {
  return {
    id: row.point.id,
    regionId: row.point.regionId,
    regionName: row.regionName,
    name: row.point.name,
    address: row.point.address,
    host: row.point.host,
  };
}

/** Adds a talk point to a village (or community). A client's id sent again adds nothing. */
export async function createTalkPoint(
  db: Database,
  actor: Actor,
  input: z.output<typeof talkPointBody>,
): Promise<{ talkPoint: TalkPoint; isNew: boolean }> {
  assertCan(actor, 'dispute.mediate');
  const region = await loadRegion(db, actor, input.regionId);
  if (region.level !== 'village') {
    throw new AppError(
      'validation_failed',
      { en: 'A talk point belongs to a village or community.', zh: '百姓说事点应设在村（社区）。' },
      [{ path: '/body/regionId', message: 'not a village' }],
    );
  }
  const id = input.id ?? uuidv7();
  const read = async () => {
    const row = await repository.findTalkPoint(db, region.countyId, id);
    return row && presentTalkPoint(row);
  };
  const { result, isNew } = await recordOnce(actor, input.id, {
    findCreator: () => repository.findTalkPointCreator(db, id),
    read,
    write: async () => {
      await inTransactionWithAudit(db, actor, async (transaction) => {
        const inserted = await repository.insertTalkPoint(transaction, {
          countyId: region.countyId,
          id,
          regionId: region.id,
          regionCode: region.code,
          name: input.name,
          address: input.address,
          host: input.host,
          createdBy: accountIdOf(actor),
        });
        assertInsertedOnce(inserted);
        return {
          audit: {
            action: 'talk_point.create',
            entityType: 'talk_point',
            entityId: id,
            regionCode: region.code,
            countyId: region.countyId,
            outcome: 'success',
            details: { name: input.name },
          },
        };
      });
      return (await read())!;
    },
  });
  return { talkPoint: result, isNew };
}
