import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type {
  CentreFigures,
  CentreFiguresQuery,
  Consultation,
  consultationBody,
  ConsultationKind,
  consultationKindBody,
  consultationQuery,
  createServiceCentreBody,
  ServiceCentre,
} from '../../../shared/api/service-centres.js';
import { addDays, chinaToday } from '../../../shared/clock.js';
import { consultationOutcomes, defaultConsultationKinds } from '../../../shared/service-centres.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { isCodeInScope } from '../../auth/scope.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible, recordAudit } from '../audit/audit.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { loadRegion } from '../regions/regions.service.js';
import { presentPartyPersons, visibleNotes } from '../registry/person-parties.service.js';
import { loadPerson } from '../registry/persons.service.js';
import { columnsOf, writeReportWorkbook } from '../registry/workbooks.service.js';
import { mergeCountyKinds } from '../../county-kinds.js';
import * as repository from './service-centres.repository.js';

// Kinds ----------------------------------------------------------------------------------------------------------

/** The consultation kinds a county uses: the defaults with its own names for them, then its own kinds. */
async function listKinds(db: Executor, countyId: string | undefined): Promise<ConsultationKind[]> {
  const own = countyId === undefined ? [] : await repository.listKinds(db, countyId);
  return mergeCountyKinds(defaultConsultationKinds, own);
}

/** The consultation kinds of the caller's county, or of the one an account that spans counties names. */
export async function listCountyKinds(db: Database, actor: Actor, countyId?: string): Promise<ConsultationKind[]> {
  assertCan(actor, 'service_centre.read');
  return listKinds(db, (await loadCounty(db, actor, countyId)).id);
}

/** Adds a consultation kind to the county's list, or renames or retires one. */
export async function saveKind(
  db: Database,
  actor: Actor,
  code: string,
  input: z.output<typeof consultationKindBody>,
  countyId?: string,
): Promise<ConsultationKind> {
  assertCan(actor, 'service_centre.configure');
  const county = await loadCounty(db, actor, countyId);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.upsertKind(transaction, { countyId: county.id, code, ...input });
    return {
      audit: {
        action: 'consultation_kind.update',
        entityType: 'consultation_kind',
        entityId: code,
        countyId: county.id,
        regionCode: county.code,
        outcome: 'success',
        details: { code, ...input },
      },
    };
  });
  return (await listKinds(db, county.id)).find((kind) => kind.code === code)!;
}

// Centres --------------------------------------------------------------------------------------------------------

function presentCentre(row: repository.CentreRow): ServiceCentre {
  const { centre } = row;
  return {
    id: centre.id,
    kind: centre.kind,
    name: centre.name,
    regionId: centre.regionId,
    regionName: row.regionName,
    address: centre.address,
    phone: centre.phone,
    consultationCount: Number(row.consultationCount),
  };
}

/** A centre the actor sees (those of their subtree and of the town and village above them), or 404. */
function loadCentre(db: Executor, actor: Actor, id: string) {
  return loadVisible(db, actor, {
    type: 'service_centre',
    id,
    code: 'service_centre_not_found',
    find: () => repository.findCentre(db, actor, id),
    existsAnywhere: () => repository.centreExists(db, id),
  });
}

/** The centres and talk points serving a region (the caller's scope by default): its subtree's and those above it. */
export async function listCentres(
  db: Database,
  actor: Actor,
  query: { regionId?: string | undefined },
): Promise<ServiceCentre[]> {
  assertCan(actor, 'service_centre.read');
  const root = query.regionId ? await loadRegion(db, actor, query.regionId) : undefined;
  const rows = await repository.listCentres(db, actor, {
    countyId: root?.countyId ?? root?.id ?? actor.countyId,
    rootCode: root?.code ?? actor.regionCode ?? '',
  });
  return rows.map(presentCentre);
}

export async function getCentre(db: Database, actor: Actor, id: string): Promise<ServiceCentre> {
  assertCan(actor, 'service_centre.read');
  return presentCentre(await loadCentre(db, actor, id));
}

/** Towns and villages (communities) have a centre; a village keeps talk points too. */
const centreLevels = { centre: ['town', 'village'], talk_point: ['village'] } as const;

/** Adds a centre to a town or village, or a talk point to a village (the village and up, in their subtree). */
export async function createCentre(
  db: Database,
  actor: Actor,
  input: z.output<typeof createServiceCentreBody>,
): Promise<ServiceCentre> {
  assertCan(actor, 'service_centre.manage');
  const region = await loadRegion(db, actor, input.regionId);
  if (!(centreLevels[input.kind] as readonly string[]).includes(region.level)) {
    throw new AppError(
      'validation_failed',
      input.kind === 'centre'
        ? {
            en: `${region.name} is not a town or village: a service centre serves one.`,
            zh: `${region.name} 不是乡镇（街道）或村（社区），党群服务中心应设在乡镇或村。`,
          }
        : {
            en: `${region.name} is not a village: a talk point serves one.`,
            zh: `${region.name} 不是村（社区），说事点应设在村。`,
          },
      [{ path: '/body/regionId', message: 'wrong level' }],
    );
  }
  const id = uuidv7();
  const countyId = region.countyId ?? region.id;
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertCentre(transaction, {
      countyId,
      id,
      regionId: region.id,
      regionCode: region.code,
      kind: input.kind,
      name: input.name,
      address: input.address,
      phone: input.phone,
      createdBy: accountIdOf(actor),
    });
    return {
      result: presentCentre((await repository.findCentre(transaction, actor, id))!),
      audit: {
        action: 'service_centre.create',
        entityType: 'service_centre',
        entityId: id,
        countyId,
        regionCode: region.code,
        outcome: 'success',
        details: { kind: input.kind, name: input.name },
      },
    };
  });
}

// Consultations --------------------------------------------------------------------------------------------------

type ConsultationRow = Awaited<ReturnType<typeof repository.listConsultations>>[number];

/** Presents consultations: kinds by the county's names, residents as the registry presents them to the caller. */
async function presentConsultations(
  db: Executor,
  actor: Actor,
  countyId: string,
  rows: ConsultationRow[],
): Promise<Consultation[]> {
  const personIds = rows.flatMap((row) => (row.consultation.personId ? [row.consultation.personId] : []));
  const [kinds, persons] = await Promise.all([
    listKinds(db, countyId),
    presentPartyPersons(db, actor, countyId, personIds, false),
  ]);
  return rows.map(({ consultation, recordedBy }) => {
    const kind = kinds.find((item) => item.code === consultation.kind);
    const person = consultation.personId ? persons.get(consultation.personId) : undefined;
    return {
      id: consultation.id,
      kind: consultation.kind,
      kindName: kind ? { zh: kind.nameZh, en: kind.nameEn } : null,
      outcome: consultation.outcome,
      happenedAt: consultation.happenedAt.toISOString(),
      subject: consultation.subject,
      person: person ? { id: person.id, name: person.name } : null,
      note: visibleNotes(actor, consultation.note),
      recordedBy,
    };
  });
}

/**
 * A centre's consultations, the latest first. At the desk of a town or village above the caller's own region (a
 * grid worker taking a turn at the village centre) the caller sees only what they logged: the residents of other
 * grids are not theirs to read.
 */
export async function listConsultations(
  db: Database,
  actor: Actor,
  centreId: string,
  query: z.output<typeof consultationQuery>,
): Promise<Page<Consultation>> {
  assertCan(actor, 'service_centre.read');
  const { centre } = await loadCentre(db, actor, centreId);
  const rows = await repository.listConsultations(
    db,
    centre.countyId,
    centre.id,
    {
      kind: query.kind,
      outcome: query.outcome,
      recordedBy: isCodeInScope(actor, centre.regionCode) ? undefined : actor.id,
      after: query.cursor ? { happenedAt: query.cursor.key, id: query.cursor.id } : undefined,
    },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) =>
    cursorOf(row.consultation.happenedAt.toISOString(), row.consultation.id),
  );
  return { items: await presentConsultations(db, actor, centre.countyId, page.items), nextCursor: page.nextCursor };
}

/**
 * Logs a consultation or a matter handled at a centre: one of the county's active kinds, at a time not to come, and
 * optionally the registry's resident who came (one of the centre's region the caller may read).
 */
export async function recordConsultation(
  db: Database,
  actor: Actor,
  centreId: string,
  input: z.output<typeof consultationBody>,
): Promise<Consultation> {
  assertCan(actor, 'service_centre.record');
  const { centre } = await loadCentre(db, actor, centreId);
  const kinds = await listKinds(db, centre.countyId);
  if (!kinds.some((kind) => kind.code === input.kind && kind.isActive)) {
    throw new AppError(
      'validation_failed',
      { en: `No consultation kind “${input.kind}” in this county.`, zh: `本县没有服务事项类型“${input.kind}”。` },
      [{ path: '/body/kind', message: 'unknown kind' }],
    );
  }
  const happenedAt = input.happenedAt ? new Date(input.happenedAt) : new Date();
  if (happenedAt.getTime() > Date.now()) {
    throw new AppError(
      'validation_failed',
      { en: 'It cannot have happened in the future.', zh: '办理时间不能晚于现在。' },
      [{ path: '/body/happenedAt', message: 'in the future' }],
    );
  }
  if (input.personId !== null) {
    const { person } = await loadPerson(db, actor, input.personId);
    if (person.countyId !== centre.countyId || !person.regionCode.startsWith(centre.regionCode)) {
      throw new AppError(
        'validation_failed',
        { en: 'This resident does not live where the centre serves.', zh: '该居民不在此服务中心的服务范围内。' },
        [{ path: '/body/personId', message: 'outside the centre’s region' }],
      );
    }
  }
  const id = uuidv7();
  return inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertConsultation(transaction, {
      countyId: centre.countyId,
      id,
      centreId: centre.id,
      kind: input.kind,
      outcome: input.outcome,
      happenedAt,
      subject: input.subject,
      personId: input.personId,
      note: input.note,
      recordedBy: accountIdOf(actor),
    });
    const rows = await repository.listConsultations(transaction, centre.countyId, centre.id, { id }, 1);
    const [consultation] = await presentConsultations(transaction, actor, centre.countyId, rows);
    return {
      result: consultation!,
      audit: {
        action: 'service_centre.record_consultation',
        entityType: 'service_centre',
        entityId: centre.id,
        countyId: centre.countyId,
        regionCode: centre.regionCode,
        outcome: 'success',
        details: { consultationId: id, kind: input.kind, outcome: input.outcome, hasPerson: input.personId !== null },
      },
    };
  });
}

// Figures --------------------------------------------------------------------------------------------------------

/** Three years of a centre: longer is a report, not a figure. */
const longestPeriodDays = 3 * 366;

type OutcomeCounts = Record<(typeof consultationOutcomes)[number], number>;

function countOutcomes(rows: repository.FigureRow[]): OutcomeCounts & { total: number } {
  const counts = Object.fromEntries(
    consultationOutcomes.map((outcome) => [
      outcome,
      rows.filter((row) => row.outcome === outcome).reduce((total, row) => total + row.count, 0),
    ]),
  ) as OutcomeCounts;
  return { total: rows.reduce((total, row) => total + row.count, 0), ...counts };
}

/**
 * A centre's consultations in a period of China dates, inclusive (the last twelve months without one), by kind and
 * outcome and by month. Counts only: no resident is named, so a grid worker sees them for the village's centre too.
 */
export async function centreFigures(
  db: Database,
  actor: Actor,
  centreId: string,
  query: CentreFiguresQuery,
): Promise<CentreFigures> {
  assertCan(actor, 'service_centre.read');
  return figuresOf(db, (await loadCentre(db, actor, centreId)).centre, query);
}

async function figuresOf(
  db: Executor,
  centre: repository.CentreRow['centre'],
  query: CentreFiguresQuery,
): Promise<CentreFigures> {
  const to = query.to ?? chinaToday();
  const from = query.from ?? addDays(to, -364);
  if (from > to || addDays(from, longestPeriodDays) < to) {
    throw new AppError(
      'validation_failed',
      { en: 'Give a period that ends after it starts, of at most three years.', zh: '统计区间须先始后终，最长三年。' },
      [{ path: '/querystring/to', message: 'bad period' }],
    );
  }
  const rows = await repository.countFigures(db, centre.countyId, centre.id, { from, to });
  const kinds = await listKinds(db, centre.countyId);
  const activeCodes = kinds.filter((kind) => kind.isActive).map((kind) => kind.code);
  const kindCodes = [...new Set([...activeCodes, ...rows.map((row) => row.kind)])];
  const months = [...new Set(rows.map((row) => row.month))];
  return {
    centre: { id: centre.id, name: centre.name },
    from,
    to,
    total: rows.reduce((total, row) => total + row.count, 0),
    kinds: kindCodes.map((code) => {
      const kind = kinds.find((item) => item.code === code);
      return {
        kind: code,
        kindName: kind ? { zh: kind.nameZh, en: kind.nameEn } : null,
        ...countOutcomes(rows.filter((row) => row.kind === code)),
      };
    }),
    months: months.map((month) => ({ month, ...countOutcomes(rows.filter((row) => row.month === month)) })),
  };
}

const outcomeHeaders = ['解答', '办结', '转办', '待办'];

/** The figures as an .xlsx workbook (Chinese headers, names not codes); the download is audited. */
export async function writeFiguresWorkbook(db: Database, actor: Actor, centreId: string, query: CentreFiguresQuery) {
  assertCan(actor, 'service_centre.read');
  const { centre } = await loadCentre(db, actor, centreId);
  const figures = await figuresOf(db, centre, query);
  const title = `${figures.centre.name}服务事项统计（${figures.from} 至 ${figures.to}）`;
  const outcomesOf = (row: OutcomeCounts) => consultationOutcomes.map((outcome) => row[outcome]);
  const content = await writeReportWorkbook([
    {
      name: '按类型',
      title,
      columns: columnsOf('事项类型', '合计', ...outcomeHeaders),
      rows: figures.kinds.map((row) => [row.kindName?.zh ?? row.kind, row.total, ...outcomesOf(row)]),
    },
    {
      name: '按月份',
      title,
      columns: columnsOf('月份', '合计', ...outcomeHeaders),
      rows: figures.months.map((row) => [row.month, row.total, ...outcomesOf(row)]),
    },
  ]);
  await recordAudit(db, actor, {
    action: 'service_centre.export',
    entityType: 'service_centre',
    entityId: centre.id,
    countyId: centre.countyId,
    regionCode: centre.regionCode,
    outcome: 'success',
    details: { from: figures.from, to: figures.to },
  });
  return { content, fileName: `${figures.centre.name}服务事项统计-${figures.from}至${figures.to}.xlsx` };
}
