import ExcelJS from './ledger/exceljs.js';
import type { CellValue } from './ledger/cells.js';
import { neutraliseFormula } from './ledger/write-ledger.js';
import { AppError } from '../../errors.js';
import { cellToText } from './ledger/cells.js';
import { LedgerError } from './ledger/ledger-error.js';
import { readLedgerRows } from './ledger/read-ledger.js';

/**
 * The rows of an uploaded .xlsx or .csv as text, for other modules' imports (a unit's list of cadres), read by the
 * ledger's own reader: 400 `unsupported_file` or `unreadable_file` for a file that cannot be read.
 */
export async function readUploadedRows(content: Buffer, fileName: string) {
  const rows: { rowNumber: number; cells: string[] }[] = [];
  try {
    for await (const row of readLedgerRows(content, fileName)) {
      rows.push({ rowNumber: row.rowNumber, cells: row.cells.map(cellToText) });
    }
  } catch (error) {
    if (error instanceof LedgerError) throw new AppError(error.code, error.text);
    throw error;
  }
  return rows;
}

/** One sheet of a small report: a title above a bold, frozen header row, and its rows (numbers stay numbers). */
export type ReportSheet = {
  name: string;
  title?: string;
  columns: readonly { header: string; width?: number }[];
  rows: readonly (readonly CellValue[])[];
  /** Columns (0-based) holding a share (0..1), shown as a percentage. */
  percentColumns?: readonly number[];
};

/** Report columns by their headers alone, each as wide as its header needs. */
export function columnsOf(...headers: string[]): ReportSheet['columns'] {
  return headers.map((header) => ({ header }));
}

/**
 * A small .xlsx report of a few sheets (a campaign's summary, the coverage and field-work figures), for other modules:
 * exceljs is loaded with the registry's decoding fix, and every text cell is neutralised against formulas like the
 * ledgers' cells.
 */
export async function writeReportWorkbook(sheets: readonly ReportSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    worksheet.columns = sheet.columns.map((column) => ({
      width: column.width ?? Math.max(12, [...column.header].length * 2 + 4),
    }));
    if (sheet.title !== undefined) {
      const titleRow = worksheet.addRow([neutraliseFormula(sheet.title)]);
      titleRow.font = { bold: true, size: 14 };
      if (sheet.columns.length > 1) worksheet.mergeCells(1, 1, 1, sheet.columns.length);
    }
    const headerRow = worksheet.addRow(sheet.columns.map((column) => neutraliseFormula(column.header)));
    headerRow.font = { bold: true };
    worksheet.views = [{ state: 'frozen', ySplit: headerRow.number }];
    for (const row of sheet.rows) worksheet.addRow(row.map((value) => neutraliseFormula(value)));
    for (const column of sheet.percentColumns ?? []) worksheet.getColumn(column + 1).numFmt = '0.0%';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
