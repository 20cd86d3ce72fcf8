import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from './exceljs.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectCsvEncoding } from './read-csv.js';
import { readLedgerRows, type SheetRow } from './read-ledger.js';

async function readAll(content: Buffer, fileName: string): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const row of readLedgerRows(content, fileName)) rows.push(row);
  return rows;
}

async function buildWorkbook(build: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * exceljs's streaming writer puts the worksheets before the shared strings, as Excel does; its reader then parks
 * each worksheet in a temporary file. (The ordinary writer puts the shared strings first.)
 */
async function buildWorkbookLikeExcel(build: (workbook: ExcelJS.stream.xlsx.WorkbookWriter) => void): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: true, useStyles: true });
  build(workbook);
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** Node decodes GBK but cannot encode it: the table comes from decoding every two-byte sequence once. */
const gbkBytesByCharacter = (() => {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      const bytes = Buffer.from([lead, trail]);
      const character = decoder.decode(bytes);
      if (character.length === 1 && character !== '\uFFFD' && !table.has(character)) table.set(character, bytes);
    }
  }
  return table;
})();

function encodeGbk(text: string): Buffer {
  return Buffer.concat(
    [...text].map((character) => {
      if (character.charCodeAt(0) < 0x80) return Buffer.from(character, 'latin1');
      const bytes = gbkBytesByCharacter.get(character);
      if (!bytes) throw new Error(`${character} has no GBK encoding`);
      return bytes;
    }),
  );
}

describe('readLedgerRows from .xlsx', () => {
  it('gives rows numbered as Excel shows them, with plain values for rich text, formulas, hyperlinks and errors', async () => {
    const content = await buildWorkbook((workbook) => {
      const sheet = workbook.addWorksheet('台账');
      sheet.addRow(['北苑社区居民信息台账（2026年）']);
      sheet.addRow([]);
      sheet.addRow(['名字', '公民身份号码', '出生日期', '备注', '是否党员', '核对', '合计', '网格']);
      sheet.addRow([
        { richText: [{ text: '张', font: { bold: true } }, { text: '三' }] },
        // Typed into a number-formatted column, the ID number became the nearest double.
        Number('110105194912310021'),
        new Date(Date.UTC(1949, 11, 31)),
        { text: '详见链接', hyperlink: 'https://example.org' },
        true,
        { error: '#N/A' },
        // A formula never calculated has no cached result.
        { formula: 'SUM(Z1:Z9)' },
        '第一网格',
      ]);
      sheet.addRow(['李四', '1.10105E+17', 33000, { formula: 'CONCAT("a","b")', result: 'ab' }]);
    });

    expect(await readAll(content, '北苑.xlsx')).toEqual([
      { rowNumber: 1, cells: ['北苑社区居民信息台账（2026年）'] },
      { rowNumber: 3, cells: ['名字', '公民身份号码', '出生日期', '备注', '是否党员', '核对', '合计', '网格'] },
      {
        rowNumber: 4,
        cells: [
          '张三',
          110105194912310020,
          new Date('1949-12-31T00:00:00Z'),
          '详见链接',
          true,
          '#N/A',
          null,
          '第一网格',
        ],
      },
      { rowNumber: 5, cells: ['李四', '1.10105E+17', 33000, 'ab'] },
    ]);
  });

  it('reads a cell formatted as a date as a Date, at midnight UTC of the day the sheet shows', async () => {
    const content = await buildWorkbook((workbook) => {
      const sheet = workbook.addWorksheet('台账');
      sheet.addRow([32874]);
      sheet.getCell('A1').numFmt = 'yyyy"年"m"月"d"日"';
    });

    expect(await readAll(content, 'a.xlsx')).toEqual([{ rowNumber: 1, cells: [new Date('1990-01-01T00:00:00Z')] }]);
  });

  it('fills a value merged over several rows into each of them, but leaves a title merged across columns alone', async () => {
    const content = await buildWorkbook((workbook) => {
      const sheet = workbook.addWorksheet('台账');
      sheet.addRow(['北苑社区居民信息台账']);
      sheet.mergeCells('A1:D1');
      sheet.addRow(['姓名', '地址', '楼栋', '单元']);
      sheet.addRow(['王建国', '北苑路1号', '3号楼', '2单元']);
      sheet.addRow(['李秀英']);
      sheet.addRow(['王小明']);
      sheet.addRow(['赵丽', '北苑路2号']);
      sheet.mergeCells('B3:B5');
      // Two columns over two rows: the top-left value fills the whole range.
      sheet.mergeCells('C3:D4');
    });

    expect(await readAll(content, 'a.xlsx')).toEqual([
      { rowNumber: 1, cells: ['北苑社区居民信息台账'] },
      { rowNumber: 2, cells: ['姓名', '地址', '楼栋', '单元'] },
      { rowNumber: 3, cells: ['王建国', '北苑路1号', '3号楼', '3号楼'] },
      { rowNumber: 4, cells: ['李秀英', '北苑路1号', '3号楼', '3号楼'] },
      { rowNumber: 5, cells: ['王小明', '北苑路1号'] },
      { rowNumber: 6, cells: ['赵丽', '北苑路2号'] },
    ]);
  });

  it('reads a workbook whose worksheets come before the shared strings, as Excel saves them', async () => {
    const content = await buildWorkbookLikeExcel((workbook) => {
      const sheet = workbook.addWorksheet('台账');
      sheet.addRow(['姓名', '地址']);
      sheet.addRow(['王建国', '北苑路1号']);
      sheet.addRow(['李秀英']);
      sheet.mergeCells('B2:B3');
      sheet.commit();
    });

    expect(await readAll(content, 'a.xlsx')).toEqual([
      { rowNumber: 1, cells: ['姓名', '地址'] },
      { rowNumber: 2, cells: ['王建国', '北苑路1号'] },
      { rowNumber: 3, cells: ['李秀英', '北苑路1号'] },
    ]);
  });

  it('reads the first worksheet that is not hidden, with its own merges', async () => {
    const content = await buildWorkbook((workbook) => {
      const hidden = workbook.addWorksheet('下拉选项', { state: 'hidden' });
      hidden.addRow(['男', '女']);
      hidden.addRow([null]);
      hidden.mergeCells('A1:A2');
      const ledger = workbook.addWorksheet('台账');
      ledger.addRow(['姓名']);
      ledger.addRow([null]);
      workbook.addWorksheet('Sheet3').addRow(['不读']);
    });

    expect(await readAll(content, 'a.xlsx')).toEqual([
      { rowNumber: 1, cells: ['姓名'] },
      { rowNumber: 2, cells: [] },
    ]);
  });

  describe('temporary files', () => {
    let temporaryFolder: string;
    let previousTemporaryFolder: string | undefined;

    beforeEach(() => {
      previousTemporaryFolder = process.env.TMPDIR;
      temporaryFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-test-'));
      process.env.TMPDIR = temporaryFolder;
    });

    afterEach(() => {
      if (previousTemporaryFolder === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTemporaryFolder;
      fs.rmSync(temporaryFolder, { recursive: true, force: true });
    });

    /** exceljs deletes its temporary files asynchronously. */
    async function expectNoTemporaryFiles(): Promise<void> {
      await expect.poll(() => fs.readdirSync(temporaryFolder), { timeout: 2000 }).toEqual([]);
    }

    it('are all removed, also when the caller stops reading early', async () => {
      const content = await buildWorkbookLikeExcel((workbook) => {
        for (const name of ['第一页', '第二页', '第三页']) {
          const sheet = workbook.addWorksheet(name);
          sheet.addRow(['姓名']);
          sheet.addRow(['王建国']);
          sheet.commit();
        }
      });

      expect(await readAll(content, 'a.xlsx')).toHaveLength(2);
      await expectNoTemporaryFiles();

      for await (const row of readLedgerRows(content, 'a.xlsx')) {
        expect(row.rowNumber).toBe(1);
        break;
      }
      await expectNoTemporaryFiles();
    });
  });

  it('keeps every Chinese character whole, even one split between two compressed chunks', async () => {
    // Thousands of rows put many chunk boundaries inside three-byte characters; exceljs's own reader garbles some.
    const names = Array.from({ length: 4000 }, (_, index) => `欧阳${'明月青云张王李赵'[index % 8]}${index}号楼住址`);
    const workbook = new ExcelJS.Workbook();
    const worksheet = workbook.addWorksheet('居民');
    for (const name of names) worksheet.addRow([name]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const read: unknown[] = [];
    for await (const row of readLedgerRows(content, 'ledger.xlsx')) read.push(row.cells[0]);
    expect(read).toEqual(names);
  });

  it('reads workbooks saved in any part order, however many are read at once', async () => {
    // The streaming writer saves the worksheet before the shared strings, the ordinary one the workbook part last;
    // read side by side, exceljs's own stream reader could miss a part and fail on `model.sheets`.
    const fill = (worksheet: ExcelJS.Worksheet) => {
      for (let index = 0; index < 300; index += 1) worksheet.addRow([`居民${index}`, index]);
    };
    const contents = [
      await buildWorkbook((workbook) => fill(workbook.addWorksheet('居民'))),
      await buildWorkbookLikeExcel((workbook) => {
        const worksheet = workbook.addWorksheet('居民');
        fill(worksheet as unknown as ExcelJS.Worksheet);
        worksheet.commit();
      }),
    ];
    const reads = await Promise.all(
      Array.from({ length: 24 }, (_, index) => readAll(contents[index % 2]!, 'ledger.xlsx')),
    );
    for (const rows of reads)
      expect(rows.map((row) => row.cells[0])).toEqual(Array.from({ length: 300 }, (_, index) => `居民${index}`));
  });

  it('refuses other kinds of file, naming what to save the sheet as', async () => {
    for (const fileName of ['台账.xls', '台账.et', '台账.txt', '台账']) {
      await expect(readAll(Buffer.from('姓名'), fileName), fileName).rejects.toMatchObject({
        name: 'LedgerError',
        code: 'unsupported_file',
        message: expect.stringContaining('.xlsx or .csv'),
      });
    }
  });

  it('refuses an old .xls workbook or a password-protected one named .xlsx', async () => {
    const compoundFile = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    await expect(readAll(compoundFile, '台账.XLSX')).rejects.toMatchObject({ code: 'unsupported_file' });
  });

  it('reports a damaged workbook as unreadable', async () => {
    const content = await buildWorkbook((workbook) => workbook.addWorksheet('台账').addRow(['姓名']));
    for (const damaged of [Buffer.alloc(0), Buffer.from('not a workbook'), content.subarray(0, content.length / 2)]) {
      await expect(readAll(damaged, '台账.xlsx')).rejects.toMatchObject({ code: 'unreadable_file' });
    }
  });
});

describe('readLedgerRows from .csv', () => {
  const csvText =
    '北苑社区居民信息台账,,\r\n\r\n名字,公民身份号码,现住址\r\n张三,1.10105E+17,"北苑路1号\r\n3号楼"\r\n李四,11010519491231002X,\r\n';
  const expectedRows: SheetRow[] = [
    { rowNumber: 1, cells: ['北苑社区居民信息台账'] },
    { rowNumber: 2, cells: [] },
    { rowNumber: 3, cells: ['名字', '公民身份号码', '现住址'] },
    // A line break inside quotes stays in its row, as when Excel opens the file.
    { rowNumber: 4, cells: ['张三', '1.10105E+17', '北苑路1号\r\n3号楼'] },
    { rowNumber: 5, cells: ['李四', '11010519491231002X'] },
  ];

  it('reads GBK, which Chinese Excel saves CSV in', async () => {
    const content = encodeGbk(csvText);
    expect(detectCsvEncoding(content)).toBe('gb18030');
    expect(await readAll(content, '台账.CSV')).toEqual(expectedRows);
  });

  it('reads UTF-8 with a byte order mark, as Excel saves "CSV UTF-8", and drops the mark', async () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText)]);
    expect(detectCsvEncoding(content)).toBe('utf-8');
    expect(await readAll(content, '台账.csv')).toEqual(expectedRows);
  });

  it('reads UTF-8 without a byte order mark', async () => {
    expect(await readAll(Buffer.from(csvText), '台账.csv')).toEqual(expectedRows);
  });

  it('reports a CSV whose quotes never close as unreadable', async () => {
    await expect(readAll(Buffer.from('姓名,地址\n王建国,"北苑路1号\n'), '台账.csv')).rejects.toMatchObject({
      code: 'unreadable_file',
    });
  });

  it('decodes a character cut in two where one slice of the file ends and the next begins', async () => {
    // An odd prefix puts a slice boundary (every 64 KiB) inside a two-byte character.
    const lines = ['a', ...Array.from({ length: 20_000 }, (_, index) => `王${index}`)];
    const rows = await readAll(encodeGbk(lines.join('\n')), '台账.csv');
    expect(rows.map((row) => row.cells[0])).toEqual(lines);
  });
});
