import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from '../modules/registry/ledger/exceljs.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIdNumber } from '../../shared/id-number.js';
import { normalizePersonName, toNamePinyin, validatePersonName } from '../../shared/person-name.js';
import { isValidPhone } from '../../shared/phone.js';
import { placeKinds } from '../../shared/registry.js';
import { generateCounty, type DemoCounty } from './demo-county.js';
import { ageOf, parentGap } from './household-plans.js';
import { ledgerHeaders, personLayout, writeCopyCsv, writeLedgerCsv, writeLedgerXlsx } from './ledger-files.js';
import {
  generatePopulation,
  householdTagCodes,
  personTagCodes,
  populationReferenceDate,
  populationTotals,
  type PersonRow,
  type Population,
} from './population.js';

const townCounty = generateCounty({ scale: 'town' });
const town = generatePopulation(townCounty);
let countyCounty: DemoCounty;
let county: Population;

beforeAll(() => {
  countyCounty = generateCounty({ scale: 'county' });
  county = generatePopulation(countyCounty);
});

function birthYear(person: PersonRow): number {
  return Number(person.birthDate!.slice(0, 4));
}

function ageOfPerson(person: PersonRow): number {
  return ageOf(birthYear(person));
}

function groupBy<Row>(rows: readonly Row[], key: (row: Row) => string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const group = groups.get(key(row)) ?? [];
    group.push(row);
    groups.set(key(row), group);
  }
  return groups;
}

function share(part: number, whole: number): number {
  return part / whole;
}

describe('generatePopulation', () => {
  it('gives the same population, ids included, for the same seed, and another for another seed', () => {
    expect(generatePopulation(generateCounty({ scale: 'town', seed: 1 }))).toEqual(town);
    const other = generatePopulation(generateCounty({ scale: 'town', seed: 2 }));
    expect(other.persons.slice(0, 20).map((person) => person.idNumber)).not.toEqual(
      town.persons.slice(0, 20).map((person) => person.idNumber),
    );
  });

  it('leaves the rest of the demo county as it was', () => {
    expect(generateCounty({ scale: 'town' })).toEqual(townCounty);
  });

  it('gives the town about 80 households a grid, and the county exactly the totals of [004]', () => {
    expect(town.households).toHaveLength(populationTotals.town.households);
    expect(town.persons).toHaveLength(populationTotals.town.persons);
    expect(town.households.length / 60).toBe(80);
    expect(county.households).toHaveLength(160_800);
    expect(county.persons).toHaveLength(438_800);
    // Unevenly: the smallest grid has clearly fewer households than the largest.
    const perGrid = [...groupBy(county.households, (household) => household.regionCode).values()].map(
      (rows) => rows.length,
    );
    expect(perGrid).toHaveLength(358);
    expect(Math.max(...perGrid) / Math.min(...perGrid)).toBeGreaterThan(1.5);
  });

  it('issues valid, unique ID numbers of the county that agree with birth date and sex', () => {
    const today = new Date(`${populationReferenceDate}T12:00:00`);
    for (const [demo, population] of [
      [townCounty, town],
      [countyCounty, county],
    ] as const) {
      // One expectation over all rows: half a million `expect` calls would take longer than the checks.
      const disagreeing = population.persons.filter((person) => {
        const parsed = parseIdNumber(person.idNumber!, today);
        return (
          !parsed.ok ||
          parsed.idNumber !== person.idNumber ||
          parsed.divisionCode !== demo.territory.county.code ||
          parsed.birthDate !== person.birthDate ||
          parsed.sex !== person.sex
        );
      });
      expect(disagreeing).toEqual([]);
      expect(new Set(population.persons.map((person) => person.idNumber)).size).toBe(population.persons.length);
    }
  });

  it('puts every person in one household with one adult head, and ages that fit the relations', () => {
    for (const population of [town, county]) {
      const members = groupBy(population.persons, (person) => person.householdId!);
      expect(members.size).toBe(population.households.length);
      const problems: string[] = [];
      for (const household of population.households) {
        const rows = members.get(household.id!)!;
        const heads = rows.filter((person) => person.relationToHead === 'head');
        const head = heads[0]!;
        if (rows.length > 6 || heads.length !== 1 || head.id !== household.headPersonId || ageOfPerson(head) < 18) {
          problems.push(`${household.address}: ${rows.length} members, ${heads.length} heads`);
          continue;
        }
        for (const person of rows) {
          if (person.regionId !== household.regionId || person.regionCode !== household.regionCode) {
            problems.push(`${person.name} is not in the grid of ${household.address}`);
          }
          const gap = birthYear(person) - birthYear(head);
          const fits =
            person.relationToHead === 'child'
              ? gap >= parentGap.minimum && gap <= parentGap.maximum
              : person.relationToHead === 'parent'
                ? -gap >= parentGap.minimum && -gap <= parentGap.maximum
                : person.relationToHead === 'grandchild'
                  ? gap >= 2 * parentGap.minimum
                  : person.relationToHead === 'spouse'
                    ? person.sex !== head.sex
                    : true;
          if (!fits) problems.push(`${person.relationToHead} born ${person.birthDate}, head born ${head.birthDate}`);
        }
      }
      expect(problems).toEqual([]);
    }
  });

  it('averages about 2.73 persons a household, in households of one to six', () => {
    const sizes = [...groupBy(county.persons, (person) => person.householdId!).values()].map((rows) => rows.length);
    expect(county.persons.length / county.households.length).toBeCloseTo(438_800 / 160_800, 10);
    for (let size = 1; size <= 6; size++) expect(sizes.filter((count) => count === size).length).toBeGreaterThan(0);
  });

  it('gives names the registry accepts, with their pinyin, a few minority and rare-character names among them', () => {
    const badNames = town.persons.filter((person) => {
      const pinyin = toNamePinyin(person.name);
      return (
        validatePersonName(person.name) !== undefined ||
        normalizePersonName(person.name) !== person.name ||
        person.namePinyin !== pinyin.full ||
        person.nameInitials !== pinyin.initials
      );
    });
    expect(badNames).toEqual([]);
    const dotted = county.persons.filter((person) => person.name.includes('·'));
    expect(share(dotted.length, county.persons.length)).toBeGreaterThan(0.003);
    expect(share(dotted.length, county.persons.length)).toBeLessThan(0.008);
    expect(dotted.every((person) => person.ethnicity === '维吾尔族' || person.ethnicity === null)).toBe(true);
    expect(county.persons.some((person) => [...person.name].some((character) => character.length === 2))).toBe(true);
  });

  it('gives most adults and no children a valid phone, and leaves some records incomplete', () => {
    for (const population of [town, county]) {
      const adults = population.persons.filter((person) => ageOfPerson(person) >= 18);
      const withPhone = adults.filter((person) => person.phone);
      expect(share(withPhone.length, adults.length)).toBeGreaterThan(0.8);
      expect(share(withPhone.length, adults.length)).toBeLessThan(0.9);
      expect(withPhone.every((person) => isValidPhone(person.phone!))).toBe(true);
      expect(population.persons.some((person) => ageOfPerson(person) < 18 && person.phone)).toBe(false);
      const withoutEthnicity = population.persons.filter((person) => person.ethnicity === null).length;
      expect(share(withoutEthnicity, population.persons.length)).toBeGreaterThan(0.01);
      expect(share(withoutEthnicity, population.persons.length)).toBeLessThan(0.06);
      const han = population.persons.filter((person) => person.ethnicity === '汉族').length;
      expect(share(han, population.persons.length)).toBeGreaterThan(0.9);
    }
  });

  it('registers most people where they live, some as residents or floating, and about 8 % party members', () => {
    const count = (type: string | null) => county.persons.filter((person) => person.residenceType === type).length;
    expect(share(count('registered'), county.persons.length)).toBeGreaterThan(0.65);
    expect(share(count('resident'), county.persons.length)).toBeGreaterThan(0.05);
    expect(share(count('floating'), county.persons.length)).toBeGreaterThan(0.05);
    const members = county.persons.filter((person) => person.isPartyMember);
    expect(share(members.length, county.persons.length)).toBeGreaterThan(0.07);
    expect(share(members.length, county.persons.length)).toBeLessThan(0.09);
    expect(members.every((person) => ageOfPerson(person) >= 18)).toBe(true);
  });

  it('tags people and households at realistic rates, and only where the tag fits', () => {
    const byId = new Map(county.persons.map((person) => [person.id, person]));
    const sizeOf = new Map(
      [...groupBy(county.persons, (person) => person.householdId!)].map(([id, rows]) => [id, rows.length]),
    );
    const personRate = (code: string) =>
      share(county.personTags.filter((row) => row.tagCode === code).length, county.persons.length);
    const householdRate = (code: string) =>
      share(county.householdTags.filter((row) => row.tagCode === code).length, county.households.length);

    expect(householdRate('minimum_allowance')).toBeGreaterThan(0.015);
    expect(householdRate('minimum_allowance')).toBeLessThan(0.025);
    expect(personRate('disabled')).toBeGreaterThan(0.012);
    expect(personRate('disabled')).toBeLessThan(0.018);
    expect(personRate('veteran')).toBeGreaterThan(0.007);
    expect(personRate('veteran')).toBeLessThan(0.013);
    expect(personRate('elderly_alone')).toBeGreaterThan(0.01);
    expect(personRate('left_behind_child')).toBeGreaterThan(0.002);

    const misplaced = county.personTags.filter((row) => {
      const person = byId.get(row.personId)!;
      if (!(personTagCodes as readonly string[]).includes(row.tagCode)) return true;
      if (row.tagCode === 'elderly_alone') return ageOfPerson(person) <= 70 || sizeOf.get(person.householdId!) !== 1;
      return row.tagCode === 'left_behind_child' && ageOfPerson(person) >= 16;
    });
    expect(misplaced).toEqual([]);
    expect(county.householdTags.every((row) => (householdTagCodes as readonly string[]).includes(row.tagCode))).toBe(
      true,
    );
    const tagKeys = county.personTags.map((row) => `${row.personId} ${row.tagCode}`);
    expect(new Set(tagKeys).size).toBe(tagKeys.length);
  });

  it('gives every household an address of its region kind, unique within its grid', () => {
    for (const population of [town, county]) {
      for (const rows of groupBy(population.households, (household) => household.regionId).values()) {
        expect(new Set(rows.map((household) => household.address)).size).toBe(rows.length);
      }
      const misshapen = population.households.filter((household) =>
        household.building
          ? !/^\p{Script=Han}+社区\d+号楼\d+单元\d+室$/u.test(household.address) ||
            !household.address.endsWith(`${household.building}号楼${household.unit}单元${household.room}室`)
          : !/^\p{Script=Han}+村\d+组\d+号$/u.test(household.address),
      );
      expect(misshapen).toEqual([]);
    }
    expect(town.households.some((household) => household.building === null)).toBe(true);
  });

  it('lists a few places in every grid, with contacts where known', () => {
    for (const [demo, population] of [
      [townCounty, town],
      [countyCounty, county],
    ] as const) {
      const grids = demo.regions.filter((region) => region.level === 'grid');
      const placesByGrid = groupBy(population.places, (place) => place.regionId);
      expect(grids.every((grid) => (placesByGrid.get(grid.id!)?.length ?? 0) >= 3)).toBe(true);
      const badPlaces = population.places.filter(
        (place) =>
          !placeKinds.includes(place.kind) ||
          place.name === '' ||
          (place.contactPhone && !isValidPhone(place.contactPhone)),
      );
      expect(badPlaces).toEqual([]);
    }
  });
});

describe('ledger files', () => {
  let folder: string;

  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-ledger-'));
  });

  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('writes a CSV ledger that reads back with its Chinese headers, one row a person', async () => {
    const file = path.join(folder, 'ledger.csv');
    await writeLedgerCsv(town.persons, town.households, townCounty.regions, file, town);
    const content = fs.readFileSync(file);
    expect(content.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records = parse(content, { bom: true }) as string[][];
    expect(records[0]).toEqual([...ledgerHeaders]);
    expect(records).toHaveLength(town.persons.length + 1);

    const column = (header: string) => ledgerHeaders.indexOf(header as (typeof ledgerHeaders)[number]);
    const [first] = town.persons;
    const firstRow = records[1]!;
    expect(firstRow[column('姓名')]).toBe(first!.name);
    expect(firstRow[column('身份证号码')]).toBe(first!.idNumber);
    expect(firstRow[column('与户主关系')]).toBe('户主');
    expect(firstRow[column('所属网格')]).toBe(first!.regionCode);
    expect(new Set(records.slice(1).map((row) => row[column('户号')])).size).toBe(town.households.length);

    const disabled = new Set(town.personTags.filter((row) => row.tagCode === 'disabled').map((row) => row.personId));
    const taggedRows = town.persons.flatMap((person, index) => (disabled.has(person.id!) ? [records[index + 1]!] : []));
    expect(taggedRows.every((row) => row[column('特殊人群')]!.split('、').includes('残疾人'))).toBe(true);
    const words = (header: string) => new Set(records.slice(1).map((row) => row[column(header)]));
    expect(words('人员类型')).toEqual(new Set(['户籍人口', '常住人口', '流动人口', '']));
    expect(words('政治面貌')).toEqual(new Set(['中共党员', '群众']));
  });

  it('writes an .xlsx ledger with a title row and the ID numbers as text', async () => {
    const file = path.join(folder, 'ledger.xlsx');
    await writeLedgerXlsx(town.persons.slice(0, 500), town.households, townCounty.regions, file, town);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const worksheet = workbook.worksheets[0]!;
    expect(worksheet.getRow(2).values).toEqual([undefined, ...ledgerHeaders]);
    expect(worksheet.rowCount).toBe(502);
    const idCell = worksheet.getRow(3).getCell(ledgerHeaders.indexOf('身份证号码') + 1);
    expect(idCell.value).toBe(town.persons[0]!.idNumber);
    expect(idCell.numFmt).toBe('@');
  });

  it('writes the persons in table column order for COPY, telling NULL from an empty text', async () => {
    const file = path.join(folder, 'persons.copy.csv');
    await writeCopyCsv(town.persons, file);
    const records = parse(fs.readFileSync(file), { quote: '"' }) as string[][];
    expect(records).toHaveLength(town.persons.length);
    expect(personLayout.columnNames.slice(0, 3)).toEqual(['county_id', 'id', 'household_id']);
    expect(records.every((record) => record.length === personLayout.columnNames.length)).toBe(true);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const notesIndex = personLayout.columnNames.indexOf('notes');
    // The notes of the first person are empty text ("") and the import key is NULL (nothing).
    expect(lines[0]!.endsWith(town.persons[0]!.notes === '' ? ',"",' : ',')).toBe(true);
    expect(records[0]![notesIndex]).toBe(town.persons[0]!.notes);
  });
});
