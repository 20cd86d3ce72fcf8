import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdTags } from '../src/server/db/schema/index.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { toNamePinyin } from '../src/shared/person-name.js';
import type { Page } from '../src/shared/api/common.js';
import type { Person } from '../src/shared/api/registry.js';
import { makeIdNumber, withWrongCheck } from './registry-fixtures.js';

describe('registry: households, persons, search, masking and scope', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'member2' | 'cadre' | 'village', Agent>;
  let householdId: string;
  let person: Person;
  const idNumber = makeIdNumber('1980-05-17', 'female');

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'member2', 'cadre', 'village'] as const);
    const household = await agents.member.post('/api/v1/households', {
      regionId: world.memberGrid.id,
      address: '测试小区9号楼1单元101室',
      building: '9',
      unit: '1',
      room: '101',
    });
    expectStatus(household, 201);
    householdId = household.json<{ id: string }>().id;
    // Typed the way people type on a Chinese keyboard: full-width digits, spaces and a lower-case x.
    const typed = idNumber
      .slice(0, 6)
      .replace(/\d/g, (digit) => String.fromCharCode(digit.charCodeAt(0) + 0xfee0))
      .concat(' ', idNumber.slice(6).toLowerCase());
    const created = await agents.member.post('/api/v1/persons', {
      name: '张三丰',
      idNumber: typed,
      phone: '13812345678',
      householdId,
      relationToHead: 'head',
      tags: ['disabled', 'veteran'],
    });
    expectStatus(created, 201);
    person = created.json<Person>();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('stores the ID number in canonical form and answers it masked, with birth date and sex derived', async () => {
    expect(person.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
    expect(person.phone).toBe('138****5678');
    expect(person.isMasked).toBe(true);
    expect(person.birthDate).toBe('1980-05-17');
    expect(person.sex).toBe('female');
    const household = (await agents.member.get(`/api/v1/households/${householdId}`)).json<{
      headName: string;
      memberCount: number;
    }>();
    expect(household).toMatchObject({ headName: '张三丰', memberCount: 1 });
    const members = (await agents.member.get(`/api/v1/persons?householdId=${householdId}`)).json<{ items: Person[] }>();
    expect(members.items.map((member) => member.id)).toEqual([person.id]);
  });

  it('refuses bad input with a stable code and a message a person can act on', async () => {
    const base = { regionId: world.memberGrid.id };
    const checksum = expectError(
      await agents.member.post('/api/v1/persons', { ...base, name: '李四', idNumber: withWrongCheck(makeIdNumber()) }),
      400,
      'invalid_id_number',
    );
    expect(checksum.details).toEqual({ problem: 'bad_checksum' });
    expectError(
      await agents.member.post('/api/v1/persons', { ...base, name: '李四', idNumber: '1.10105E+17' }),
      400,
      'invalid_id_number',
    );
    expectError(
      await agents.member.post('/api/v1/persons', { ...base, name: '李四', idNumber: makeIdNumber('2999-01-01') }),
      400,
      'invalid_id_number',
    );
    expectError(
      await agents.member.post('/api/v1/persons', { ...base, name: '李四', phone: '12345' }),
      400,
      'validation_failed',
    );
    expectError(
      await agents.member.post('/api/v1/persons', { ...base, name: '李'.repeat(101) }),
      400,
      'validation_failed',
    );
    expectError(await agents.member.post('/api/v1/persons', { name: '李四' }), 400, 'validation_failed');
    const mismatch = await agents.member.post('/api/v1/persons', {
      ...base,
      name: '李四',
      idNumber: makeIdNumber('1990-01-01'),
      birthDate: '1991-01-01',
    });
    expect(expectError(mismatch, 400, 'validation_failed').message).toMatch(/birth date/);
    expectError(
      await agents.member.post('/api/v1/persons', { regionId: world.memberVillage.id, name: '李四' }),
      404,
      'region_not_found',
    );
  });

  it('stores names exactly as given: outside the BMP, the middle dot, long names', async () => {
    const names = ['𠮷田一郎', '阿依古丽・买买提', '欧阳'.repeat(25)];
    const stored: string[] = [];
    for (const name of names) {
      const response = await agents.member.post('/api/v1/persons', { regionId: world.memberGrid.id, name });
      expectStatus(response, 201);
      stored.push(response.json<Person>().name);
    }
    expect(stored).toEqual(['𠮷田一郎', '阿依古丽·买买提', '欧阳'.repeat(25)]);
  });

  it('keeps one person per ID number per county, naming the record only to those who may see it', async () => {
    const again = expectError(
      await agents.member.post('/api/v1/persons', { regionId: world.memberGrid.id, name: '张三丰', idNumber }),
      409,
      'person_exists',
    );
    expect(again.details).toEqual({ personId: person.id });
    const elsewhere = expectError(
      await agents.member2.post('/api/v1/persons', { regionId: world.otherGrid.id, name: '张三丰', idNumber }),
      409,
      'person_exists',
    );
    expect(elsewhere.details).toBeUndefined();
    expect(elsewhere.message).not.toContain(person.id);
    expect(elsewhere.message).not.toContain(world.memberGrid.name);
  });

  it('finds people by name, pinyin, initials and the end of the ID number or phone', async () => {
    for (const q of [
      '张',
      '张三',
      '张三丰',
      'zhangsanfeng',
      'zhangs',
      'zsf',
      idNumber.slice(-4).toLowerCase(),
      '5678',
    ]) {
      const found = (await agents.member.get(`/api/v1/persons?limit=500&q=${encodeURIComponent(q)}`)).json<{
        items: Person[];
        total: number;
      }>();
      expect(
        found.items.map((item) => item.id),
        q,
      ).toContain(person.id);
      expect(found.total, q).toBeGreaterThanOrEqual(1);
    }
  });

  it('pages a pinyin search in pinyin order, merging pinyin and initials matches without repeats', async () => {
    for (const q of ['zs', 'zh', 'w']) {
      const seen: Person[] = [];
      let cursor: string | null = null;
      let total = 0;
      do {
        const page: { items: Person[]; total: number | null; nextCursor: string | null } = (
          await agents.member.get(
            `/api/v1/persons?limit=3&q=${q}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          )
        ).json();
        total = page.total ?? total;
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor !== null);
      const keys = seen.map((item) => `${toNamePinyin(item.name).full}\u0000${item.id}`);
      expect(new Set(keys).size, q).toBe(seen.length);
      expect(seen.length, q).toBe(total);
      expect(keys, q).toEqual([...keys].sort());
      for (const item of seen) {
        const { full, initials } = toNamePinyin(item.name);
        expect(full.startsWith(q) || initials.startsWith(q), `${q}: ${item.name}`).toBe(true);
      }
      if (q === 'zs') expect(seen.map((item) => item.id)).toContain(person.id);
    }
    expectError(await agents.member.get('/api/v1/persons?q=zs&cursor=zhang%7Cnot-an-id'), 400, 'validation_failed');
  });

  it('counts a first page’s total up to 10,000 and says when there are more', async () => {
    const { county } = await signInAll(test.app, ['county'] as const);
    const everyone = (await county.get('/api/v1/persons?limit=1')).json<{ total: number; isTotalCapped: boolean }>();
    expect(everyone).toMatchObject({ total: 10_000, isTotalCapped: true });
    const grid = (await agents.member.get('/api/v1/persons?limit=1')).json<{ total: number; isTotalCapped: boolean }>();
    expect(grid.isTotalCapped).toBe(false);
    expect(grid.total).toBeGreaterThan(1);
    expect(grid.total).toBeLessThan(10_000);
  });

  it('shows full ID number and phone only when asked with a reason by a role that may, and audits it', async () => {
    expectError(await agents.member.get(`/api/v1/persons/${person.id}?reveal=true`), 400, 'validation_failed');
    const revealed = (
      await agents.member.get(`/api/v1/persons/${person.id}?reveal=true&reason=${encodeURIComponent('低保复核')}`)
    ).json<Person>();
    expect(revealed.idNumber).toBe(idNumber);
    expect(revealed.phone).toBe('13812345678');
    const entries = await findAuditEntries(test.db, { action: 'person.reveal', entityId: person.id });
    expect(entries.at(-1)?.details).toEqual({ reason: '低保复核' });
    expect(entries.at(-1)?.actorUsername).toBe('member');
    expectError(await agents.cadre.get(`/api/v1/persons/${person.id}?reveal=true&reason=x`), 403, 'forbidden');
  });

  it('hides sensitive tags and minors from roles without need', async () => {
    const seenByCadre = (await agents.cadre.get(`/api/v1/persons/${person.id}`)).json<Person>();
    expect(seenByCadre.tags).toEqual(['veteran']);
    const cadreTags = (await agents.cadre.get('/api/v1/tags'))
      .json<{ items: { code: string }[] }>()
      .items.map((tag) => tag.code);
    expect(cadreTags).not.toContain('disabled');
    expect(cadreTags).toContain('veteran');
    const child = await agents.member.post('/api/v1/persons', {
      regionId: world.memberGrid.id,
      name: '王小明',
      idNumber: makeIdNumber('2016-03-03'),
      tags: ['left_behind_child'],
    });
    expectStatus(child, 201);
    const childForCadre = (await agents.cadre.get(`/api/v1/persons/${child.json<Person>().id}`)).json<Person>();
    expect(childForCadre.name).toBe('王*');
    expect(childForCadre.birthDate).toBeNull();
    expect(childForCadre.tags).toEqual([]);
  });

  it('lets no one of grid B read, list, search, count, export or import anything of grid A', async () => {
    const other = agents.member2;
    const missing = await other.get('/api/v1/persons/01941f29-0000-7000-8000-000000000000');
    const denied = await other.get(`/api/v1/persons/${person.id}`);
    expect(denied.statusCode).toBe(missing.statusCode);
    expect(denied.json<{ error: { code: string } }>().error.code).toBe('person_not_found');
    expect(
      (await findAuditEntries(test.db, { actorUsername: 'member2', entityId: person.id, outcome: 'denied' })).length,
    ).toBe(1);
    expectError(await other.get(`/api/v1/households/${householdId}`), 404, 'household_not_found');
    expectError(await other.get(`/api/v1/persons?regionId=${world.memberGrid.id}`), 404, 'region_not_found');
    expectError(await other.get(`/api/v1/households?regionId=${world.memberGrid.id}`), 404, 'region_not_found');
    expectError(await other.get(`/api/v1/registry/coverage?regionId=${world.memberGrid.id}`), 404, 'region_not_found');
    expectError(await other.get(`/api/v1/registry/export?regionId=${world.memberGrid.id}`), 404, 'region_not_found');
    const preview = await other.request(
      'POST',
      `/api/v1/registry/imports/preview?regionId=${world.memberGrid.id}&fileName=a.csv`,
      '姓名,身份证号\n张三,\n',
      {
        'content-type': 'text/csv',
      },
    );
    expectError(preview, 404, 'region_not_found');
    for (const q of ['张三丰', 'zsf', idNumber.slice(-4)]) {
      const found = (await other.get(`/api/v1/persons?q=${encodeURIComponent(q)}`)).json<{
        items: Person[];
        total: number;
      }>();
      expect(found.items.map((item) => item.id)).not.toContain(person.id);
    }
    const everything = (await other.get('/api/v1/persons?limit=500')).json<{ items: Person[]; total: number }>();
    expect(everything.total).toBeGreaterThanOrEqual(everything.items.length);
    const first = (await other.get('/api/v1/persons?limit=1')).json<{ total: number; nextCursor: string }>();
    const second = (await other.get(`/api/v1/persons?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`)).json<{
      items: Person[];
      total: number | null;
    }>();
    expect(first.total).toBe(everything.total);
    expect(second).toMatchObject({ items: [expect.anything()], total: null });
    expect(
      everything.items.every(
        (item) => item.regionId === world.otherGrid.id || world.region(item.regionId).parentId === world.otherGrid.id,
      ),
    ).toBe(true);
    expectError(await other.patch(`/api/v1/persons/${person.id}`, { name: '改名' }), 404, 'person_not_found');
    expectError(await other.get(`/api/v1/persons?householdId=${householdId}`), 404, 'household_not_found');
    // The household has a member: a 409 here would tell grid B that it exists.
    expectError(await other.delete(`/api/v1/households/${householdId}`), 404, 'household_not_found');
    expectStatus(await agents.member.get(`/api/v1/households/${householdId}`), 200);
  });

  it('counts coverage per grid and moves a household with its members', async () => {
    const coverage = (await agents.village.get(`/api/v1/registry/coverage?regionId=${world.memberVillage.id}`)).json<{
      totals: { persons: number; households: number };
      rows: { regionId: string; persons: number; households: number; completeness: number | null }[];
    }>();
    const memberGridRow = coverage.rows.find((row) => row.regionId === world.memberGrid.id);
    expect(memberGridRow!.households).toBeGreaterThanOrEqual(1);
    expect(coverage.totals.persons).toBe(coverage.rows.reduce((sum, row) => sum + row.persons, 0));

    const target = world.childrenOf(world.memberVillage.id).find((grid) => grid.id !== world.memberGrid.id)!;
    const moved = await agents.village.patch(`/api/v1/households/${householdId}`, { regionId: target.id });
    expectStatus(moved, 200);
    expect((await agents.village.get(`/api/v1/persons/${person.id}`)).json<Person>().regionId).toBe(target.id);
    expectError(await agents.member.get(`/api/v1/persons/${person.id}`), 404, 'person_not_found');
  });
});

describe('registry: deleting households, paging members, finding places', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'member2' | 'cadre', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'member2', 'cadre'] as const);
  });

  afterAll(async () => {
    await test?.close();
  });

  async function createHousehold(address: string, tags: string[] = []) {
    const response = await agents.member.post('/api/v1/households', { regionId: world.memberGrid.id, address, tags });
    expectStatus(response, 201);
    return response.json<{ id: string; address: string; memberCount: number }>().id;
  }

  async function addMember(householdId: string, name: string) {
    const response = await agents.member.post('/api/v1/persons', { name, householdId });
    expectStatus(response, 201);
    return response.json<Person>().id;
  }

  /** Every item of a list, following its cursors `limit` at a time. */
  async function readAllPages<Item>(agent: Agent, url: string, limit: number) {
    const pages: Item[][] = [];
    let cursor: string | null = null;
    do {
      const response = await agent.get(`${url}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expectStatus(response, 200);
      const page: Page<Item> = response.json();
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return pages;
  }

  it('refuses to delete a household with members, saying what to do, and deletes it once empty', async () => {
    const householdId = await createHousehold('删除小区1号', ['single_parent']);
    const memberId = await addMember(householdId, '李留守');

    const refused = expectError(
      await agents.member.delete(`/api/v1/households/${householdId}`),
      409,
      'household_not_empty',
    );
    expect(refused.message).toMatch(/move them to another household or remove them first/);
    expect((await agents.member.get(`/api/v1/households/${householdId}`)).json()).toMatchObject({ memberCount: 1 });

    const movedOut = { regionId: world.memberGrid.id, householdId: null };
    expectStatus(await agents.member.patch(`/api/v1/persons/${memberId}`, movedOut), 200);
    expectStatus(await agents.member.delete(`/api/v1/households/${householdId}`), 204);
    expectError(await agents.member.get(`/api/v1/households/${householdId}`), 404, 'household_not_found');
    const listed = (await agents.member.get(`/api/v1/households?q=${encodeURIComponent('删除小区')}`)).json<
      Page<{ id: string }>
    >();
    expect(listed.items).toEqual([]);
    expect(await test.db.select().from(householdTags).where(eq(householdTags.householdId, householdId))).toEqual([]);
    // The person stays in the grid, and the address is free for a new household.
    expect((await agents.member.get(`/api/v1/persons/${memberId}`)).json<Person>()).toMatchObject({
      householdId: null,
      regionId: world.memberGrid.id,
    });
    await createHousehold('删除小区1号');

    const audited = await findAuditEntries(test.db, { action: 'household.delete', entityId: householdId });
    expect(audited).toEqual([
      expect.objectContaining({ actorUsername: 'member', outcome: 'success', details: { address: '删除小区1号' } }),
    ]);
    expectError(await agents.member.delete(`/api/v1/households/${householdId}`), 404, 'household_not_found');
  });

  it('lets only those who may edit households delete them, and hides another grid’s like a missing one', async () => {
    const householdId = await createHousehold('删除小区2号');
    expectError(await agents.cadre.delete(`/api/v1/households/${householdId}`), 403, 'forbidden');
    expectError(await agents.member.delete('/api/v1/households/not-an-id'), 400, 'validation_failed');

    const missingId = '01941f29-0000-7000-8000-000000000000';
    const missing = await agents.member2.delete(`/api/v1/households/${missingId}`);
    const denied = await agents.member2.delete(`/api/v1/households/${householdId}`);
    expectError(denied, 404, 'household_not_found');
    expect(denied.body.replaceAll(householdId, '<id>')).toBe(missing.body.replaceAll(missingId, '<id>'));
    const denials = await findAuditEntries(test.db, {
      actorUsername: 'member2',
      entityId: householdId,
      outcome: 'denied',
    });
    expect(denials).toHaveLength(1);
    expectStatus(await agents.member.get(`/api/v1/households/${householdId}`), 200);
  });

  it('counts a household’s members and lists them a page at a time', async () => {
    const householdId = await createHousehold('集体户宿舍1栋');
    const names = ['宿舍甲', '宿舍乙', '宿舍丙', '宿舍丁', '宿舍戊'];
    const memberIds: string[] = [];
    for (const name of names) memberIds.push(await addMember(householdId, name));

    const household = (await agents.member.get(`/api/v1/households/${householdId}`)).json<Record<string, unknown>>();
    expect(household).toMatchObject({ memberCount: 5 });
    expect(household).not.toHaveProperty('members');

    const first = (await agents.member.get(`/api/v1/persons?householdId=${householdId}&limit=2`)).json<
      Page<Person> & { total: number }
    >();
    expect(first.total).toBe(5);
    const pages = await readAllPages<Person>(agents.member, `/api/v1/persons?householdId=${householdId}`, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(
      pages
        .flat()
        .map((member) => member.id)
        .sort(),
    ).toEqual([...memberIds].sort());

    expectError(
      await agents.member.get('/api/v1/persons?householdId=01941f29-0000-7000-8000-000000000000'),
      404,
      'household_not_found',
    );
    expectError(await agents.member.get('/api/v1/persons?householdId=not-an-id'), 400, 'validation_failed');
    expectError(await agents.member2.get(`/api/v1/persons?householdId=${householdId}`), 404, 'household_not_found');
  });

  it('finds places by text in the name or address, by kind, and a page at a time', async () => {
    const places = [
      { kind: 'shop', name: '测试街便利店', address: '测试街1号' },
      { kind: 'restaurant', name: '测试街面馆', address: '测试街3号' },
      { kind: 'restaurant', name: 'Test Street 饭店', address: '测试街5号' },
      { kind: 'other', name: '老王修车', address: '测试街7号' },
      { kind: 'shop', name: '百分之百_超市', address: '别处路1号' },
    ];
    for (const place of places) {
      expectStatus(await agents.member.post('/api/v1/places', { regionId: world.memberGrid.id, ...place }), 201);
    }
    const namesOf = async (agent: Agent, query: string) =>
      (await agent.get(`/api/v1/places?${query}`)).json<Page<{ name: string }>>().items.map((place) => place.name);

    const onTestStreet = await namesOf(agents.member, `q=${encodeURIComponent('测试街')}`);
    expect(onTestStreet).toHaveLength(4);
    expect(onTestStreet).toEqual(
      expect.arrayContaining(['测试街便利店', '测试街面馆', 'Test Street 饭店', '老王修车']),
    );
    expect(await namesOf(agents.member, `q=${encodeURIComponent('测试街')}&kind=restaurant`)).toEqual(
      expect.arrayContaining(['测试街面馆', 'Test Street 饭店']),
    );
    expect(await namesOf(agents.member, `q=${encodeURIComponent('测试街')}&kind=restaurant`)).toHaveLength(2);
    expect(await namesOf(agents.member, 'q=test%20street')).toEqual(['Test Street 饭店']);
    // % and _ are text to look for, not wildcards.
    expect(await namesOf(agents.member, `q=${encodeURIComponent('之百_')}`)).toEqual(['百分之百_超市']);
    expect(await namesOf(agents.member, `q=${encodeURIComponent('%')}`)).toEqual([]);

    const everyPage = await readAllPages<{ id: string; name: string }>(
      agents.member,
      `/api/v1/places?regionId=${world.memberGrid.id}`,
      3,
    );
    const paged = everyPage.flat();
    const all = (await agents.member.get(`/api/v1/places?regionId=${world.memberGrid.id}&limit=500`)).json<
      Page<{ id: string; name: string }>
    >();
    expect(all.nextCursor).toBeNull();
    expect(paged.map((place) => place.id)).toEqual(all.items.map((place) => place.id));
    expect(new Set(paged.map((place) => place.id)).size).toBe(paged.length);
    expect(everyPage.slice(0, -1).every((page) => page.length === 3)).toBe(true);
  });

  it('refuses bad place queries, and keeps another grid’s places out of every list and search', async () => {
    expectError(await agents.member.get('/api/v1/places?kind=spaceship'), 400, 'validation_failed');
    expectError(await agents.member.get('/api/v1/places?limit=0'), 400, 'validation_failed');
    expectError(await agents.member.get(`/api/v1/places?q=${'街'.repeat(101)}`), 400, 'validation_failed');
    expectError(await agents.member.get('/api/v1/places?cursor=nonsense'), 400, 'validation_failed');

    const other = agents.member2;
    expectError(await other.get(`/api/v1/places?regionId=${world.memberGrid.id}`), 404, 'region_not_found');
    expect((await other.get(`/api/v1/places?q=${encodeURIComponent('测试街')}`)).json<Page<unknown>>().items).toEqual(
      [],
    );
    const theirs = await readAllPages<{ regionId: string }>(other, '/api/v1/places?kind=shop', 50);
    expect(theirs.flat().every((place) => place.regionId === world.otherGrid.id)).toBe(true);
  });
});
