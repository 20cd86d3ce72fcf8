import { PassThrough } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { systemActor } from '../src/server/auth/actor.js';
import { decryptSecret, encryptSecret } from '../src/server/auth/second-factor.js';
import { loadConfig } from '../src/server/config.js';
import { resetSecondFactorOfUsername } from '../src/server/modules/accounts/accounts.service.js';
import { recoveryCodes, rememberedDevices, secondFactors, signInThrottle } from '../src/server/db/schema/index.js';
import {
  cookiesOf,
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  requestSignIn,
  signIn,
  testPassword,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * Two-step sign-in: enrolling an authenticator app, the code after the password, recovery codes, remembered
 * browsers, the roles that must use it, and the administrator's reset. Each scenario uses its own account and
 * address, since throttling locks and used codes outlive the test that made them.
 */

const rememberedCookie = '__Host-gridlink-remembered';

let testApp: TestApp;
let world: DemoWorld;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
});

afterEach(() => {
  testApp.config.secondFactorRoles = [];
});

afterAll(() => testApp?.close());

/** The code an authenticator app shows now, or `steps` 30-second steps away. */
function codeOf(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/**
 * Forgets the step of the last code the account used, as if its app now showed the next code: codes are accepted
 * once per 30 seconds, and a test signs in more often than that.
 */
async function letNextCodeCome(accountId: string) {
  await testApp.db.update(secondFactors).set({ lastTimeStep: 0 }).where(eq(secondFactors.accountId, accountId));
}

/** Requests with exactly the given cookies, from the given address, as a browser holding them would send. */
function browser(cookies: Record<string, string>, address = '127.0.0.1') {
  return {
    cookies,
    get: (url: string) => testApp.app.inject({ method: 'GET', url, cookies, remoteAddress: address }),
    post: (url: string, payload?: object) =>
      testApp.app.inject({ method: 'POST', url, cookies, remoteAddress: address, payload: payload ?? {} }),
    request: (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string) =>
      testApp.app.inject({ method, url, cookies, remoteAddress: address, payload: method === 'GET' ? undefined : {} }),
  };
}

/** Signs in with the password only; the answer says which step is still pending. */
async function signInWithPassword(username: string, options: { address?: string; remembered?: string } = {}) {
  const response = await requestSignIn(testApp.app, {
    username,
    address: options.address,
    cookies: options.remembered ? { [rememberedCookie]: options.remembered } : undefined,
  });
  expectStatus(response, 200);
  return { response, body: response.json(), browser: browser(cookiesOf(response), options.address) };
}

/** Enrols an authenticator for a signed-in agent; answers its secret and recovery codes. */
async function enrol(agent: Agent) {
  const started = await agent.post('/api/v1/session/second-factor/enrolment');
  expectStatus(started, 200);
  const { secret } = started.json<{ secret: string; uri: string }>();
  const confirmed = await agent.post('/api/v1/session/second-factor/enrolment/confirm', {
    code: await codeOf(secret),
  });
  expectStatus(confirmed, 200);
  return { secret, recoveryCodes: confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes };
}

/** Signs in with password and code; answers the browser, now fully signed in, and the sign-in's response. */
async function signInWithCode(
  username: string,
  secret: string,
  options: { address?: string; rememberDevice?: boolean } = {},
) {
  const first = await signInWithPassword(username, options);
  expect(first.body).toEqual({ pendingStep: 'second_factor' });
  const response = await first.browser.post('/api/v1/session/second-factor', {
    code: await codeOf(secret),
    rememberDevice: options.rememberDevice ?? false,
  });
  expectStatus(response, 200);
  return { browser: first.browser, response };
}

describe('enrolling an authenticator app', () => {
  it('shows the secret and its QR address once, confirms with a code, and gives 10 single-use recovery codes', async () => {
    const member = await signIn(testApp.app, 'member');
    expect((await member.get('/api/v1/session/second-factor')).json()).toEqual({
      isEnrolled: false,
      isRequired: false,
      recoveryCodesLeft: 0,
    });
    const started = await member.post('/api/v1/session/second-factor/enrolment');
    expectStatus(started, 200);
    const { secret, uri } = started.json<{ secret: string; uri: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const address = new URL(uri);
    expect(address.protocol).toBe('otpauth:');
    expect(address.host).toBe('totp');
    expect(decodeURIComponent(address.pathname)).toBe('/网格通:member');
    expect(address.searchParams.get('secret')).toBe(secret);
    expect(address.searchParams.get('issuer')).toBe('网格通');

    // Stored encrypted: the database alone does not give the secret away.
    const [stored] = await testApp.db.select().from(secondFactors).where(eq(secondFactors.accountId, member.user.id));
    expect(stored!.encryptedSecret).not.toContain(secret);
    expect(stored!.confirmedAt).toBeNull();

    const wrong = await member.post('/api/v1/session/second-factor/enrolment/confirm', { code: '000000' });
    expectError(wrong, 400, 'invalid_second_factor');
    const confirmed = await member.post('/api/v1/session/second-factor/enrolment/confirm', {
      code: await codeOf(secret),
    });
    expectStatus(confirmed, 200);
    const codes = confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const hashes = await testApp.db.select().from(recoveryCodes).where(eq(recoveryCodes.accountId, member.user.id));
    expect(hashes).toHaveLength(10);
    for (const row of hashes) expect(codes.map((code) => code.replace(/-/g, ''))).not.toContain(row.codeHash);
    expect(JSON.stringify(hashes)).not.toMatch(new RegExp(codes[0]!.slice(0, 9)));

    // The secret is never answered again once confirmed: a second enrolment is refused.
    expectError(await member.post('/api/v1/session/second-factor/enrolment'), 409, 'second_factor_enrolled');
    expect((await member.get('/api/v1/session/second-factor')).json()).toEqual({
      isEnrolled: true,
      isRequired: false,
      recoveryCodesLeft: 10,
    });
    const audit = await findAuditEntries(testApp.db, {
      action: 'account.enrol_second_factor',
      entityId: member.user.id,
    });
    expect(audit.map((entry) => entry.outcome)).toEqual(['failure', 'success']);
    const accounts = await (await signIn(testApp.app, 'village')).get(`/api/v1/accounts/${member.user.id}`);
    expect(accounts.json().hasSecondFactor).toBe(true);
  });
});

describe('signing in with a second factor', () => {
  let secret: string;
  let leaderId: string;

  beforeAll(async () => {
    const leader = await signIn(testApp.app, 'leader');
    leaderId = leader.user.id;
    secret = (await enrol(leader)).secret;
  });

  it('keeps the one-step sign-in of an account without a second factor', async () => {
    const response = await requestSignIn(testApp.app, { username: 'member2' });
    expectStatus(response, 200);
    expect(response.json()).toMatchObject({ user: { username: 'member2' }, csrfToken: expect.any(String) });
  });

  it('after the password, answers every API route 401 second_factor_required until the code is given', async () => {
    await letNextCodeCome(leaderId);
    const { body, browser: pending } = await signInWithPassword('leader', { address: '10.9.0.1' });
    expect(body).toEqual({ pendingStep: 'second_factor' });
    expect(JSON.stringify(body)).not.toMatch(/csrf/i);

    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const openWhilePending = new Set([
      'POST /api/v1/session',
      'DELETE /api/v1/session',
      'GET /api/v1/config',
      'POST /api/v1/session/second-factor',
      'POST /api/v1/session/second-factor/enrolment',
      'POST /api/v1/session/second-factor/enrolment/confirm',
      // A resident's sign-in, which takes no session.
      'POST /api/v1/resident/code',
      'POST /api/v1/resident/session',
    ]);
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (openWhilePending.has(route)) continue;
        const url = path.replace(/\{[^}]+\}/g, world.accounts.leader.id);
        const response = await pending.request(method.toUpperCase() as 'GET', url);
        expect(response.statusCode, `${route}: ${response.body}`).toBe(401);
        expect(response.json().error.code, route).toBe('second_factor_required');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(40);
    // Knowing the password is not enough to enrol another authenticator in place of the owner's.
    expectError(await pending.post('/api/v1/session/second-factor/enrolment'), 401, 'second_factor_required');
    expectError(
      await pending.post('/api/v1/session/second-factor/enrolment/confirm', { code: '123456' }),
      401,
      'second_factor_required',
    );

    const done = await pending.post('/api/v1/session/second-factor', { code: await codeOf(secret) });
    expectStatus(done, 200);
    expect(done.json()).toMatchObject({ user: { username: 'leader' }, role: 'grid_leader' });
    expectStatus(await pending.get('/api/v1/session'), 200);
    expectStatus(await pending.get('/api/v1/accounts?limit=1'), 403);
  });

  it('refuses a wrong code, and the same code twice (a replay), and writes both down', async () => {
    await letNextCodeCome(leaderId);
    const code = await codeOf(secret);
    const first = await signInWithPassword('leader', { address: '10.9.0.2' });
    expectError(
      await first.browser.post('/api/v1/session/second-factor', { code: '123456' }),
      400,
      'invalid_second_factor',
    );
    expectStatus(await first.browser.post('/api/v1/session/second-factor', { code }), 200);

    const second = await signInWithPassword('leader', { address: '10.9.0.2' });
    const replay = await second.browser.post('/api/v1/session/second-factor', { code });
    expectError(replay, 400, 'invalid_second_factor');
    expectError(await second.browser.get('/api/v1/session'), 401, 'second_factor_required');
    // An older code of the window is refused too: only a later step than the last one used is accepted.
    expectError(
      await second.browser.post('/api/v1/session/second-factor', { code: await codeOf(secret, -1) }),
      400,
      'invalid_second_factor',
    );
    const outcomes = (await findAuditEntries(testApp.db, { action: 'session.second_factor', entityId: leaderId })).map(
      (entry) => entry.outcome,
    );
    expect(outcomes).toEqual(expect.arrayContaining(['failure', 'success']));
    expect(outcomes.filter((outcome) => outcome === 'failure').length).toBeGreaterThanOrEqual(3);
  });

  it('accepts the code of the next step (a phone a little ahead), not one two steps away', async () => {
    await letNextCodeCome(leaderId);
    const pending = await signInWithPassword('leader', { address: '10.9.0.3' });
    expectError(
      await pending.browser.post('/api/v1/session/second-factor', { code: await codeOf(secret, 3) }),
      400,
      'invalid_second_factor',
    );
    expectStatus(await pending.browser.post('/api/v1/session/second-factor', { code: await codeOf(secret, 1) }), 200);
  });

  it('locks the second step after 10 wrong codes, even against the right one, like passwords', async () => {
    await letNextCodeCome(leaderId);
    const pending = await signInWithPassword('leader', { address: '10.9.0.4' });
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const wrong = await pending.browser.post('/api/v1/session/second-factor', {
        code: String(100000 + attempt),
      });
      expectError(wrong, 400, 'invalid_second_factor');
    }
    const right = await pending.browser.post('/api/v1/session/second-factor', { code: await codeOf(secret) });
    expect(expectError(right, 429, 'login_locked').message).toMatch(/15 minutes/);
    // The lock is the account's, not the browser's: another sign-in from elsewhere is locked at the code too.
    const elsewhere = await signInWithPassword('leader', { address: '10.9.0.5' });
    expectError(
      await elsewhere.browser.post('/api/v1/session/second-factor', { code: await codeOf(secret) }),
      429,
      'login_locked',
    );
    // Each wrong code also counted against the address, with wrong passwords (30 lock it).
    const [address] = await testApp.db.select().from(signInThrottle).where(eq(signInThrottle.key, 'address:10.9.0.4'));
    expect(address?.failures).toBe(10);
    await testApp.db.execute(sql`delete from sign_in_throttle where key like ${'second-factor:%'}`);
  });

  it('signs out a pending session', async () => {
    const pending = await signInWithPassword('leader', { address: '10.9.0.6' });
    expectStatus(await pending.browser.request('DELETE', '/api/v1/session'), 204);
    expectError(await pending.browser.get('/api/v1/session'), 401, 'unauthenticated');
    expectError(
      await pending.browser.post('/api/v1/session/second-factor', { code: '123456' }),
      401,
      'unauthenticated',
    );
  });
});

describe('recovery codes', () => {
  it('let a user without their phone in, each once, however they are typed', async () => {
    const cadre = await signIn(testApp.app, 'cadre');
    const { recoveryCodes: codes } = await enrol(cadre);

    const first = await signInWithPassword('cadre', { address: '10.9.1.1' });
    const typed = codes[0]!.replace(/-/g, ' ').toUpperCase();
    expectStatus(await first.browser.post('/api/v1/session/second-factor', { code: typed }), 200);

    const second = await signInWithPassword('cadre', { address: '10.9.1.1' });
    expectError(
      await second.browser.post('/api/v1/session/second-factor', { code: codes[0]! }),
      400,
      'invalid_second_factor',
    );
    expectStatus(await second.browser.post('/api/v1/session/second-factor', { code: codes[1]! }), 200);
    expect((await browser(second.browser.cookies).get('/api/v1/session/second-factor')).json().recoveryCodesLeft).toBe(
      8,
    );
    const entries = await findAuditEntries(testApp.db, { action: 'session.second_factor', entityId: cadre.user.id });
    expect(entries.map((entry) => [entry.outcome, (entry.details as { method: string }).method])).toEqual([
      ['success', 'recovery_code'],
      ['failure', 'recovery_code'],
      ['success', 'recovery_code'],
    ]);
  });
});

describe('roles that must use two factors', () => {
  it('leads a user of a required role without a factor to enrol right after the password, and nowhere else', async () => {
    testApp.config.secondFactorRoles = ['village'];
    const { body, browser: pending } = await signInWithPassword('village', { address: '10.9.2.1' });
    expect(body).toEqual({ pendingStep: 'enrolment' });
    expectError(await pending.get('/api/v1/session'), 401, 'second_factor_enrolment_required');
    expectError(
      await pending.get(`/api/v1/regions/${world.memberVillage.id}`),
      401,
      'second_factor_enrolment_required',
    );
    expectError(await pending.post('/api/v1/session/second-factor', { code: '123456' }), 400, 'bad_request');

    const started = await pending.post('/api/v1/session/second-factor/enrolment');
    expectStatus(started, 200);
    const { secret } = started.json<{ secret: string }>();
    const confirmed = await pending.post('/api/v1/session/second-factor/enrolment/confirm', {
      code: await codeOf(secret),
    });
    expectStatus(confirmed, 200);
    expect(confirmed.json().recoveryCodes).toHaveLength(10);
    // Enrolling finished the sign-in: the same session now works.
    const session = await pending.get('/api/v1/session');
    expectStatus(session, 200);
    expect(session.json().user.username).toBe('village');
    expect((await pending.get('/api/v1/session/second-factor')).json()).toMatchObject({
      isEnrolled: true,
      isRequired: true,
    });

    // From now on the code is asked for at every sign-in.
    await letNextCodeCome(world.accounts.village.id);
    await signInWithCode('village', secret, { address: '10.9.2.1' });
  });

  it('asks nobody in a demo installation unless the setting names roles, and admin and county in production', async () => {
    expect(loadConfig({ NODE_ENV: 'development' }).secondFactorRoles).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production' }).secondFactorRoles).toEqual(['admin', 'county']);
    expect(loadConfig({ NODE_ENV: 'production', SECOND_FACTOR_ROLES: 'none' }).secondFactorRoles).toEqual([]);
    expect(loadConfig({ SECOND_FACTOR_ROLES: 'town, village' }).secondFactorRoles).toEqual(['town', 'village']);
    expect(() => loadConfig({ SECOND_FACTOR_ROLES: 'mayor' })).toThrow(/SECOND_FACTOR_ROLES/);
    const town = await signInWithPassword('town', { address: '10.9.2.2' });
    expect(town.body).toMatchObject({ user: { username: 'town' } });
  });
});

describe('remembering a browser for 30 days', () => {
  let secret: string;
  let countyId: string;

  beforeAll(async () => {
    const county = await signIn(testApp.app, 'county');
    countyId = county.user.id;
    secret = (await enrol(county)).secret;
  });

  /** Signs in with the code, asking to remember the browser; answers the remembered cookie. */
  async function rememberBrowser(address: string): Promise<string> {
    await letNextCodeCome(countyId);
    const { response } = await signInWithCode('county', secret, { address, rememberDevice: true });
    const cookie = response.cookies.find((candidate) => candidate.name === rememberedCookie);
    expect(cookie).toMatchObject({ path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });
    expect(cookie!.maxAge).toBe(30 * 24 * 3600);
    return cookie!.value;
  }

  it('skips the code on that browser only, and asks again once 30 days have passed', async () => {
    const remembered = await rememberBrowser('10.9.3.1');
    const again = await signInWithPassword('county', { address: '10.9.3.1', remembered });
    expect(again.body).toMatchObject({ user: { username: 'county' } });
    expectStatus(await again.browser.get('/api/v1/session'), 200);
    // Another browser (no cookie, or a made-up one) still needs the code.
    expect((await signInWithPassword('county', { address: '10.9.3.2' })).body).toEqual({
      pendingStep: 'second_factor',
    });
    expect((await signInWithPassword('county', { address: '10.9.3.2', remembered: 'made-up' })).body).toEqual({
      pendingStep: 'second_factor',
    });
    // The cookie of one account does not skip another's code.
    const leaderAttempt = await signInWithPassword('leader', { address: '10.9.3.3', remembered });
    expect(leaderAttempt.body).toEqual({ pendingStep: 'second_factor' });

    await testApp.db
      .update(rememberedDevices)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(rememberedDevices.accountId, countyId));
    expect((await signInWithPassword('county', { address: '10.9.3.1', remembered })).body).toEqual({
      pendingStep: 'second_factor',
    });
  });

  it('forgets every remembered browser when the password changes', async () => {
    const remembered = await rememberBrowser('10.9.3.4');
    const { browser: signedIn } = await signInWithPassword('county', { address: '10.9.3.4', remembered });
    const session = (await signedIn.get('/api/v1/session')).json<{ csrfToken: string }>();
    const newPassword = 'Two-Keys-For-The-Hall-2026';
    const changed = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/session/password',
      cookies: signedIn.cookies,
      remoteAddress: '10.9.3.4',
      headers: { 'x-csrf-token': session.csrfToken },
      payload: { currentPassword: testPassword, newPassword },
    });
    expectStatus(changed, 204);
    const after = await requestSignIn(testApp.app, {
      username: 'county',
      password: newPassword,
      address: '10.9.3.4',
      cookies: { [rememberedCookie]: remembered },
    });
    expect(after.json()).toEqual({ pendingStep: 'second_factor' });
  });
});

describe('an administrator resets a second factor', () => {
  it('is audited, signs the user out, voids codes and remembered browsers; a required role enrols again', async () => {
    const member2 = await signIn(testApp.app, 'member2', { address: '10.9.4.1' });
    const { secret, recoveryCodes: codes } = await enrol(member2);
    await letNextCodeCome(member2.user.id);
    const { response } = await signInWithCode('member2', secret, { address: '10.9.4.1', rememberDevice: true });
    const remembered = cookiesOf(response)[rememberedCookie]!;
    expectStatus(await member2.get('/api/v1/session'), 200);

    // A grid member may not reset anyone's factor; the town above member2 may.
    const town = await signIn(testApp.app, 'town');
    const created = await town.post('/api/v1/accounts', {
      username: 'walker',
      displayName: '巡查员',
      role: 'grid_member',
      regionId: world.otherGrid.id,
      password: 'Walks-The-Grid-Each-Morning-5',
    });
    expectStatus(created, 201);
    const walker = await signIn(testApp.app, 'walker', { password: 'Walks-The-Grid-Each-Morning-5' });
    expectError(await walker.delete(`/api/v1/accounts/${member2.user.id}/second-factor`), 403, 'forbidden');
    expectStatus(await town.delete(`/api/v1/accounts/${member2.user.id}/second-factor`), 204);

    expectError(await member2.get('/api/v1/session'), 401, 'unauthenticated');
    expect(await testApp.db.select().from(recoveryCodes).where(eq(recoveryCodes.accountId, member2.user.id))).toEqual(
      [],
    );
    expect(
      await testApp.db.select().from(rememberedDevices).where(eq(rememberedDevices.accountId, member2.user.id)),
    ).toEqual([]);
    const [entry] = await findAuditEntries(testApp.db, {
      action: 'account.reset_second_factor',
      entityId: member2.user.id,
    });
    expect(entry).toMatchObject({ actorUsername: 'town', outcome: 'success', details: { hadSecondFactor: true } });
    expect((await town.get(`/api/v1/accounts/${member2.user.id}`)).json().hasSecondFactor).toBe(false);

    // Not required for grid members here: the next sign-in is one step, remembered cookie or not.
    const next = await signInWithPassword('member2', { address: '10.9.4.1', remembered });
    expect(next.body).toMatchObject({ user: { username: 'member2' } });
    expect(codes).toHaveLength(10);

    // Required: the next sign-in leads to enrolment.
    testApp.config.secondFactorRoles = ['grid_member'];
    expect((await signInWithPassword('member2', { address: '10.9.4.1' })).body).toEqual({ pendingStep: 'enrolment' });
  });
});

describe('the command line resets a second factor', () => {
  it('lets an administrator who lost their phone back in, audited as the operator', async () => {
    const admin = await signIn(testApp.app, 'admin', { address: '10.9.5.1' });
    await enrol(admin);
    expect((await signInWithPassword('admin', { address: '10.9.5.1' })).body).toEqual({ pendingStep: 'second_factor' });
    // What `gridlink reset-second-factor --username admin` does: nobody ranks above an administrator to do it.
    await resetSecondFactorOfUsername(testApp.db, systemActor('cli'), 'admin');
    expect((await signInWithPassword('admin', { address: '10.9.5.1' })).body).toMatchObject({
      user: { username: 'admin' },
    });
    const [entry] = await findAuditEntries(testApp.db, {
      action: 'account.reset_second_factor',
      entityId: admin.user.id,
    });
    expect(entry).toMatchObject({ actorUsername: 'system:cli', actorId: null, details: { hadSecondFactor: true } });
    await expect(resetSecondFactorOfUsername(testApp.db, systemActor('cli'), 'nobody-here')).rejects.toMatchObject({
      code: 'account_not_found',
    });
  });
});

describe('the key that encrypts the secrets', () => {
  it('opens only what it sealed, and tells the operator what to do when the key is wrong', () => {
    const key = loadConfig({ SECOND_FACTOR_KEY: 'k'.repeat(40) });
    const otherKey = loadConfig({ SECOND_FACTOR_KEY: 'x'.repeat(40) });
    const sealed = encryptSecret(key, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(encryptSecret(key, 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP')).not.toBe(sealed);
    expect(decryptSecret(key, sealed)).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(() => decryptSecret(otherKey, sealed)).toThrow(/SECOND_FACTOR_KEY.*reset-second-factor/);
    expect(() => loadConfig({ SECOND_FACTOR_KEY: 'short' })).toThrow(/SECOND_FACTOR_KEY/);
  });
});

describe('the server log', () => {
  it('never holds a secret, a code or a recovery code, at the most talkative level', async () => {
    const logged: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => logged.push(chunk.toString('utf8')));
    const app = await buildApp(
      { db: testApp.db, config: { ...testApp.config, logLevel: 'trace' } },
      { logStream: stream },
    );
    await app.ready();
    try {
      const created = await (
        await signIn(app, 'town')
      ).post('/api/v1/accounts', {
        username: 'logwatcher',
        displayName: '日志观察员',
        role: 'grid_member',
        regionId: world.memberGrid.id,
        password: 'Quiet-Logs-Tell-Nothing-4',
      });
      expectStatus(created, 201);
      const agent = await signIn(app, 'logwatcher', { password: 'Quiet-Logs-Tell-Nothing-4' });
      const started = (await agent.post('/api/v1/session/second-factor/enrolment')).json<{ secret: string }>();
      const code = await codeOf(started.secret);
      const confirmed = await agent.post('/api/v1/session/second-factor/enrolment/confirm', { code });
      const codes = confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes;
      const pending = await requestSignIn(app, { username: 'logwatcher', password: 'Quiet-Logs-Tell-Nothing-4' });
      const finished = await app.inject({
        method: 'POST',
        url: '/api/v1/session/second-factor',
        cookies: cookiesOf(pending),
        payload: { code: codes[0] },
      });
      expectStatus(finished, 200);
      const log = logged.join('');
      expect(log.length).toBeGreaterThan(1000);
      // The code as a quoted value: its six digits alone may well occur inside a timestamp.
      for (const secretText of [started.secret, `"${code}"`, ...codes, codes[0]!.replace(/-/g, '')]) {
        expect(log).not.toContain(secretText);
      }
    } finally {
      await app.close();
    }
  });
});
