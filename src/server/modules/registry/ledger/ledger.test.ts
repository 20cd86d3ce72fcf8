import ExcelJS from './exceljs.js';
import { describe, expect, it } from 'vitest';
import type { SheetRow } from './cells.js';
import { detectColumns, headerSearchRowCount } from './map-columns.js';
import { readLedgerRows } from './read-ledger.js';
import type { LedgerProblem } from '../../../../shared/api/registry-import.js';
import { toldInChinese } from '../../../../../test/registry-fixtures.js';
import { validateLedgerRow, type LedgerRecord } from './validate-row.js';

/** What the import service does with these functions: find the header, then check every row below it. */
async function importLedger(content: Buffer, fileName: string) {
  const rows: SheetRow[] = [];
  for await (const row of readLedgerRows(content, fileName)) rows.push(row);
  const mapping = detectColumns(rows.slice(0, headerSearchRowCount));
  const records: LedgerRecord[] = [];
  const problems: LedgerProblem[] = [];
  for (const row of rows.filter((row) => row.rowNumber > mapping.headerRowNumber)) {
    const validation = validateLedgerRow(row.cells, mapping.columns, row.rowNumber, { today: new Date(2026, 2, 1) });
    if (validation.record) records.push(validation.record);
    problems.push(...validation.problems);
  }
  return { mapping, records, problems };
}

/** A ledger as communities really send them: a merged title, a blank row, synonyms, IDs typed every which way. */
async function buildUglyLedger(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow(['北苑社区居民信息台账（2026年）']);
  sheet.mergeCells('A1:K1');
  sheet.addRow([]);
  sheet.addRow([
    '序号',
    '名字',
    '公民身份号码',
    '性别',
    '出生年月',
    '手机号码',
    '与户主关系',
    '现住址',
    '人员类型',
    '政治面貌',
    '特殊人群（多个用、分隔）',
  ]);
  const rows: ExcelJS.CellValue[][] = [
    // The ID column was not text: Excel kept the nearest double, 110105194912310020.
    [
      1,
      '王建国',
      Number('110105194912310021'),
      '男',
      null,
      '13800138000',
      '户主',
      '北苑路1号院3号楼',
      '户籍人口',
      '中共党员',
    ],
    // What the sheet shows, saved as text: the digits after the 5th are gone.
    [2, '李秀英', '1.10105E+17', '女', null, null, '妻'],
    [3, '王小明', '１１０１０５２０１００３１５００５Ｘ', '男', null, null, '子', null, '户籍人口', '群众'],
    [
      4,
      '赵丽',
      '11010519491231002x',
      null,
      null,
      '139 0013 9000',
      '户主',
      '北苑路2号',
      '流动人口',
      '群众',
      '低保、独居老人',
    ],
    [5, '钱多多', '110105197506200014', '男', null, null, '户主', '北苑路3号'],
    [6, '孙老汉', '110105491231001', '男', '1949.12', null, '户主', '北苑路4号', '户籍人口', '党员', '退役军人'],
    [7, null, null, null, null, '13700137000'],
    // Numbered in advance and left empty.
    [8],
    [9, '周杰', '110105198808080031', '女', null, null, '户主', '北苑路5号', null, null, '贫困户'],
  ];
  for (const row of rows) sheet.addRow(row);
  // The address is typed once and merged over the household's three members.
  sheet.mergeCells('H4:H6');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('importing an ugly real-world ledger', () => {
  it('finds the header below the title and maps the synonyms', async () => {
    const { mapping } = await importLedger(await buildUglyLedger(), '北苑社区台账.xlsx');
    expect(mapping).toEqual({
      headerRowNumber: 3,
      columns: [
        { index: 0, header: '序号', field: null },
        { index: 1, header: '名字', field: 'name' },
        { index: 2, header: '公民身份号码', field: 'idNumber' },
        { index: 3, header: '性别', field: 'sex' },
        { index: 4, header: '出生年月', field: 'birthDate' },
        { index: 5, header: '手机号码', field: 'phone' },
        { index: 6, header: '与户主关系', field: 'relationToHead' },
        { index: 7, header: '现住址', field: 'address' },
        { index: 8, header: '人员类型', field: 'residenceType' },
        { index: 9, header: '政治面貌', field: 'isPartyMember' },
        { index: 10, header: '特殊人群（多个用、分隔）', field: 'tags' },
      ],
    });
  });

  it('reports exactly the problems, on the rows Excel shows', async () => {
    const { problems } = await importLedger(await buildUglyLedger(), '北苑社区台账.xlsx');
    const notRecoverable = '身份证号被表格存成了数字，末尾几位已经丢失：请把该列设置为“文本”格式，再重新输入完整号码';
    expect(toldInChinese(problems)).toEqual([
      { row: 4, column: '公民身份号码', problem: notRecoverable, code: 'id_number_not_recoverable' },
      { row: 5, column: '公民身份号码', problem: notRecoverable, code: 'id_number_not_recoverable' },
      {
        row: 8,
        column: '公民身份号码',
        problem: '身份证号校验位错误：请对照证件逐位核对',
        code: 'id_number_bad_checksum',
      },
      { row: 10, column: '名字', problem: '缺少姓名', code: 'name_missing' },
      {
        row: 12,
        column: '性别',
        problem: '性别与身份证号不一致：身份证号表明为男',
        code: 'sex_conflicts_with_id_number',
      },
      {
        row: 12,
        column: '特殊人群（多个用、分隔）',
        problem: '未知的人群标签：贫困户（多个标签请用顿号分隔）',
        code: 'tag_unknown',
      },
    ]);
  });

  it('imports the other rows, normalised, with the merged address in every member row', async () => {
    const { records } = await importLedger(await buildUglyLedger(), '北苑社区台账.xlsx');
    const empty = {
      ethnicity: null,
      householdNumber: null,
      building: null,
      unit: null,
      room: null,
      grid: null,
      notes: null,
    };
    expect(records).toEqual([
      {
        ...empty,
        rowNumber: 6,
        name: '王小明',
        namePinyin: 'wangxiaoming',
        nameInitials: 'wxm',
        idNumber: '11010520100315005X',
        phone: null,
        sex: 'male',
        birthDate: '2010-03-15',
        residenceType: 'registered',
        isPartyMember: false,
        relationToHead: 'child',
        address: '北苑路1号院3号楼',
        tags: [],
      },
      {
        ...empty,
        rowNumber: 7,
        name: '赵丽',
        namePinyin: 'zhaoli',
        nameInitials: 'zl',
        idNumber: '11010519491231002X',
        phone: '13900139000',
        sex: 'female',
        birthDate: '1949-12-31',
        residenceType: 'floating',
        isPartyMember: false,
        relationToHead: 'head',
        address: '北苑路2号',
        tags: ['minimum_allowance', 'elderly_alone'],
      },
      {
        ...empty,
        rowNumber: 9,
        name: '孙老汉',
        namePinyin: 'sunlaohan',
        nameInitials: 'slh',
        // The 15-digit number from before 1999, in its 18-character form.
        idNumber: '110105194912310011',
        phone: null,
        sex: 'male',
        birthDate: '1949-12-31',
        residenceType: 'registered',
        isPartyMember: true,
        relationToHead: 'head',
        address: '北苑路4号',
        tags: ['veteran'],
      },
    ]);
  });
});

describe('importing a ledger saved as CSV', () => {
  it('reads what Excel wrote, including an ID number it had already turned into 1.10105E+17', async () => {
    const csv = [
      '北苑社区居民信息台账（2026年）,,,',
      ',,,',
      '姓名,身份证号码（必填）,联系电话,地址',
      '王建国,1.10105E+17,13800138000,北苑路1号',
      '赵丽,11010519491231002X,,北苑路2号',
    ].join('\r\n');
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]);

    const { mapping, records, problems } = await importLedger(content, '北苑.csv');
    expect(mapping.headerRowNumber).toBe(3);
    expect(toldInChinese(problems)).toEqual([
      {
        row: 4,
        column: '身份证号码（必填）',
        problem: '身份证号被表格存成了数字，末尾几位已经丢失：请把该列设置为“文本”格式，再重新输入完整号码',
        code: 'id_number_not_recoverable',
      },
    ]);
    expect(records.map((record) => [record.rowNumber, record.name, record.idNumber, record.address])).toEqual([
      [5, '赵丽', '11010519491231002X', '北苑路2号'],
    ]);
  });
});
