import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../src/shared/api/accounts.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  requestSignIn,
  signIn,
  signInAll,
  testPassword,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { isOnPostgres, raceBehindBarrier } from './postgres-race.js';

const strongPassword = 'Spring-Rain-Over-Hills-7';

let testApp: TestApp;
let world: DemoWorld;
let agents: Record<'admin' | 'county' | 'town' | 'village' | 'leader' | 'member', Agent>;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  agents = await signInAll(testApp.app, ['admin', 'county', 'town', 'village', 'leader', 'member'] as const);
});

afterAll(() => testApp?.close());

let accountNumber = 0;

/** Asks for a new account; the username is unique unless given. */
function requestAccount(agent: Agent, fields: Record<string, unknown>) {
  accountNumber += 1;
  return agent.post('/api/v1/accounts', {
    username: `worker${accountNumber}`,
    displayName: `工作人员${accountNumber}`,
    password: strongPassword,
    ...fields,
  });
}

async function createAccount(agent: Agent, fields: Record<string, unknown>): Promise<Account> {
  const response = await requestAccount(agent, fields);
  expectStatus(response, 201);
  return response.json();
}

describe('creating accounts', () => {
  it('lets admin, county and town create accounts of their rank or below, which can then sign in', async () => {
    const cases = [
      { agent: agents.admin, role: 'county', region: world.county },
      { agent: agents.county, role: 'town', region: world.otherTown },
      { agent: agents.town, role: 'village', region: world.memberVillage },
      { agent: agents.town, role: 'grid_member', region: world.memberGrid },
    ];
    for (const { agent, role, region } of cases) {
      const account = await createAccount(agent, { role, regionId: region.id });
      expect(account).toMatchObject({ role, regionId: region.id, regionName: region.name, isEnabled: true });
      expect(account.lastSignInAt).toBeNull();
      const session = (await signIn(testApp.app, account.username, { password: strongPassword })).session;
      expect(session).toMatchObject({ role, regionId: region.id });
    }
  });

  it('shows the sign-in time once the account has signed in', async () => {
    const account = await createAccount(agents.town, { role: 'grid_member', regionId: world.memberGrid.id });
    await signIn(testApp.app, account.username, { password: strongPassword });
    const shown = (await agents.town.get(`/api/v1/accounts/${account.id}`)).json<Account>();
    expect(Date.parse(shown.lastSignInAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('never shows a password hash', async () => {
    const list = await agents.admin.get('/api/v1/accounts?limit=200');
    expectStatus(list, 200);
    expect(list.body).not.toMatch(/scrypt|passwordHash/);
  });

  it('refuses a town user giving the county or admin role', async () => {
    for (const role of ['county', 'admin']) {
      const regionId = role === 'admin' ? null : world.county.id;
      const response = await requestAccount(agents.town, { role, regionId });
      expect(expectError(response, 403, 'forbidden').message).toContain(role);
    }
  });

  it('refuses a town user anchoring an account in another town as if it did not exist', async () => {
    const otherTownVillage = world.childrenOf(world.otherTown.id)[0]!;
    const response = await requestAccount(agents.town, { role: 'village', regionId: otherTownVillage.id });
    expectError(response, 404, 'region_not_found');
  });

  it('anchors each role at its own level only', async () => {
    const gridRoleInVillage = await requestAccount(agents.town, {
      role: 'grid_member',
      regionId: world.memberVillage.id,
    });
    expect(expectError(gridRoleInVillage, 400, 'validation_failed').message).toMatch(/grid/);
    const adminInRegion = await requestAccount(agents.admin, { role: 'admin', regionId: world.county.id });
    expectError(adminInRegion, 400, 'validation_failed');
    const townWithoutRegion = await requestAccount(agents.county, { role: 'town', regionId: null });
    expectError(townWithoutRegion, 400, 'validation_failed');
  });

  it('refuses a username that is taken, whatever its case', async () => {
    for (const username of ['member', 'MEMBER']) {
      const response = await requestAccount(agents.town, {
        username,
        role: 'grid_member',
        regionId: world.memberGrid.id,
      });
      expectError(response, 409, 'username_taken');
    }
  });

  it.runIf(isOnPostgres)(
    'answers two requests for the same new username with one account and one refusal',
    async () => {
      const fields = { username: 'same-moment', role: 'grid_member', regionId: world.memberGrid.id };
      // Both find the username free before either inserts it: the database's unique index refuses the second.
      const responses = await raceBehindBarrier(testApp.db, 'accounts', 2, () =>
        Promise.all([requestAccount(agents.town, fields), requestAccount(agents.town, fields)]),
      );
      const statuses = responses.map((response) => response.statusCode).sort();
      expect(statuses, responses.map((response) => response.body).join('\n')).toEqual([201, 409]);
    },
  );

  it('refuses usernames of the wrong shape, saying why', async () => {
    const response = await requestAccount(agents.town, {
      username: '张三',
      role: 'cadre',
      regionId: world.memberGrid.id,
    });
    expect(expectError(response, 400, 'validation_failed').message).toMatch(/username/);
  });

  it('refuses weak passwords with the reason', async () => {
    const cases = [
      { password: 'Short-1', code: 'password_too_short', reason: /12 characters/ },
      { password: 'administrator', code: 'password_too_common', reason: /common passwords/ },
      { password: 'weakling-2025-pass', username: 'weakling', code: 'password_too_common', reason: /username/ },
    ];
    for (const { password, username, code, reason } of cases) {
      const response = await requestAccount(agents.town, {
        password,
        ...(username ? { username } : {}),
        role: 'cadre',
        regionId: world.memberGrid.id,
      });
      expect(expectError(response, 400, code).message).toMatch(reason);
    }
  });
});

describe('managing accounts', () => {
  it('lists and finds accounts of the subtree', async () => {
    const response = await agents.town.get('/api/v1/accounts?q=member');
    expectStatus(response, 200);
    const usernames = (response.json().items as Account[]).map((account) => account.username);
    expect(usernames).toEqual(expect.arrayContaining(['member', 'member2']));
    for (const username of usernames) expect(username).toContain('member');
  });

  it('lists the accounts of one region of the subtree', async () => {
    const response = await agents.town.get(`/api/v1/accounts?regionId=${world.memberGrid.id}`);
    const usernames = (response.json().items as Account[]).map((account) => account.username);
    expect(usernames).toEqual(expect.arrayContaining(['leader', 'member', 'cadre']));
    expect(usernames).not.toContain('member2');
  });

  it('resets a password: the strength rules apply, old sessions end, the new password works', async () => {
    const account = await createAccount(agents.town, { role: 'grid_leader', regionId: world.otherGrid.id });
    const user = await signIn(testApp.app, account.username, { password: strongPassword });
    const url = `/api/v1/accounts/${account.id}/password`;
    expect(expectError(await agents.town.post(url, { password: 'short' }), 400, 'password_too_short').message).toMatch(
      /12/,
    );
    const withName = await agents.town.post(url, { password: `${account.username}-New-Pass-1` });
    expect(expectError(withName, 400, 'password_too_common').message).toMatch(/username/);
    expectStatus(await user.get('/api/v1/session'), 200);

    expectStatus(await agents.town.post(url, { password: 'Autumn-Leaves-Fall-Softly-3' }), 204);
    expectError(await user.get('/api/v1/session'), 401, 'unauthenticated');
    const oldPassword = await requestSignIn(testApp.app, { username: account.username, password: strongPassword });
    expectError(oldPassword, 401, 'invalid_credentials');
    await signIn(testApp.app, account.username, { password: 'Autumn-Leaves-Fall-Softly-3' });
  });

  it('refuses a town user raising an account to the county role', async () => {
    const account = await createAccount(agents.town, { role: 'village', regionId: world.memberVillage.id });
    const response = await agents.town.patch(`/api/v1/accounts/${account.id}`, {
      role: 'county',
      regionId: world.county.id,
    });
    expectError(response, 403, 'forbidden');
    expect((await agents.town.get(`/api/v1/accounts/${account.id}`)).json().role).toBe('village');
  });

  it('refuses a town user touching accounts above the town as if they did not exist', async () => {
    const county = world.accounts.county;
    expectError(
      await agents.town.patch(`/api/v1/accounts/${county.id}`, { isEnabled: false }),
      404,
      'account_not_found',
    );
    expectError(
      await agents.town.post(`/api/v1/accounts/${county.id}/password`, { password: 'Takeover-Attempt-2025' }),
      404,
      'account_not_found',
    );
    await signIn(testApp.app, 'county');
  });

  it('refuses changing one’s own role or disabling oneself', async () => {
    const own = `/api/v1/accounts/${world.accounts.town.id}`;
    expectError(await agents.town.patch(own, { role: 'village', regionId: world.memberVillage.id }), 403, 'forbidden');
    expectError(await agents.town.patch(own, { isEnabled: false }), 403, 'forbidden');
    expectStatus(await agents.town.get('/api/v1/session'), 200);
  });

  it('moves an account to another region of the same level', async () => {
    const account = await createAccount(agents.town, { role: 'grid_member', regionId: world.memberGrid.id });
    const response = await agents.town.patch(`/api/v1/accounts/${account.id}`, { regionId: world.otherGrid.id });
    expectStatus(response, 200);
    expect(response.json()).toMatchObject({ regionId: world.otherGrid.id, regionName: world.otherGrid.name });
  });
});

describe('without account management', () => {
  it('answers 403 to a grid member and a grid leader, whatever they ask', async () => {
    for (const agent of [agents.member, agents.leader]) {
      expectError(await agent.get('/api/v1/accounts'), 403, 'forbidden');
      expectError(await agent.get(`/api/v1/accounts/${world.accounts.member.id}`), 403, 'forbidden');
      const create = await agent.post('/api/v1/accounts', {
        username: 'sneaky',
        displayName: 'x',
        role: 'grid_member',
        regionId: world.memberGrid.id,
        password: testPassword,
      });
      expectError(create, 403, 'forbidden');
      const reset = await agent.post(`/api/v1/accounts/${world.accounts.member.id}/password`, {
        password: 'Takeover-Attempt-2025',
      });
      expectError(reset, 403, 'forbidden');
    }
  });
});
