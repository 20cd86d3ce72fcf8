import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedgerRows } from '../src/server/modules/registry/ledger/read-ledger.js';
import { cellToText } from '../src/server/modules/registry/ledger/cells.js';
import { toNamePinyin } from '../src/shared/person-name.js';
import {
  createTestApp,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import type { Page } from '../src/shared/api/common.js';

/** Every item of a list, walked `limit` at a time through the API as the console does. */
async function walk<Item>(agent: Agent, url: string, limit: number): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const response = await agent.get(`${url}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expectStatus(response, 200);
    const page = response.json<Page<Item>>();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

describe('registry lists in the order people read', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'member' | 'village', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['member', 'village'] as const);
  });

  afterAll(async () => {
    await test?.close();
  });

  it('lists households with house, building and room numbers as numbers, across pages, for every role', async () => {
    // In code-point order 10号楼 came before 1号楼 and 2号楼, and room 1001 before 101.
    const addresses = [
      '排序小区10号楼101室',
      '排序小区2号楼1001室',
      '排序小区1号楼9室',
      '排序小区2号楼102室',
      '排序小区2号楼101室',
    ];
    for (const address of addresses) {
      expectStatus(await agents.member.post('/api/v1/households', { regionId: world.memberGrid.id, address }), 201);
    }
    const expected = [
      '排序小区1号楼9室',
      '排序小区2号楼101室',
      '排序小区2号楼102室',
      '排序小区2号楼1001室',
      '排序小区10号楼101室',
    ];
    for (const agent of [agents.member, agents.village]) {
      const listed = await walk<{ address: string }>(
        agent,
        `/api/v1/households?q=${encodeURIComponent('排序小区')}`,
        2,
      );
      expect(listed.map((household) => household.address)).toEqual(expected);
    }
  });

  it('lists places with numbers in their names as numbers, across pages', async () => {
    for (const name of ['排序街12号仓库', '排序街3号仓库', '排序街100号仓库', '排序街3号仓库二']) {
      expectStatus(
        await agents.member.post('/api/v1/places', { regionId: world.memberGrid.id, kind: 'other', name }),
        201,
      );
    }
    for (const agent of [agents.member, agents.village]) {
      const listed = await walk<{ name: string }>(agent, `/api/v1/places?q=${encodeURIComponent('排序街')}`, 3);
      expect(listed.map((place) => place.name)).toEqual([
        '排序街3号仓库',
        '排序街3号仓库二',
        '排序街12号仓库',
        '排序街100号仓库',
      ]);
    }
  });

  it('lists residents by pinyin across pages, in the list and in the export alike', async () => {
    const household = await agents.member.post('/api/v1/households', {
      regionId: world.memberGrid.id,
      address: '拼音小区1号楼101室',
    });
    expectStatus(household, 201);
    const householdId = household.json<{ id: string }>().id;
    // By code point: 张 5F20, 曾 66FE, 白 767D, 赵 8D75, 阿 963F — the reverse of the reader's a, b, z.
    for (const name of ['赵六', '阿强', '张三', '白雪', '曾小明']) {
      expectStatus(await agents.member.post('/api/v1/persons', { name, householdId }), 201);
    }
    const expected = ['阿强', '白雪', '曾小明', '张三', '赵六'];
    const listed = await walk<{ name: string }>(agents.member, `/api/v1/persons?householdId=${householdId}`, 2);
    expect(listed.map((person) => person.name)).toEqual(expected);

    const exported = await agents.member.get(`/api/v1/registry/export?householdId=${householdId}`);
    expectStatus(exported, 200);
    const names: string[] = [];
    for await (const row of readLedgerRows(exported.rawPayload, 'export.xlsx')) names.push(cellToText(row.cells[0]));
    expect(names.slice(names.indexOf('姓名') + 1)).toEqual(expected);
  });

  it('keeps a whole village in pinyin order page after page, each resident once', async () => {
    const listed = await walk<{ id: string; name: string }>(
      agents.village,
      `/api/v1/persons?regionId=${world.memberVillage.id}`,
      100,
    );
    expect(listed.length).toBeGreaterThan(2000);
    expect(new Set(listed.map((person) => person.id)).size).toBe(listed.length);
    const keys = listed.map((person) => toNamePinyin(person.name).full);
    const outOfOrder = keys.filter((key, index) => index > 0 && key < keys[index - 1]!);
    expect(outOfOrder).toEqual([]);
  }, 120_000);
});
