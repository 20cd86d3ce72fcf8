import { openWorkbook, type default as ExcelJS } from './exceljs.js';
import { trimTrailingBlanks, type CellValue, type SheetRow } from './cells.js';
import { LedgerError } from './ledger-error.js';
import { createMergedCellFiller, findMergedRanges, type MergedRange } from './merged-cells.js';

type WorksheetReader = ExcelJS.stream.xlsx.WorksheetReader;

/** Styles are read because they tell a date from a number; hyperlinks are dropped and their text kept. */
const readerOptions = {
  worksheets: 'emit',
  sharedStrings: 'cache',
  styles: 'cache',
  hyperlinks: 'ignore',
  entries: 'ignore',
} as const;

/**
 * The rows of the ledger worksheet (the first one that is not hidden), read with exceljs's streaming reader so that
 * memory stays bounded by one row rather than the whole workbook. Merged ranges spanning several rows are filled
 * in (see merged-cells.ts), which costs a first pass over the worksheet that only looks for merges.
 */
export async function* readXlsxRows(content: Buffer): AsyncGenerator<SheetRow> {
  const fillMergedCells = createMergedCellFiller(await findLedgerSheetMerges(content));
  for await (const worksheet of visitWorksheets(content)) {
    if (isHidden(worksheet)) continue;
    for await (const row of worksheet) yield fillMergedCells(toSheetRow(row));
    return;
  }
}

async function findLedgerSheetMerges(content: Buffer): Promise<MergedRange[]> {
  for await (const worksheet of visitWorksheets(content)) {
    if (isHidden(worksheet)) continue;
    return findMergedRanges(readWorksheetXml(worksheet));
  }
  throw new LedgerError('unreadable_file', {
    en: 'The workbook has no visible worksheet.',
    zh: '工作簿中没有可见的工作表。',
  });
}

/**
 * The worksheets in order, each read to its end, and the reading finished even when the caller stops early. The
 * workbook is handed over as the buffer it is, so the reader takes its parts from the zip's directory in the order
 * they depend on each other (see exceljs.ts).
 */
async function* visitWorksheets(content: Buffer): AsyncGenerator<WorksheetReader> {
  const worksheets = openWorkbook(content, readerOptions)[Symbol.asyncIterator]();
  let current: WorksheetReader | undefined;
  try {
    for (let next = await worksheets.next(); !next.done; next = await worksheets.next()) {
      current = next.value;
      yield current;
      await drainWorksheet(current);
      current = undefined;
    }
  } finally {
    if (current) await finishVisiting(worksheets, current);
  }
}

async function finishVisiting(worksheets: AsyncGenerator<WorksheetReader>, current: WorksheetReader): Promise<void> {
  await drainWorksheet(current);
  try {
    for (let next = await worksheets.next(); !next.done; next = await worksheets.next()) {
      await drainWorksheet(next.value);
    }
  } catch {
    // Only tidying up: the caller has what it wanted, or already has the error that stopped it.
  }
}

/** Reads what is left of a worksheet's XML without parsing it. A stream already closed has nothing left. */
async function drainWorksheet(worksheet: WorksheetReader): Promise<void> {
  try {
    for await (const _chunk of readWorksheetXml(worksheet)) {
      // Reading is the point.
    }
  } catch {
    // A stream the row reader stopped reading is closed already, which is all that tidying up needs.
  }
}

/** exceljs keeps the worksheet's XML, unparsed, as `iterator`; its type definitions leave it out. */
function readWorksheetXml(worksheet: WorksheetReader): AsyncIterable<Buffer | string> {
  return (worksheet as unknown as { iterator: AsyncIterable<Buffer | string> }).iterator;
}

function isHidden(worksheet: WorksheetReader): boolean {
  const { state } = worksheet as unknown as { state?: string };
  return state === 'hidden' || state === 'veryHidden';
}

function toSheetRow(row: ExcelJS.Row): SheetRow {
  const cells: CellValue[] = [];
  row.eachCell((cell, columnNumber) => {
    cells[columnNumber - 1] = toCellValue(cell.value);
  });
  return { rowNumber: row.number, cells: trimTrailingBlanks(Array.from(cells, (value) => value ?? null)) };
}

/**
 * A formula gives its cached result, rich text its characters, a hyperlink its text, an error its code (#N/A).
 * A formula whose result is an error arrives as NaN, which says nothing: it is read as empty.
 */
function toCellValue(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined || value === '' || Number.isNaN(value)) return null;
  if (typeof value !== 'object' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('') || null;
  if ('formula' in value || 'sharedFormula' in value) return toCellValue(value.result);
  if ('hyperlink' in value) return toCellValue(value.text);
  if ('error' in value) return value.error;
  return null;
}
