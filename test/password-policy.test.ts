import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdministrator } from '../src/server/modules/accounts/accounts.service.js';
import { systemActor } from '../src/server/auth/actor.js';
import { setPasswordMinLength } from '../src/server/modules/accounts/password-policy.service.js';
import { settings } from '../src/server/db/schema/index.js';
import { eq } from 'drizzle-orm';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signIn,
  testPassword,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * The password policy (ASVS 5.0, NIST 800-63B): a minimum length (the `password_min_length` setting, default 12)
 * and no password from the bundled common-password list or containing the username; no composition rules. The
 * same rule on account creation, an administrator's reset, one's own change and the command line.
 */

let testApp: TestApp;
let world: DemoWorld;
let town: Agent;
let accountNumber = 0;

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  town = await signIn(testApp.app, 'town');
});

afterAll(() => testApp?.close());

function createAccount(password: string, username = `keeper${(accountNumber += 1)}`) {
  return town.post('/api/v1/accounts', {
    username,
    displayName: `管理员${accountNumber}`,
    role: 'village',
    regionId: world.memberVillage.id,
    password,
  });
}

describe('the password policy', () => {
  it('needs 12 characters by default, counted as characters, and says so in the answer and in /config', async () => {
    const short = expectError(await createAccount('Eleven-char'), 400, 'password_too_short');
    expect(short.message).toMatch(/at least 12 characters/);
    expect(short.details).toEqual({ minLength: 12 });
    expectStatus(await createAccount('十二个字的中文密码也可以的'), 201);
    expectStatus(await createAccount(testPassword), 201);
    const config = await testApp.app.inject({ method: 'GET', url: '/api/v1/config' });
    expect(config.json().passwordMinLength).toBe(12);
  });

  it('refuses the common-password list in any case, and the username in the password', async () => {
    for (const password of ['qazwsxedcrfv', 'QAZWSXEDCRFV', '1Qaz2Wsx3Edc', 'Password1234']) {
      const error = expectError(await createAccount(password), 400, 'password_too_common');
      expect(error.message, password).toMatch(/common passwords/);
    }
    const named = expectError(
      await createAccount('The-GateKeeper-Of-Town-1', 'gatekeeper'),
      400,
      'password_too_common',
    );
    expect(named.message).toMatch(/username/);
    expectError(await createAccount('warden-warden', 'warden-warden'), 400, 'password_too_common');
  });

  it('sets no composition rule: a long phrase of plain words is a good password', async () => {
    expectStatus(await createAccount('correct horse battery staple'), 201);
    expectStatus(await createAccount('longpassphrasewithoutanydigitsatall'), 201);
  });

  it('applies to an administrator’s reset and to one’s own change', async () => {
    const account = (await createAccount('Rivers-Run-To-The-Sea-4')).json<{ id: string; username: string }>();
    const reset = `/api/v1/accounts/${account.id}/password`;
    expectError(await town.post(reset, { password: 'abc123' }), 400, 'password_too_short');
    expectError(await town.post(reset, { password: 'qwertyuiop123' }), 400, 'password_too_common');
    expectStatus(await town.post(reset, { password: 'Morning-Mist-On-The-Hills-8' }), 204);

    const owner = await signIn(testApp.app, account.username, { password: 'Morning-Mist-On-The-Hills-8' });
    const change = (newPassword: string) =>
      owner.post('/api/v1/session/password', { currentPassword: 'Morning-Mist-On-The-Hills-8', newPassword });
    expectError(await change('short-one'), 400, 'password_too_short');
    expectError(await change('1q2w3e4r5t6y'), 400, 'password_too_common');
    expectError(await change(`${account.username.toUpperCase()}-at-home`), 400, 'password_too_common');
    expectStatus(await change('Evening-Bells-Far-Away-2'), 204);
  });

  it('follows the password_min_length setting everywhere, the command line included', async () => {
    // What `gridlink password-policy --min-length 16` does; a length outside 8–64 is refused.
    await expect(setPasswordMinLength(testApp.db, systemActor('cli'), 7)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(setPasswordMinLength(testApp.db, systemActor('cli'), 65)).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await setPasswordMinLength(testApp.db, systemActor('cli'), 16);
    const [audited] = await findAuditEntries(testApp.db, { action: 'password_policy.update' });
    expect(audited).toMatchObject({ actorUsername: 'system:cli', details: { minLength: 16, previous: 12 } });
    try {
      expect((await testApp.app.inject({ method: 'GET', url: '/api/v1/config' })).json().passwordMinLength).toBe(16);
      const error = expectError(await createAccount('Fifteen-chars-1'), 400, 'password_too_short');
      expect(error.message).toMatch(/at least 16 characters/);
      expectStatus(await createAccount('Sixteen-chars-12'), 201);
      await expect(
        createAdministrator(testApp.db, { username: 'root2', displayName: 'root2', password: 'Fifteen-chars-1' }),
      ).rejects.toMatchObject({ code: 'password_too_short' });
    } finally {
      await testApp.db.delete(settings).where(eq(settings.key, 'password_min_length'));
    }
    await expect(
      createAdministrator(testApp.db, { username: 'root3', displayName: 'root3', password: 'administrator' }),
    ).rejects.toMatchObject({ code: 'password_too_common' });
  });
});
