import { and, asc, eq, isNotNull, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../src/shared/api/cases.js';
import type { Page } from '../src/shared/api/common.js';
import type { ResidentAccount } from '../src/shared/api/resident-accounts.js';
import { households, persons, regions } from '../src/server/db/schema/index.js';
import { interiorPointOf } from './factories.js';
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
import { requestResidentSignIn, signInResident } from './resident-fixtures.js';

/**
 * 群众账号: the residents who signed in, as their village, town and county administer them (masked phones, their
 * area only, disable and enable), and the daily limit on a resident's reports.
 */

const dailyLimit = 3;
const usernames = ['admin', 'county', 'town', 'village', 'member'] as const;

let test: TestApp;
let world: DemoWorld;
let staff: Record<(typeof usernames)[number], Agent>;
let nextAddress = 1;
const newAddress = () => `10.81.0.${nextAddress++}`;

/** A registry person's phone whose household lies under the region code. */
async function registryPhoneUnder(code: string): Promise<string> {
  const [row] = await test.db
    .select({ phone: persons.phone })
    .from(persons)
    .innerJoin(households, and(eq(households.countyId, persons.countyId), eq(households.id, persons.householdId)))
    .innerJoin(regions, eq(regions.id, households.regionId))
    .where(and(like(regions.code, `${code}%`), isNotNull(persons.phone), like(persons.phone, '1%')))
    .orderBy(asc(persons.id))
    .limit(1);
  return row!.phone!;
}

let linkedPhone: string;
let farPhone: string;
let linked: Agent;
let guest: Agent;
let far: Agent;
let point: { lat: number; lng: number };

beforeAll(async () => {
  test = await createTestApp({ RESIDENT_REPORT_DAILY_LIMIT: String(dailyLimit) });
  world = await loadDemoWorld(test.db);
  staff = await signInAll(test.app, usernames);
  linkedPhone = await registryPhoneUnder(world.memberVillage.code);
  farPhone = await registryPhoneUnder(world.otherTown.code);
  linked = await signInResident(test, staff.admin, linkedPhone, newAddress());
  guest = await signInResident(test, staff.admin, '13700137001', newAddress());
  far = await signInResident(test, staff.admin, farPhone, newAddress());
  const [lng, lat] = interiorPointOf(world.memberGrid, world.childrenOf(world.memberGrid.id));
  point = { lat, lng };
});

afterAll(() => test?.close());

function report(agent: Agent, body: Record<string, unknown> = {}) {
  return agent.post('/api/v1/cases', { category: 'environment', description: '路灯不亮', location: point, ...body });
}

async function listResidents(agent: Agent, query = ''): Promise<ResidentAccount[]> {
  const response = await agent.get(`/api/v1/resident-accounts?limit=200&${query}`);
  expectStatus(response, 200);
  return response.json<Page<ResidentAccount>>().items;
}

describe('GET /resident-accounts', () => {
  it('lists a village’s residents, a guest who reported there too, masked, with grid, link and cases', async () => {
    expectStatus(await report(guest), 201);
    const listed = await listResidents(staff.village);
    const ids = listed.map((row) => row.id);
    expect(ids).toContain(linked.user.id);
    expect(ids).toContain(guest.user.id);
    expect(ids).not.toContain(far.user.id);
    const linkedRow = listed.find((row) => row.id === linked.user.id)!;
    expect(linkedRow).toMatchObject({ isRegistryPerson: true, isEnabled: true, isPhoneMasked: true, caseCount: 0 });
    expect(linkedRow.phone).toBe(`${linkedPhone.slice(0, 3)}****${linkedPhone.slice(-4)}`);
    expect(linkedRow.grid?.id).toBeDefined();
    expect(world.region(linkedRow.grid!.id).code.startsWith(world.memberVillage.code)).toBe(true);
    expect(linkedRow.lastSignInAt).not.toBeNull();
    expect(listed.find((row) => row.id === guest.user.id)).toMatchObject({
      isRegistryPerson: false,
      grid: null,
      caseCount: 1,
    });
  });

  it('shows the county and the system administrator every resident of their area; filters by region and text', async () => {
    for (const agent of [staff.county, staff.admin]) {
      const ids = (await listResidents(agent)).map((row) => row.id);
      expect(ids).toEqual(expect.arrayContaining([linked.user.id, guest.user.id, far.user.id]));
    }
    const inOtherTown = (await listResidents(staff.county, `regionId=${world.otherTown.id}`)).map((row) => row.id);
    expect(inOtherTown).toEqual([far.user.id]);
    const byDigits = await listResidents(staff.county, `q=${farPhone.slice(-4)}`);
    expect(byDigits.map((row) => row.id)).toContain(far.user.id);
    expect(byDigits.map((row) => row.id)).not.toContain(guest.user.id);
  });

  it('shows phones in full only with a reason, and audits who looked', async () => {
    const noReason = await staff.village.get('/api/v1/resident-accounts?reveal=true');
    expectError(noReason, 400, 'validation_failed');
    const listed = await listResidents(staff.village, 'reveal=true&reason=核实上报人');
    expect(listed.find((row) => row.id === linked.user.id)).toMatchObject({ phone: linkedPhone, isPhoneMasked: false });
    const [entry] = await findAuditEntries(test.db, { action: 'account.read', actorUsername: 'village' });
    expect(entry?.details).toMatchObject({ reason: '核实上报人', revealed: 'phone' });
  });

  it('answers 403 to grid workers and residents, 404 for a region outside the scope, 400 to bad input', async () => {
    expectError(await staff.member.get('/api/v1/resident-accounts'), 403, 'forbidden');
    expectError(await linked.get('/api/v1/resident-accounts'), 403, 'forbidden');
    expectError(
      await staff.village.get(`/api/v1/resident-accounts?regionId=${world.otherVillage.id}`),
      404,
      'region_not_found',
    );
    for (const query of ['limit=0', 'cursor=abc', 'isEnabled=maybe', `q=${'x'.repeat(51)}`]) {
      expectError(await staff.village.get(`/api/v1/resident-accounts?${query}`), 400, 'validation_failed');
    }
  });
});

describe('PATCH /resident-accounts/{id}', () => {
  it('disables a resident: their session ends, signing in answers 403, and enabling lets them back', async () => {
    const resident = await signInResident(test, staff.admin, '13700137002', newAddress());
    expectStatus(await report(resident), 201);
    const disabled = await staff.village.patch(`/api/v1/resident-accounts/${resident.user.id}`, { isEnabled: false });
    expectStatus(disabled, 200);
    expect(disabled.json<ResidentAccount>()).toMatchObject({ id: resident.user.id, isEnabled: false });
    expectError(await resident.get('/api/v1/cases'), 401, 'unauthenticated');
    const again = await requestResidentSignIn(test, staff.admin, '13700137002', newAddress());
    expectError(again, 403, 'account_disabled');
    const [entry] = await findAuditEntries(test.db, { action: 'account.update', entityId: resident.user.id });
    expect(entry).toMatchObject({ outcome: 'success', actorUsername: 'village' });
    expect(entry?.details).toMatchObject({ changes: { isEnabled: false }, role: 'resident' });
    expect((await listResidents(staff.village, 'isEnabled=false')).map((row) => row.id)).toContain(resident.user.id);

    expectStatus(await staff.village.patch(`/api/v1/resident-accounts/${resident.user.id}`, { isEnabled: true }), 200);
    const back = await signInResident(test, staff.admin, '13700137002', newAddress());
    expectStatus(await back.get('/api/v1/cases'), 200);
  });

  it('answers a resident outside the area, or a staff account, exactly like a missing one', async () => {
    const outside = await staff.village.patch(`/api/v1/resident-accounts/${far.user.id}`, { isEnabled: false });
    expectError(outside, 404, 'account_not_found');
    const staffAccount = await staff.county.patch(`/api/v1/resident-accounts/${world.accounts.member.id}`, {
      isEnabled: false,
    });
    expectError(staffAccount, 404, 'account_not_found');
    const denied = await findAuditEntries(test.db, { entityId: far.user.id, outcome: 'denied' });
    expect(denied.map((entry) => entry.action)).toContain('account.read');
    expectStatus(await far.get('/api/v1/cases'), 200);
  });

  it('refuses grid workers and bad input', async () => {
    const url = `/api/v1/resident-accounts/${guest.user.id}`;
    expectError(await staff.member.patch(url, { isEnabled: false }), 403, 'forbidden');
    expectError(await staff.village.patch(url, { isEnabled: 'no' }), 400, 'validation_failed');
    expectError(await staff.village.patch(url, {}), 400, 'validation_failed');
    expectError(
      await staff.village.patch('/api/v1/resident-accounts/abc', { isEnabled: true }),
      400,
      'validation_failed',
    );
  });
});

describe('the daily limit of a resident’s reports', () => {
  it('answers 429 past the limit with Retry-After until China’s midnight, in Chinese; resends and staff pass', async () => {
    const resident = await signInResident(test, staff.admin, '13700137003', newAddress());
    const reported: Case[] = [];
    for (let count = 0; count < dailyLimit; count++) {
      const response = await report(resident);
      expectStatus(response, 201);
      reported.push(response.json<Case>());
    }
    const refused = await resident.request(
      'POST',
      '/api/v1/cases',
      { category: 'environment', description: '又一件', location: point },
      { 'accept-language': 'zh-CN' },
    );
    const error = expectError(refused, 429, 'rate_limited');
    expect(error.message).toContain(`${dailyLimit} 件`);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // The field app's offline queue resends a report whose answer was lost: that is no new report.
    expectStatus(await report(resident, { id: reported[0]!.id }), 200);
    // The limit is the resident's own, and staff have none.
    expectStatus(await report(linked), 201);
    for (let count = 0; count <= dailyLimit; count++) {
      expectStatus(
        await staff.member.post('/api/v1/cases', { category: 'environment', description: '巡查发现', location: point }),
        201,
      );
    }
  });
});
