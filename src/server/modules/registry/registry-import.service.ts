import { createHash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { uuidv7 } from 'uuidv7';
import type { ImportRecord, LedgerProblem } from '../../../shared/api/registry-import.js';
import { accountIdOf, assertCan, type Actor } from '../../auth/actor.js';
import { isCodeInScope } from '../../auth/scope.js';
import type { Database, Executor } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { inTransactionWithAudit, loadVisible } from '../audit/audit.service.js';
import { loadRegion } from '../regions/regions.service.js';
import type { SheetRow } from './ledger/cells.js';
import { LedgerError } from './ledger/ledger-error.js';
import {
  applyColumnOverrides,
  detectColumns,
  headerSearchRowCount,
  type LedgerColumn,
  type LedgerField,
} from './ledger/map-columns.js';
import { readLedgerRows } from './ledger/read-ledger.js';
import { validateLedgerRow, type LedgerRecord } from './ledger/validate-row.js';
import * as repository from './registry-import.repository.js';
import { listTagDefinitions } from './tags.repository.js';

export type LedgerUpload = {
  regionId: string;
  fileName: string;
  content: Buffer;
  /** The user's corrections of the detected columns, by column index. */
  overrides?: Record<number, LedgerField | null> | undefined;
};

export type LedgerSummary = {
  headerRowNumber: number;
  columns: LedgerColumn[];
  totalRows: number;
  validRows: number;
  errorRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  problems: LedgerProblem[];
  sample: LedgerRecord[];
};

/** How many problems an answer lists; the downloadable report has them all. */
export const listedProblems = 200;

/** Rows written to the database at a time (one transaction holds them all). */
const batchSize = 5000;
const sampleSize = 10;

type Grid = Awaited<ReturnType<typeof repository.listGridsUnder>>[number];

/** Reads the header area, finds the columns, and hands back the data rows that follow. */
async function openLedger(upload: LedgerUpload) {
  const rows = readLedgerRows(upload.content, upload.fileName)[Symbol.asyncIterator]();
  const head: SheetRow[] = [];
  while (head.length < headerSearchRowCount) {
    const next = await rows.next();
    if (next.done) break;
    head.push(next.value);
  }
  const detected = detectColumns(head);
  const columns = upload.overrides ? applyColumnOverrides(detected.columns, upload.overrides) : detected.columns;
  async function* dataRows(): AsyncGenerator<SheetRow> {
    for (const row of head) if (row.rowNumber > detected.headerRowNumber) yield row;
    for (let next = await rows.next(); !next.done; next = await rows.next()) yield next.value;
  }
  return { headerRowNumber: detected.headerRowNumber, columns, dataRows: dataRows() };
}

function householdAddress(record: LedgerRecord): string | null {
  if (record.address) return record.address;
  const parts = [
    record.building && `${record.building}栋`,
    record.unit && `${record.unit}单元`,
    record.room && `${record.room}室`,
  ];
  if (parts.some(Boolean)) return parts.filter(Boolean).join('');
  return record.householdNumber ? `户号${record.householdNumber}` : null;
}

/** Identifies a person without an ID number across uploads of the same sheet. */
function importKeyOf(record: LedgerRecord, gridId: string): string {
  const identity = [gridId, record.name, record.birthDate, householdAddress(record), record.phone].join('|');
  return createHash('sha256').update(identity).digest('hex').slice(0, 32);
}

type Pending = { record: LedgerRecord; grid: Grid };

/**
 * One pass over a ledger, shared by the preview and the import so both report the same problems. With `write`,
 * valid rows are written in batches inside the caller's transaction.
 */
async function processLedger(
  db: Executor,
  actor: Actor,
  upload: LedgerUpload,
  options: { write: boolean; onProgress?: (processedRows: number) => void },
): Promise<LedgerSummary> {
  const root = await loadRegion(db, actor, upload.regionId);
  const grids = await repository.listGridsUnder(db, root.code);
  const gridByText = new Map<string, Grid>();
  for (const grid of grids) gridByText.set(grid.code, grid).set(grid.name, grid);
  const rootGrid = grids.find((grid) => grid.id === root.id);
  const tagDefinitions = await listTagDefinitions(db);
  const ledger = await openLedger(upload);
  const gridColumn = ledger.columns.find((column) => column.field === 'grid')?.header ?? '所属网格';
  const idColumn = ledger.columns.find((column) => column.field === 'idNumber')?.header ?? '身份证号码';

  const summary: LedgerSummary = {
    headerRowNumber: ledger.headerRowNumber,
    columns: ledger.columns,
    totalRows: 0,
    validRows: 0,
    errorRows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    problems: [],
    sample: [],
  };
  const rowOfIdNumber = new Map<string, number>();
  let batch: Pending[] = [];
  let batchesWritten = 0;

  const reject = (problems: LedgerProblem[]) => {
    summary.problems.push(...problems);
    summary.errorRows += 1;
  };

  const registeredElsewhere = (record: LedgerRecord): LedgerProblem => ({
    row: record.rowNumber,
    column: idColumn,
    code: 'registered_elsewhere',
    params: {},
  });
  /** Writes a batch (or, for a preview, checks it against the county's registrations). */
  const settle = async (pending: Pending[], prepared: PreparedBatch | undefined) => {
    const outside = prepared
      ? await writeBatch(db, actor, root.countyId, prepared, summary)
      : await findRegisteredElsewhere(db, actor, root.countyId, pending);
    const accepted = pending.filter(({ record }) => !outside.has(record));
    for (const record of outside) reject([registeredElsewhere(record)]);
    summary.validRows += accepted.length;
    for (const { record } of accepted) if (summary.sample.length < sampleSize) summary.sample.push(record);
    if (!prepared) return;
    batchesWritten += 1;
    // Once the table is no longer empty to the planner, it scales its estimates with the table's size itself; a
    // second look after 80,000 rows corrects what the first sample missed. Each ANALYZE costs more as rows grow.
    if (batchesWritten === 1 || batchesWritten === 16) await repository.refreshStatistics(db);
  };
  // One batch is in the database while the next is read, checked and prepared: the two share the time instead of
  // adding up.
  let settling: Promise<void> = Promise.resolve();
  const flush = async () => {
    const pending = batch;
    batch = [];
    const prepared = options.write ? prepareBatch(pending) : undefined;
    await settling;
    settling = settle(pending, prepared);
    settling.catch(() => undefined); // Awaited at the next flush or at the end; this only marks it handled.
  };

  for await (const row of ledger.dataRows) {
    // Reading never waits on I/O, so give the batch being written a turn every few rows: each of its statements
    // waits for one before the next is sent.
    if (row.rowNumber % 25 === 0) await setImmediate();
    const validation = validateLedgerRow(row.cells, ledger.columns, row.rowNumber, { tagDefinitions });
    if (!validation.record && validation.problems.length === 0) continue;
    summary.totalRows += 1;
    if (validation.problems.length > 0 || !validation.record) {
      reject(validation.problems);
      continue;
    }
    const record = validation.record;
    const grid = record.grid ? gridByText.get(record.grid) : rootGrid;
    if (!grid) {
      const params = { regionName: root.name, grid: record.grid };
      reject([{ row: record.rowNumber, column: gridColumn, code: 'grid_unknown', params }]);
      continue;
    }
    if (record.idNumber) {
      const firstRow = rowOfIdNumber.get(record.idNumber);
      if (firstRow !== undefined) {
        reject([
          {
            row: record.rowNumber,
            column: idColumn,
            code: 'id_number_repeated',
            params: { firstRow },
          },
        ]);
        continue;
      }
      rowOfIdNumber.set(record.idNumber, record.rowNumber);
    }
    batch.push({ record, grid });
    if (batch.length >= batchSize) {
      await flush();
      options.onProgress?.(summary.totalRows);
    }
  }
  await flush();
  await settling;
  options.onProgress?.(summary.totalRows);
  summary.unchanged = summary.validRows - summary.inserted - summary.updated;
  summary.problems.sort((first, second) => first.row - second.row);
  return summary;
}

/** The rows of a batch whose person is already registered in the county outside the actor's scope. */
async function findRegisteredElsewhere(db: Executor, actor: Actor, countyId: string, pending: Pending[]) {
  const registered = await repository.findRegisteredIdNumbers(
    db,
    countyId,
    pending.flatMap(({ record }) => (record.idNumber ? [record.idNumber] : [])),
  );
  const outside = new Set(registered.filter((row) => !isCodeInScope(actor, row.regionCode)).map((row) => row.idNumber));
  return new Set(
    pending.filter(({ record }) => record.idNumber && outside.has(record.idNumber)).map(({ record }) => record),
  );
}

/** A batch made ready without asking the database anything, so it is built while the previous batch is written. */
type PreparedBatch = {
  people: { record: LedgerRecord; person: repository.ImportedPerson }[];
  personBatches: repository.PersonBatch[];
  /** A household for each address of the batch, inserted only if none is registered there when the batch is written. */
  newHouseholds: Map<string, repository.ImportedHousehold>;
};

function prepareBatch(pending: Pending[]): PreparedBatch {
  const householdAt = new Map<string, repository.ImportedHousehold>();
  const people = pending.map(({ record, grid }) => {
    const address = householdAddress(record);
    let household = address ? householdAt.get(`${grid.id}|${address}`) : undefined;
    if (address && !household) {
      const { building, unit, room } = record;
      household = {
        id: uuidv7(),
        regionId: grid.id,
        regionCode: grid.code,
        address,
        building,
        unit,
        room,
        headPersonId: null,
      };
      householdAt.set(`${grid.id}|${address}`, household);
    }
    const person: repository.ImportedPerson = {
      id: uuidv7(),
      regionId: grid.id,
      regionCode: grid.code,
      address,
      householdId: household?.id ?? null,
      relationToHead: record.relationToHead,
      name: record.name,
      namePinyin: record.namePinyin,
      nameInitials: record.nameInitials,
      sex: record.sex,
      idNumber: record.idNumber,
      phone: record.phone,
      birthDate: record.birthDate,
      ethnicity: record.ethnicity,
      residenceType: record.residenceType,
      isPartyMember: record.isPartyMember,
      notes: record.notes,
      importKey: record.idNumber ? null : importKeyOf(record, grid.id),
    };
    return { record, person };
  });
  const withIdNumber = people.filter(({ person }) => person.idNumber !== null).map(({ person }) => person);
  const withoutIdNumber = people.filter(({ person }) => person.idNumber === null).map(({ person }) => person);
  return {
    people,
    personBatches: [
      repository.toPersonBatch('id_number', withIdNumber),
      repository.toPersonBatch('import_key', withoutIdNumber),
    ],
    newHouseholds: new Map([...householdAt.values()].map((household) => [household.id, household])),
  };
}

/**
 * Writes one prepared batch: people first, each pointing at the household registered at their address or at a new
 * one; then the new households actually used, with their heads already known; tags; and heads for households that
 * had none. Answers the rows left alone because the person is registered outside the actor's scope.
 */
async function writeBatch(
  db: Executor,
  actor: Actor,
  countyId: string,
  { people, personBatches, newHouseholds }: PreparedBatch,
  summary: LedgerSummary,
) {
  const stored = new Map<string, repository.StoredPerson>();
  for (const batch of personBatches) {
    const written = await repository.upsertPersons(db, countyId, batch, actor.regionCode);
    summary.inserted += written.inserted.length;
    summary.updated += written.updated;
    // New people come back from the insert; only those already registered need looking up.
    for (const row of written.inserted) stored.set(`${batch.matchBy}|${row.key}`, row);
    if (written.inserted.length < batch.count) {
      const keys = people.flatMap(({ person }) => {
        const key = batch.matchBy === 'id_number' ? person.idNumber : person.importKey;
        return key !== null && !stored.has(`${batch.matchBy}|${key}`) ? [key] : [];
      });
      for (const row of await repository.findPersons(db, countyId, batch.matchBy, keys)) {
        stored.set(`${batch.matchBy}|${row.key}`, row);
      }
    }
  }
  const storedOf = ({ person }: PreparedBatch['people'][number]) =>
    stored.get(person.idNumber === null ? `import_key|${person.importKey}` : `id_number|${person.idNumber}`)!;
  const outside = new Set<LedgerRecord>();
  const accepted: { record: LedgerRecord; stored: repository.StoredPerson }[] = [];
  for (const entry of people) {
    const row = storedOf(entry);
    if (isCodeInScope(actor, row.regionCode)) accepted.push({ record: entry.record, stored: row });
    else outside.add(entry.record);
  }

  const usedHouseholds = new Map<string, repository.ImportedHousehold>();
  for (const { record, stored: person } of accepted) {
    const household = person.householdId ? newHouseholds.get(person.householdId) : undefined;
    if (!household) continue;
    usedHouseholds.set(household.id, household);
    if (record.relationToHead === 'head' && household.headPersonId === null) household.headPersonId = person.id;
  }
  const toInsert = [...usedHouseholds.values()];
  const insertedHouseholds = await repository.insertHouseholds(db, countyId, toInsert);
  const lost = toInsert.filter((household) => !insertedHouseholds.has(household.id));
  if (lost.length > 0) {
    const winners = await repository.findHouseholdIds(db, countyId, lost);
    for (const household of lost) {
      const winner = winners.get(`${household.regionId}|${household.address}`)!;
      await repository.moveMembers(db, countyId, household.id, winner);
    }
  }

  await repository.addPersonTags(
    db,
    countyId,
    accepted.flatMap(({ record, stored: person }) => record.tags.map((tagCode) => ({ personId: person.id, tagCode }))),
  );
  await repository.setMissingHeads(
    db,
    countyId,
    accepted.flatMap(({ record, stored: person }) =>
      record.relationToHead === 'head' && person.householdId && !insertedHouseholds.has(person.householdId)
        ? [{ householdId: person.householdId, personId: person.id }]
        : [],
    ),
  );
  return outside;
}

function toAppError(error: unknown): never {
  if (error instanceof LedgerError) throw new AppError(error.code, error.text);
  throw error;
}

/** Reads and checks a ledger without writing: the columns found, the problems, a sample of what would be stored. */
export async function previewLedger(db: Database, actor: Actor, upload: LedgerUpload): Promise<LedgerSummary> {
  assertCan(actor, 'registry.import');
  return processLedger(db, actor, upload, { write: false }).catch(toAppError);
}

/**
 * Imports a ledger: every valid row in one transaction (all or nothing), idempotently (the same sheet twice changes
 * nothing the second time). Rows with problems are skipped and reported; the report is kept with the import.
 */
export async function importLedger(
  db: Database,
  actor: Actor,
  upload: LedgerUpload,
  options: { importId?: string; onProgress?: (processedRows: number) => void } = {},
): Promise<LedgerSummary & { importId: string }> {
  assertCan(actor, 'registry.import');
  const root = await loadRegion(db, actor, upload.regionId);
  const importId = options.importId ?? uuidv7();
  const { onProgress } = options;
  const summary = await inTransactionWithAudit(db, actor, async (transaction) => {
    const result = await processLedger(transaction, actor, upload, { write: true, onProgress });
    await repository.insertImportRecord(transaction, {
      id: importId,
      countyId: root.countyId,
      accountId: accountIdOf(actor),
      regionId: root.id,
      fileName: upload.fileName,
      fileHash: createHash('sha256').update(upload.content).digest('hex'),
      totalRows: result.totalRows,
      importedRows: result.inserted + result.updated,
      unchangedRows: result.unchanged,
      errorRows: result.errorRows,
      problems: result.problems,
    });
    return {
      result,
      audit: {
        action: 'registry.import',
        entityType: 'registry_import',
        entityId: importId,
        regionCode: root.code,
        countyId: root.countyId,
        outcome: 'success',
        details: {
          fileName: upload.fileName,
          totalRows: result.totalRows,
          inserted: result.inserted,
          updated: result.updated,
          errorRows: result.errorRows,
        },
      },
    };
  }).catch(toAppError);
  return { ...summary, importId };
}

/** A finished import of a grid in scope; one of another grid answers exactly like a missing one (audited). */
export async function getImportRecord(db: Database, actor: Actor, importId: string) {
  assertCan(actor, 'registry.import');
  return loadVisible(db, actor, {
    type: 'registry_import',
    id: importId,
    code: 'import_not_found',
    find: () => repository.findImportRecord(db, actor, importId),
    existsAnywhere: () => repository.importRecordExists(db, importId),
  });
}

/** A finished import as its page shows it: the figures and the first problems. */
export async function getImport(db: Database, actor: Actor, importId: string): Promise<ImportRecord> {
  const record = await getImportRecord(db, actor, importId);
  return {
    importId: record.id,
    status: 'done',
    fileName: record.fileName,
    processedRows: record.totalRows,
    totalRows: record.totalRows,
    importedRows: record.importedRows,
    unchanged: record.unchangedRows,
    errorRows: record.errorRows,
    problems: record.problems.slice(0, listedProblems),
    createdAt: record.createdAt.toISOString(),
  };
}
