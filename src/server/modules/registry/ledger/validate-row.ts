import { parseIdNumber } from '../../../../shared/id-number.js';
import { chinaDate } from '../../../../shared/clock.js';
import { normalizePersonName, toNamePinyin, validatePersonName } from '../../../../shared/person-name.js';
import { isValidPhone, normalizePhone } from '../../../../shared/phone.js';
import type { LedgerProblem } from '../../../../shared/api/registry-import.js';
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

/** A problem of a cell, before it is placed at its row and column: its code and params. */
export type CellProblem = LedgerProblem extends infer Problem
  ? Problem extends LedgerProblem
    ? Omit<Problem, 'row' | 'column'>
    : never
  : never;

export type RowValidation = { record?: LedgerRecord; problems: LedgerProblem[] };

export type ValidationOptions = {
  /** The rows of `tag_definitions`; the seeded tags when left out. */
  tagDefinitions?: readonly TagDefinition[];
  /** For tests: the day after which no one can be born. */
  today?: Date;
};

/** What reading one cell gives: a value, or what is wrong with the cell. */
type Reading<Value> = { value: Value } | { problem: CellProblem };

/**
 * Checks one data row and turns it into a record. A row with any problem gives no record, so that it is fixed
 * and imported again rather than stored half right; a row whose mapped cells are all empty gives neither record
 * nor problems. Params do not repeat ID numbers, phones or birth dates: the problem list is kept with the import.
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

  const problems: LedgerProblem[] = [];
  const report = (field: LedgerField, problem: CellProblem) => {
    problems.push({
      row: rowNumber,
      // The problems are kept with the import as JSON, which cannot hold a NUL character either.
      column: (columnByField.get(field)?.header ?? canonicalHeaders[field]).replaceAll('\0', ''),
      ...problem,
    });
  };
  // PostgreSQL's text cannot hold U+0000: a cell with one (left by the program that wrote the file) is the row's
  // problem, to fix and import again, rather than a failed import.
  for (const field of columnByField.keys()) {
    if (cellToText(cellOf(field)).includes('\0')) report(field, { code: 'cell_has_nul', params: {} });
  }
  /** The value of a field's cell, or null when the cell is empty or wrong (which is reported). */
  const read = <Value>(field: LedgerField, reader: (value: CellValue) => Reading<Value>): Value | null => {
    const cell = cellOf(field);
    if (isBlankCell(cell)) return null;
    const reading = reader(cell);
    if ('value' in reading) return reading.value;
    report(field, reading.problem);
    return null;
  };
  const readText = (field: LedgerField): string | null => cellToText(cellOf(field)) || null;
  const today = options.today ?? new Date();

  const name = read('name', readName);
  if (isBlankCell(cellOf('name'))) report('name', { code: 'name_missing', params: {} });
  const identity = read('idNumber', (value) => readIdNumber(value, today));
  const birthDate = read('birthDate', (value) => readBirthDate(value, today));
  const sex = read('sex', readSexCell);
  if (identity && birthDate && !identity.birthDate.startsWith(birthDate.value)) {
    report('birthDate', { code: 'birth_date_conflicts_with_id_number', params: {} });
  }
  if (!identity && birthDate?.precision === 'month') {
    report('birthDate', { code: 'birth_date_incomplete', params: {} });
  }
  if (identity && sex && sex !== identity.sex) {
    report('sex', { code: 'sex_conflicts_with_id_number', params: { sexOfIdNumber: identity.sex } });
  }
  if (name === templateExample.name && identity?.idNumber === templateExample.idNumber) {
    report('name', { code: 'example_row', params: {} });
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

function readName(value: CellValue): Reading<string> {
  const name = normalizePersonName(cellToText(value));
  const problem = validatePersonName(name);
  if (problem === undefined) return { value: name };
  // An empty name is caught as name_missing before; 'other' keeps the type whole.
  const reason = problem.reason === 'empty' ? 'other' : problem.reason;
  return { problem: { code: 'name_invalid', params: { reason } } };
}

type Identity = { idNumber: string; birthDate: string; sex: Sex };

/**
 * A number, rather than text, is what the sheet holds when the column was not formatted as text; parseIdNumber
 * accepts it only when no digit can have been lost, and never guesses the rest.
 */
function readIdNumber(value: CellValue, today: Date): Reading<Identity> {
  const parsed = parseIdNumber(typeof value === 'number' ? value : cellToText(value), today);
  if (!parsed.ok) return { problem: { code: `id_number_${parsed.problem}`, params: {} } };
  return { value: { idNumber: parsed.idNumber, birthDate: parsed.birthDate, sex: parsed.sex } };
}

function readBirthDate(value: CellValue, today: Date): Reading<LedgerDate> {
  const date = readLedgerDate(value);
  if (!date) return { problem: { code: 'birth_date_unrecognised', params: {} } };
  if (date.value > chinaDate(today)) return { problem: { code: 'birth_date_in_future', params: {} } };
  return { value: date };
}

function readSexCell(value: CellValue): Reading<Sex> {
  const text = cellToText(value);
  const sex = readSex(text);
  return sex ? { value: sex } : { problem: { code: 'sex_unrecognised', params: { text } } };
}

/** A phone typed into a cell formatted as a number arrives as a number, which loses nothing for a mobile. */
function readPhone(value: CellValue): Reading<string> {
  const phone = normalizePhone(cellToText(value));
  if (isValidPhone(phone)) return { value: phone };
  return { problem: { code: 'phone_invalid', params: {} } };
}

function readResidenceTypeCell(value: CellValue): Reading<ResidenceType> {
  const text = cellToText(value);
  const residenceType = readResidenceType(text);
  if (residenceType) return { value: residenceType };
  return { problem: { code: 'residence_type_unrecognised', params: { text } } };
}

/** A checkbox column gives TRUE or FALSE; 政治面貌 and 是否党员 give words. */
function readPartyMembershipCell(value: CellValue): Reading<boolean> {
  if (typeof value === 'boolean') return { value };
  const text = cellToText(value);
  const isPartyMember = readPartyMembership(text);
  if (isPartyMember !== undefined) return { value: isPartyMember };
  return { problem: { code: 'party_membership_unrecognised', params: { text } } };
}

function readTagsCell(value: CellValue, definitions: readonly TagDefinition[]): Reading<string[]> {
  const { codes, unknown } = readTags(cellToText(value), definitions);
  if (unknown.length === 0) return { value: codes };
  return { problem: { code: 'tag_unknown', params: { tags: unknown } } };
}
