import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../src/shared/policy.js';
import { auditLog } from '../src/server/db/schema/index.js';
import { insertNeighbourCounty, interiorPointOf, type NeighbourCounty } from './factories.js';
import {
  createTestApp,
  demoUsernames,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type AccountRecord,
  type Agent,
  type DemoUsername,
  type DemoWorld,
  type PartyOrgRecord,
  type RegionRecord,
  type StaffRecord,
  type TestApp,
} from './helpers.js';

/**
 * Every demo role against records inside and outside its subtree, on every read endpoint. Outside is answered
 * exactly like a record that does not exist, never lists, searches, counts or exports, and is audited.
 */

type Records = {
  /** A grid, with the person, party organisation and account placed in it, and a case reported in it. */
  grid: RegionRecord;
  staff: StaffRecord;
  partyOrg: PartyOrgRecord;
  account: AccountRecord;
  caseId: string;
};

type ScopeCase = {
  agent: Agent;
  /** Code every region in scope starts with; empty for the system administrator. */
  scopeCode: string;
  root: RegionRecord;
  inside: Records;
  /** Regions outside the subtree: a neighbouring grid, and the regions above the actor's own. */
  outsideRegions: RegionRecord[];
  outside: Records | undefined;
};

let testApp: TestApp;
let world: DemoWorld;
let neighbour: NeighbourCounty;
const cases = {} as Record<DemoUsername, ScopeCase>;

/** Every region, demo and neighbouring county alike. */
let allRegions: RegionRecord[];

/** The case reported in each grid of the matrix, by the grid's id. */
const caseInGrid = new Map<string, string>();

function caseIn(grid: RegionRecord): string {
  const caseId = caseInGrid.get(grid.id);
  if (!caseId) throw new Error(`No case was reported in ${grid.name}.`);
  return caseId;
}

function recordsIn(grid: RegionRecord, account: AccountRecord): Records {
  const staff = world.staffIn(grid.id)[0];
  const partyOrg = world.partyOrgsAnchoredAt(grid.id)[0];
  if (!staff || !partyOrg) throw new Error(`The demo grid ${grid.name} lacks people or a party organisation.`);
  return { grid, staff, partyOrg, account, caseId: caseIn(grid) };
}

function firstGridUnder(region: RegionRecord): RegionRecord {
  const grid = world.regions.find((candidate) => candidate.level === 'grid' && candidate.code.startsWith(region.code));
  if (!grid) throw new Error(`No grid under ${region.name}.`);
  return grid;
}

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  neighbour = await insertNeighbourCounty(testApp.db);
  allRegions = [...world.regions, neighbour.county, neighbour.town, neighbour.village, neighbour.grid];
  const agents = await signInAll(testApp.app, demoUsernames);
  const { accounts } = world;
  for (const grid of [world.memberGrid, world.otherGrid, firstGridUnder(world.otherTown), neighbour.grid]) {
    const reported = await agents.admin.post('/api/v1/cases', {
      category: 'environment',
      description: '楼道堆放杂物',
      regionId: grid.id,
    });
    expectStatus(reported, 201);
    caseInGrid.set(grid.id, reported.json<{ id: string }>().id);
  }
  const insideMemberGrid = recordsIn(world.memberGrid, accounts.member);
  const insideOtherGrid = recordsIn(world.otherGrid, accounts.member2);
  const neighbourRecords: Records = {
    grid: neighbour.grid,
    staff: neighbour.staff,
    partyOrg: neighbour.partyOrg,
    account: neighbour.account,
    caseId: caseIn(neighbour.grid),
  };
  const gridRole = (agent: Agent): ScopeCase => ({
    agent,
    scopeCode: world.memberGrid.code,
    root: world.memberGrid,
    inside: insideMemberGrid,
    outsideRegions: [world.otherGrid, world.memberVillage, world.town, world.county],
    outside: insideOtherGrid,
  });
  Object.assign(cases, {
    admin: {
      agent: agents.admin,
      scopeCode: '',
      root: world.county,
      inside: insideMemberGrid,
      outsideRegions: [],
      outside: undefined,
    },
    county: {
      agent: agents.county,
      scopeCode: world.county.code,
      root: world.county,
      inside: insideMemberGrid,
      outsideRegions: [neighbour.county, neighbour.grid],
      outside: neighbourRecords,
    },
    town: {
      agent: agents.town,
      scopeCode: world.town.code,
      root: world.town,
      inside: insideMemberGrid,
      outsideRegions: [world.otherTown, firstGridUnder(world.otherTown), world.county],
      outside: recordsIn(firstGridUnder(world.otherTown), accounts.county),
    },
    village: {
      agent: agents.village,
      scopeCode: world.memberVillage.code,
      root: world.memberVillage,
      inside: insideMemberGrid,
      outsideRegions: [world.otherVillage, world.otherGrid, world.town],
      outside: insideOtherGrid,
    },
    leader: gridRole(agents.leader),
    member: gridRole(agents.member),
    cadre: gridRole(agents.cadre),
    member2: {
      agent: agents.member2,
      scopeCode: world.otherGrid.code,
      root: world.otherGrid,
      inside: insideOtherGrid,
      outsideRegions: [world.memberGrid, world.otherVillage, world.town],
      outside: insideMemberGrid,
    },
  } satisfies Record<DemoUsername, ScopeCase>);

  // Changes recorded in the audit log of regions outside the town's and the county's subtrees.
  for (const region of [world.otherTown, neighbour.county]) {
    expectStatus(await agents.admin.patch(`/api/v1/regions/${region.id}`, { name: region.name }), 200);
  }
});

afterAll(() => testApp?.close());

function isInScope(scope: ScopeCase, code: string) {
  return code.startsWith(scope.scopeCode);
}

function codeOfRegion(id: string): string {
  const region = allRegions.find((candidate) => candidate.id === id);
  if (!region) throw new Error(`Unknown region ${id}.`);
  return region.code;
}

/**
 * Asserts that a record outside the actor's subtree is answered exactly like a record that does not exist (same
 * status and body but for the id itself), and that the look outside, unlike the miss, is audited.
 */
async function expectHiddenLikeMissing(agent: Agent, urlOf: (id: string) => string, hiddenId: string) {
  const missingId = randomUUID();
  const deniedBefore = await findAuditEntries(testApp.db, {
    actorId: agent.user.id,
    entityId: hiddenId,
    outcome: 'denied',
  });
  const hidden = await agent.get(urlOf(hiddenId));
  const missing = await agent.get(urlOf(missingId));
  expect(hidden.statusCode, `${urlOf(hiddenId)}: ${hidden.body}`).toBe(404);
  expect(hidden.statusCode).toBe(missing.statusCode);
  expect(hidden.body.replaceAll(hiddenId, '<id>')).toBe(missing.body.replaceAll(missingId, '<id>'));
  const deniedAfter = await findAuditEntries(testApp.db, {
    actorId: agent.user.id,
    entityId: hiddenId,
    outcome: 'denied',
  });
  expect(deniedAfter.length, `denial of ${urlOf(hiddenId)} audited`).toBe(deniedBefore.length + 1);
  expect(await findAuditEntries(testApp.db, { entityId: missingId })).toEqual([]);
}

/** Every item of a cursor-paginated list. */
async function listAll<Item>(agent: Agent, url: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const page = await agent.get(cursor === null ? url : `${url}${separator}cursor=${encodeURIComponent(cursor)}`);
    expectStatus(page, 200);
    const body = page.json<{ items: Item[]; nextCursor: string | null }>();
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor !== null);
  return items;
}

describe.each(demoUsernames)('%s', (username) => {
  const scope = () => cases[username];
  const role = () => scope().agent.session.role;

  describe('regions', () => {
    it('reads a region inside, and answers one outside like a missing one', async () => {
      const { agent, inside, outsideRegions } = scope();
      const response = await agent.get(`/api/v1/regions/${inside.grid.id}`);
      expectStatus(response, 200);
      expect(response.json()).toMatchObject({ id: inside.grid.id, code: inside.grid.code, name: inside.grid.name });
      for (const region of outsideRegions) {
        await expectHiddenLikeMissing(agent, (id) => `/api/v1/regions/${id}`, region.id);
      }
    });

    it('shows only ancestors inside the scope', async () => {
      const { agent, inside } = scope();
      const ancestors = (await agent.get(`/api/v1/regions/${inside.grid.id}`)).json().ancestors as { code: string }[];
      for (const ancestor of ancestors) expect(isInScope(scope(), ancestor.code), ancestor.code).toBe(true);
    });

    it('counts only the people of the region’s own subtree', async () => {
      const { agent, root } = scope();
      const counts = (await agent.get(`/api/v1/regions/${root.id}`)).json().staffCounts as Record<string, number>;
      const expected = world.staff.filter((person) => codeOfRegion(person.regionId).startsWith(root.code)).length;
      expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(expected);
    });

    it('starts the tree at the actor’s own region', async () => {
      const { agent, root } = scope();
      const response = await agent.get('/api/v1/regions');
      expectStatus(response, 200);
      const ids = response.json().items.map((item: { id: string }) => item.id);
      if (username === 'admin') expect(ids).toEqual(expect.arrayContaining([world.county.id, neighbour.county.id]));
      else expect(ids).toEqual([root.id]);
    });

    it('lists children inside, and refuses to list children of a region outside', async () => {
      const { agent, root, outsideRegions } = scope();
      const response = await agent.get(`/api/v1/regions?parentId=${root.id}`);
      expectStatus(response, 200);
      const expected = world.childrenOf(root.id).map((child) => child.id);
      expect(response.json().items.map((item: { id: string }) => item.id)).toEqual(expected);
      for (const region of outsideRegions) {
        await expectHiddenLikeMissing(agent, (id) => `/api/v1/regions?parentId=${id}`, region.id);
      }
    });

    it('finds by name and code inside only', async () => {
      const { agent, inside, outside } = scope();
      const found = await agent.get(`/api/v1/regions/search?q=${encodeURIComponent(inside.grid.name)}`);
      expectStatus(found, 200);
      expect(found.json().items.map((item: { id: string }) => item.id)).toContain(inside.grid.id);
      if (!outside) return;
      for (const text of [outside.grid.name, outside.grid.code]) {
        const response = await agent.get(`/api/v1/regions/search?q=${encodeURIComponent(text)}`);
        expectStatus(response, 200);
        expect(response.json().items).toEqual([]);
      }
      const broad = await agent.get(`/api/v1/regions/search?q=${encodeURIComponent('网格')}`);
      for (const item of broad.json().items as { code: string }[]) {
        expect(isInScope(scope(), item.code), item.code).toBe(true);
      }
    });

    it('locates a point inside its grid, and nothing at a point outside the scope', async () => {
      const { agent, inside, outside, root } = scope();
      const [lng, lat] = interiorPointOf(inside.grid, world.childrenOf(inside.grid.id));
      const located = await agent.get(`/api/v1/regions/locate?lng=${lng}&lat=${lat}`);
      expectStatus(located, 200);
      const body = located.json();
      expect(body.region.id).toBe(inside.grid.id);
      expect(body.path[0].id).toBe(root.id);
      expect(body.path.at(-1).id).toBe(inside.grid.id);
      if (!outside) return;
      const [outsideLng, outsideLat] = interiorPointOf(outside.grid);
      const elsewhere = await agent.get(`/api/v1/regions/locate?lng=${outsideLng}&lat=${outsideLat}`);
      expectStatus(elsewhere, 200);
      expect(elsewhere.json()).toEqual({ region: null, path: [] });
    });

    it('exports boundaries inside only', async () => {
      const { agent, root, outsideRegions } = scope();
      const response = await agent.get(`/api/v1/regions/${root.id}/boundaries`);
      expectStatus(response, 200);
      const features = response.json().features as { properties: { code: string } }[];
      expect(features.length).toBeGreaterThan(0);
      for (const feature of features) expect(isInScope(scope(), feature.properties.code)).toBe(true);
      for (const region of outsideRegions) {
        await expectHiddenLikeMissing(agent, (id) => `/api/v1/regions/${id}/boundaries`, region.id);
      }
    });
  });

  describe('people in the grids', () => {
    it('reads a person inside, and answers one outside like a missing one', async () => {
      const { agent, inside, outside } = scope();
      const response = await agent.get(`/api/v1/staff/${inside.staff.id}`);
      expectStatus(response, 200);
      expect(response.json()).toMatchObject({ id: inside.staff.id, name: inside.staff.name });
      if (outside) await expectHiddenLikeMissing(agent, (id) => `/api/v1/staff/${id}`, outside.staff.id);
    });

    it('lists people inside only, and refuses to list a region outside', async () => {
      const { agent, inside, outside, outsideRegions } = scope();
      const everyone = await listAll<{ id: string; regionId: string }>(agent, '/api/v1/staff?limit=500');
      for (const person of everyone) expect(isInScope(scope(), codeOfRegion(person.regionId))).toBe(true);
      const ids = everyone.map((person) => person.id);
      expect(ids).toContain(inside.staff.id);
      if (outside) expect(ids).not.toContain(outside.staff.id);

      const ofGrid = await listAll<{ id: string }>(agent, `/api/v1/staff?regionId=${inside.grid.id}`);
      expect(ofGrid.map((person) => person.id)).toContain(inside.staff.id);
      for (const region of outsideRegions) {
        await expectHiddenLikeMissing(agent, (id) => `/api/v1/staff?regionId=${id}`, region.id);
      }
    });
  });

  describe('party organisations', () => {
    it('reads an organisation inside, and answers one outside like a missing one', async () => {
      const { agent, inside, outside } = scope();
      const response = await agent.get(`/api/v1/party-orgs/${inside.partyOrg.id}`);
      expectStatus(response, 200);
      expect(response.json()).toMatchObject({ id: inside.partyOrg.id, name: inside.partyOrg.name });
      if (outside) await expectHiddenLikeMissing(agent, (id) => `/api/v1/party-orgs/${id}`, outside.partyOrg.id);
    });

    it('lists organisations touching the scope only, and refuses to list a region outside', async () => {
      const { agent, inside, outside, outsideRegions } = scope();
      const response = await agent.get('/api/v1/party-orgs');
      expectStatus(response, 200);
      const items = response.json().items as { id: string; regionId: string; coveredRegionIds: string[] }[];
      for (const org of items) {
        const codes = [org.regionId, ...org.coveredRegionIds].map(codeOfRegion);
        expect(
          codes.some((code) => isInScope(scope(), code)),
          org.id,
        ).toBe(true);
      }
      const ids = items.map((org) => org.id);
      expect(ids).toContain(inside.partyOrg.id);
      if (outside) expect(ids).not.toContain(outside.partyOrg.id);
      for (const region of outsideRegions) {
        await expectHiddenLikeMissing(agent, (id) => `/api/v1/party-orgs?regionId=${id}`, region.id);
      }
    });
  });

  describe('accounts', () => {
    it('reads an account inside and hides one outside, or refuses both alike without account.read', async () => {
      const { agent, inside, outside } = scope();
      if (!can(role(), 'account.read')) {
        const insideAnswer = await agent.get(`/api/v1/accounts/${inside.account.id}`);
        expectError(insideAnswer, 403, 'forbidden');
        if (outside) {
          const outsideAnswer = await agent.get(`/api/v1/accounts/${outside.account.id}`);
          expect(outsideAnswer.body).toBe(insideAnswer.body);
        }
        return;
      }
      const response = await agent.get(`/api/v1/accounts/${inside.account.id}`);
      expectStatus(response, 200);
      expect(response.json()).toMatchObject({ id: inside.account.id, username: inside.account.username });
      if (outside) await expectHiddenLikeMissing(agent, (id) => `/api/v1/accounts/${id}`, outside.account.id);
    });

    it('lists accounts inside only', async () => {
      const { agent, inside, outside } = scope();
      if (!can(role(), 'account.read')) {
        expectError(await agent.get('/api/v1/accounts'), 403, 'forbidden');
        return;
      }
      const items = await listAll<{ id: string; regionId: string | null }>(agent, '/api/v1/accounts?limit=200');
      for (const account of items) {
        if (account.regionId === null) expect(username).toBe('admin');
        else expect(isInScope(scope(), codeOfRegion(account.regionId))).toBe(true);
      }
      const ids = items.map((account) => account.id);
      expect(ids).toContain(inside.account.id);
      if (outside) expect(ids).not.toContain(outside.account.id);
    });
  });

  describe('cases', () => {
    it('reads a case inside, and answers one outside like a missing one', async () => {
      const { agent, inside, outside } = scope();
      const response = await agent.get(`/api/v1/cases/${inside.caseId}`);
      expectStatus(response, 200);
      expect(response.json()).toMatchObject({ id: inside.caseId, regionId: inside.grid.id });
      if (outside) await expectHiddenLikeMissing(agent, (id) => `/api/v1/cases/${id}`, outside.caseId);
    });

    it('lists cases inside only, and refuses to list a region outside', async () => {
      const { agent, inside, outside, outsideRegions } = scope();
      const items = await listAll<{ id: string; regionId: string }>(agent, '/api/v1/cases?limit=200');
      for (const item of items) expect(isInScope(scope(), codeOfRegion(item.regionId))).toBe(true);
      const ids = items.map((item) => item.id);
      expect(ids).toContain(inside.caseId);
      if (outside) expect(ids).not.toContain(outside.caseId);
      for (const region of outsideRegions) {
        await expectHiddenLikeMissing(agent, (id) => `/api/v1/cases?regionId=${id}`, region.id);
      }
    });
  });

  describe('audit log', () => {
    it('shows entries of the scope only, or refuses without audit.read', async () => {
      const { agent } = scope();
      if (!can(role(), 'audit.read')) {
        expectError(await agent.get('/api/v1/audit'), 403, 'forbidden');
        return;
      }
      const response = await agent.get('/api/v1/audit?limit=200');
      expectStatus(response, 200);
      const ids = response.json().items.map((item: { id: string }) => item.id) as string[];
      expect(ids.length).toBeGreaterThan(0);
      const rows = await testApp.db.select().from(auditLog).where(inArray(auditLog.id, ids));
      for (const row of rows) expect(isInScope(scope(), row.regionCode ?? ''), row.action).toBe(true);

      // The administrator's changes outside the subtree stay out of sight (the actor's own looks outside, audited
      // as denials, are the subtree's business and do show).
      const changesAbout = async (region: RegionRecord) => {
        const response = await agent.get(`/api/v1/audit?entityId=${region.id}`);
        expectStatus(response, 200);
        return (response.json().items as { action: string }[]).filter((item) => item.action === 'region.update');
      };
      for (const region of [world.otherTown, neighbour.county]) {
        if (isInScope(scope(), region.code)) expect(await changesAbout(region)).toHaveLength(1);
        else expect(await changesAbout(region)).toEqual([]);
      }
    });
  });
});
