import path from 'node:path';
import type { SheetRow } from './cells.js';
import { LedgerError } from './ledger-error.js';
import { readCsvRows } from './read-csv.js';
import { readXlsxRows } from './read-xlsx.js';

export type { CellValue, SheetRow } from './cells.js';

const zipSignature = Buffer.from('PK\x03\x04', 'latin1');
/** The OLE2 container of an old .xls workbook, and also of an .xlsx saved with a password. */
const compoundFileSignature = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * The rows of an uploaded ledger (.xlsx or .csv), one at a time. Throws a `LedgerError` for any other kind of
 * file (`unsupported_file`) and for a file that cannot be read (`unreadable_file`).
 */
export async function* readLedgerRows(content: Buffer, fileName: string): AsyncGenerator<SheetRow> {
  const rows = openLedger(content, fileName);
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof LedgerError) throw error;
    throw new LedgerError(
      'unreadable_file',
      {
        en: 'The file is damaged or is not what its name says it is.',
        zh: '文件已损坏，或与其扩展名不符。',
      },
      {
        cause: error,
      },
    );
  }
}

function openLedger(content: Buffer, fileName: string): AsyncGenerator<SheetRow> {
  const extension = path.extname(fileName).toLowerCase();
  if (extension === '.csv') return readCsvRows(content);
  if (extension !== '.xlsx') {
    throw new LedgerError('unsupported_file', {
      en: 'Only .xlsx and .csv files can be imported: save the sheet as .xlsx or .csv.',
      zh: '只能导入 .xlsx 和 .csv 文件，请将表格另存为 .xlsx 或 .csv。',
    });
  }
  if (hasSignature(content, compoundFileSignature)) {
    throw new LedgerError('unsupported_file', {
      en: 'This is an old .xls workbook renamed, or a workbook with a password: save it as .xlsx without a password.',
      zh: '这是改了扩展名的旧版 .xls 工作簿，或设置了密码的工作簿，请另存为不带密码的 .xlsx。',
    });
  }
  if (!hasSignature(content, zipSignature)) {
    throw new LedgerError('unreadable_file', {
      en: 'The file is damaged or is not an .xlsx workbook.',
      zh: '文件已损坏，或不是 .xlsx 工作簿。',
    });
  }
  return readXlsxRows(content);
}

function hasSignature(content: Buffer, signature: Buffer): boolean {
  return content.subarray(0, signature.length).equals(signature);
}
