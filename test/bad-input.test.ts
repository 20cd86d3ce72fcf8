import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  requestSignIn,
  signInAll,
  type Agent,
  type ApiResponse,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * Input a careless client or an attacker sends answers 400 with a code and the field named, never a 500: NUL
 * characters (PostgreSQL's text refuses them), cursors a list never gave out, and dates no calendar has.
 */

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'admin' | 'town' | 'member', Agent>;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['admin', 'town', 'member'] as const);
});

afterAll(() => testApp?.close());

/** Asserts a 400 validation_failed whose message and details name the field. */
function expectFieldRefused(response: ApiResponse, field: string) {
  const error = expectError(response, 400, 'validation_failed');
  expect(error.message).toContain(field);
  return error;
}

describe('a NUL character (0x00)', () => {
  it('in a search answers 400 naming the query field', async () => {
    const error = expectFieldRefused(await agents.member.get('/api/v1/persons?q=%E5%BC%A0%00'), '/querystring/q');
    expect(error.details).toEqual([{ path: '/querystring/q', message: expect.stringContaining('NUL') }]);
    expectFieldRefused(await agents.admin.get('/api/v1/regions/search?q=a%00'), '/querystring/q');
    expectFieldRefused(await agents.admin.get('/api/v1/accounts?q=%00'), '/querystring/q');
  });

  it('in a cursor or a path parameter answers 400', async () => {
    expectFieldRefused(await agents.admin.get('/api/v1/accounts?cursor=adm%00'), '/querystring/cursor');
    expectFieldRefused(
      await agents.member.get(`/api/v1/persons?cursor=zhang%00%7C${randomUUID()}`),
      '/querystring/cursor',
    );
    expectFieldRefused(await agents.member.get('/api/v1/registry/imports/%00'), '/params/id');
  });

  it('in a JSON text field, nested or as a key, answers 400 naming it and writes nothing', async () => {
    const report = await agents.member.post('/api/v1/cases', {
      category: 'environment',
      description: '楼道\u0000堆放杂物',
      regionId: world.memberGrid.id,
    });
    expectFieldRefused(report, '/body/description');
    const person = await agents.member.post('/api/v1/persons', {
      name: '张三',
      regionId: world.memberGrid.id,
      tags: ['elderly', 'x\u0000'],
    });
    expectFieldRefused(person, '/body/tags/1');
    const settings = await agents.admin.put(`/api/v1/case-settings?countyId=${world.county.id}`, {
      holidays: [],
      workdays: [],
      webhooks: [{ 'name\u0000': 'robot' }],
    });
    expectFieldRefused(settings, '/body/webhooks/0/name\\0');
    const found = await agents.member.get(`/api/v1/persons?q=${encodeURIComponent('张三')}`);
    expectStatus(found, 200);
    expect(found.json().items.filter((item: { notes: string }) => item.notes.includes('\u0000'))).toEqual([]);
  });

  it('in a header that reaches SQL (the user agent at sign-in) answers 400', async () => {
    const response = await requestSignIn(testApp.app, {
      username: 'member',
      headers: { 'user-agent': 'Mozilla/5.0\u0000' },
    });
    expectFieldRefused(response, '/headers/user-agent');
  });
});

describe('a NUL character in an uploaded ledger', () => {
  it('is a problem of its row, in a cell or a header, and the other rows import', async () => {
    const sheet = '姓名,住址,备注\u0000\n王五,北苑路\u00001号,\n赵六,北苑路2号,\n';
    const preview = await agents.member.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=nul.csv`,
      sheet,
      { 'content-type': 'text/csv' },
    );
    expectStatus(preview, 200);
    const { uploadId, problems } = preview.json<{ uploadId: string; problems: { row: number; code: string }[] }>();
    expect(problems.map((problem) => [problem.row, problem.code])).toEqual([[2, 'cell_has_nul']]);
    const imported = await agents.member.post('/api/v1/registry/imports', { uploadId });
    expectStatus(imported, 200);
    const result = JSON.parse(imported.body.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ status: 'done', inserted: 1, errorRows: 1 });
  });
});

describe('cursors', () => {
  it.each([
    ['/api/v1/staff', '1.x'],
    ['/api/v1/staff', `x|${randomUUID()}`],
    ['/api/v1/cases', `0000-01-01T00:00:00.000Z|${randomUUID()}`],
    ['/api/v1/cases', `not-a-time|${randomUUID()}`],
    ['/api/v1/cases', '2026-12-01T00:00:00.000Z|1'],
    ['/api/v1/persons', 'zhang|not-an-id'],
    ['/api/v1/households', `|${randomUUID()}`],
    ['/api/v1/places', 'nonsense'],
    ['/api/v1/audit', 'nonsense'],
    ['/api/v1/notifications', 'nonsense'],
  ])('%s?cursor=%s answers 400 validation_failed', async (url, cursor) => {
    expectFieldRefused(await agents.admin.get(`${url}?cursor=${encodeURIComponent(cursor)}`), 'cursor');
  });

  it('a cursor the list gave out still pages on: staff, two at a time, every person once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await agents.town.get(`/api/v1/staff?limit=2${suffix}`);
      expectStatus(page, 200);
      const body = page.json<{ items: { id: string }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
    } while (cursor !== null);
    const inTown = world.staff.filter((person) => world.region(person.regionId).code.startsWith(world.town.code));
    expect(seen.toSorted()).toEqual(inTown.map((person) => person.id).toSorted());
  });
});

describe('dates', () => {
  it.each([
    ['from=0000-01-01', '/querystring/from'],
    ['from=2026-02-30', '/querystring/from'],
    ['to=2026-13-01', '/querystring/to'],
    ['from=1899-12-31', '/querystring/from'],
    ['to=2101-01-01', '/querystring/to'],
  ])('/cases/figures?%s answers 400 naming the field', async (query, field) => {
    expectFieldRefused(await agents.admin.get(`/api/v1/cases/figures?regionId=${world.county.id}&${query}`), field);
  });

  it('a period that ends before it starts answers 400', async () => {
    const response = await agents.town.get('/api/v1/cases/figures?from=2026-03-01&to=2026-02-01');
    expectError(response, 400, 'validation_failed');
  });

  it('a birth date in year 0 or on 31 February answers 400, a real one is kept', async () => {
    for (const birthDate of ['0000-01-01', '1990-02-31']) {
      const response = await agents.member.post('/api/v1/persons', {
        name: '李四',
        regionId: world.memberGrid.id,
        birthDate,
      });
      expectFieldRefused(response, '/body/birthDate');
    }
    const kept = await agents.member.post('/api/v1/persons', {
      name: '李四',
      regionId: world.memberGrid.id,
      birthDate: '1990-02-28',
    });
    expectStatus(kept, 201);
  });
});
