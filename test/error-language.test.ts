import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferredLanguage } from '../src/server/errors.js';
import { createTestApp, expectError, requestSignIn, signIn, type Agent, type TestApp } from './helpers.js';

/**
 * Error answers keep their code and speak the language the request prefers (`Accept-Language`): Chinese for the
 * console in Chinese, English for the English console and for clients that name no language.
 */

let testApp: TestApp;
let town: Agent;

beforeAll(async () => {
  testApp = await createTestApp();
  town = await signIn(testApp.app, 'town');
});

afterAll(() => testApp?.close());

const chinese = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };
const english = { 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' };

describe('the language of an error answer', () => {
  it('answers a wrong password in Chinese or English, with the same code', async () => {
    const attempt = { username: 'town', password: 'not the password at all' };
    const inChinese = expectError(
      await requestSignIn(testApp.app, { ...attempt, headers: chinese }),
      401,
      'invalid_credentials',
    );
    const inEnglish = expectError(
      await requestSignIn(testApp.app, { ...attempt, headers: english }),
      401,
      'invalid_credentials',
    );
    expect(inChinese.message).toBe('用户名或密码错误。');
    expect(inEnglish.message).toBe('The username or password is wrong.');
  });

  it('speaks English to a client that names no language', async () => {
    const error = expectError(
      await requestSignIn(testApp.app, { username: 'town', password: 'wrong wrong wrong' }),
      401,
      'invalid_credentials',
    );
    expect(error.message).toBe('The username or password is wrong.');
  });

  it('explains a schema problem in Chinese, field by field', async () => {
    const response = await town.request('GET', '/api/v1/cases?limit=0', undefined, chinese);
    const error = expectError(response, 400, 'validation_failed');
    expect(error.message).toMatch(/^请求有误：\/querystring\/limit: /);
    expect(error.message).not.toMatch(/Too small|expected/);
    const details = error.details as { path: string; message: string }[];
    expect(details).toEqual([{ path: '/querystring/limit', message: expect.stringMatching(/[\u4e00-\u9fff]/u) }]);
  });

  it('gives a rule of ours in Chinese too: a change that names no field', async () => {
    const url = `/api/v1/regions/${town.user.regionId}`;
    const inChinese = expectError(await town.request('PATCH', url, {}, chinese), 400, 'validation_failed');
    const inEnglish = expectError(await town.request('PATCH', url, {}, english), 400, 'validation_failed');
    expect(inChinese.message).toBe('请求有误：/body/: 请至少修改一个字段。');
    expect(inEnglish.message).toBe('Invalid request — /body/: Send at least one field to change.');
  });

  it('words a field rule of ours in Chinese: a phone that is no phone number', async () => {
    const staff = { regionId: town.user.regionId, kind: 'volunteer', name: '王五', phone: '12345' };
    const error = expectError(await town.request('POST', '/api/v1/staff', staff, chinese), 400, 'validation_failed');
    expect(error.details).toEqual([{ path: '/body/phone', message: '请填写 11 位手机号，或带区号的固定电话。' }]);
  });

  it('answers an unknown route in the preferred language', async () => {
    const response = await town.request('GET', '/api/v1/no-such-thing', undefined, chinese);
    expect(expectError(response, 404, 'not_found').message).toBe('没有这个接口：GET /api/v1/no-such-thing。');
  });
});

describe('preferredLanguage', () => {
  it('follows the weights of Accept-Language', () => {
    expect(preferredLanguage('zh-CN')).toBe('zh');
    expect(preferredLanguage('zh-TW;q=0.4, en;q=0.6')).toBe('en');
    expect(preferredLanguage('fr-FR, zh;q=0.2')).toBe('zh');
    expect(preferredLanguage('en-US,en;q=0.9')).toBe('en');
    expect(preferredLanguage('de, fr')).toBe('en');
    expect(preferredLanguage(undefined)).toBe('en');
    expect(preferredLanguage('zh;q=0')).toBe('en');
  });
});
