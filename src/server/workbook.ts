import ExcelJS from './modules/registry/ledger/exceljs.js';
import { neutraliseFormula } from './modules/registry/ledger/write-ledger.js';

/** One sheet of a report: a title row, a bold header row, then the rows (numbers stay numbers). */
export type ReportSheet = {
  name: string;
  title: string;
  headers: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
  /** Columns (0-based) holding a share (0..1), shown as a percentage. */
  percentColumns?: readonly number[];
};

/**
 * A small report workbook (figures, not ledgers: a few hundred rows) as bytes, written with the exceljs the registry
 * ledgers use (its Chinese-text fix loaded first) and with every text cell kept from being read as a formula.
 */
export async function writeReportWorkbook(sheets: readonly ReportSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 2 }] });
    worksheet.columns = sheet.headers.map((header) => ({ width: Math.max(12, [...header].length * 2 + 4) }));
    const titleRow = worksheet.addRow([neutraliseFormula(sheet.title)]);
    titleRow.font = { bold: true, size: 14 };
    if (sheet.headers.length > 1) worksheet.mergeCells(1, 1, 1, sheet.headers.length);
    worksheet.addRow(sheet.headers.map((header) => neutraliseFormula(header))).font = { bold: true };
    for (const row of sheet.rows) worksheet.addRow(row.map((value) => neutraliseFormula(value)));
    for (const column of sheet.percentColumns ?? []) worksheet.getColumn(column + 1).numFmt = '0.0%';
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
