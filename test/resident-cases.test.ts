import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Case, CaseDetail } from '../src/shared/api/cases.js';
import type {
  ResidentCategories,
  ResidentGridCard,
  ResidentGrids,
  ResidentMe,
  ResidentMoralBank,
} from '../src/shared/api/resident.js';
import type { Account } from '../src/shared/api/moral-bank.js';
import { selectRows } from '../src/server/db/client.js';
import { persons } from '../src/server/db/schema/index.js';
import { actOn, reportCase } from './case-fixtures.js';
import { interiorPointOf } from './factories.js';
import { signInResident as signInResidentAt } from './resident-fixtures.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type ApiResponse,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * A resident's own cases (群众自报): they report at a point, which makes a case of the grid there; they see only what
 * they reported; they reopen or rate it once handled; and nothing else of the API answers them with others' data.
 */

let test: TestApp;
let world: DemoWorld;
let staff: Record<'admin' | 'leader' | 'member', Agent>;
let resident: Agent;
let neighbour: Agent;
let point: { lat: number; lng: number };
let nextAddress = 1;

/** A resident signed in from an address of their own, with the code the admin reads in the outbox. */
function signInResident(phone: string): Promise<Agent> {
  return signInResidentAt(test, staff.admin, phone, `10.79.0.${nextAddress++}`);
}

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  staff = await signInAll(test.app, ['admin', 'leader', 'member'] as const);
  resident = await signInResident('13911110000');
  neighbour = await signInResident('13922220000');
  const [lng, lat] = interiorPointOf(world.memberGrid, world.childrenOf(world.memberGrid.id));
  point = { lat, lng };
});
afterAll(() => test.close());

async function residentReports(agent: Agent, body: Record<string, unknown> = {}): Promise<Case> {
  const response = await agent.post('/api/v1/cases', {
    category: 'environment',
    description: '小区门口垃圾堆积',
    location: point,
    ...body,
  });
  expectStatus(response, 201);
  return response.json<Case>();
}

/** The resident's case taken through the grid: handled by the member, verified and closed by the leader. */
async function closeByStaff(id: string): Promise<Case> {
  await actOn(staff.member, id, { action: 'self_handle', result: '已清运垃圾' });
  await actOn(staff.leader, id, { action: 'verify' });
  return actOn(staff.leader, id, { action: 'close' });
}

describe('a resident’s report', () => {
  it('becomes a case of the grid at its point, 群众自报, with the resident as reporter and contact', async () => {
    const reported = await residentReports(resident);
    expect(reported).toMatchObject({
      regionId: world.memberGrid.id,
      source: 'resident',
      status: 'reported',
      reporterId: resident.user.id,
    });
    const seenByStaff = (await staff.member.get(`/api/v1/cases/${reported.id}`)).json<CaseDetail>();
    expect(seenByStaff).toMatchObject({ source: 'resident', residentPhone: '139****0000' });
  });

  it('cannot name a grid, people of the registry, another source, or close itself on the spot', async () => {
    const reported = await residentReports(resident, {
      regionId: world.memberGrid.id,
      source: 'hotline',
      tier: 'simple',
      result: '已自行处理',
      residentName: '冒名',
    });
    expect(reported).toMatchObject({ source: 'resident', status: 'reported', regionId: world.memberGrid.id });
    expect(reported.tier).not.toBe('simple');
  });

  it('needs a point inside a grid', async () => {
    expectError(
      await resident.post('/api/v1/cases', { category: 'environment', description: '无位置' }),
      400,
      'validation_failed',
    );
    expectError(
      await resident.post('/api/v1/cases', {
        category: 'environment',
        description: '海上',
        location: { lat: 0, lng: 0 },
      }),
      400,
      'validation_failed',
    );
  });
});

describe('a report in a grid chosen by name (no location on the phone)', () => {
  it('becomes a case of that grid; a point, when both come, still decides', async () => {
    const chosen = await residentReports(resident, { location: undefined, regionId: world.otherGrid.id });
    expect(chosen).toMatchObject({ regionId: world.otherGrid.id, source: 'resident' });
    const both = await residentReports(resident, { regionId: world.otherGrid.id });
    expect(both.regionId).toBe(world.memberGrid.id);
  });

  it('must name a grid, not a village', async () => {
    expectError(
      await resident.post('/api/v1/cases', {
        category: 'environment',
        description: '村口路灯坏了',
        regionId: world.memberVillage.id,
      }),
      400,
      'validation_failed',
    );
  });
});

describe('the resident page’s own reads', () => {
  it('me: a guest has no registry person and no grid, and sees only the last 4 digits of their phone', async () => {
    const response = await resident.get('/api/v1/resident/me');
    expectStatus(response, 200);
    expect(response.json<ResidentMe>()).toEqual({
      displayName: '139****0000',
      phone: '*******0000',
      person: null,
      grid: null,
      smsNotices: true,
    });
  });

  it('me: a registry resident sees their name, household address and grid', async () => {
    const created = await staff.member.post('/api/v1/persons', {
      name: '居民乙',
      regionId: world.memberGrid.id,
      phone: '13933330000',
    });
    expectStatus(created, 201);
    const linked = await signInResident('13933330000');
    const me = (await linked.get('/api/v1/resident/me')).json<ResidentMe>();
    expect(me).toMatchObject({
      displayName: '居民乙',
      person: { name: '居民乙', householdAddress: null },
      grid: { id: world.memberGrid.id, name: world.memberGrid.name, countyId: world.county.id },
    });
    expect(JSON.stringify(me)).not.toContain('1393333');
  });

  it('moral bank: a registry resident sees their own balance and entries, newest first, whatever they ask', async () => {
    // Two residents of the demo's grid with counted entries: the one who signs in, and a neighbour.
    const rows = await selectRows<{ id: string }>(
      test.db,
      sql`select p.id from persons p where p.county_id = ${world.county.id}
        and exists (select 1 from moral_bank_entries e where e.county_id = p.county_id and e.person_id = p.id
          and not e.requires_approval)
        order by p.id limit 2`,
    );
    const [own, other] = rows.map((row) => row.id);
    await test.db.update(persons).set({ phone: '13944440000' }).where(eq(persons.id, own!));
    const linked = await signInResident('13944440000');
    const account = (await staff.admin.get(`/api/v1/moral-bank/accounts/${own}`)).json<Account>();
    const response = await linked.get(`/api/v1/resident/moral-bank?personId=${other}`);
    expectStatus(response, 200);
    const bank = response.json<ResidentMoralBank>();
    expect(bank.balance).toBe(account.balance);
    expect(bank.entries.length).toBeGreaterThan(0);
    expect(bank.entries.length).toBeLessThanOrEqual(50);
    const ownEntries = account.entries.items.filter((entry) => ['recorded', 'approved'].includes(entry.status));
    expect(bank.entries[0]).toEqual({
      at: ownEntries[0]!.recordedAt,
      points: ownEntries[0]!.points,
      kind: ownEntries[0]!.kind,
      reason: ownEntries[0]!.reason,
    });
    const times = bank.entries.map((entry) => entry.at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('moral bank: a guest has no account yet (404)', async () => {
    expectError(await resident.get('/api/v1/resident/moral-bank'), 404, 'account_not_found');
  });

  it('grids: by part of a name, or the one at a point; public names only', async () => {
    const byName = (
      await resident.get(`/api/v1/resident/grids?q=${encodeURIComponent(world.memberGrid.name)}`)
    ).json<ResidentGrids>();
    expect(byName.items.map((grid) => grid.id)).toContain(world.memberGrid.id);
    expect(Object.keys(byName.items[0]!).sort()).toEqual(['code', 'countyId', 'id', 'name', 'villageName']);
    const byCode = (await resident.get(`/api/v1/resident/grids?q=${world.memberGrid.code}`)).json<ResidentGrids>();
    expect(byCode.items.map((grid) => grid.id)).toEqual([world.memberGrid.id]);
    const atPoint = (
      await resident.get(`/api/v1/resident/grids?lat=${point.lat}&lng=${point.lng}`)
    ).json<ResidentGrids>();
    expect(atPoint.items).toEqual([
      {
        id: world.memberGrid.id,
        code: world.memberGrid.code,
        name: world.memberGrid.name,
        villageName: world.memberVillage.name,
        countyId: world.county.id,
      },
    ]);
    expect((await resident.get('/api/v1/resident/grids?lat=0&lng=0')).json<ResidentGrids>().items).toEqual([]);
    expect((await resident.get('/api/v1/resident/grids?q=%25')).json<ResidentGrids>().items).toEqual([]);
    expectError(await resident.get('/api/v1/resident/grids'), 400, 'validation_failed');
    expectError(await resident.get('/api/v1/resident/grids?lat=north&lng=1'), 400, 'validation_failed');
  });

  it('categories: the county’s active items by name; an unknown county is 404', async () => {
    const response = await resident.get(`/api/v1/resident/categories?countyId=${world.county.id}`);
    expectStatus(response, 200);
    const { items } = response.json<ResidentCategories>();
    expect(items).toContainEqual({ code: 'environment', name: expect.objectContaining({ zh: expect.any(String) }) });
    expectError(
      await resident.get('/api/v1/resident/categories?countyId=00000000-0000-7000-8000-000000000000'),
      404,
      'region_not_found',
    );
    expectError(await resident.get('/api/v1/resident/categories'), 400, 'validation_failed');
  });

  it('grid card: the grid’s people by position and the published service phone, never a personal one', async () => {
    const created = await staff.member.post('/api/v1/persons', {
      name: '居民丙',
      regionId: world.memberGrid.id,
      phone: '13944440000',
    });
    expectStatus(created, 201);
    const linked = await signInResident('13944440000');
    const response = await linked.get('/api/v1/resident/grid-card');
    expectStatus(response, 200);
    const card = response.json<ResidentGridCard>();
    expect(card.grid.id).toBe(world.memberGrid.id);
    expect(card.fullName).toContain(world.memberGrid.name);
    expect(card.people.flatMap((group) => group.names).length).toBeGreaterThan(0);
    // The only phone on the card is the service centre's, which it publishes.
    expect(JSON.stringify({ ...card, servicePhone: null })).not.toMatch(/1[3-9]\d{9}/);
    const guestCard = (
      await resident.get(`/api/v1/resident/grid-card?gridId=${world.otherGrid.id}`)
    ).json<ResidentGridCard>();
    expect(guestCard.grid.id).toBe(world.otherGrid.id);
    expectError(await resident.get('/api/v1/resident/grid-card'), 404, 'region_not_found');
    expectError(
      await resident.get(`/api/v1/resident/grid-card?gridId=${world.memberVillage.id}`),
      404,
      'region_not_found',
    );
    expectError(await resident.get('/api/v1/resident/grid-card?gridId=nope'), 400, 'validation_failed');
  });

  it('are the resident’s: staff get 403', async () => {
    for (const url of [
      '/resident/grid-card',
      '/resident/me',
      '/resident/moral-bank',
      '/resident/grids?q=网格',
      `/resident/categories?countyId=${world.county.id}`,
    ]) {
      expectError(await staff.admin.get(`/api/v1${url}`), 403, 'forbidden');
    }
  });
});

describe('what a resident sees', () => {
  it('lists only their own reports, whatever they ask for', async () => {
    const own = await residentReports(resident);
    const others = await residentReports(neighbour);
    const staffCase = await reportCase(staff.member, { regionId: world.memberGrid.id });
    for (const query of ['', '?mine=true', '?reportedByMe=false', `?regionId=${world.memberGrid.id}`]) {
      const response = await resident.get(`/api/v1/cases${query}`);
      expectStatus(response, 200);
      const ids = response.json<{ items: Case[] }>().items.map((item) => item.id);
      expect(ids).toContain(own.id);
      expect(ids).not.toContain(others.id);
      expect(ids).not.toContain(staffCase.id);
    }
  });

  it('opens only their own case: anyone else’s reads as missing', async () => {
    const own = await residentReports(resident);
    const others = await residentReports(neighbour);
    const staffCase = await reportCase(staff.member, { regionId: world.memberGrid.id });
    expectStatus(await resident.get(`/api/v1/cases/${own.id}`), 200);
    for (const id of [others.id, staffCase.id]) {
      expectError(await resident.get(`/api/v1/cases/${id}`), 404, 'case_not_found');
      expectError(
        await resident.post(`/api/v1/cases/${id}/transitions`, { action: 'rate', rating: 1 }),
        404,
        'case_not_found',
      );
    }
    expectError(await resident.get(`/api/v1/cases/${own.id}?reveal=true&reason=看看`), 403, 'forbidden');
  });
});

describe('photos', () => {
  /** A small PNG: the server recognises a photo by its first bytes. */
  const photo = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(512, 7)]);
  const upload = (agent: Agent, caseId: string) =>
    agent.request('POST', `/api/v1/cases/${caseId}/photos?fileName=a.png`, photo, { 'content-type': 'image/png' });

  it('go onto the resident’s own case, which then shows them, and onto nobody else’s', async () => {
    const own = await residentReports(resident);
    expectStatus(await upload(resident, own.id), 201);
    const detail = (await resident.get(`/api/v1/cases/${own.id}`)).json<CaseDetail>();
    expect(detail.files).toHaveLength(1);
    expectStatus(await resident.get(`/api/v1/cases/${own.id}/photos/${detail.files[0]!.id}`), 200);
    const others = await residentReports(neighbour);
    expectError(await upload(resident, others.id), 404, 'case_not_found');
  });
});

describe('once the grid has handled it', () => {
  it('the resident rates it, and may not take the staff’s steps', async () => {
    const own = await residentReports(resident);
    expectError(await resident.post(`/api/v1/cases/${own.id}/transitions`, { action: 'accept' }), 403, 'forbidden');
    const closed = await closeByStaff(own.id);
    const detail = (await resident.get(`/api/v1/cases/${closed.id}`)).json<CaseDetail>();
    expect(detail.abilities).toEqual(expect.arrayContaining(['rate', 'reopen']));
    expect(detail.abilities).not.toContain('revisit');
    const rated = await actOn(resident, own.id, { action: 'rate', rating: 5 });
    expect(rated).toMatchObject({ status: 'closed', rating: 5 });
    expectError(
      await resident.post(`/api/v1/cases/${own.id}/transitions`, { action: 'rate', rating: 9 }),
      400,
      'validation_failed',
    );
  });

  it('the resident reopens it when the problem is still there', async () => {
    const own = await residentReports(resident);
    await closeByStaff(own.id);
    const reopened = await actOn(resident, own.id, { action: 'reopen', reason: '垃圾又堆起来了' });
    expect(reopened.status).toBe('in_progress');
  });
});

describe('the rest of the API', () => {
  /** GET routes that answer a resident with their own data only (their sign-in, notices about their cases). */
  const allowed = new Set([
    '/config',
    '/session',
    '/session/second-factor',
    '/notifications',
    '/cases',
    '/cases/{id}',
    '/cases/{id}/photos/{photoId}',
    '/case-categories',
    '/resident/me',
    '/resident/notices',
    '/resident/moral-bank',
    '/resident/grids',
    '/resident/categories',
    '/resident/grid-card',
    '/resident/wishes',
    '/resident/wish-drives',
    '/resident/wishes/{id}/photo',
  ]);

  it('answers a resident no other GET route with 200', async () => {
    const own = await residentReports(resident);
    const document = (await test.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const answered: string[] = [];
    const ids = [world.memberGrid.id, own.id, world.county.id];
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!('get' in operations) || !path.startsWith('/api/v1/')) continue;
      const route = path.slice('/api/v1'.length);
      if (allowed.has(route)) continue;
      for (const id of ids) {
        const url = path.replace(/\{[^}]+\}/g, id);
        const response: ApiResponse = await resident.get(`${url}?regionId=${world.memberGrid.id}`);
        expect(response.statusCode, `${route}: ${response.body.slice(0, 200)}`).toBeLessThan(500);
        if (response.statusCode === 200) answered.push(route);
      }
    }
    expect([...new Set(answered)]).toEqual([]);
  });
});
