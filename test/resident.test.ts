import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsOutbox } from '../src/shared/api/resident.js';
import { residentCodes } from '../src/server/db/schema/index.js';
import { spendCode } from '../src/server/modules/resident/resident.service.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  signIn,
  type Agent,
  type TestApp,
} from './helpers.js';

/**
 * Residents' sign-in codes (群众端): sent by text message (the console outbox here), 6 digits kept only as a hash,
 * good for 5 minutes and once, throttled per phone and per address whether or not the phone is a registry resident's.
 */

let test: TestApp;
let admin: Agent;
/** Each test asks from an address of its own, so the address throttle of one does not reach the next. */
let nextAddress = 1;

beforeAll(async () => {
  test = await createTestApp();
  admin = await signIn(test.app, 'admin');
});
afterAll(() => test.close());

function requestCode(phone: unknown, address: string, headers: Record<string, string> = {}) {
  return test.app.inject({
    method: 'POST',
    url: '/api/v1/resident/code',
    payload: { phone },
    remoteAddress: address,
    headers,
  });
}

function newAddress() {
  return `10.77.0.${nextAddress++}`;
}

/** The code the outbox last holds for a phone, as the resident reads it on their phone. */
async function lastCodeFor(phone: string): Promise<string> {
  const response = await admin.get('/api/v1/sms-outbox');
  expectStatus(response, 200);
  const text = response.json<SmsOutbox>().items.find((item) => item.phone === phone)!.text;
  return /验证码是 (\d{6})/.exec(text)![1]!;
}

describe('asking for a code', () => {
  it('sends 6 digits to the phone as typed on a Chinese keyboard, keeps only their hash, for 5 minutes', async () => {
    const response = await requestCode('+86 138-0013-8000', newAddress());
    expectStatus(response, 200);
    expect(response.json()).toEqual({ expiresInSeconds: 300 });
    const code = await lastCodeFor('13800138000');
    expect(code).toMatch(/^\d{6}$/);
    const [row] = await test.db.select().from(residentCodes).where(eq(residentCodes.phone, '13800138000'));
    expect(row!.codeHash).not.toContain(code);
    const minutes = (row!.expiresAt.getTime() - row!.sentAt.getTime()) / 60_000;
    expect(minutes).toBeCloseTo(5, 5);
    const [entry] = await findAuditEntries(test.db, { action: 'resident_code.send', outcome: 'success' });
    expect(entry!.details).toEqual({ phone: '138****8000' });
  });

  it('refuses what is not a mainland mobile number', async () => {
    for (const phone of ['12345', '010-12345678', '2380013800', '', 13800138000, null, 'x'.repeat(40)]) {
      expectError(await requestCode(phone, newAddress()), 400, 'validation_failed');
    }
    const missing = await test.app.inject({ method: 'POST', url: '/api/v1/resident/code', payload: {} });
    expectError(missing, 400, 'validation_failed');
  });

  it('is refused from another site', async () => {
    const response = await requestCode('13800138001', newAddress(), { origin: 'https://elsewhere.example' });
    expectError(response, 403, 'origin_mismatch');
  });

  it('sends 5 codes to one phone in 15 minutes, then refuses it (and only it) with login_locked', async () => {
    for (let attempt = 0; attempt < 5; attempt++) expectStatus(await requestCode('13900139000', newAddress()), 200);
    const refused = await requestCode('13900139000', newAddress());
    expectError(refused, 429, 'login_locked');
    expect(await findAuditEntries(test.db, { action: 'resident_code.send', outcome: 'denied' })).toHaveLength(1);
    expectStatus(await requestCode('13900139001', newAddress()), 200);
  });

  it('sends 20 codes from one address in 15 minutes, then refuses it (and only it)', async () => {
    const address = newAddress();
    for (let attempt = 0; attempt < 20; attempt++) {
      expectStatus(await requestCode(`1370000${String(attempt).padStart(4, '0')}`, address), 200);
    }
    expectError(await requestCode('13700009999', address), 429, 'login_locked');
    expectStatus(await requestCode('13700009999', newAddress()), 200);
  });
});

describe('a provider that does not answer', () => {
  let cloud: TestApp;
  beforeAll(async () => {
    cloud = await createTestApp({
      SMS_PROVIDER: 'aliyun',
      SMS_ENDPOINT: 'http://127.0.0.1:9/',
      SMS_ACCESS_KEY_ID: 'id',
      SMS_ACCESS_KEY_SECRET: 'secret',
      SMS_SIGN_NAME: '网格通',
      SMS_TEMPLATE_ID: 'SMS_1',
    });
  });
  afterAll(() => cloud.close());

  it('answers 503 sms_unavailable, telling the resident to try again, not why', async () => {
    const response = await cloud.app.inject({
      method: 'POST',
      url: '/api/v1/resident/code',
      payload: { phone: '13500135000' },
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(expectError(response, 503, 'sms_unavailable')).toEqual({
      code: 'sms_unavailable',
      message: '短信暂时无法发送，请一分钟后再试。',
    });
  });
});

describe('spending a code', () => {
  const origin = () => ({ address: newAddress(), userAgent: 'vitest' });

  it('takes the right code once', async () => {
    expectStatus(await requestCode('13600136000', newAddress()), 200);
    const code = await lastCodeFor('13600136000');
    await spendCode(test.db, origin(), '13600136000', code);
    await expect(spendCode(test.db, origin(), '13600136000', code)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('takes only the newest code, and none after 5 minutes', async () => {
    expectStatus(await requestCode('13600136001', newAddress()), 200);
    const first = await lastCodeFor('13600136001');
    expectStatus(await requestCode('13600136001', newAddress()), 200);
    const second = await lastCodeFor('13600136001');
    // Two draws of 6 digits are the same once in a million.
    expect(second).not.toBe(first);
    await expect(spendCode(test.db, origin(), '13600136001', first)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    await test.db
      .update(residentCodes)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(residentCodes.phone, '13600136001'));
    await expect(spendCode(test.db, origin(), '13600136001', second)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
  });

  it('locks the phone after wrong codes, so the right one no longer works either', async () => {
    expectStatus(await requestCode('13600136002', newAddress()), 200);
    const code = await lastCodeFor('13600136002');
    const wrong = code === '000000' ? '000001' : '000000';
    // One code sent and four wrong ones reach the phone's limit of five.
    for (let attempt = 0; attempt < 4; attempt++) {
      await expect(spendCode(test.db, origin(), '13600136002', wrong)).rejects.toMatchObject({
        code: 'invalid_credentials',
      });
    }
    await expect(spendCode(test.db, origin(), '13600136002', code)).rejects.toMatchObject({ code: 'login_locked' });
  });
});
