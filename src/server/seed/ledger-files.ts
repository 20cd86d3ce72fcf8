import fs from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import ExcelJS from '../modules/registry/ledger/exceljs.js';
import { persons } from '../db/schema/index.js';
import { relationWord, residenceWords, seededTagDefinitions, sexWords } from '../modules/registry/ledger/vocabulary.js';
import type { RegionRow } from './demo-county.js';
import type { HouseholdRow, HouseholdTagRow, PersonRow, PersonTagRow } from './population.js';

/**
 * The generated population written the way a clerk keeps it: one row a person, Chinese headers and words, for
 * tests and benchmarks of the ledger import. Rows are produced one at a time and streamed, so the 438,800 persons
 * of the county scale never sit in memory as a second copy.
 */

export const ledgerHeaders = [
  '姓名',
  '性别',
  '身份证号码',
  '联系电话',
  '出生日期',
  '民族',
  '人员类型',
  '政治面貌',
  '与户主关系',
  '户号',
  '住址',
  '楼栋',
  '单元',
  '房号',
  '所属网格',
  '特殊人群',
  '备注',
] as const;

export type LedgerTags = { personTags?: readonly PersonTagRow[]; householdTags?: readonly HouseholdTagRow[] };

type LedgerRow = (string | null)[];

/**
 * The ledger's rows in the order of `persons`. 户号 is the grid's code and the household's place in its grid. A
 * ledger has no household column for tags, so a household's tags (低保) are listed on its head's row, as clerks do.
 */
function* ledgerRows(
  persons: readonly PersonRow[],
  households: readonly HouseholdRow[],
  regions: readonly RegionRow[],
  tags: LedgerTags,
): Generator<LedgerRow> {
  const tagNames = new Map(seededTagDefinitions.map((definition) => [definition.code, definition.nameZh]));
  const regionCodes = new Map(regions.map((region) => [region.id, region.code]));
  const householdsById = new Map(households.map((household) => [household.id, household]));
  const householdNumbers = numberHouseholds(households);
  const tagsOf = new Map<string, string[]>();
  const addTag = (key: string, code: string) => {
    const names = tagsOf.get(key) ?? [];
    names.push(tagNames.get(code) ?? code);
    tagsOf.set(key, names);
  };
  for (const row of tags.personTags ?? []) addTag(row.personId, row.tagCode);
  for (const row of tags.householdTags ?? []) {
    const headPersonId = householdsById.get(row.householdId)?.headPersonId;
    if (headPersonId) addTag(headPersonId, row.tagCode);
  }

  for (const person of persons) {
    const household = person.householdId ? householdsById.get(person.householdId) : undefined;
    yield [
      person.name,
      person.sex ? sexWords[person.sex] : null,
      person.idNumber ?? null,
      person.phone ?? null,
      person.birthDate ?? null,
      person.ethnicity ?? null,
      person.residenceType ? residenceWords[person.residenceType] : null,
      person.isPartyMember ? '中共党员' : '群众',
      person.relationToHead ? relationWord(person.relationToHead, person.sex) : null,
      household ? (householdNumbers.get(household.id!) ?? null) : null,
      household?.address ?? null,
      household?.building ?? null,
      household?.unit ?? null,
      household?.room ?? null,
      regionCodes.get(person.regionId) ?? person.regionCode,
      tagsOf.get(person.id!)?.join('、') ?? null,
      person.notes || null,
    ];
  }
}

/** Grid code and a four-digit sequence within the grid: 3399010010010010037. */
function numberHouseholds(households: readonly HouseholdRow[]): Map<string, string> {
  const countByGrid = new Map<string, number>();
  const numbers = new Map<string, string>();
  for (const household of households) {
    const sequence = (countByGrid.get(household.regionCode) ?? 0) + 1;
    countByGrid.set(household.regionCode, sequence);
    numbers.set(household.id!, household.regionCode + String(sequence).padStart(4, '0'));
  }
  return numbers;
}

/**
 * UTF-8 with a byte order mark and CRLF line ends, which is what Excel's "CSV UTF-8" writes and needs to show
 * Chinese correctly.
 */
export async function writeLedgerCsv(
  persons: readonly PersonRow[],
  households: readonly HouseholdRow[],
  regions: readonly RegionRow[],
  path: string,
  tags: LedgerTags = {},
): Promise<void> {
  const rows = ledgerRows(persons, households, regions, tags);
  function* withHeaders(): Generator<readonly (string | null)[]> {
    yield ledgerHeaders;
    yield* rows;
  }
  await writeLines(path, { start: '\uFEFF', lineEnd: '\r\n' }, withHeaders(), (row) => row.map(csvField).join(','));
}

/** Columns Excel must keep as typed: it would turn an ID number into 3.39901E+17 and drop leading zeros. */
const textColumns: ReadonlySet<string> = new Set(['身份证号码', '联系电话', '户号', '房号']);

/**
 * An .xlsx ledger with a title row above the headers, as clerks' sheets have, written with exceljs' streaming
 * writer: rows are committed as they come, so memory stays flat however long the sheet.
 */
export async function writeLedgerXlsx(
  persons: readonly PersonRow[],
  households: readonly HouseholdRow[],
  regions: readonly RegionRow[],
  path: string,
  tags: LedgerTags = {},
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  const worksheet = workbook.addWorksheet('人员信息', { views: [{ state: 'frozen', ySplit: 2 }] });
  worksheet.columns = ledgerHeaders.map((header) => ({
    width: header === '住址' ? 32 : header === '身份证号码' ? 22 : 12,
    style: textColumns.has(header) ? { numFmt: '@' } : {},
  }));
  const county = regions.find((region) => region.level === 'county');
  const title = worksheet.addRow([`${county?.name ?? ''}人员信息台账`]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const headerRow = worksheet.addRow([...ledgerHeaders]);
  headerRow.font = { bold: true };
  headerRow.commit();
  for (const values of ledgerRows(persons, households, regions, tags)) {
    worksheet.addRow(values).commit();
  }
  worksheet.commit();
  await workbook.commit();
}

/** How the rows of one table travel as text, for COPY or a bulk insert that casts text (`unnest($1::uuid[], …)`). */
export type BulkLayout<Row> = {
  tableName: string;
  /** The table's columns in table order, but for the timestamps, which keep their defaults. */
  columnNames: string[];
  columnTypes: string[];
  /** A row's values in column order: null stays null, booleans are t and f. */
  fields(row: Row): (string | null)[];
};

export function bulkLayoutOf<Table extends PgTable>(table: Table): BulkLayout<Table['$inferInsert']> {
  const columns = Object.entries(getTableColumns(table)).filter(
    ([, column]) => column.name !== 'created_at' && column.name !== 'updated_at',
  );
  return {
    tableName: getTableName(table),
    columnNames: columns.map(([, column]) => column.name),
    columnTypes: columns.map(([, column]) => column.getSQLType()),
    fields: (row) =>
      columns.map(([property]) => {
        const value = (row as Record<string, unknown>)[property];
        if (value === null || value === undefined) return null;
        if (typeof value === 'boolean') return value ? 't' : 'f';
        return String(value);
      }),
  };
}

export const personLayout = bulkLayoutOf(persons);
export const personCopyStatement = `COPY persons (${personLayout.columnNames.join(', ')}) FROM STDIN (FORMAT csv)`;

/** The persons as `COPY persons (…) FROM STDIN (FORMAT csv)` reads them: no header, no byte order mark. */
export async function writeCopyCsv(persons: readonly PersonRow[], path: string): Promise<void> {
  await writeLines(path, { start: '', lineEnd: '\n' }, persons, (person) =>
    personLayout
      .fields(person)
      .map((field) => (field === null ? '' : field === '' ? '""' : csvField(field)))
      .join(','),
  );
}

/** Quotes a field only when it must be (RFC 4180); an absent value is an empty field. */
function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Writes one line per item in chunks of about 64 KiB, waiting when the disk falls behind. */
async function writeLines<Item>(
  path: string,
  format: { start: string; lineEnd: string },
  items: Iterable<Item>,
  toLine: (item: Item) => string,
): Promise<void> {
  const stream = fs.createWriteStream(path);
  let chunk = format.start;
  for (const item of items) {
    chunk += toLine(item) + format.lineEnd;
    if (chunk.length >= 65_536) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await finished(stream);
}
