import { computeIdNumberCheckCharacter } from '../../../../shared/id-number.js';
import type { LedgerField } from './map-columns.js';

/** A made-up person: 110105 is a real district code, so the example looks like what users will type. */
const exampleIdNumberBody = '11010519800101123';

/**
 * The example row of the template, by field. Importing it unchanged is a mistake the row check points out, so
 * the example must stay recognisable: its ID number together with its name.
 */
export const templateExample = {
  name: '张三',
  idNumber: exampleIdNumberBody + computeIdNumberCheckCharacter(exampleIdNumberBody),
  phone: '13800138000',
  sex: '男',
  birthDate: '1980-01-01',
  ethnicity: '汉族',
  residenceType: '户籍人口',
  isPartyMember: '中共党员',
  relationToHead: '户主',
  householdNumber: '0001',
  address: '北苑路1号院2号楼3单元301室',
  building: '2号楼',
  unit: '3单元',
  room: '301',
  grid: '北苑社区第一网格',
  tags: '低保、退役军人',
  notes: '示例行，导入前请删除',
} as const satisfies Record<LedgerField, string>;
