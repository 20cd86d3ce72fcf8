import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  requestSignIn,
  signIn,
  testPassword,
  type TestApp,
} from './helpers.js';

describe('changing one’s own password', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await createTestApp();
  });

  afterAll(async () => {
    await test?.close();
  });

  it('needs the current password and a strong new one, then signs out the other sessions only', async () => {
    const here = await signIn(test.app, 'cadre');
    const elsewhere = await signIn(test.app, 'cadre', { address: '10.0.0.9' });
    expectError(
      await here.post('/api/v1/session/password', {
        currentPassword: 'wrong-password',
        newPassword: 'a-new-long-password-1',
      }),
      401,
      'invalid_credentials',
    );
    expectError(
      await here.post('/api/v1/session/password', { currentPassword: testPassword, newPassword: 'short' }),
      400,
      'password_too_short',
    );
    expectError(
      await here.post('/api/v1/session/password', { currentPassword: testPassword, newPassword: 'cadre-password-123' }),
      400,
      'password_too_common',
    );

    expectStatus(
      await here.post('/api/v1/session/password', {
        currentPassword: testPassword,
        newPassword: 'Gridlink·新密码-2026',
      }),
      204,
    );
    expectStatus(await here.get('/api/v1/session'), 200);
    expectError(await elsewhere.get('/api/v1/session'), 401, 'unauthenticated');
    expectError(await requestSignIn(test.app, { username: 'cadre' }), 401, 'invalid_credentials');
    expectStatus(await requestSignIn(test.app, { username: 'cadre', password: 'Gridlink·新密码-2026' }), 200);
    const outcomes = (
      await findAuditEntries(test.db, { action: 'account.change_password', actorUsername: 'cadre' })
    ).map((entry) => entry.outcome);
    expect(outcomes).toEqual(['failure', 'success']);
  });

  it('refuses a change without the CSRF token', async () => {
    const agent = await signIn(test.app, 'member');
    const response = await agent.request(
      'POST',
      '/api/v1/session/password',
      { currentPassword: testPassword, newPassword: 'whatever-long-1' },
      { 'x-csrf-token': 'stale' },
    );
    expectError(response, 403, 'csrf_failed');
  });
});
