import { describe, expect, it } from 'vitest';
import type { CellValue } from './cells.js';
import { detectColumns } from './map-columns.js';
import { templateExample } from './template-example.js';
import { toldInChinese } from '../../../../../test/registry-fixtures.js';
import { validateLedgerRow, type ValidationOptions } from './validate-row.js';

const headers = [
  '序号',
  '姓名',
  '身份证号',
  '联系电话',
  '性别',
  '出生日期',
  '民族',
  '人员类型',
  '政治面貌',
  '与户主关系',
  '户号',
  '地址',
  '楼栋',
  '单元',
  '房号',
  '所属网格',
  '特殊人群',
  '备注',
] as const;
type Header = (typeof headers)[number];

const { columns } = detectColumns([{ rowNumber: 3, cells: [...headers] }]);
const today = new Date(2026, 2, 1);

function validate(values: Partial<Record<Header, CellValue>>, options: ValidationOptions = {}) {
  return validateLedgerRow(
    headers.map((header) => values[header] ?? null),
    columns,
    7,
    { today, ...options },
  );
}

/** The codes of a row's problems. */
function findProblems(values: Partial<Record<Header, CellValue>>): string[] {
  return validate(values).problems.map((problem) => problem.code);
}

describe('validateLedgerRow', () => {
  it('refuses a cell holding a NUL character (0x00), which the database cannot store', () => {
    expect(findProblems({ 姓名: '张三', 地址: '北苑路\u00001号', 备注: '行动\u0000不便' })).toEqual([
      'cell_has_nul',
      'cell_has_nul',
    ]);
  });

  it('turns a complete row into a normalised record', () => {
    expect(
      validate({
        序号: 1,
        姓名: ' 阿依古丽•买买提 ',
        身份证号: ' 110105 19491231 002x ',
        联系电话: '１３８ ００１３ ８０００',
        性别: '女',
        出生日期: '1949年12月31日',
        民族: '维吾尔族',
        人员类型: '户籍人口',
        政治面貌: '中共党员',
        与户主关系: '户主',
        户号: '0001',
        地址: '北苑路1号',
        楼栋: 3,
        单元: '2单元',
        房号: 301,
        所属网格: '第一网格',
        特殊人群: '低保、独居老人',
        备注: '行动不便',
      }),
    ).toEqual({
      problems: [],
      record: {
        rowNumber: 7,
        name: '阿依古丽·买买提',
        namePinyin: 'ayigulimaimaiti',
        nameInitials: 'ayglmmt',
        idNumber: '11010519491231002X',
        phone: '13800138000',
        sex: 'female',
        birthDate: '1949-12-31',
        ethnicity: '维吾尔族',
        residenceType: 'registered',
        isPartyMember: true,
        relationToHead: 'head',
        householdNumber: '0001',
        address: '北苑路1号',
        building: '3',
        unit: '2单元',
        room: '301',
        grid: '第一网格',
        tags: ['minimum_allowance', 'elderly_alone'],
        notes: '行动不便',
      },
    });
  });

  it('leaves fields the row does not fill empty, and the party membership unknown', () => {
    expect(validate({ 姓名: '王建国' }).record).toEqual({
      rowNumber: 7,
      name: '王建国',
      namePinyin: 'wangjianguo',
      nameInitials: 'wjg',
      idNumber: null,
      phone: null,
      sex: null,
      birthDate: null,
      ethnicity: null,
      residenceType: null,
      isPartyMember: null,
      relationToHead: null,
      householdNumber: null,
      address: null,
      building: null,
      unit: null,
      room: null,
      grid: null,
      tags: [],
      notes: null,
    });
  });

  it('skips a blank row silently, also one numbered in advance in a column it does not read', () => {
    expect(validate({})).toEqual({ problems: [] });
    expect(validate({ 序号: 42, 姓名: '  ' })).toEqual({ problems: [] });
  });

  it('reports a row with data but no name, naming the column as the sheet does', () => {
    const validation = validate({ 联系电话: '13800138000' });
    expect(validation.record).toBeUndefined();
    expect(toldInChinese(validation.problems)).toEqual([
      { row: 7, column: '姓名', problem: '缺少姓名', code: 'name_missing' },
    ]);
    const named = detectColumns([{ rowNumber: 1, cells: ['名字', '手机号码'] }]).columns;
    expect(toldInChinese(validateLedgerRow([null, '13800138000'], named, 9).problems)).toEqual([
      { row: 9, column: '名字', problem: '缺少姓名', code: 'name_missing' },
    ]);
  });

  it('reports a name that cannot be stored, in Chinese', () => {
    expect(toldInChinese(validate({ 姓名: '王建国2' }).problems)).toEqual([
      { row: 7, column: '姓名', problem: '姓名不能包含数字', code: 'name_invalid' },
    ]);
  });

  describe('ID numbers', () => {
    it('reads full-width digits, a lower-case x and a 15-digit number from before 1999', () => {
      const read = (idNumber: CellValue) => validate({ 姓名: '王建国', 身份证号: idNumber }).record?.idNumber;
      expect(read('１１０１０５２０１００３１５００５Ｘ')).toBe('11010520100315005X');
      expect(read('11010520100315005x')).toBe('11010520100315005X');
      expect(read('110105491231001')).toBe('110105194912310011');
      // Safe as a number: fifteen digits are below 2^53.
      expect(read(110105491231001)).toBe('110105194912310011');
    });

    it('takes the birth date and sex from the ID number', () => {
      const record = validate({ 姓名: '王小明', 身份证号: '11010520100315005X' }).record;
      expect(record).toMatchObject({ birthDate: '2010-03-15', sex: 'male' });
    });

    it('refuses an ID number the sheet stored as a number, telling the user to format the column as text', () => {
      for (const idNumber of [Number('110105194912310021'), 1.10105e17, '1.10105E+17', '1.10105e+17']) {
        expect(toldInChinese(validate({ 姓名: '王建国', 身份证号: idNumber }).problems), String(idNumber)).toEqual([
          {
            row: 7,
            column: '身份证号',
            problem: '身份证号被表格存成了数字，末尾几位已经丢失：请把该列设置为“文本”格式，再重新输入完整号码',
            code: 'id_number_not_recoverable',
          },
        ]);
      }
    });

    it('reports each way an ID number can be wrong', () => {
      const cases: [CellValue, string, string][] = [
        ['110105197506200014', 'id_number_bad_checksum', '身份证号校验位错误：请对照证件逐位核对'],
        ['11010519750620001', 'id_number_wrong_length', '身份证号位数不对：应为18位（1999年前发的旧证为15位）'],
        ['11010519750620001A', 'id_number_bad_characters', '身份证号含有无效字符：只能是数字，最后一位可以是X'],
        ['110105197513200011', 'id_number_bad_birth_date', '身份证号中的出生日期不存在'],
        ['11010520300101001X', 'id_number_future_birth_date', '身份证号中的出生日期晚于今天'],
      ];
      for (const [idNumber, code, problem] of cases) {
        expect(toldInChinese(validate({ 姓名: '王建国', 身份证号: idNumber }).problems), String(idNumber)).toEqual([
          { row: 7, column: '身份证号', problem, code },
        ]);
      }
    });
  });

  describe('birth dates', () => {
    it('reads dates as sheets hold them when there is no ID number', () => {
      const dates: CellValue[] = [
        new Date('1990-01-01T00:00:00Z'),
        32874,
        19900101,
        '1990-01-01',
        '1990.01.01',
        '1990/1/1',
        '1990年1月1日',
        '19900101',
        '1990-01-01 00:00:00',
        '１９９０．１．１',
      ];
      for (const birthDate of dates) {
        expect(validate({ 姓名: '王建国', 出生日期: birthDate }).record?.birthDate, String(birthDate)).toBe(
          '1990-01-01',
        );
      }
    });

    it('accepts a birth date that agrees with the ID number, to the day or to the month', () => {
      for (const birthDate of ['1949-12-31', '1949.12', '194912', new Date('1949-12-31T00:00:00Z')]) {
        expect(
          findProblems({ 姓名: '王建国', 身份证号: '110105194912310011', 出生日期: birthDate }),
          String(birthDate),
        ).toEqual([]);
      }
    });

    it('reports a birth date that differs from the ID number', () => {
      expect(
        toldInChinese(validate({ 姓名: '王建国', 身份证号: '110105194912310011', 出生日期: '1949-12-30' }).problems),
      ).toEqual([
        {
          row: 7,
          column: '出生日期',
          problem: '出生日期与身份证号中的出生日期不一致',
          code: 'birth_date_conflicts_with_id_number',
        },
      ]);
    });

    it('reports birth dates it cannot read, in the future, or only to the month without an ID number', () => {
      expect(findProblems({ 姓名: '王建国', 出生日期: '1990-02-30' })).toEqual(['birth_date_unrecognised']);
      expect(findProblems({ 姓名: '王建国', 出生日期: '九〇年' })).toEqual(['birth_date_unrecognised']);
      // 1990.10 typed into a number cell is the number 1990.1: January or October?
      expect(findProblems({ 姓名: '王建国', 出生日期: 1990.1 })).toEqual(['birth_date_unrecognised']);
      expect(findProblems({ 姓名: '王建国', 出生日期: '2027-01-01' })).toEqual(['birth_date_in_future']);
      expect(findProblems({ 姓名: '王建国', 出生日期: '1990.10' })).toEqual(['birth_date_incomplete']);
    });
  });

  describe('sex', () => {
    it('takes a sex the sheet gives when there is no ID number', () => {
      expect(validate({ 姓名: '王建国', 性别: '男' }).record?.sex).toBe('male');
      expect(validate({ 姓名: '李秀英', 性别: '女性' }).record?.sex).toBe('female');
    });

    it('reports a sex that differs from the ID number, or that it cannot read', () => {
      expect(toldInChinese(validate({ 姓名: '周杰', 身份证号: '110105198808080031', 性别: '女' }).problems)).toEqual([
        {
          row: 7,
          column: '性别',
          problem: '性别与身份证号不一致：身份证号表明为男',
          code: 'sex_conflicts_with_id_number',
        },
      ]);
      expect(toldInChinese(validate({ 姓名: '周杰', 性别: '未知' }).problems)).toEqual([
        { row: 7, column: '性别', problem: '性别无法识别：“未知”，应为男或女', code: 'sex_unrecognised' },
      ]);
    });
  });

  it('normalises phones, a mobile stored as a number included, and reports one that is no phone', () => {
    expect(validate({ 姓名: '王建国', 联系电话: 13800138000 }).record?.phone).toBe('13800138000');
    expect(validate({ 姓名: '王建国', 联系电话: '+86 138 0013 8000' }).record?.phone).toBe('13800138000');
    expect(validate({ 姓名: '王建国', 联系电话: '０５７１－８７６５４３２１' }).record?.phone).toBe('0571-87654321');
    expect(toldInChinese(validate({ 姓名: '王建国', 联系电话: '1380013800' }).problems)).toEqual([
      {
        row: 7,
        column: '联系电话',
        problem: '联系电话格式不正确：应为11位手机号，或带区号的固定电话',
        code: 'phone_invalid',
      },
    ]);
  });

  it('reads residence types and reports one it does not know', () => {
    const read = (word: string) => validate({ 姓名: '王建国', 人员类型: word }).record?.residenceType;
    expect([read('户籍'), read('常住人口'), read('流动人口'), read('流动')]).toEqual([
      'registered',
      'resident',
      'floating',
      'floating',
    ]);
    expect(findProblems({ 姓名: '王建国', 人员类型: '暂住' })).toEqual(['residence_type_unrecognised']);
  });

  it('reads party membership from 政治面貌 and from 是否党员, and reports a word it does not know', () => {
    const read = (value: CellValue) => validate({ 姓名: '王建国', 政治面貌: value }).record?.isPartyMember;
    expect([read('中共党员'), read('中共预备党员'), read('党员'), read('是'), read(true)]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([read('群众'), read('共青团员'), read('民盟盟员'), read('否'), read(false)]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(findProblems({ 姓名: '王建国', 政治面貌: '积极分子' })).toEqual(['party_membership_unrecognised']);
  });

  it('reads relations to the head of household, with any other relation as other', () => {
    const read = (word: string) => validate({ 姓名: '王建国', 与户主关系: word }).record?.relationToHead;
    const relations: [string, string][] = [
      ['户主', 'head'],
      ['妻', 'spouse'],
      ['配偶', 'spouse'],
      ['长子', 'child'],
      ['女儿', 'child'],
      ['母亲', 'parent'],
      ['孙女', 'grandchild'],
      ['祖母', 'grandparent'],
      ['兄弟姐妹', 'sibling'],
      ['儿媳', 'child_in_law'],
      ['女婿', 'child_in_law'],
      ['外甥', 'other'],
    ];
    for (const [word, relation] of relations) expect(read(word), word).toBe(relation);
  });

  describe('tags', () => {
    it('reads several tags in one cell, by name, alias or code, whatever separates them', () => {
      expect(validate({ 姓名: '王建国', 特殊人群: '低保户,残疾人；独居老人 veteran、低保' }).record?.tags).toEqual([
        'minimum_allowance',
        'disabled',
        'elderly_alone',
        'veteran',
      ]);
    });

    it('reports the names that are no tag', () => {
      expect(toldInChinese(validate({ 姓名: '王建国', 特殊人群: '低保、贫困户、空巢' }).problems)).toEqual([
        {
          row: 7,
          column: '特殊人群',
          problem: '未知的人群标签：贫困户、空巢（多个标签请用顿号分隔）',
          code: 'tag_unknown',
        },
      ]);
    });

    it('knows the tags an administrator added when given the definitions', () => {
      const tagDefinitions = [{ code: 'empty_nest', nameZh: '空巢老人' }];
      expect(validate({ 姓名: '王建国', 特殊人群: '空巢老人' }, { tagDefinitions }).record?.tags).toEqual([
        'empty_nest',
      ]);
      expect(validate({ 姓名: '王建国', 特殊人群: '低保' }, { tagDefinitions }).problems[0]?.code).toBe('tag_unknown');
    });
  });

  it("refuses the template's example row left in", () => {
    expect(
      toldInChinese(validate({ 姓名: templateExample.name, 身份证号: templateExample.idNumber }).problems),
    ).toEqual([{ row: 7, column: '姓名', problem: '这是模板中的示例行，请删除后再导入', code: 'example_row' }]);
  });

  it('reports every problem of a row, and gives no record for it', () => {
    const validation = validate({ 身份证号: '110105197506200014', 联系电话: '123', 性别: '?' });
    expect(validation.record).toBeUndefined();
    expect(validation.problems.map((problem) => problem.code)).toEqual([
      'name_missing',
      'id_number_bad_checksum',
      'sex_unrecognised',
      'phone_invalid',
    ]);
  });
});
