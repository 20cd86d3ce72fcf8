import { cellToText, type SheetRow } from './cells.js';
import { ledgerFields, type LedgerField } from '../../../../shared/registry.js';
import { LedgerError } from './ledger-error.js';

export { ledgerFields, type LedgerField };

/**
 * The headers each field is known by in county ledgers, the first being the one the template uses. Headers are
 * compared whole, after `normalizeHeader`, so 户主姓名 (the head's name, on a member's row) is not taken for 姓名.
 */
const headersByField: Record<LedgerField, readonly string[]> = {
  name: ['姓名', '名字', '居民姓名'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证'],
  phone: ['联系电话', '手机号码', '电话', '手机', '联系方式', '手机号'],
  sex: ['性别'],
  birthDate: ['出生日期', '出生年月'],
  ethnicity: ['民族'],
  residenceType: ['人员类型', '居住类型', '户籍类型', '人口类型'],
  isPartyMember: ['政治面貌', '是否党员'],
  relationToHead: ['与户主关系', '关系'],
  householdNumber: ['户号', '户编号'],
  address: ['地址', '住址', '现住址', '家庭住址', '居住地址'],
  building: ['楼栋', '楼号', '幢'],
  unit: ['单元'],
  room: ['房号', '门牌号', '室'],
  grid: ['所属网格', '网格', '网格名称'],
  tags: ['特殊人群', '人群标签', '标签', '重点人群'],
  notes: ['备注'],
};

/** The header the template writes for each field. */
export const canonicalHeaders = Object.fromEntries(
  ledgerFields.map((field) => [field, headersByField[field][0] ?? field]),
) as Record<LedgerField, string>;

const fieldByHeader = new Map(
  ledgerFields.flatMap((field) => headersByField[field].map((header) => [normalizeHeader(header), field] as const)),
);

/** How many rows from the top may hold the header row: titles, notes and blank rows come before it. */
export const headerSearchRowCount = 20;
/** Fewer known headers than this is a title or a data row, not the header row. */
const minimumKnownHeaders = 2;

export type LedgerColumn = {
  /** The column's index in `SheetRow.cells` (column A is 0). */
  index: number;
  /** The header as the sheet writes it, which is how problems name the column to the user. */
  header: string;
  field: LedgerField | null;
};

export type ColumnMapping = { headerRowNumber: number; columns: LedgerColumn[] };

/**
 * Evens out how people decorate headers: full-width letters and brackets (NFKC), spaces and line breaks, the * of a
 * required column, a hint in brackets such as （必填） or 【18位】, and a trailing colon.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s*:]/g, '');
}

/** The field a header names, or null for a column the ledger engine does not know (序号, 户主姓名…). */
export function findFieldForHeader(header: string): LedgerField | null {
  return fieldByHeader.get(normalizeHeader(header)) ?? null;
}

/**
 * Finds the header row among the first `headerSearchRowCount` rows: the one naming the most known fields. When
 * two columns name the same field (联系电话 and 手机), the first one is used and the other is left unmapped; the
 * user can change that with `applyColumnOverrides`.
 */
export function detectColumns(rows: readonly SheetRow[]): ColumnMapping {
  let best: { row: SheetRow; knownFields: number } | undefined;
  for (const row of rows.slice(0, headerSearchRowCount)) {
    const knownFields = new Set(row.cells.map((cell) => findFieldForHeader(cellToText(cell))).filter(Boolean)).size;
    if (!best || knownFields > best.knownFields) best = { row, knownFields };
  }
  if (!best || best.knownFields < minimumKnownHeaders) {
    throw new LedgerError('no_header_row', {
      en: `No header row was found in the first ${headerSearchRowCount} rows: the sheet needs a row of headers such as 姓名 and 身份证号.`,
      zh: `前 ${headerSearchRowCount} 行中没有找到表头：表格需要一行表头，如“姓名”“身份证号”。`,
    });
  }
  return { headerRowNumber: best.row.rowNumber, columns: describeColumns(best.row) };
}

function describeColumns(headerRow: SheetRow): LedgerColumn[] {
  const usedFields = new Set<LedgerField>();
  return headerRow.cells.map((cell, index) => {
    const header = cellToText(cell);
    const field = findFieldForHeader(header);
    if (field === null || usedFields.has(field)) return { index, header, field: null };
    usedFields.add(field);
    return { index, header, field };
  });
}

/**
 * Applies the user's corrections, keyed by column index. A field given to a column by the user is taken from the
 * column it was detected in, so each field still comes from one column.
 */
export function applyColumnOverrides(
  columns: readonly LedgerColumn[],
  overrides: Readonly<Record<number, LedgerField | null>>,
): LedgerColumn[] {
  const isOverridden = (column: LedgerColumn) => Object.hasOwn(overrides, column.index);
  const overriddenFields = new Set(columns.filter(isOverridden).map((column) => overrides[column.index]));
  return columns.map((column) => {
    if (isOverridden(column)) return { ...column, field: overrides[column.index] ?? null };
    return overriddenFields.has(column.field) ? { ...column, field: null } : column;
  });
}
