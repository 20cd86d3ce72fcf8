import { parseIdNumber, type IdNumberProblem } from '../../../../shared/id-number.js';
import { chinaDate } from '../../../../shared/clock.js';
import { normalizePersonName, toNamePinyin, validatePersonName } from '../../../../shared/person-name.js';
import { isValidPhone, normalizePhone } from '../../../../shared/phone.js';
import type { Relation, ResidenceType, Sex } from '../../../../shared/registry.js';
import { cellToText, isBlankCell, type CellValue } from './cells.js';
import { readLedgerDate, type LedgerDate } from './ledger-dates.js';
import { canonicalHeaders, type LedgerColumn, type LedgerField } from './map-columns.js';
import { templateExample } from './template-example.js';
import {
  readPartyMembership,
  readRelation,
  readResidenceType,
  readSex,
  readTags,
  seededTagDefinitions,
  type TagDefinition,
} from './vocabulary.js';

/** One row's values, normalised and ready for the database. A field the sheet leaves empty is null. */
export type LedgerRecord = {
  rowNumber: number;
  name: string;
  namePinyin: string;
  nameInitials: string;
  /** 18 characters with an upper-case X; a 15-digit number from before 1999 is converted. */
  idNumber: string | null;
  phone: string | null;
  /** From the ID number when there is one. */
  sex: Sex | null;
  /** YYYY-MM-DD, from the ID number when there is one. */
  birthDate: string | null;
  ethnicity: string | null;
  residenceType: ResidenceType | null;
  /** Null when the sheet does not say, so that updating a person leaves what is stored alone. */
  isPartyMember: boolean | null;
  relationToHead: Relation | null;
  householdNumber: string | null;
  address: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
  /** The grid's name as written; the import service finds the grid. */
  grid: string | null;
  /** Tag codes. */
  tags: string[];
  notes: string | null;
};

export type RowProblem = {
  /** As Excel shows it. */
  row: number;
  /** The header of the column as the sheet writes it. */
  column: string;
  /** For the user, in Chinese. */
  problem: string;
  /** Stable, for code and translations: id_number_bad_checksum. */
  code: string;
};

export type RowValidation = { record?: LedgerRecord; problems: RowProblem[] };

export type ValidationOptions = {
  /** The rows of `tag_definitions`; the seeded tags when left out. */
  tagDefinitions?: readonly TagDefinition[];
  /** For tests: the day after which no one can be born. */
  today?: Date;
};

/** What reading one cell gives: a value, or what is wrong with the cell. */
type Reading<Value> = { value: Value } | { code: string; problem: string };

/**
 * Checks one data row and turns it into a record. A row with any problem gives no record, so that it is fixed
 * and imported again rather than stored half right; a row whose mapped cells are all empty gives neither record
 * nor problems. Messages do not repeat ID numbers, phones or birth dates: the problem list is kept with the import.
 */
export function validateLedgerRow(
  cells: readonly CellValue[],
  columns: readonly LedgerColumn[],
  rowNumber: number,
  options: ValidationOptions = {},
): RowValidation {
  const columnByField = new Map<LedgerField, LedgerColumn>();
  for (const column of columns) {
    if (column.field !== null && !columnByField.has(column.field)) columnByField.set(column.field, column);
  }
  const cellOf = (field: LedgerField): CellValue => {
    const column = columnByField.get(field);
    return column ? (cells[column.index] ?? null) : null;
  };
  if ([...columnByField.keys()].every((field) => isBlankCell(cellOf(field)))) return { problems: [] };

  const problems: RowProblem[] = [];
  const report = (field: LedgerField, code: string, problem: string) => {
    problems.push({
      row: rowNumber,
      // The problems are kept with the import as JSON, which cannot hold a NUL character either.
      column: (columnByField.get(field)?.header ?? canonicalHeaders[field]).replaceAll('\0', ''),
      problem,
      code,
    });
  };
  // PostgreSQL's text cannot hold U+0000: a cell with one (left by the program that wrote the file) is the row's
  // problem, to fix and import again, rather than a failed import.
  for (const field of columnByField.keys()) {
    if (cellToText(cellOf(field)).includes('\0'))
      report(field, 'cell_has_nul', '单元格含有空字符（0x00）：请删除后再导入');
  }
  /** The value of a field's cell, or null when the cell is empty or wrong (which is reported). */
  const read = <Value>(field: LedgerField, reader: (value: CellValue) => Reading<Value>): Value | null => {
    const cell = cellOf(field);
    if (isBlankCell(cell)) return null;
    const reading = reader(cell);
    if ('value' in reading) return reading.value;
    report(field, reading.code, reading.problem);
    return null;
  };
  const readText = (field: LedgerField): string | null => cellToText(cellOf(field)) || null;
  const today = options.today ?? new Date();

  const name = read('name', readName);
  if (isBlankCell(cellOf('name'))) report('name', 'name_missing', '缺少姓名');
  const identity = read('idNumber', (value) => readIdNumber(value, today));
  const birthDate = read('birthDate', (value) => readBirthDate(value, today));
  const sex = read('sex', readSexCell);
  if (identity && birthDate && !identity.birthDate.startsWith(birthDate.value)) {
    report('birthDate', 'birth_date_conflicts_with_id_number', '出生日期与身份证号中的出生日期不一致');
  }
  if (!identity && birthDate?.precision === 'month') {
    report('birthDate', 'birth_date_incomplete', '出生日期只写到了月：没有身份证号时，请写完整的年月日，如 1990-01-01');
  }
  if (identity && sex && sex !== identity.sex) {
    report(
      'sex',
      'sex_conflicts_with_id_number',
      `性别与身份证号不一致：身份证号表明为${identity.sex === 'male' ? '男' : '女'}`,
    );
  }
  if (name === templateExample.name && identity?.idNumber === templateExample.idNumber) {
    report('name', 'example_row', '这是模板中的示例行，请删除后再导入');
  }
  const record: LedgerRecord = {
    rowNumber,
    name: name ?? '',
    ...toPinyinFields(name),
    idNumber: identity?.idNumber ?? null,
    phone: read('phone', readPhone),
    sex: identity?.sex ?? sex,
    birthDate: identity?.birthDate ?? (birthDate?.precision === 'day' ? birthDate.value : null),
    ethnicity: readText('ethnicity'),
    residenceType: read('residenceType', readResidenceTypeCell),
    isPartyMember: read('isPartyMember', readPartyMembershipCell),
    relationToHead: read('relationToHead', (value) => ({ value: readRelation(cellToText(value)) })),
    householdNumber: readText('householdNumber'),
    address: readText('address'),
    building: readText('building'),
    unit: readText('unit'),
    room: readText('room'),
    grid: readText('grid'),
    tags: read('tags', (value) => readTagsCell(value, options.tagDefinitions ?? seededTagDefinitions)) ?? [],
    notes: readText('notes'),
  };
  return problems.length > 0 ? { problems } : { record, problems };
}

function toPinyinFields(name: string | null): { namePinyin: string; nameInitials: string } {
  if (name === null) return { namePinyin: '', nameInitials: '' };
  const pinyin = toNamePinyin(name);
  return { namePinyin: pinyin.full, nameInitials: pinyin.initials };
}

/** validatePersonName explains in English; these say the same for the user, by a word of each explanation. */
const nameProblemTranslations: readonly (readonly [RegExp, string])[] = [
  [/at most/, '姓名过长'],
  [/control character/, '姓名含有看不见的控制字符，请重新输入'],
  [/digits/, '姓名不能包含数字'],
  [/letter or character/, '姓名至少要有一个文字'],
];

function readName(value: CellValue): Reading<string> {
  const name = normalizePersonName(cellToText(value));
  const explanation = validatePersonName(name);
  if (explanation === undefined) return { value: name };
  const translation = nameProblemTranslations.find(([pattern]) => pattern.test(explanation));
  return { code: 'name_invalid', problem: translation?.[1] ?? '姓名格式不正确' };
}

const idNumberProblemMessages: Record<IdNumberProblem, string> = {
  empty: '身份证号为空',
  wrong_length: '身份证号位数不对：应为18位（1999年前发的旧证为15位）',
  bad_characters: '身份证号含有无效字符：只能是数字，最后一位可以是X',
  bad_checksum: '身份证号校验位错误：请对照证件逐位核对',
  bad_birth_date: '身份证号中的出生日期不存在',
  future_birth_date: '身份证号中的出生日期晚于今天',
  not_recoverable: '身份证号被表格存成了数字，末尾几位已经丢失：请把该列设置为“文本”格式，再重新输入完整号码',
};

type Identity = { idNumber: string; birthDate: string; sex: Sex };

/**
 * A number, rather than text, is what the sheet holds when the column was not formatted as text; parseIdNumber
 * accepts it only when no digit can have been lost, and never guesses the rest.
 */
function readIdNumber(value: CellValue, today: Date): Reading<Identity> {
  const parsed = parseIdNumber(typeof value === 'number' ? value : cellToText(value), today);
  if (!parsed.ok) return { code: `id_number_${parsed.problem}`, problem: idNumberProblemMessages[parsed.problem] };
  return { value: { idNumber: parsed.idNumber, birthDate: parsed.birthDate, sex: parsed.sex } };
}

function readBirthDate(value: CellValue, today: Date): Reading<LedgerDate> {
  const date = readLedgerDate(value);
  if (!date) return { code: 'birth_date_unrecognised', problem: '出生日期无法识别：请写成 1990-01-01 的形式' };
  if (date.value > chinaDate(today)) return { code: 'birth_date_in_future', problem: '出生日期晚于今天' };
  return { value: date };
}

function readSexCell(value: CellValue): Reading<Sex> {
  const text = cellToText(value);
  const sex = readSex(text);
  return sex ? { value: sex } : { code: 'sex_unrecognised', problem: `性别无法识别：“${text}”，应为男或女` };
}

/** A phone typed into a cell formatted as a number arrives as a number, which loses nothing for a mobile. */
function readPhone(value: CellValue): Reading<string> {
  const phone = normalizePhone(cellToText(value));
  if (isValidPhone(phone)) return { value: phone };
  return { code: 'phone_invalid', problem: '联系电话格式不正确：应为11位手机号，或带区号的固定电话' };
}

function readResidenceTypeCell(value: CellValue): Reading<ResidenceType> {
  const text = cellToText(value);
  const residenceType = readResidenceType(text);
  if (residenceType) return { value: residenceType };
  return {
    code: 'residence_type_unrecognised',
    problem: `人员类型无法识别：“${text}”，应为户籍人口、常住人口或流动人口`,
  };
}

/** A checkbox column gives TRUE or FALSE; 政治面貌 and 是否党员 give words. */
function readPartyMembershipCell(value: CellValue): Reading<boolean> {
  if (typeof value === 'boolean') return { value };
  const text = cellToText(value);
  const isPartyMember = readPartyMembership(text);
  if (isPartyMember !== undefined) return { value: isPartyMember };
  return {
    code: 'party_membership_unrecognised',
    problem: `政治面貌无法识别：“${text}”，应为中共党员、中共预备党员、共青团员、群众等，或填是/否`,
  };
}

function readTagsCell(value: CellValue, definitions: readonly TagDefinition[]): Reading<string[]> {
  const { codes, unknown } = readTags(cellToText(value), definitions);
  if (unknown.length === 0) return { value: codes };
  return { code: 'tag_unknown', problem: `未知的人群标签：${unknown.join('、')}（多个标签请用顿号分隔）` };
}
