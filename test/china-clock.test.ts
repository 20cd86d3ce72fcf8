import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultCaseCategories } from '../src/shared/cases.js';
import { chinaDate, chinaDateTime, chinaToday } from '../src/shared/clock.js';
import { computeIdNumberCheckCharacter, parseIdNumber } from '../src/shared/id-number.js';
import { exportRegistryFile } from '../src/server/cli-registry.js';
import { deadlineFrom } from '../src/server/modules/cases/catalogue.service.js';
import { cellToText } from '../src/server/modules/registry/ledger/cells.js';
import { detectColumns } from '../src/server/modules/registry/ledger/map-columns.js';
import { readLedgerRows } from '../src/server/modules/registry/ledger/read-ledger.js';
import { validateLedgerRow } from '../src/server/modules/registry/ledger/validate-row.js';
import { earliestMinorBirthDate, isMinorFor } from '../src/server/modules/registry/persons.presenter.js';
import { checkIdentity } from '../src/server/modules/registry/registry-rules.js';
import { createTestApp, loadDemoWorld, type DemoWorld, type TestApp } from './helpers.js';

/**
 * One clock: at 17:30 UTC on 31 March 2026 it is already 01:30 on 1 April in China, while a server (or browser) set
 * to Los Angeles still lives on 31 March. Every date the platform decides by must be China's.
 */
const instant = new Date('2026-03-31T17:30:00Z');
const chinaDay = '2026-04-01';
const bornOnChinaDay = '11010520260401001' + computeIdNumberCheckCharacter('11010520260401001');

/** Runs `check` as if this process's clock said `now`. */
async function at<Result>(now: Date, check: () => Result | Promise<Result>): Promise<Result> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  try {
    return await check();
  } finally {
    vi.useRealTimers();
  }
}

describe('the county clock in a process elsewhere (TZ=America/Los_Angeles)', () => {
  let test: TestApp;
  let world: DemoWorld;

  beforeAll(async () => {
    // Node reads TZ again whenever it is assigned.
    vi.stubEnv('TZ', 'America/Los_Angeles');
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await test?.close();
  });

  afterEach(() => vi.useRealTimers());

  it('really is elsewhere: the local date there is still 31 March', () => {
    expect(instant.getDate()).toBe(31);
    expect(instant.getHours()).toBe(10);
  });

  it('gives China’s date and time of day', async () => {
    expect(chinaDate(instant)).toBe(chinaDay);
    expect(chinaDateTime(instant)).toBe(`${chinaDay} 01:30`);
    expect(await at(instant, () => chinaToday())).toBe(chinaDay);
  });

  it('takes a person born today in China as born, not as born in the future', async () => {
    await at(instant, () => {
      expect(parseIdNumber(bornOnChinaDay)).toMatchObject({ ok: true, birthDate: chinaDay });
      expect(checkIdentity({ idNumber: bornOnChinaDay })).toMatchObject({ birthDate: chinaDay });
    });
  });

  it('accepts a ledger birth date of today in China', async () => {
    const { columns } = detectColumns([{ rowNumber: 1, cells: ['姓名', '出生日期'] }]);
    const problems = await at(instant, () => validateLedgerRow(['张三', chinaDay], columns, 2).problems);
    expect(problems.map((problem) => problem.code)).toEqual([]);
    const tomorrow = await at(instant, () => validateLedgerRow(['张三', '2026-04-02'], columns, 2).problems);
    expect(tomorrow.map((problem) => problem.code)).toEqual(['birth_date_in_future']);
  });

  it('counts an 18th birthday that is today in China as adulthood', async () => {
    const presentation = { mayReadSensitive: true, today: await at(instant, () => chinaToday()) };
    expect(isMinorFor('2008-04-01', presentation)).toBe(false);
    expect(isMinorFor('2008-04-02', presentation)).toBe(true);
    expect(earliestMinorBirthDate(presentation)).toBe('2008-04-02');
  });

  it('dates an export by China’s day', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-clock-'));
    try {
      const file = path.join(folder, 'people.xlsx');
      await at(instant, () => exportRegistryFile(test.db, file, world.memberGrid.code));
      const rows = readLedgerRows(fs.readFileSync(file), 'people.xlsx')[Symbol.asyncIterator]();
      const { value: title } = await rows.next();
      expect(cellToText(title?.cells[0])).toBe(`居民信息台账（导出于 ${chinaDay}）`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('counts a deadline in China’s working days, on the calendar of the year the database’s clock gives', async () => {
    const category: Parameters<typeof deadlineFrom>[3] = {
      ...defaultCaseCategories[0]!,
      isActive: true,
      sortOrder: 0,
      attributes: [],
    };
    expect(category.generalLimit).toEqual({ amount: 7, unit: 'working_days' });
    // One working day from 01:30 on Wednesday 1 April in China is 01:30 on Thursday 2 April.
    const { deadline } = await deadlineFrom(
      test.db,
      world.county.id,
      instant,
      { ...category, generalLimit: { amount: 1, unit: 'working_days' } },
      'general',
    );
    expect(chinaDateTime(deadline!)).toBe('2026-04-02 01:30');
    // Started before 国庆 2026 by the database's clock, while this process's clock is months ahead in 2027: the
    // holidays of 2026 still count (10-08 … 10-15 with the make-up Saturday 10-10), not those of 2027.
    const start = new Date('2026-09-30T10:00:00+08:00');
    const later = await at(new Date('2027-06-01T00:00:00Z'), () =>
      deadlineFrom(test.db, world.county.id, start, category, 'general'),
    );
    expect(chinaDateTime(later.deadline!)).toBe('2026-10-15 10:00');
  });
});
