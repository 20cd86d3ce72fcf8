import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsOutbox } from '../src/shared/api/resident.js';
import type { Session } from '../src/shared/api/session.js';
import { accounts, residentAccounts } from '../src/server/db/schema/index.js';
import {
  cookiesOf,
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  requestSignIn,
  signIn,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * Residents' sign-in (群众端): the phone's text-message code opens a session with the same cookie and CSRF rules as
 * staff; the first sign-in makes the resident's account, linked to the registry person with that phone or a guest.
 */

let test: TestApp;
let world: DemoWorld;
let admin: Agent;
let nextAddress = 1;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  admin = await signIn(test.app, 'admin');
});
afterAll(() => test.close());

function newAddress() {
  return `10.78.0.${nextAddress++}`;
}

/** Asks for a code for the phone and reads it from the outbox, as the resident reads their phone. */
async function codeFor(phone: string): Promise<string> {
  const sent = await test.app.inject({
    method: 'POST',
    url: '/api/v1/resident/code',
    payload: { phone },
    remoteAddress: newAddress(),
  });
  expectStatus(sent, 200);
  const outbox = (await admin.get('/api/v1/sms-outbox')).json<SmsOutbox>();
  const text = outbox.items.find((item) => item.phone === phone)!.text;
  return /验证码是 (\d{6})/.exec(text)![1]!;
}

function requestSession(payload: unknown, headers: Record<string, string> = {}) {
  return test.app.inject({
    method: 'POST',
    url: '/api/v1/resident/session',
    payload: payload as object,
    remoteAddress: newAddress(),
    headers,
  });
}

/** Signs a resident in and answers their session with the cookies that carry it. */
async function signInResident(phone: string) {
  const response = await requestSession({ phone, code: await codeFor(phone) });
  expectStatus(response, 200);
  return { session: response.json<Session>(), cookies: cookiesOf(response) };
}

describe('signing in with a code', () => {
  it('makes a guest account for a phone the registry does not know, and signs it in like staff', async () => {
    const { session, cookies } = await signInResident('13811112222');
    expect(session).toMatchObject({
      role: 'resident',
      regionId: null,
      abilities: ['case.report', 'case.follow_own'],
      user: { displayName: '138****2222', role: 'resident', regionId: null },
    });
    expect(session.csrfToken).toMatch(/.{20,}/);
    const again = await test.app.inject({ method: 'GET', url: '/api/v1/session', cookies });
    expectStatus(again, 200);
    expect(again.json<Session>()).toEqual(session);
    const [link] = await test.db.select().from(residentAccounts).where(eq(residentAccounts.accountId, session.user.id));
    expect(link).toMatchObject({ phone: '13811112222', personId: null, countyId: null });
    const [entry] = await findAuditEntries(test.db, { action: 'session.sign_in', entityId: session.user.id });
    expect(entry).toMatchObject({ outcome: 'success' });
    expect(entry!.details).toEqual({ phone: '138****2222', isNewAccount: true, isRegistryPerson: false });
  });

  it('links a registry person by their phone: their name, and their grid as the account’s region', async () => {
    const member = await signIn(test.app, 'member');
    const created = await member.post('/api/v1/persons', {
      name: '居民甲',
      regionId: world.memberGrid.id,
      phone: '13833334444',
    });
    expectStatus(created, 201);
    const { session } = await signInResident('13833334444');
    expect(session).toMatchObject({
      role: 'resident',
      regionId: world.memberGrid.id,
      user: { displayName: '居民甲', regionName: world.memberGrid.name },
    });
    const [link] = await test.db.select().from(residentAccounts).where(eq(residentAccounts.accountId, session.user.id));
    expect(link).toMatchObject({ personId: created.json<{ id: string }>().id, countyId: world.county.id });
  });

  it('finds the same account at the next sign-in, and takes each code once', async () => {
    const first = await signInResident('13855556666');
    const code = await codeFor('13855556666');
    const second = await requestSession({ phone: '13855556666', code });
    expectStatus(second, 200);
    expect(second.json<Session>().user.id).toBe(first.session.user.id);
    expectError(await requestSession({ phone: '13855556666', code }), 401, 'invalid_credentials');
    const rows = await test.db.select().from(residentAccounts).where(eq(residentAccounts.phone, '13855556666'));
    expect(rows).toHaveLength(1);
  });

  it('refuses a wrong code, and input that is not a phone and 6 digits', async () => {
    const code = await codeFor('13877778888');
    const wrong = code === '000000' ? '000001' : '000000';
    const refused = await requestSession({ phone: '13877778888', code: wrong }, { 'accept-language': 'zh-CN' });
    expect(expectError(refused, 401, 'invalid_credentials').message).toBe('验证码错误、已过期或已使用，请重新获取。');
    for (const payload of [
      {},
      { phone: '13877778888' },
      { phone: '13877778888', code: '12345' },
      { phone: '13877778888', code: 'abcdef' },
      { phone: '13877778888', code: 123456 },
      { phone: '12345', code: code },
      { phone: '13877778888', code: '1'.repeat(5000) },
    ]) {
      expectError(await requestSession(payload), 400, 'validation_failed');
    }
  });

  it('is refused from another site', async () => {
    const code = await codeFor('13899990000');
    const response = await requestSession({ phone: '13899990000', code }, { origin: 'https://elsewhere.example' });
    expectError(response, 403, 'origin_mismatch');
  });

  it('refuses a disabled resident', async () => {
    const { session } = await signInResident('13800001111');
    await test.db.update(accounts).set({ isEnabled: false }).where(eq(accounts.id, session.user.id));
    const code = await codeFor('13800001111');
    expectError(await requestSession({ phone: '13800001111', code }), 403, 'account_disabled');
  });
});

describe('a resident’s session', () => {
  it('takes changes only with its CSRF token, and signs out as staff do', async () => {
    const { session, cookies } = await signInResident('13822223333');
    const withoutToken = await test.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies });
    expectError(withoutToken, 403, 'csrf_failed');
    const signedOut = await test.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      cookies,
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expectStatus(signedOut, 204);
    expectError(await test.app.inject({ method: 'GET', url: '/api/v1/session', cookies }), 401, 'unauthenticated');
  });

  it('cannot be had with a password: a resident’s account has none', async () => {
    await signInResident('13844445555');
    const response = await requestSignIn(test.app, {
      username: 'resident:13844445555',
      password: '',
      address: newAddress(),
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    for (const password of ['x', 'resident']) {
      const attempt = await requestSignIn(test.app, {
        username: 'resident:13844445555',
        password,
        address: newAddress(),
      });
      expectError(attempt, 401, 'invalid_credentials');
    }
  });

  it('is no role staff may give', async () => {
    const county = await signIn(test.app, 'county');
    const response = await county.post('/api/v1/accounts', {
      username: 'resident-by-staff',
      displayName: '群众',
      role: 'resident',
      regionId: world.memberGrid.id,
      password: 'a long enough password 1',
    });
    expect(response.statusCode).toBe(403);
  });

  it('is no account staff may turn into a staff account', async () => {
    const { session } = await signInResident('13866667777');
    const response = await admin.patch(`/api/v1/accounts/${session.user.id}`, { role: 'grid_member' });
    expectError(response, 403, 'forbidden');
    const [account] = await test.db.select().from(accounts).where(eq(accounts.id, session.user.id));
    expect(account!.role).toBe('resident');
  });
});
