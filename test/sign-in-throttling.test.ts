import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookiesOf,
  createTestApp,
  deviceCookie,
  expectError,
  expectStatus,
  requestSignIn,
  type TestApp,
} from './helpers.js';

/**
 * Guessing passwords is throttled per name, per address and per known browser. Each scenario uses its own
 * addresses and names, since locks outlive the test that set them.
 */

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp();
});

afterAll(() => testApp?.close());

/** `count` failed sign-ins for one name from one address, each answered 401. */
async function failSignIns(username: string, address: string, count: number) {
  for (let attempt = 0; attempt < count; attempt += 1) {
    const response = await requestSignIn(testApp.app, { username, password: 'wrong-password-123', address });
    expectError(response, 401, 'invalid_credentials');
  }
}

describe('sign-in throttling', () => {
  it('locks a name after 10 wrong passwords, even against the right one and from another address', async () => {
    await failSignIns('village', '10.0.1.1', 10);
    const rightPassword = await requestSignIn(testApp.app, { username: 'village', address: '10.0.1.1' });
    const error = expectError(rightPassword, 429, 'login_locked');
    expect(error.message).toMatch(/15 minutes/);
    expect(rightPassword.cookies).toEqual([]);
    const otherAddress = await requestSignIn(testApp.app, { username: 'village', address: '10.0.1.2' });
    expectError(otherAddress, 429, 'login_locked');

    // An unknown name is locked exactly like a real one, so locking reveals nothing.
    await failSignIns('no-such-user-at-all', '10.0.2.1', 10);
    const unknown = await requestSignIn(testApp.app, { username: 'no-such-user-at-all', address: '10.0.2.1' });
    expectError(unknown, 429, 'login_locked');
    expect(unknown.body).toBe(otherAddress.body);
  });

  it('lets the owner’s browser, which signed in before, in while the name is locked', async () => {
    const owner = await requestSignIn(testApp.app, { username: 'cadre', address: '10.0.3.1' });
    expectStatus(owner, 200);
    const ownerDevice = { [deviceCookie]: cookiesOf(owner)[deviceCookie]! };

    await failSignIns('cadre', '10.0.3.2', 10);
    expectError(await requestSignIn(testApp.app, { username: 'cadre', address: '10.0.3.2' }), 429, 'login_locked');

    const ownerAgain = await requestSignIn(testApp.app, {
      username: 'cadre',
      address: '10.0.3.1',
      cookies: ownerDevice,
    });
    expectStatus(ownerAgain, 200);
    const session = await testApp.app.inject({ method: 'GET', url: '/api/v1/session', cookies: cookiesOf(ownerAgain) });
    expectStatus(session, 200);
  });

  it('does not let a device cookie of another account open a locked name', async () => {
    await failSignIns('town', '10.0.4.2', 10);
    const otherAccountsBrowser = await requestSignIn(testApp.app, { username: 'member', address: '10.0.4.1' });
    const device = { [deviceCookie]: cookiesOf(otherAccountsBrowser)[deviceCookie]! };
    const response = await requestSignIn(testApp.app, { username: 'town', address: '10.0.4.1', cookies: device });
    expectError(response, 429, 'login_locked');
  });

  it('locks an address after 30 failures across names, and only that address', async () => {
    for (let attempt = 0; attempt < 30; attempt += 1) {
      const response = await requestSignIn(testApp.app, {
        username: `guess-${attempt}`,
        password: 'wrong-password-123',
        address: '10.0.5.1',
      });
      expectError(response, 401, 'invalid_credentials');
    }
    expectError(await requestSignIn(testApp.app, { username: 'county', address: '10.0.5.1' }), 429, 'login_locked');
    expectStatus(await requestSignIn(testApp.app, { username: 'county', address: '10.0.5.2' }), 200);
  });

  it('forgets earlier failures after a successful sign-in', async () => {
    await failSignIns('member2', '10.0.6.1', 9);
    expectStatus(await requestSignIn(testApp.app, { username: 'member2', address: '10.0.6.1' }), 200);
    await failSignIns('member2', '10.0.6.1', 1);
    expectStatus(await requestSignIn(testApp.app, { username: 'member2', address: '10.0.6.1' }), 200);
  });
});
