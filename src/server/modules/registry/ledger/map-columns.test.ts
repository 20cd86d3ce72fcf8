import { describe, expect, it } from 'vitest';
import type { SheetRow } from './cells.js';
import {
  applyColumnOverrides,
  canonicalHeaders,
  detectColumns,
  findFieldForHeader,
  headerSearchRowCount,
  ledgerFields,
  type LedgerField,
} from './map-columns.js';

describe('findFieldForHeader', () => {
  it('knows each field by its canonical header', () => {
    for (const field of ledgerFields) expect(findFieldForHeader(canonicalHeaders[field])).toBe(field);
  });

  it('knows the synonyms county ledgers use', () => {
    const synonyms: [string, LedgerField][] = [
      ['名字', 'name'],
      ['公民身份号码', 'idNumber'],
      ['证件号码', 'idNumber'],
      ['手机号码', 'phone'],
      ['联系方式', 'phone'],
      ['出生年月', 'birthDate'],
      ['户籍类型', 'residenceType'],
      ['是否党员', 'isPartyMember'],
      ['关系', 'relationToHead'],
      ['户编号', 'householdNumber'],
      ['现住址', 'address'],
      ['幢', 'building'],
      ['门牌号', 'room'],
      ['网格名称', 'grid'],
      ['重点人群', 'tags'],
    ];
    for (const [header, field] of synonyms) expect(findFieldForHeader(header), header).toBe(field);
  });

  it('sees through required markers, hints in brackets, spaces, line breaks and full-width characters', () => {
    const decorated: [string, LedgerField][] = [
      ['*姓名', 'name'],
      ['＊姓名', 'name'],
      ['身份证号码（必填）', 'idNumber'],
      ['身份证号(18位)', 'idNumber'],
      ['【必填】手机号', 'phone'],
      ['性 别', 'sex'],
      ['民\u3000族', 'ethnicity'],
      ['联系\n电话', 'phone'],
      [' 备注： ', 'notes'],
    ];
    for (const [header, field] of decorated) expect(findFieldForHeader(header), header).toBe(field);
  });

  it('does not take a header that merely contains a known one', () => {
    for (const header of ['户主姓名', '户主身份证号', '序号', '', '监护人电话']) {
      expect(findFieldForHeader(header), header).toBeNull();
    }
  });
});

describe('detectColumns', () => {
  const titleAndHeader: SheetRow[] = [
    { rowNumber: 1, cells: ['北苑社区居民信息台账（2026年）'] },
    { rowNumber: 2, cells: ['填报单位：北苑社区', null, null, '填报日期：2026-03-01'] },
    { rowNumber: 4, cells: ['序号', '名字', '公民身份号码', '手机号码', '户主姓名', '现住址', null, '电话'] },
    { rowNumber: 5, cells: [1, '王建国', '110105194912310011', '13800138000', '王建国', '北苑路1号'] },
  ];

  it('finds the header row below the title and blank rows, and maps each column', () => {
    expect(detectColumns(titleAndHeader)).toEqual({
      headerRowNumber: 4,
      columns: [
        { index: 0, header: '序号', field: null },
        { index: 1, header: '名字', field: 'name' },
        { index: 2, header: '公民身份号码', field: 'idNumber' },
        { index: 3, header: '手机号码', field: 'phone' },
        { index: 4, header: '户主姓名', field: null },
        { index: 5, header: '现住址', field: 'address' },
        { index: 6, header: '', field: null },
        // A second column naming the phone is left for the user to map.
        { index: 7, header: '电话', field: null },
      ],
    });
  });

  it('refuses a sheet without a header row in its first rows', () => {
    const noHeader: SheetRow[] = [
      { rowNumber: 1, cells: ['王建国', '110105194912310011'] },
      { rowNumber: 2, cells: ['姓名', '张三'] },
    ];
    expect(() => detectColumns(noHeader)).toThrow(expect.objectContaining({ code: 'no_header_row' }));
  });

  it(`looks no further than the first ${headerSearchRowCount} rows`, () => {
    const titles = Array.from({ length: headerSearchRowCount }, (_, index) => ({
      rowNumber: index + 1,
      cells: ['说明'],
    }));
    const lateHeader = { rowNumber: headerSearchRowCount + 1, cells: ['姓名', '身份证号'] };
    expect(() => detectColumns([...titles, lateHeader])).toThrow(expect.objectContaining({ code: 'no_header_row' }));
    expect(detectColumns([...titles.slice(1), lateHeader]).headerRowNumber).toBe(headerSearchRowCount + 1);
  });
});

describe('applyColumnOverrides', () => {
  const { columns } = detectColumns([{ rowNumber: 1, cells: ['姓名', '联系电话', '手机', '住址', '户主姓名'] }]);

  it('maps a column the user names, taking the field from the column it was detected in', () => {
    expect(applyColumnOverrides(columns, { 2: 'phone', 3: null })).toEqual([
      { index: 0, header: '姓名', field: 'name' },
      { index: 1, header: '联系电话', field: null },
      { index: 2, header: '手机', field: 'phone' },
      { index: 3, header: '住址', field: null },
      { index: 4, header: '户主姓名', field: null },
    ]);
  });

  it('leaves the columns it is not told about as they were', () => {
    expect(applyColumnOverrides(columns, {})).toEqual(columns);
  });
});
