import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import { cursorOf, type Page } from '../../../shared/api/common.js';
import type {
  Cadre,
  cadreActionBody,
  CadreKind,
  cadreQuery,
  CadreSpotCheckList,
  createCadreBody,
  importCadresQuery,
  ImportCommunity,
  ImportResult,
} from '../../../shared/api/cadres.js';
import { chinaToday } from '../../../shared/clock.js';
import { maskPhone } from '../../../shared/phone.js';
import { can } from '../../../shared/policy.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { isUniqueViolation, type Database, type Executor } from '../../db/client.js';
import { AppError, invalidField } from '../../errors.js';
import { toPage } from '../../http.js';
import { inTransactionWithAudit, loadVisible, type Recorded } from '../audit/audit.service.js';
import { listChildRegions, loadRegion } from '../regions/regions.service.js';
import { columnsOf, readUploadedRows, writeReportWorkbook } from '../registry/workbooks.service.js';
import { loadCounty } from '../cases/catalogue.service.js';
import { loadActiveUnit } from '../units/units.service.js';
import * as repository from './cadres.repository.js';
import { listCommunities } from './registrations.repository.js';

export type CadreRow = repository.CadreRow;

export function presentCadre(actor: Actor, row: CadreRow): Cadre {
  const { record } = row;
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    phone: record.phone === '' || can(actor.role, 'sensitive.read') ? record.phone : maskPhone(record.phone),
    unit: { id: record.unitId, name: row.unitName },
    serviceRegion: { id: record.serviceRegionId, name: row.serviceRegionName },
    homeRegion: record.homeRegionId === null ? null : { id: record.homeRegionId, name: row.homeRegionName ?? '—' },
    grid: record.gridId === null ? null : { id: record.gridId, name: row.gridName ?? '—' },
    duties: record.duties,
    accountId: record.accountId,
    status: record.status,
    startsOn: record.startsOn,
    endedOn: record.endedOn,
    endReason: record.endReason,
    version: record.version,
  };
}

/** A cadre the actor may see, or 404 (a look outside the scope is audited). */
export function loadCadre(db: Executor, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  return loadVisible(db, actor, {
    type: 'cadre',
    id,
    code: 'cadre_not_found',
    find: () => repository.findCadre(db, actor, id, options),
    existsAnywhere: () => repository.cadreExists(db, id),
  });
}

/** The active registration of the signed-in account: 409 not_a_cadre when it has none. */
export async function loadOwnCadre(db: Executor, actor: Actor): Promise<CadreRow> {
  const accountId = accountIdOf(actor);
  const row = accountId === null ? undefined : await repository.findActiveCadreOfAccount(db, accountId);
  if (!row) {
    throw new AppError('not_a_cadre', {
      en: 'Your account is not registered as a cadre serving in a community.',
      zh: '您的账号未登记为下沉干部，无法签到。',
    });
  }
  return row;
}

/**
 * Whether the signed-in account's service as a cadre is over (registered, and every registration ended): a cadre's
 * writes to the registry end with it. An account not (yet) registered keeps what its role and grid give it.
 */
export async function isServiceEnded(db: Executor, actor: Actor): Promise<boolean> {
  const accountId = accountIdOf(actor);
  return accountId !== null && (await repository.hasOnlyEndedService(db, accountId));
}

/** The subtree a list reads: the region named (in scope), or the caller's scope. */
export async function resolveRoot(db: Database, actor: Actor, regionId: string | undefined) {
  const root = regionId ? await loadRegion(db, actor, regionId) : undefined;
  return { countyId: root?.countyId ?? actor.countyId, rootCode: root?.code ?? actor.regionCode ?? '' };
}

export async function listCadres(db: Database, actor: Actor, query: z.output<typeof cadreQuery>): Promise<Page<Cadre>> {
  assertCan(actor, 'cadre.read');
  const root = await resolveRoot(db, actor, query.regionId);
  const rows = await repository.listCadres(
    db,
    actor,
    { ...root, unitId: query.unitId, status: query.status, name: query.q, afterId: query.cursor?.id },
    query.limit + 1,
  );
  const page = toPage(rows, query.limit, (row) => cursorOf(row.record.id, row.record.id));
  return { items: page.items.map((row) => presentCadre(actor, row)), nextCursor: page.nextCursor };
}

/**
 * Every cadre of a subtree who served in a period (China dates), ended since or not: attendance, evaluation, the
 * reports and the samples of a period count who served then, not only who serves today.
 */
export async function listServingCadres(
  db: Database,
  actor: Actor,
  filter: { regionId?: string | undefined; unitId?: string | undefined; from: string; to: string },
): Promise<CadreRow[]> {
  assertCan(actor, 'cadre.read');
  const root = await resolveRoot(db, actor, filter.regionId);
  const servingBetween = { from: filter.from, to: filter.to };
  return repository.listCadres(db, actor, { ...root, unitId: filter.unitId, servingBetween }, 10_000);
}

export async function getCadre(db: Database, actor: Actor, id: string): Promise<Cadre> {
  assertCan(actor, 'cadre.read');
  return presentCadre(actor, await loadCadre(db, actor, id));
}

/**
 * What the spot checks found of a cadre the actor may see (where they were, doing what): what a dispatching unit
 * reads of the checks, which are otherwise the territory's. Records are written on the check's day, so nothing here
 * announces a check to come.
 */
export async function listSpotChecksOfCadre(db: Database, actor: Actor, id: string): Promise<CadreSpotCheckList> {
  assertCan(actor, 'cadre.read');
  const { record } = await loadCadre(db, actor, id);
  const rows = await repository.listSpotCheckRecordsOf(db, record.countyId, record.id);
  return { items: rows.map((row) => ({ ...row, recordedAt: row.recordedAt.toISOString() })) };
}

// Registering ----------------------------------------------------------------------------------------------------

/** A village or community in scope: where a cadre serves. */
export async function loadServiceCommunity(db: Executor, actor: Actor, id: string, path: string) {
  const region = await loadRegion(db, actor, id);
  if (region.level !== 'village') {
    throw invalidField(path, `${region.name} is not a community or village.`, `${region.name} 不是社区（村）。`);
  }
  return region;
}

/** A grid of the service community, in scope. */
async function loadGridOf(db: Executor, actor: Actor, community: { code: string; name: string }, gridId: string) {
  const grid = await loadRegion(db, actor, gridId);
  if (grid.level !== 'grid' || !grid.code.startsWith(community.code)) {
    throw invalidField(
      '/body/gridId',
      `${grid.name} is not a grid of ${community.name}.`,
      `${grid.name} 不是${community.name}的网格。`,
    );
  }
  return grid;
}

function accountTaken(): AppError {
  return new AppError('account_already_linked', {
    en: 'This account is already registered to another serving cadre.',
    zh: '该账号已登记给另一名在岗下沉干部。',
  });
}

/**
 * Registers a cadre or in-service party member where they serve (and where they live, when in the county).
 * `alongside` runs in the same transaction with the new cadre's id (an approved registration marks itself decided):
 * its audit entry is written with the cadre's, and its failure registers nobody.
 */
export async function createCadre(
  db: Database,
  actor: Actor,
  input: z.output<typeof createCadreBody>,
  alongside?: (transaction: Executor, cadreId: string) => Promise<Recorded>,
): Promise<Cadre> {
  assertCan(actor, 'cadre.manage');
  const community = await loadServiceCommunity(db, actor, input.serviceRegionId, '/body/serviceRegionId');
  const unit = await loadActiveUnit(db, actor, input.unitId);
  if (input.homeRegionId !== undefined) {
    const home = await repository.findRegionAnywhere(db, input.homeRegionId);
    if (!home || home.countyId !== community.countyId || home.level !== 'village') {
      throw invalidField(
        '/body/homeRegionId',
        'The home community is not a community of this county.',
        '居住地社区不是本县的社区（村）。',
      );
    }
  }
  const grid = input.gridId === undefined ? undefined : await loadGridOf(db, actor, community, input.gridId);
  if (input.accountId !== undefined && !(await repository.findCadreAccount(db, actor, input.accountId))) {
    throw invalidField(
      '/body/accountId',
      'No cadre account with this id in your area.',
      '您的辖区内没有这个下沉干部账号。',
    );
  }
  const id = uuidv7();
  try {
    await inTransactionWithAudit(db, actor, async (transaction) => {
      await repository.insertCadre(transaction, {
        countyId: community.countyId,
        id,
        kind: input.kind,
        name: input.name,
        phone: input.phone ?? '',
        unitId: unit.id,
        serviceRegionId: community.id,
        homeRegionId: input.homeRegionId ?? null,
        gridId: grid?.id ?? null,
        regionCode: grid?.code ?? community.code,
        duties: input.duties,
        accountId: input.accountId ?? null,
        startsOn: input.startsOn ?? chinaToday(),
        createdBy: accountIdOf(actor),
      });
      const created: Recorded = {
        action: 'cadre.create',
        entityType: 'cadre',
        entityId: id,
        countyId: community.countyId,
        regionCode: grid?.code ?? community.code,
        outcome: 'success',
        details: { kind: input.kind, unitId: unit.id, serviceRegionId: community.id, gridId: grid?.id ?? null },
      };
      return { audit: alongside ? [created, await alongside(transaction, id)] : created };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw accountTaken();
    throw error;
  }
  return getCadre(db, actor, id);
}

/** Assigns to a grid with duties, transfers to another community, or ends the service. */
export async function takeAction(
  db: Database,
  actor: Actor,
  id: string,
  input: z.output<typeof cadreActionBody>,
): Promise<Cadre> {
  assertCan(actor, 'cadre.manage');
  // Looked up outside the transaction first: a denied look must stay in the audit log, not roll back with the 404.
  await loadCadre(db, actor, id);
  await inTransactionWithAudit(db, actor, async (transaction) => {
    const row = await loadCadre(transaction, actor, id, { forUpdate: true });
    const { record } = row;
    if (record.status === 'ended') {
      throw new AppError('cadre_changed', {
        en: `${record.name}'s service has ended: nothing more changes.`,
        zh: `${record.name} 已结束下沉服务，不能再修改。`,
      });
    }
    let changes: Partial<typeof record>;
    if (input.action === 'assign') {
      const grid = await loadGridOf(
        transaction,
        actor,
        { code: row.serviceRegionCode, name: row.serviceRegionName },
        input.gridId,
      );
      changes = { gridId: grid.id, regionCode: grid.code, duties: input.duties };
    } else if (input.action === 'transfer') {
      const community = await loadServiceCommunity(transaction, actor, input.serviceRegionId, '/body/serviceRegionId');
      const grid =
        input.gridId === undefined ? undefined : await loadGridOf(transaction, actor, community, input.gridId);
      changes = {
        serviceRegionId: community.id,
        gridId: grid?.id ?? null,
        regionCode: grid?.code ?? community.code,
        duties: input.duties,
      };
    } else {
      changes = { status: 'ended', endedOn: chinaToday(), endReason: input.reason };
    }
    if (!(await repository.updateCadre(transaction, record.countyId, id, input.version, changes))) {
      throw new AppError('cadre_changed', {
        en: 'Someone changed this cadre meanwhile: reload and try again.',
        zh: '该干部信息已被他人修改，请刷新后重试。',
      });
    }
    return {
      audit: {
        action: `cadre.${input.action}`,
        entityType: 'cadre',
        entityId: id,
        countyId: record.countyId,
        regionCode: changes.regionCode ?? record.regionCode,
        outcome: 'success',
        details: { ...input, from: record.regionCode },
      },
    };
  });
  return getCadre(db, actor, id);
}

// Importing a unit's list --------------------------------------------------------------------------------------------

/** The county's communities by name, which a list may name as where its cadres serve. */
export async function listImportCommunities(
  db: Database,
  actor: Actor,
  countyId?: string,
): Promise<{ items: ImportCommunity[] }> {
  assertCan(actor, 'cadre.import');
  const county = await loadCounty(db, actor, countyId);
  return { items: await listCommunities(db, county.id) };
}

/** The columns of a unit's list, by their Chinese headers; only the name is required. */
const importColumns = { name: '姓名', kind: '类别', phone: '手机号', grid: '网格', duties: '职责' } as const;
const kindsByWord: Record<string, CadreKind> = {
  下沉干部: 'cadre',
  干部: 'cadre',
  在职党员: 'party_member',
  党员: 'party_member',
};
const importRowLimit = 2_000;

/** The list's template: the header row the import reads, for a unit to fill in. */
export async function writeImportTemplate(actor: Actor): Promise<Buffer> {
  assertCan(actor, 'cadre.import');
  return writeReportWorkbook([{ name: '干部名单', columns: columnsOf(...Object.values(importColumns)), rows: [] }]);
}

/**
 * Registers a unit's list (.xlsx or .csv) of cadres serving one community: all rows or none. Each row with a
 * problem is reported with its number, so the unit fixes the list and sends it again whole (no half-imported list
 * to tidy up, no cadre registered twice).
 */
export async function importCadres(
  db: Database,
  actor: Actor,
  upload: z.output<typeof importCadresQuery> & { content: Buffer },
): Promise<ImportResult> {
  assertCan(actor, 'cadre.import');
  // A unit's own account names its own unit only: another unit reads like a missing one (404, audited).
  const community = await loadServiceCommunity(db, actor, upload.serviceRegionId, '/querystring/serviceRegionId');
  const unit = await loadActiveUnit(db, actor, upload.unitId);
  const rows = await readUploadedRows(upload.content, upload.fileName);
  const headerIndex = rows.findIndex((row) => row.cells.includes(importColumns.name));
  if (headerIndex < 0) {
    throw new AppError('no_header_row', {
      en: 'No header row with 姓名 (name) was found.',
      zh: '未找到含“姓名”的表头行。',
    });
  }
  const header = rows[headerIndex]!.cells;
  const column = (name: keyof typeof importColumns) => header.indexOf(importColumns[name]);
  const grids = await listChildRegions(db, actor, community.id);
  const problems: ImportResult['problems'] = [];
  const cadres: repository.CadreInsert[] = [];
  const dataRows = rows.slice(headerIndex + 1).filter((row) => row.cells.some((cell) => cell !== ''));
  if (dataRows.length > importRowLimit) {
    throw invalidField('/body', `At most ${importRowLimit} rows at once.`, `一次最多导入 ${importRowLimit} 行。`);
  }
  for (const row of dataRows) {
    const cell = (name: keyof typeof importColumns) => (column(name) < 0 ? '' : (row.cells[column(name)] ?? ''));
    const problem = (name: keyof typeof importColumns, en: string, zh: string) =>
      problems.push({ rowNumber: row.rowNumber, column: importColumns[name], message: { en, zh } });
    const name = cell('name');
    const kind = cell('kind') === '' ? 'cadre' : kindsByWord[cell('kind')];
    const phone = cell('phone');
    const grid = cell('grid') === '' ? undefined : grids.find((item) => item.name === cell('grid'));
    if (name === '' || name.length > 40)
      problem('name', 'A name of 1 to 40 characters is needed.', '姓名须为1至40个字。');
    if (kind === undefined)
      problem('kind', `Unknown kind “${cell('kind')}”.`, `类别“${cell('kind')}”应为下沉干部或在职党员。`);
    if (phone !== '' && !/^1\d{10}$/.test(phone))
      problem('phone', `“${phone}” is not a mobile number.`, `“${phone}”不是手机号。`);
    if (cell('grid') !== '' && grid === undefined) {
      problem(
        'grid',
        `No grid “${cell('grid')}” in ${community.name}.`,
        `${community.name}没有网格“${cell('grid')}”。`,
      );
    }
    if (kind === undefined || name === '' || name.length > 40) continue;
    cadres.push({
      countyId: community.countyId,
      id: uuidv7(),
      kind,
      name,
      phone,
      unitId: unit.id,
      serviceRegionId: community.id,
      gridId: grid?.id ?? null,
      regionCode: grid?.code ?? community.code,
      duties: cell('duties').slice(0, 200),
      startsOn: chinaToday(),
      createdBy: accountIdOf(actor),
    });
  }
  if (problems.length > 0 || cadres.length === 0) return { imported: 0, problems };
  await inTransactionWithAudit(db, actor, async (transaction) => {
    await repository.insertCadres(transaction, cadres);
    return {
      audit: cadres.map((cadre) => ({
        action: 'cadre.create' as const,
        entityType: 'cadre' as const,
        entityId: cadre.id,
        countyId: cadre.countyId,
        regionCode: cadre.regionCode,
        outcome: 'success' as const,
        details: { kind: cadre.kind, unitId: unit.id, serviceRegionId: community.id, fileName: upload.fileName },
      })),
    };
  });
  return { imported: cadres.length, problems: [] };
}
