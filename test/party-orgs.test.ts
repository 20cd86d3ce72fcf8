import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartyOrg } from '../src/shared/api/party-orgs.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type PartyOrgRecord,
  type TestApp,
} from './helpers.js';

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'town' | 'village' | 'leader' | 'member', Agent>;
/** The member's village committee (党总支 or 党委), anchored at the village. */
let villageCommittee: PartyOrgRecord;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['town', 'village', 'leader', 'member'] as const);
  villageCommittee = world.partyOrgsAnchoredAt(world.memberVillage.id).find((org) => org.kind === 'village_committee')!;
});

afterAll(() => testApp?.close());

/** Grids of the member's village, in code order. */
function villageGrids() {
  return world.childrenOf(world.memberVillage.id);
}

/** A new branch in the member's village made by the village secretary; `fields` override the defaults. */
async function createBranch(fields: Record<string, unknown> = {}): Promise<PartyOrg> {
  const response = await agents.village.post('/api/v1/party-orgs', {
    kind: 'grid_branch',
    name: '测试联合党支部',
    regionId: world.memberVillage.id,
    parentId: villageCommittee.id,
    coveredRegionIds: villageGrids()
      .slice(0, 2)
      .map((grid) => grid.id),
    ...fields,
  });
  expectStatus(response, 201);
  return response.json();
}

describe('reading', () => {
  it('lists the organisations laid over a village, as a tree by parentId', async () => {
    const response = await agents.village.get(`/api/v1/party-orgs?regionId=${world.memberVillage.id}`);
    expectStatus(response, 200);
    const orgs = response.json().items as PartyOrg[];
    const ids = new Set(orgs.map((org) => org.id));
    expect(ids).toContain(villageCommittee.id);
    const branches = orgs.filter((org) => org.kind === 'grid_branch');
    expect(branches.length).toBeGreaterThan(0);
    for (const branch of branches) expect(branch.parentId).toBe(villageCommittee.id);
    const coveredGrids = new Set(branches.flatMap((branch) => branch.coveredRegionIds));
    for (const grid of villageGrids()) expect(coveredGrids).toContain(grid.id);
  });

  it('reads one organisation with the regions it covers', async () => {
    const response = await agents.member.get(`/api/v1/party-orgs?regionId=${world.memberGrid.id}`);
    const branch = (response.json().items as PartyOrg[]).find((org) => org.kind === 'grid_branch')!;
    expect(branch.coveredRegionIds).toContain(world.memberGrid.id);
    const one = await agents.member.get(`/api/v1/party-orgs/${branch.id}`);
    expectStatus(one, 200);
    expect(one.json()).toEqual(branch);
  });
});

describe('creating', () => {
  it('adds a branch covering several grids of its village', async () => {
    const grids = villageGrids().slice(0, 2);
    const branch = await createBranch({ secretary: '王书记', memberCount: 12 });
    expect(branch).toMatchObject({
      kind: 'grid_branch',
      name: '测试联合党支部',
      secretary: '王书记',
      memberCount: 12,
      regionId: world.memberVillage.id,
      parentId: villageCommittee.id,
    });
    expect([...branch.coveredRegionIds].sort()).toEqual(grids.map((grid) => grid.id).sort());
    const list = await agents.member.get('/api/v1/party-orgs');
    expect(list.json().items.map((org: PartyOrg) => org.id)).toContain(branch.id);
  });

  it('covers its own anchor region when no regions are given', async () => {
    const response = await agents.village.post('/api/v1/party-orgs', {
      kind: 'party_group',
      name: '测试党小组',
      regionId: world.memberGrid.id,
    });
    expectStatus(response, 201);
    expect(response.json().coveredRegionIds).toEqual([world.memberGrid.id]);
  });

  it('refuses to cover grids outside its anchor region, naming them', async () => {
    const [firstGrid, secondGrid] = villageGrids();
    const sibling = await agents.village.post('/api/v1/party-orgs', {
      kind: 'party_group',
      name: '越界党小组',
      regionId: firstGrid!.id,
      coveredRegionIds: [firstGrid!.id, secondGrid!.id],
    });
    expect(expectError(sibling, 400, 'validation_failed').message).toContain(secondGrid!.id);

    const otherVillage = await agents.town.post('/api/v1/party-orgs', {
      kind: 'grid_branch',
      name: '跨村党支部',
      regionId: world.memberVillage.id,
      coveredRegionIds: [firstGrid!.id, world.otherGrid.id],
    });
    expectError(otherVillage, 400, 'validation_failed');
  });

  it('refuses an anchor or a parent outside the subtree as if they did not exist', async () => {
    const anchor = await agents.village.post('/api/v1/party-orgs', {
      kind: 'grid_branch',
      name: '越界',
      regionId: world.otherVillage.id,
    });
    expectError(anchor, 404, 'region_not_found');
    const otherCommittee = world
      .partyOrgsAnchoredAt(world.otherVillage.id)
      .find((org) => org.kind === 'village_committee')!;
    const parent = await agents.village.post('/api/v1/party-orgs', {
      kind: 'grid_branch',
      name: '越界',
      regionId: world.memberVillage.id,
      parentId: otherCommittee.id,
    });
    expectError(parent, 404, 'party_org_not_found');
  });

  it('refuses a negative member count', async () => {
    const response = await agents.village.post('/api/v1/party-orgs', {
      kind: 'party_group',
      name: '负数',
      regionId: world.memberGrid.id,
      memberCount: -1,
    });
    expect(expectError(response, 400, 'validation_failed').message).toMatch(/memberCount/);
  });

  it('lets only roles with party.write add organisations', async () => {
    for (const agent of [agents.leader, agents.member]) {
      const response = await agent.post('/api/v1/party-orgs', {
        kind: 'party_group',
        name: '无权',
        regionId: world.memberGrid.id,
      });
      expectError(response, 403, 'forbidden');
    }
  });
});

describe('changing and removing', () => {
  it('renames an organisation and changes its secretary and the grids it covers', async () => {
    const branch = await createBranch();
    const third = villageGrids()[2] ?? villageGrids()[0]!;
    const response = await agents.village.patch(`/api/v1/party-orgs/${branch.id}`, {
      name: '改名党支部',
      secretary: '李书记',
      coveredRegionIds: [third.id],
    });
    expectStatus(response, 200);
    expect(response.json()).toMatchObject({ name: '改名党支部', secretary: '李书记', coveredRegionIds: [third.id] });
  });

  it('refuses to make an organisation its own parent', async () => {
    const branch = await createBranch();
    const response = await agents.village.patch(`/api/v1/party-orgs/${branch.id}`, { parentId: branch.id });
    expectError(response, 400, 'validation_failed');
  });

  it('refuses to make an organisation the child of its own descendant', async () => {
    const branch = await createBranch();
    const group = await agents.village.post('/api/v1/party-orgs', {
      kind: 'party_group',
      name: '下级党小组',
      regionId: world.memberGrid.id,
      parentId: branch.id,
    });
    expectStatus(group, 201);
    const response = await agents.village.patch(`/api/v1/party-orgs/${branch.id}`, { parentId: group.json().id });
    expectError(response, 400, 'validation_failed');
    expect((await agents.village.get(`/api/v1/party-orgs/${branch.id}`)).json().parentId).toBe(villageCommittee.id);
  });

  it('refuses to remove an organisation that still has sub-organisations', async () => {
    const branch = await createBranch();
    const group = await agents.village.post('/api/v1/party-orgs', {
      kind: 'party_group',
      name: '子党小组',
      regionId: world.memberGrid.id,
      parentId: branch.id,
    });
    const response = await agents.village.delete(`/api/v1/party-orgs/${branch.id}`);
    expect(expectError(response, 409, 'conflict').message).toMatch(/sub-organisations/);
    expectStatus(await agents.village.get(`/api/v1/party-orgs/${branch.id}`), 200);

    expectStatus(await agents.village.delete(`/api/v1/party-orgs/${group.json().id}`), 204);
    expectStatus(await agents.village.delete(`/api/v1/party-orgs/${branch.id}`), 204);
    expectError(await agents.village.get(`/api/v1/party-orgs/${branch.id}`), 404, 'party_org_not_found');
  });

  it('lets only roles with party.write change or remove organisations', async () => {
    expectError(
      await agents.leader.patch(`/api/v1/party-orgs/${villageCommittee.id}`, { name: 'x' }),
      403,
      'forbidden',
    );
    expectError(await agents.member.delete(`/api/v1/party-orgs/${villageCommittee.id}`), 403, 'forbidden');
  });
});

describe('regions outside the scope', () => {
  it('are not named: a town organisation covering two villages shows each village only itself', async () => {
    const created = await agents.town.post('/api/v1/party-orgs', {
      kind: 'town_committee',
      name: '跨村联建党委',
      regionId: world.town.id,
      coveredRegionIds: [world.memberVillage.id, world.otherVillage.id],
    });
    expectStatus(created, 201);
    const org = created.json<PartyOrg>();
    expect(org.coveredRegionIds.toSorted()).toEqual([world.memberVillage.id, world.otherVillage.id].toSorted());

    const listed = await agents.village.get('/api/v1/party-orgs');
    expectStatus(listed, 200);
    const seen = listed.json<{ items: PartyOrg[] }>().items.find((item) => item.id === org.id);
    expect(seen?.coveredRegionIds).toEqual([world.memberVillage.id]);
    const read = await agents.village.get(`/api/v1/party-orgs/${org.id}`);
    expect(read.json<PartyOrg>().coveredRegionIds).toEqual([world.memberVillage.id]);
    // A grid inside a covered village is not covered itself: the organisation is not the grid's to see.
    expectError(await agents.member.get(`/api/v1/party-orgs/${org.id}`), 404, 'party_org_not_found');
  });
});
