import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from './client';

// The console's i18n names the page's language and title as it loads: a bare page object stands in for the browser.
vi.stubGlobal('document', { documentElement: {}, title: '' });
const { describeError, errorText } = await import('./errors');
const { i18next } = await import('../i18n');

/** What the server answers a Chinese console for a redemption the balance cannot pay (moral-bank.service.ts). */
const pointsInsufficient = new ApiError(409, 'points_insufficient', '账户积分不足 5 分。');

describe('what the console tells a Chinese user about a failure', () => {
  beforeAll(async () => {
    await i18next.changeLanguage('zh-CN');
  });

  it('shows the server’s own sentence for a code the console has no title for', () => {
    expect(describeError(pointsInsufficient)).toEqual({ title: '账户积分不足 5 分。' });
  });

  it('shows the console’s title, and the server’s specifics where they help', () => {
    const locked = new ApiError(429, 'login_locked', '登录失败次数过多，请 15 分钟后再试。');
    expect(errorText(locked)).toBe('登录失败次数过多，账号已暂时锁定: 登录失败次数过多，请 15 分钟后再试。');
    const missing = new ApiError(404, 'wish_not_found', '未找到该微心愿。');
    expect(describeError(missing)).toEqual({ title: '未找到，或不在您的管辖范围内' });
  });

  it('never shows the browser’s English: a proxy’s bare status, a script error', () => {
    expect(describeError(new ApiError(502, 'http_502', 'Bad Gateway'))).toEqual({ title: '操作失败' });
    expect(describeError(new TypeError('Failed to fetch'))).toEqual({ title: '操作失败' });
  });
});

describe('what the console tells an English user about a failure', () => {
  beforeAll(async () => {
    const { en } = await import('../i18n/en');
    i18next.addResourceBundle('en', 'translation', en);
    await i18next.changeLanguage('en');
  });

  it('shows the server’s sentence, the browser’s status and a script error’s message', () => {
    const insufficient = new ApiError(409, 'points_insufficient', 'The account does not hold the 5 points this needs.');
    expect(describeError(insufficient)).toEqual({ title: 'The account does not hold the 5 points this needs.' });
    expect(describeError(new ApiError(502, 'http_502', 'Bad Gateway'))).toEqual({ title: 'Bad Gateway' });
    expect(describeError(new TypeError('Failed to fetch')).detail).toBe('Failed to fetch');
  });
});
