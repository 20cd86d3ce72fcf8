import { PassThrough } from 'node:stream';
import ExcelJS from './exceljs.js';
import { describe, expect, it } from 'vitest';
import type { CellValue, SheetRow } from './cells.js';
import { canonicalHeaders, detectColumns, ledgerFields } from './map-columns.js';
import { readLedgerRows } from './read-ledger.js';
import type { LedgerProblem } from '../../../../shared/api/registry-import.js';
import { toldInChinese } from '../../../../../test/registry-fixtures.js';
import { validateLedgerRow } from './validate-row.js';
import { readPartyMembership, readRelation, readResidenceType, readSex, templateChoices } from './vocabulary.js';
import { createLedgerWriter, neutraliseFormula, writeProblemReport, writeTemplate } from './write-ledger.js';

async function loadWorksheet(content: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as an ArrayBuffer of its own.
  await workbook.xlsx.load(Uint8Array.from(content).buffer);
  const worksheet = workbook.worksheets[0];
  if (!worksheet) throw new Error('The workbook has no worksheet.');
  return worksheet;
}

async function readAll(content: Buffer): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readLedgerRows(content, 'a.xlsx')) rows.push(row);
  return rows;
}

describe('neutraliseFormula', () => {
  it('puts a single quote before text that a spreadsheet would take for a formula', () => {
    const dangerous = ['=1+1', '+86 138', '-2+3', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠SUM(A1)'];
    for (const text of dangerous) expect(neutraliseFormula(text), JSON.stringify(text)).toBe(`'${text}`);
  });

  it('leaves other text, numbers, dates and booleans alone', () => {
    const date = new Date('1990-01-01T00:00:00Z');
    for (const value of ['王建国', ' =1', "'=1", '1+1', '', -5, 0, date, true, null] as CellValue[]) {
      expect(neutraliseFormula(value)).toBe(value);
    }
  });
});

describe('createLedgerWriter', () => {
  it('streams a workbook whose formula-like text reads back as text, with its quote', async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = createLedgerWriter(stream, [{ header: '姓名' }, { header: '备注', width: 40 }, { header: '=户数' }]);
    writer.addRow(['=HYPERLINK("http://evil.example","点击")', "@SUM(1+1)*cmd|' /C calc'!A0", -5]);
    writer.addRow(['王建国', '－1＋1', new Date('1990-01-01T00:00:00Z')]);
    await writer.finish();

    const worksheet = await loadWorksheet(Buffer.concat(chunks));
    expect(worksheet.getRow(1).values).toEqual([undefined, '姓名', '备注', "'=户数"]);
    const formulaRow = worksheet.getRow(2);
    expect(formulaRow.getCell(1).value).toBe('\'=HYPERLINK("http://evil.example","点击")');
    expect(formulaRow.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(formulaRow.getCell(2).value).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(formulaRow.getCell(3).value).toBe(-5);
    expect(worksheet.getRow(3).getCell(2).value).toBe("'－1＋1");
    expect(worksheet.getColumn(2).width).toBe(40);
    expect(worksheet.autoFilter).toBe('A1:C3');
  });
});

describe('writeProblemReport', () => {
  const problems: LedgerProblem[] = [
    { row: 4, column: '公民身份号码', code: 'id_number_bad_checksum', params: {} },
    { row: 9, column: '特殊人群', code: 'tag_unknown', params: { tags: ['=1+1'] } },
  ];

  it('lists the problems under a title, with Chinese headers, a filter and widths', async () => {
    const content = await writeProblemReport(problems, { fileName: '北苑台账.xlsx' });

    const worksheet = await loadWorksheet(content);
    expect(worksheet.name).toBe('导入问题');
    expect(worksheet.getCell('A1').value).toBe('北苑台账.xlsx 导入问题（共 2 条）');
    expect(worksheet.getRow(2).values).toEqual([undefined, '行号', '列', '问题']);
    expect(worksheet.getRow(3).values).toEqual([
      undefined,
      4,
      '公民身份号码',
      '身份证号校验位错误：请对照证件逐位核对',
    ]);
    expect(worksheet.getRow(4).values).toEqual([
      undefined,
      9,
      '特殊人群',
      '未知的人群标签：=1+1（多个标签请用顿号分隔）',
    ]);
    expect(worksheet.autoFilter).toBe('A2:C4');
    expect(worksheet.columns.map((column) => column.width)).toEqual([8, 20, 80]);
    expect(worksheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });

  it('tells the problems in English for a reader who asks for it', async () => {
    const worksheet = await loadWorksheet(
      await writeProblemReport(problems, { fileName: '北苑台账.xlsx', language: 'en' }),
    );
    expect(worksheet.name).toBe('Import problems');
    expect(worksheet.getCell('A1').value).toBe('北苑台账.xlsx: import problems (2)');
    expect(worksheet.getRow(2).values).toEqual([undefined, 'Row', 'Column', 'Problem']);
    expect(worksheet.getRow(3).values).toEqual([
      undefined,
      4,
      '公民身份号码',
      'The ID number’s check character is wrong: compare it with the card digit by digit.',
    ]);
    expect(worksheet.getRow(4).values).toEqual([
      undefined,
      9,
      '特殊人群',
      'Unknown group tags: =1+1 (separate several tags with 、).',
    ]);
  });

  it('has only the header row when there is no title and no problem', async () => {
    const worksheet = await loadWorksheet(await writeProblemReport([]));
    expect(worksheet.getRow(1).values).toEqual([undefined, '行号', '列', '问题']);
    expect(worksheet.rowCount).toBe(1);
  });
});

describe('writeTemplate', () => {
  it('has a title row, the canonical header of every field, and an example row', async () => {
    const worksheet = await loadWorksheet(await writeTemplate());
    expect(String(worksheet.getCell('A1').value)).toContain('居民信息台账');
    expect(worksheet.getRow(2).values).toEqual([undefined, ...ledgerFields.map((field) => canonicalHeaders[field])]);
    expect(worksheet.getCell('B3').value).toBe('110105198001011238');
  });

  it('formats the ID number column as text, so that Excel keeps what is typed in it', async () => {
    const worksheet = await loadWorksheet(await writeTemplate());
    const idColumn = worksheet.getColumn(ledgerFields.indexOf('idNumber') + 1);
    expect(idColumn.numFmt).toBe('@');
    expect(worksheet.getCell('B3').numFmt).toBe('@');
    expect(worksheet.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    expect(worksheet.getCell('B500').numFmt).toBe('@');
  });

  it('offers drop-down lists whose every choice the import understands', async () => {
    const worksheet = await loadWorksheet(await writeTemplate());
    const listOf = (field: 'sex' | 'residenceType' | 'isPartyMember' | 'relationToHead', row: number) =>
      worksheet.getCell(row, ledgerFields.indexOf(field) + 1).dataValidation;
    expect(listOf('sex', 3)).toMatchObject({ type: 'list', formulae: ['"男,女"'], errorStyle: 'stop' });
    expect(listOf('residenceType', 2002)).toMatchObject({ formulae: ['"户籍人口,常住人口,流动人口"'] });
    expect(listOf('relationToHead', 3)).toMatchObject({ type: 'list', errorStyle: 'warning' });
    expect(listOf('sex', 2)).toBeUndefined();

    expect(templateChoices.sex.map(readSex)).not.toContain(undefined);
    expect(templateChoices.residenceType.map(readResidenceType)).not.toContain(undefined);
    expect(templateChoices.isPartyMember.map(readPartyMembership)).not.toContain(undefined);
    expect(templateChoices.relationToHead.filter((word) => readRelation(word) === 'other')).toEqual(['其他']);
  });

  it('maps every column when imported, and refuses the example row left in', async () => {
    const rows = await readAll(await writeTemplate());
    const mapping = detectColumns(rows);
    expect(mapping.headerRowNumber).toBe(2);
    expect(mapping.columns.map((column) => column.field)).toEqual([...ledgerFields]);
    const exampleRow = rows.find((row) => row.rowNumber === 3);
    expect(toldInChinese(validateLedgerRow(exampleRow?.cells ?? [], mapping.columns, 3).problems)).toEqual([
      { row: 3, column: '姓名', problem: '这是模板中的示例行，请删除后再导入', code: 'example_row' },
    ]);
  });
});
