import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import type { LedgerProblem } from '../../../../shared/api/registry-import.js';
import { describeLedgerProblem } from '../../../../shared/ledger-problems.js';
import type { Language } from '../../../../shared/language.js';
import ExcelJS from './exceljs.js';
import type { CellValue } from './cells.js';
import { canonicalHeaders, ledgerFields, type LedgerField } from './map-columns.js';
import { templateExample } from './template-example.js';
import { seededTagDefinitions, templateChoices, type TagDefinition } from './vocabulary.js';

/**
 * What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): = + - @ tab and carriage return at
 * the start, and the full-width ＝＋－＠ that a Chinese input method types.
 */
const formulaTrigger = /^[=+\-@\t\r＝＋－＠]/;

/**
 * OWASP's recommendation: a text cell that starts like a formula gets a leading single quote, kept as part of the
 * text. An .xlsx string cell is not evaluated as it stands, but it becomes a formula when someone edits it or
 * saves the sheet as CSV and opens it again; the quote prevents both, and shows the user why. Numbers, dates and
 * booleans cannot be formulas and are left alone, so a negative number stays a number.
 */
export function neutraliseFormula(value: CellValue): CellValue {
  return typeof value === 'string' && formulaTrigger.test(value) ? `'${value}` : value;
}

export type LedgerWriterColumn = { header: string; width?: number };

export type LedgerWriter = {
  addRow(values: readonly CellValue[]): void;
  /** Writes the end of the workbook; the stream ends when it resolves. */
  finish(): Promise<void>;
};

/**
 * A streaming .xlsx writer for exports of any size: each row goes to the stream as it is added. The header row
 * is bold, frozen and filterable; every text cell is neutralised (see `neutraliseFormula`).
 */
export function createLedgerWriter(
  stream: Writable,
  columns: readonly LedgerWriterColumn[],
  options: { title?: string | undefined; sheetName?: string | undefined } = {},
): LedgerWriter {
  const headerRowNumber = options.title === undefined ? 1 : 2;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const worksheet = workbook.addWorksheet(options.sheetName ?? 'Sheet1', {
    views: [{ state: 'frozen', ySplit: headerRowNumber }],
  });
  worksheet.columns = columns.map((column) => ({ width: column.width ?? estimateColumnWidth(column.header) }));
  if (options.title !== undefined) {
    const titleRow = worksheet.addRow([neutraliseFormula(options.title)]);
    titleRow.font = { bold: true, size: 14 };
    if (columns.length > 1) worksheet.mergeCells(1, 1, 1, columns.length);
    titleRow.commit();
  }
  const headerRow = worksheet.addRow(columns.map((column) => neutraliseFormula(column.header)));
  headerRow.font = { bold: true };
  headerRow.commit();
  let lastRowNumber = headerRowNumber;
  return {
    addRow(values) {
      const row = worksheet.addRow(values.map(neutraliseFormula));
      lastRowNumber = row.number;
      row.commit();
    },
    async finish() {
      worksheet.autoFilter = {
        from: { row: headerRowNumber, column: 1 },
        to: { row: lastRowNumber, column: Math.max(columns.length, 1) },
      };
      worksheet.commit();
      await workbook.commit();
    },
  };
}

/** Excel measures widths in characters of its default font; a Chinese character takes two. */
function estimateColumnWidth(header: string): number {
  const characters = [...header].reduce((width, character) => width + (/[\u2E80-\uFFEF]/u.test(character) ? 2 : 1), 0);
  return Math.max(10, characters + 4);
}

/** The problem report's words in each language; its rows' sentences come from `describeLedgerProblem`. */
const problemReportText = {
  zh: {
    columns: [
      { header: '行号', width: 8 },
      { header: '列', width: 20 },
      { header: '问题', width: 80 },
    ],
    sheetName: '导入问题',
    title: (fileName: string, count: number) => `${fileName} 导入问题（共 ${count} 条）`,
    fileNameSuffix: '-导入问题',
  },
  en: {
    columns: [
      { header: 'Row', width: 8 },
      { header: 'Column', width: 20 },
      { header: 'Problem', width: 80 },
    ],
    sheetName: 'Import problems',
    title: (fileName: string, count: number) => `${fileName}: import problems (${count})`,
    fileNameSuffix: '-import-problems',
  },
} satisfies Record<
  Language,
  {
    columns: readonly LedgerWriterColumn[];
    sheetName: string;
    title: (fileName: string, count: number) => string;
    fileNameSuffix: string;
  }
>;

/**
 * The problem report's file name, in the console and beside the ledger at the command line: 台账.xlsx →
 * 台账-导入问题.xlsx (in English 台账-import-problems.xlsx).
 */
export function problemReportFileName(ledgerFileName: string, language: Language = 'zh'): string {
  return `${ledgerFileName.replace(/\.(xlsx|xls|csv)$/i, '')}${problemReportText[language].fileNameSuffix}.xlsx`;
}

/** The problems of an import as a workbook the user can sort and filter while fixing the ledger, in their language. */
export async function writeProblemReport(
  problems: readonly LedgerProblem[],
  options: { fileName?: string; language?: Language } = {},
): Promise<Buffer> {
  const { fileName, language = 'zh' } = options;
  const text = problemReportText[language];
  return writeToBuffer(async (stream) => {
    const title = fileName === undefined ? undefined : text.title(fileName, problems.length);
    const writer = createLedgerWriter(stream, text.columns, { title, sheetName: text.sheetName });
    for (const problem of problems) {
      writer.addRow([problem.row, problem.column, describeLedgerProblem(problem, language)]);
    }
    await writer.finish();
  });
}

async function writeToBuffer(write: (stream: Writable) => Promise<void>): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(stream, 'end');
  await write(stream);
  await ended;
  return Buffer.concat(chunks);
}

/** Rows that get the drop-down lists; a ledger longer than this still imports, without the lists below. */
const templateRowCount = 2000;
const templateFirstDataRow = 3;
/** Columns Excel must keep as typed: it would turn an ID number into 1.10105E+17 and drop a phone's leading 0. */
const textFields: ReadonlySet<LedgerField> = new Set(['idNumber', 'phone', 'householdNumber', 'room']);

function findTemplateNumberFormat(field: LedgerField): string {
  if (textFields.has(field)) return '@';
  return field === 'birthDate' ? 'yyyy-mm-dd' : 'General';
}

/**
 * Drop-down lists. Sex and residence type accept nothing else; a relation or political status not in the list
 * is only warned about, since registers know more of them than a list can hold.
 */
const templateLists: Partial<Record<LedgerField, { choices: readonly string[]; isStrict: boolean }>> = {
  sex: { choices: templateChoices.sex, isStrict: true },
  residenceType: { choices: templateChoices.residenceType, isStrict: true },
  isPartyMember: { choices: templateChoices.isPartyMember, isStrict: false },
  relationToHead: { choices: templateChoices.relationToHead, isStrict: false },
};

/**
 * The ledger template: a title row, the header row with every field's canonical header, and one example row,
 * which the import refuses if it is left in. Text columns are formatted as text (@) so that Excel keeps ID numbers.
 */
export async function writeTemplate(options: { tagDefinitions?: readonly TagDefinition[] } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet('居民信息', { views: [{ state: 'frozen', ySplit: 2 }] });
  worksheet.columns = ledgerFields.map((field) => ({
    width: Math.max(estimateColumnWidth(canonicalHeaders[field]), [...templateExample[field]].length * 2 + 2),
    style: { numFmt: findTemplateNumberFormat(field) },
  }));

  const titleRow = worksheet.addRow(['居民信息台账（身份证号按文本填写；多个特殊人群用顿号“、”分隔）']);
  titleRow.font = { bold: true, size: 14 };
  worksheet.mergeCells(1, 1, 1, ledgerFields.length);

  const headerRow = worksheet.addRow(ledgerFields.map((field) => canonicalHeaders[field]));
  headerRow.font = { bold: true };
  const tagNames = (options.tagDefinitions ?? seededTagDefinitions).map((definition) => definition.nameZh);
  headerRow.getCell(ledgerFields.indexOf('tags') + 1).note = `可填：${tagNames.join('、')}`;
  headerRow.getCell(ledgerFields.indexOf('idNumber') + 1).note = '18位号码；本列为文本格式，请勿改为数字';

  const exampleRow = worksheet.addRow(
    ledgerFields.map((field) =>
      field === 'birthDate' ? new Date(`${templateExample.birthDate}T00:00:00Z`) : templateExample[field],
    ),
  );
  exampleRow.font = { italic: true, color: { argb: 'FF808080' } };

  for (const [index, field] of ledgerFields.entries()) {
    const list = templateLists[field];
    if (!list) continue;
    const columnNumber = index + 1;
    for (let rowNumber = templateFirstDataRow; rowNumber < templateFirstDataRow + templateRowCount; rowNumber += 1) {
      worksheet.getCell(rowNumber, columnNumber).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list.choices.join(',')}"`],
        showErrorMessage: true,
        errorStyle: list.isStrict ? 'stop' : 'warning',
        error: `请从列表中选择：${list.choices.join('、')}`,
      };
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
