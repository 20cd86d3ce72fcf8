import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../src/shared/api/session.js';
import { abilitiesOf } from '../src/shared/policy.js';
import { sessions } from '../src/server/db/schema/index.js';
import { hashToken } from '../src/server/modules/session/session.service.js';
import {
  cookiesOf,
  createTestApp,
  demoUsernames,
  deviceCookie,
  expectError,
  expectStatus,
  loadDemoWorld,
  requestSignIn,
  sessionCookie,
  signIn,
  type Agent,
  type ApiResponse,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

let testApp: TestApp;
let world: DemoWorld;
let admin: Agent;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  admin = await signIn(testApp.app, 'admin');
});

afterAll(() => testApp?.close());

/** GET /session with exactly the given cookies: what a browser holding them would see. */
function getSession(cookies: Record<string, string>): Promise<ApiResponse> {
  return testApp.app.inject({ method: 'GET', url: '/api/v1/session', cookies });
}

/** The stored row of an agent's session is keyed by the SHA-256 of its cookie. */
function sessionRowOf(agent: Agent) {
  return eq(sessions.tokenHash, hashToken(agent.cookies[sessionCookie]!));
}

/** Moves a time of an agent's session into the past, as if that many minutes had passed. */
async function ageSession(agent: Agent, column: 'lastSeenAt' | 'createdAt', minutes: number) {
  await testApp.db
    .update(sessions)
    .set({ [column]: sql`now() - make_interval(mins => ${minutes})` })
    .where(sessionRowOf(agent));
}

describe('signing in', () => {
  it('sets a session cookie a script cannot read and another site cannot send', async () => {
    const response = await requestSignIn(testApp.app, { username: 'member' });
    expectStatus(response, 200);
    expect(response.json().user).toMatchObject({ username: 'member', role: 'grid_member' });
    const cookie = response.cookies.find((candidate) => candidate.name === sessionCookie);
    expect(cookie).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.domain).toBeUndefined();
    expect(cookie?.value.length).toBeGreaterThanOrEqual(32);
    const header = [response.headers['set-cookie']].flat().find((line) => line?.startsWith(`${sessionCookie}=`));
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Strict/);
    expect(header).toMatch(/; Path=\/(;|$)/);
  });

  it('remembers the browser with a long-lived device cookie of the same kind', async () => {
    const response = await requestSignIn(testApp.app, { username: 'member' });
    const cookie = response.cookies.find((candidate) => candidate.name === deviceCookie);
    expect(cookie).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.maxAge).toBeGreaterThan(30 * 24 * 3600);
  });

  it('shows the signed-in user their role, scope, abilities and CSRF token', async () => {
    const member = await signIn(testApp.app, 'member');
    const response = await member.get('/api/v1/session');
    expectStatus(response, 200);
    const session = response.json();
    expect(session.role).toBe('grid_member');
    expect(session.regionId).toBe(world.memberGrid.id);
    expect(session.abilities).toEqual(abilitiesOf('grid_member'));
    expect(session.csrfToken).toMatch(/^[\w-]{32,}$/);
    expect(session.user).toMatchObject({
      id: world.accounts.member.id,
      username: 'member',
      regionName: world.memberGrid.name,
      regionCode: world.memberGrid.code,
    });
  });

  it('answers the sign-in with the whole session, as GET /session does, for every role', async () => {
    for (const username of demoUsernames) {
      const response = await requestSignIn(testApp.app, { username });
      expectStatus(response, 200);
      const answered = response.json<Session>();
      const cookies = cookiesOf(response);
      expect((await getSession(cookies)).json<Session>(), username).toEqual(answered);
      // The console sends this token with its first change, without asking GET /session for it.
      const signOut = await testApp.app.inject({
        method: 'DELETE',
        url: '/api/v1/session',
        cookies,
        headers: { 'x-csrf-token': answered.csrfToken },
      });
      expectStatus(signOut, 204);
    }
  });

  it('gives each sign-in its own session and CSRF token', async () => {
    const first = await signIn(testApp.app, 'member');
    const second = await signIn(testApp.app, 'member');
    expect(first.cookies[sessionCookie]).not.toBe(second.cookies[sessionCookie]);
    expect(first.session.csrfToken).not.toBe(second.session.csrfToken);
  });

  it('answers 401 to a request without a session', async () => {
    expectError(await getSession({}), 401, 'unauthenticated');
    expectError(await getSession({ [sessionCookie]: 'made-up-token' }), 401, 'unauthenticated');
    const regions = await testApp.app.inject({ method: 'GET', url: '/api/v1/regions' });
    expectError(regions, 401, 'unauthenticated');
  });

  it('accepts the user name in any case and with surrounding spaces', async () => {
    const response = await requestSignIn(testApp.app, { username: '  Member ' });
    expectStatus(response, 200);
    expect(response.json().user.username).toBe('member');
  });

  it('answers a wrong password and an unknown user identically', async () => {
    const wrongPassword = await requestSignIn(testApp.app, {
      username: 'member',
      password: 'not-the-password',
      address: '10.0.0.1',
    });
    const unknownUser = await requestSignIn(testApp.app, {
      username: 'nobody-by-this-name',
      password: 'not-the-password',
      address: '10.0.0.2',
    });
    expectError(wrongPassword, 401, 'invalid_credentials');
    expect(unknownUser.statusCode).toBe(wrongPassword.statusCode);
    expect(unknownUser.body).toBe(wrongPassword.body);
    expect(wrongPassword.cookies).toEqual([]);
    expect(unknownUser.cookies).toEqual([]);
  });

  it('refuses a sign-in posted from another site', async () => {
    const response = await requestSignIn(testApp.app, {
      username: 'member',
      headers: { origin: 'https://evil.example' },
    });
    expectError(response, 403, 'origin_mismatch');
    expect(response.cookies).toEqual([]);
  });

  it('accepts a sign-in posted from its own site', async () => {
    const response = await requestSignIn(testApp.app, {
      username: 'member',
      headers: { host: 'gridlink.example.org', origin: 'https://gridlink.example.org' },
    });
    expectStatus(response, 200);
  });
});

describe('signing out', () => {
  it('ends the session: the old cookie is answered 401', async () => {
    const leader = await signIn(testApp.app, 'leader');
    expectStatus(await leader.get('/api/v1/regions'), 200);
    const response = await leader.delete('/api/v1/session');
    expectStatus(response, 204);
    const cleared = response.cookies.find((cookie) => cookie.name === sessionCookie);
    expect(cleared?.value).toBe('');
    expectError(await getSession(leader.cookies), 401, 'unauthenticated');
    expectError(await leader.get('/api/v1/regions'), 401, 'unauthenticated');
  });

  it('ends only that session, not the same user’s other browsers', async () => {
    const phone = await signIn(testApp.app, 'leader');
    const desktop = await signIn(testApp.app, 'leader');
    expectStatus(await phone.delete('/api/v1/session'), 204);
    expectStatus(await desktop.get('/api/v1/session'), 200);
  });
});

describe('cross-site request forgery', () => {
  let town: Agent;

  beforeAll(async () => {
    town = await signIn(testApp.app, 'town');
  });

  async function townName() {
    return (await town.get(`/api/v1/regions/${world.town.id}`)).json().name as string;
  }

  it('refuses a state change without the x-csrf-token header, and changes nothing', async () => {
    const response = await testApp.app.inject({
      method: 'PATCH',
      url: `/api/v1/regions/${world.town.id}`,
      cookies: town.cookies,
      payload: { name: 'Renamed by a forged request' },
    });
    expectError(response, 403, 'csrf_failed');
    expect(await townName()).toBe(world.town.name);
  });

  it('refuses a wrong token, including the token of another session', async () => {
    const other = await signIn(testApp.app, 'town');
    for (const token of ['wrong', other.session.csrfToken]) {
      const response = await town.request(
        'PATCH',
        `/api/v1/regions/${world.town.id}`,
        { name: 'Forged' },
        {
          'x-csrf-token': token,
        },
      );
      expectError(response, 403, 'csrf_failed');
    }
    expect(await townName()).toBe(world.town.name);
  });

  it('refuses sign-out without the token, so another site cannot sign a user out', async () => {
    const response = await testApp.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies: town.cookies });
    expectError(response, 403, 'csrf_failed');
    expectStatus(await town.get('/api/v1/session'), 200);
  });

  it('accepts the state change with the session’s token', async () => {
    const response = await town.patch(`/api/v1/regions/${world.town.id}`, { name: world.town.name });
    expectStatus(response, 200);
  });
});

describe('revoking sessions', () => {
  it('signs a disabled account out everywhere and refuses its sign-in until enabled again', async () => {
    const leader = await signIn(testApp.app, 'leader');
    const disable = await admin.patch(`/api/v1/accounts/${world.accounts.leader.id}`, { isEnabled: false });
    expectStatus(disable, 200);
    expect(disable.json().isEnabled).toBe(false);
    expectError(await leader.get('/api/v1/session'), 401, 'unauthenticated');
    const refused = await requestSignIn(testApp.app, { username: 'leader', address: '10.0.7.1' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('account_disabled');
    expect(refused.cookies).toEqual([]);

    expectStatus(await admin.patch(`/api/v1/accounts/${world.accounts.leader.id}`, { isEnabled: true }), 200);
    expectStatus(await requestSignIn(testApp.app, { username: 'leader', address: '10.0.7.1' }), 200);
  });

  it('signs an account out when its role changes, so the new role applies at once', async () => {
    const member2 = await signIn(testApp.app, 'member2');
    const change = await admin.patch(`/api/v1/accounts/${world.accounts.member2.id}`, { role: 'grid_leader' });
    expectStatus(change, 200);
    expectError(await member2.get('/api/v1/session'), 401, 'unauthenticated');
    const again = await signIn(testApp.app, 'member2');
    expect(again.session.role).toBe('grid_leader');
    expect(again.session.abilities).toEqual(abilitiesOf('grid_leader'));
  });

  it('keeps sessions when only the display name changes', async () => {
    const member = await signIn(testApp.app, 'member');
    const change = await admin.patch(`/api/v1/accounts/${world.accounts.member.id}`, { displayName: '新名字' });
    expectStatus(change, 200);
    const session = await member.get('/api/v1/session');
    expectStatus(session, 200);
    expect(session.json().user.displayName).toBe('新名字');
  });
});

describe('session timeouts', () => {
  it('keeps a session seen 29 minutes ago, and counts the request as activity', async () => {
    const county = await signIn(testApp.app, 'county');
    await ageSession(county, 'lastSeenAt', 29);
    expectStatus(await county.get('/api/v1/session'), 200);
    const [row] = await testApp.db
      .select({ idleSeconds: sql<number>`extract(epoch from now() - ${sessions.lastSeenAt})::int` })
      .from(sessions)
      .where(sessionRowOf(county));
    expect(row!.idleSeconds).toBeLessThan(60);
  });

  it('ends a session idle for more than 30 minutes', async () => {
    const county = await signIn(testApp.app, 'county');
    await ageSession(county, 'lastSeenAt', 31);
    expectError(await county.get('/api/v1/session'), 401, 'unauthenticated');
    expectError(await county.get('/api/v1/regions'), 401, 'unauthenticated');
  });

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const county = await signIn(testApp.app, 'county');
    await ageSession(county, 'createdAt', 11 * 60 + 58);
    expectStatus(await county.get('/api/v1/session'), 200);
    await ageSession(county, 'createdAt', 12 * 60 + 1);
    expectError(await county.get('/api/v1/session'), 401, 'unauthenticated');
  });
});
