import ExcelJS from '../src/server/modules/registry/ledger/exceljs.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { registryImports } from '../src/server/db/schema/index.js';
import type { ImportEvent, ImportRecord, LedgerPreview as Preview } from '../src/shared/api/registry-import.js';
import { computeIdNumberCheckCharacter } from '../src/shared/id-number.js';
import { makeIdNumber, toldInChinese, withWrongCheck } from './registry-fixtures.js';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A ledger as clerks really send them: a merged title, a blank row, headers with other names, an ID stored as a
 * number, one in scientific notation, a full-width one with a lower-case x, a typo in a check digit, an unknown
 * tag, a 15-digit legacy number, a blank row in the data, and a formula-like note.
 */
async function buildUglyLedger(ids: { valid: string; fullWidth: string; legacyBody: string; typo: string }) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('居民');
  sheet.addRow(['北苑社区第1网格居民信息台账（2026年）']);
  sheet.mergeCells('A1:G1');
  sheet.addRow([]);
  sheet.addRow(['序号', '名字', '公民身份号码', '手机号码', '住址', '与户主关系', '特殊人群', '备注']);
  const toFullWidth = (text: string) =>
    text.replace(/[0-9x]/gi, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0));
  sheet.addRow([1, '周一', ids.valid, '13900001111', '导入小区1号楼101室', '户主', '低保', '=HYPERLINK("http://x")']);
  // What Excel keeps of an 18-digit ID typed into a number cell: a double, the last digits lost.
  sheet.addRow([2, '周二', Number('110105194912310021'), '13900002222', '导入小区1号楼101室', '配偶', '', '']);
  sheet.addRow([3, '周三', '1.10105E+17', '', '导入小区1号楼102室', '户主', '', '']);
  sheet.addRow([]);
  sheet.addRow([
    4,
    '周四',
    toFullWidth(ids.fullWidth.toLowerCase()),
    '',
    '导入小区1号楼102室',
    '配偶',
    '独居老人、退役军人',
    '',
  ]);
  sheet.addRow([5, '周五', ids.typo, '', '导入小区1号楼103室', '户主', '', '']);
  sheet.addRow([6, '周六', '', '', '导入小区1号楼103室', '子女', '外星人', '']);
  sheet.addRow([7, '周日', ids.legacyBody, '', '导入小区1号楼103室', '户主', '', '']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The rows of an .xlsx answer's first worksheet, each as its cells' values. */
async function reportRows(content: unknown): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as ExcelJS.Buffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/** Runs an import and answers its events (one JSON line each); the last one is the result. */
async function runImport(agent: Agent, uploadId: string): Promise<ImportEvent[]> {
  const response = await agent.post('/api/v1/registry/imports', { uploadId });
  expectStatus(response, 200);
  expect(response.headers['content-type']).toContain('application/x-ndjson');
  return response.body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ImportEvent);
}

describe('registry ledgers: preview, import, report, export', () => {
  let test: TestApp;
  let world: DemoWorld;
  let member: Agent;
  let ledger: Buffer;
  const ids = {
    valid: makeIdNumber('1970-01-01'),
    fullWidth: makeIdNumber('1950-02-02', 'female'),
    legacyBody: '110105850303025',
    typo: withWrongCheck(makeIdNumber('1960-06-06')),
  };

  const upload = (content: Buffer, fileName = 'ledger.xlsx', regionId = world.memberGrid.id) =>
    member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${regionId}&fileName=${encodeURIComponent(fileName)}`,
      content,
      {
        'content-type': xlsxType,
      },
    );

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    ({ member } = await signInAll(test.app, ['member'] as const));
    ledger = await buildUglyLedger(ids);
  });

  afterAll(async () => {
    await test?.close();
  });

  it('finds the header under the title, maps the varying headers and reports each bad row', async () => {
    const response = await upload(ledger);
    expectStatus(response, 200);
    const preview = response.json<Preview>();
    expect(preview.headerRowNumber).toBe(3);
    expect(Object.fromEntries(preview.columns.map((column) => [column.header, column.field]))).toMatchObject({
      序号: null,
      名字: 'name',
      公民身份号码: 'idNumber',
      手机号码: 'phone',
      住址: 'address',
      与户主关系: 'relationToHead',
      特殊人群: 'tags',
    });
    expect(preview.totalRows).toBe(7);
    expect(preview.validRows).toBe(3);
    const codesByRow = preview.problems.map((problem) => [problem.row, problem.column, problem.code]);
    expect(codesByRow).toEqual([
      [5, '公民身份号码', expect.stringMatching(/not_recoverable/)],
      [6, '公民身份号码', expect.stringMatching(/not_recoverable/)],
      [9, '公民身份号码', expect.stringMatching(/checksum/)],
      [10, '特殊人群', expect.stringMatching(/tag/)],
    ]);
  });

  it('imports the valid rows once: a second upload of the same sheet changes nothing', async () => {
    const first = (await upload(ledger)).json<Preview>();
    const events = await runImport(member, first.uploadId);
    expect(events[0]).toMatchObject({ status: 'running', processedRows: 0, totalRows: 7 });
    expect(events.at(-1)).toMatchObject({
      status: 'done',
      totalRows: 7,
      inserted: 3,
      updated: 0,
      unchanged: 0,
      errorRows: 4,
    });
    expect(new Set(events.map((event) => event.importId)).size).toBe(1);

    const converted = (await member.get(`/api/v1/persons?q=${ids.fullWidth.slice(-6)}`)).json<{
      items: { name: string; tags: string[]; householdAddress: string }[];
    }>();
    expect(converted.items).toEqual([
      expect.objectContaining({
        name: '周四',
        householdAddress: '导入小区1号楼102室',
        tags: ['elderly_alone', 'veteran'],
      }),
    ]);

    const second = (await upload(ledger)).json<Preview>();
    const repeated = (await runImport(member, second.uploadId)).at(-1);
    expect(repeated).toMatchObject({ status: 'done', inserted: 0, updated: 0, unchanged: 3 });
    expectError(await member.post('/api/v1/registry/imports', { uploadId: second.uploadId }), 404, 'import_not_found');
    const households = (await member.get('/api/v1/households?q=导入小区')).json<{
      items: { address: string; memberCount: number }[];
    }>();
    expect(households.items.map((household) => [household.address, household.memberCount])).toEqual([
      ['导入小区1号楼101室', 1],
      ['导入小区1号楼102室', 1],
      ['导入小区1号楼103室', 1],
    ]);
    const legacy = (await member.get('/api/v1/persons?q=周日')).json<{
      items: { idNumber: string; birthDate: string }[];
    }>();
    expect(legacy.items).toEqual([
      expect.objectContaining({
        idNumber: '110105********025' + computeIdNumberCheckCharacter('11010519850303025'),
        birthDate: '1985-03-03',
      }),
    ]);
  });

  it('gives the problems as a downloadable .xlsx report', async () => {
    const preview = (await upload(ledger)).json<Preview>();
    const { importId } = (await runImport(member, preview.uploadId)).at(-1)!;
    const record = (await member.get(`/api/v1/registry/imports/${importId}`)).json<ImportRecord>();
    expect(record).toMatchObject({
      errorRows: 4,
      problems: expect.arrayContaining([expect.objectContaining({ row: 5 })]),
    });
    // Kept as codes and params, in no language: the reader's language tells them.
    expect(record.problems).toContainEqual({
      row: 10,
      column: '特殊人群',
      code: 'tag_unknown',
      params: { tags: ['外星人'] },
    });
    const report = await member.get(`/api/v1/registry/imports/${importId}/report`);
    expectStatus(report, 200);
    expect(report.headers['content-type']).toBe(xlsxType);
    const rows = await reportRows(report.rawPayload);
    expect(rows).toContainEqual(['行号', '列', '问题']);
    expect(rows.filter((row) => typeof row[0] === 'number').map((row) => row[0])).toEqual([5, 6, 9, 10]);
    expect(rows).toContainEqual([10, '特殊人群', '未知的人群标签：外星人（多个标签请用顿号分隔）']);

    // The console says which language it shows; the same problems then read in English.
    const english = await member.request('GET', `/api/v1/registry/imports/${importId}/report`, undefined, {
      'accept-language': 'en',
    });
    expectStatus(english, 200);
    expect(english.headers['content-disposition']).toContain(encodeURIComponent('-import-problems.xlsx'));
    const englishRows = await reportRows(english.rawPayload);
    expect(englishRows).toContainEqual(['Row', 'Column', 'Problem']);
    expect(englishRows).toContainEqual([10, '特殊人群', 'Unknown group tags: 外星人 (separate several tags with 、).']);
    expect(englishRows.filter((row) => typeof row[0] === 'number').map((row) => row[0])).toEqual([5, 6, 9, 10]);
  });

  it('shows the problems an import kept as sentences, before problems carried codes, as they were kept', async () => {
    const preview = (await upload(ledger)).json<Preview>();
    const { importId } = (await runImport(member, preview.uploadId)).at(-1)!;
    const kept = [{ row: 5, column: '公民身份号码', problem: '身份证号校验位错误：请对照证件逐位核对' }];
    await test.db.update(registryImports).set({ problems: kept }).where(eq(registryImports.id, importId));

    const record = (await member.get(`/api/v1/registry/imports/${importId}`)).json<ImportRecord>();
    expect(record.problems).toEqual([
      { row: 5, column: '公民身份号码', code: 'legacy_sentence', params: { text: kept[0]!.problem } },
    ]);
    expect(toldInChinese(record.problems)).toEqual([{ ...kept[0], code: 'legacy_sentence' }]);
    const report = await member.request('GET', `/api/v1/registry/imports/${importId}/report`, undefined, {
      'accept-language': 'en',
    });
    expect(await reportRows(report.rawPayload)).toContainEqual([5, '公民身份号码', kept[0]!.problem]);
  });

  it('exports the list as a masked ledger with Chinese headers and neutralised formulas', async () => {
    const exported = await member.get(
      `/api/v1/registry/export?regionId=${world.memberGrid.id}&q=${encodeURIComponent('周一')}`,
    );
    expectStatus(exported, 200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ExcelJS.Buffer);
    const rows: unknown[][] = [];
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows.find((row) => row.includes('姓名'))!;
    expect(header).toEqual(expect.arrayContaining(['姓名', '身份证号', '联系电话', '特殊人群', '备注']));
    const data = rows.find((row) => row.includes('周一'))!;
    expect(data[header.indexOf('身份证号')]).toBe(`${ids.valid.slice(0, 6)}********${ids.valid.slice(-4)}`);
    expect(data[header.indexOf('联系电话')]).toBe('139****1111');
    expect(data[header.indexOf('备注')]).toBe(`'=HYPERLINK("http://x")`);
  });

  it('sets each new household’s head and leaves a person registered in another grid alone', async () => {
    const households = (await member.get('/api/v1/households?q=导入小区1号楼10')).json<{
      items: { address: string; headName: string | null }[];
    }>();
    expect(households.items.map((household) => [household.address, household.headName])).toEqual([
      ['导入小区1号楼101室', '周一'],
      ['导入小区1号楼102室', null],
      ['导入小区1号楼103室', '周日'],
    ]);

    const { member2 } = await signInAll(test.app, ['member2'] as const);
    const sheet = `姓名,身份证号码,住址\n冒名,${ids.valid},别处小区1号\n`;
    const preview = await member2.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.otherGrid.id}&fileName=a.csv`,
      sheet,
      {
        'content-type': 'text/csv',
      },
    );
    expect(preview.json<Preview>().problems.map((problem) => problem.code)).toEqual(['registered_elsewhere']);
    const result = (await runImport(member2, preview.json<Preview>().uploadId)).at(-1);
    expect(result).toMatchObject({ status: 'done', inserted: 0, updated: 0, errorRows: 1 });
    const untouched = (await member.get(`/api/v1/persons?q=${ids.valid.slice(-6)}`)).json<{
      items: { name: string; regionId: string }[];
    }>();
    expect(untouched.items).toEqual([expect.objectContaining({ name: '周一', regionId: world.memberGrid.id })]);
  });

  it('keeps a household whole across two write batches, and moves a person a later sheet gives a new address', async () => {
    const head = makeIdNumber('1966-06-16');
    const spouse = makeIdNumber('1968-08-18', 'female');
    // Rows are written 5,000 at a time: the household's head closes the first batch, the spouse opens the second.
    const fillers = Array.from({ length: 4999 }, (_, index) => `填充,,填充小区${index + 1}号,户主`);
    const sheet = [
      '姓名,身份证号码,住址,与户主关系',
      ...fillers,
      `跨批,${head},跨批小区1号,户主`,
      `跨批妻,${spouse},跨批小区1号,配偶`,
    ];
    const importSheet = async (lines: string[]) => {
      const preview = await member.request(
        'POST',
        `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=big.csv`,
        lines.join('\n'),
        { 'content-type': 'text/csv' },
      );
      return (await runImport(member, preview.json<Preview>().uploadId)).at(-1);
    };
    expect(await importSheet(sheet)).toMatchObject({ status: 'done', inserted: 5001, errorRows: 0 });
    const addresses = async () =>
      (await member.get('/api/v1/households?q=跨批小区'))
        .json<{
          items: { address: string; memberCount: number; headName: string | null }[];
        }>()
        .items.map((household) => [household.address, household.memberCount, household.headName]);
    expect(await addresses()).toEqual([['跨批小区1号', 2, '跨批']]);

    const moved = await importSheet(['姓名,身份证号码,住址,与户主关系', `跨批妻,${spouse},跨批小区2号,户主`]);
    expect(moved).toMatchObject({ status: 'done', inserted: 0, updated: 1 });
    expect(await addresses()).toEqual([
      ['跨批小区1号', 1, '跨批'],
      ['跨批小区2号', 1, '跨批妻'],
    ]);
  });

  it('checks a pending upload again with the user’s column mapping, and imports it as checked', async () => {
    // Two phone columns: the first (detected) holds words, the numbers are in the second.
    const people = [makeIdNumber('1971-07-07'), makeIdNumber('1972-08-08')];
    const sheet = [
      '姓名,身份证号码,联系电话,手机',
      `复核甲,${people[0]},无,13900007771`,
      `复核乙,${people[1]},见备注,13900007772`,
    ].join('\n');
    const uploaded = await member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=phones.csv`,
      sheet,
      { 'content-type': 'text/csv' },
    );
    const detected = uploaded.json<Preview>();
    expect(detected.problems.map((problem) => [problem.row, problem.column, problem.code])).toEqual([
      [2, '联系电话', 'phone_invalid'],
      [3, '联系电话', 'phone_invalid'],
    ]);
    const recheck = (overrides: Record<string, string | null>) =>
      member.post(`/api/v1/registry/imports/${detected.uploadId}/preview`, { overrides });

    const remapped = await recheck({ 3: 'phone' });
    expectStatus(remapped, 200);
    expect(remapped.json<Preview>()).toMatchObject({ uploadId: detected.uploadId, validRows: 2, errorRows: 0 });
    expect(remapped.json<Preview>().problems).toEqual([]);
    expect(
      Object.fromEntries(remapped.json<Preview>().columns.map((column) => [column.header, column.field])),
    ).toMatchObject({ 联系电话: null, 手机: 'phone' });
    // Back to the detected mapping, back to its problems.
    expect((await recheck({})).json<Preview>().errorRows).toBe(2);

    expectError(await recheck({ phone: 'name' }), 400, 'validation_failed');
    expectError(await recheck({ 3: 'shoeSize' }), 400, 'validation_failed');
    expectError(
      await member.post('/api/v1/registry/imports/no-such-upload/preview', { overrides: {} }),
      404,
      'import_not_found',
    );
    const { member2 } = await signInAll(test.app, ['member2'] as const);
    const theirs = await member2.post(`/api/v1/registry/imports/${detected.uploadId}/preview`, { overrides: {} });
    const unknown = await member2.post('/api/v1/registry/imports/no-such-upload/preview', { overrides: {} });
    expectError(theirs, 404, 'import_not_found');
    expect(theirs.body).toBe(unknown.body);

    // The import sent without a mapping reads the sheet as last checked.
    expectStatus(await recheck({ 3: 'phone' }), 200);
    expect((await runImport(member, detected.uploadId)).at(-1)).toMatchObject({
      status: 'done',
      inserted: 2,
      errorRows: 0,
    });
    const imported = (await member.get(`/api/v1/persons?q=${encodeURIComponent('复核')}`)).json<{
      items: { name: string; phone: string }[];
    }>();
    // In pinyin order: 甲 jia before 乙 yi.
    expect(imported.items.map((person) => [person.name, person.phone])).toEqual([
      ['复核甲', '139****7771'],
      ['复核乙', '139****7772'],
    ]);
    expectError(await recheck({ 3: 'phone' }), 404, 'import_not_found');
  });

  it('refuses files it cannot read with a clear error and writes nothing', async () => {
    expectError(await upload(Buffer.from('not a spreadsheet'), 'ledger.xls'), 400, 'unsupported_file');
    expectError(await upload(Buffer.from('PK\u0003\u0004garbage'), 'ledger.xlsx'), 400, 'unreadable_file');
    const noHeader = await member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=a.csv`,
      '甲,乙\n1,2\n',
      {
        'content-type': 'text/csv',
      },
    );
    expectError(noHeader, 400, 'no_header_row');
    expectError(await member.post('/api/v1/registry/imports', { uploadId: 'no-such-upload' }), 404, 'import_not_found');
  });
});
