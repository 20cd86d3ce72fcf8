import ExcelJS from './ledger/exceljs.js';
import type { CellValue } from './ledger/cells.js';
import { neutraliseFormula } from './ledger/write-ledger.js';

/** One sheet of a small report: a title above a bold, frozen header row, and its rows. */
export type ReportSheet = {
  name: string;
  title?: string;
  columns: readonly { header: string; width?: number }[];
  rows: readonly (readonly CellValue[])[];
};

/**
 * A small .xlsx report of a few sheets (a campaign's summary, a figure table), for other modules: exceljs is loaded
 * with the registry's decoding fix, and every text cell is neutralised against formulas like the ledgers' cells.
 */
export async function writeReportWorkbook(sheets: readonly ReportSheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    worksheet.columns = sheet.columns.map((column) => ({ width: column.width ?? 16 }));
    if (sheet.title !== undefined) {
      const titleRow = worksheet.addRow([neutraliseFormula(sheet.title)]);
      titleRow.font = { bold: true, size: 14 };
    }
    const headerRow = worksheet.addRow(sheet.columns.map((column) => neutraliseFormula(column.header)));
    headerRow.font = { bold: true };
    worksheet.views = [{ state: 'frozen', ySplit: headerRow.number }];
    for (const row of sheet.rows) worksheet.addRow(row.map((value) => neutraliseFormula(value)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
