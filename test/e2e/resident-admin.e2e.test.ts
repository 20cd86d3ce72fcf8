import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Session } from '../../src/shared/api/session.js';
import type { SmsOutbox } from '../../src/shared/api/resident.js';
import { apiGet, launchBrowser, saveScreenshot, signInAs } from './browser.js';

/**
 * The residents' channel as the village keeps it in the console: the 二维码海报 button of its region page downloads
 * the grid posters' PDF, and the 群众账号 page finds a resident who reported in the village and disables them.
 */

/** A number no other run used, so the phone's code throttle starts afresh. */
const residentPhone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

let browser: Browser;
let village: Page;
let admin: Page;
let residentContext: BrowserContext;
const problems: string[] = [];

/** Signs a resident in through the API as their page does, and reports one problem in the member's grid. */
async function residentReportsIn(gridId: string) {
  const baseUrl = inject('baseUrl');
  residentContext = await browser.newContext();
  const api = residentContext.request;
  expect((await api.post(`${baseUrl}/api/v1/resident/code`, { data: { phone: residentPhone } })).status()).toBe(200);
  const outbox = await apiGet<SmsOutbox>(admin, '/sms-outbox');
  const code = /验证码是 (\d{6})/.exec(outbox.items.find((item) => item.phone === residentPhone)!.text)![1]!;
  const signedIn = await api.post(`${baseUrl}/api/v1/resident/session`, { data: { phone: residentPhone, code } });
  expect(signedIn.status()).toBe(200);
  const { csrfToken } = (await signedIn.json()) as Session;
  const reported = await api.post(`${baseUrl}/api/v1/cases`, {
    data: { category: 'environment', description: '路灯不亮', regionId: gridId },
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(reported.status()).toBe(201);
}

beforeAll(async () => {
  browser = await launchBrowser();
  village = await (await browser.newContext({ acceptDownloads: true, locale: 'zh-CN' })).newPage();
  village.on('pageerror', (error) => problems.push(error.message));
  await signInAs(village, 'village');
  admin = await (await browser.newContext()).newPage();
  await signInAs(admin, 'admin');
});

afterAll(async () => {
  await browser?.close();
});

describe('the residents’ channel in the console', () => {
  it('downloads the village’s grid posters as a PDF from its region page', async () => {
    const { regionId } = await apiGet<Session>(village, '/session');
    await village.goto(`${inject('baseUrl')}/regions/${regionId}`);
    const [download] = await Promise.all([
      village.waitForEvent('download'),
      village.getByTestId('resident-poster').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/-二维码海报\.pdf$/);
    const file = path.join(os.tmpdir(), `resident-poster-${process.pid}.pdf`);
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Chromium's own viewer draws the first page, for the docs (care.md).
    const viewer = await browser.newPage({ viewport: { width: 1000, height: 1300 } });
    await viewer.goto(pathToFileURL(file).href);
    await viewer.waitForTimeout(3000);
    await viewer.screenshot({ path: 'docs/images/resident-poster.png' });
    fs.rmSync(file);
  });

  it('finds a resident who reported in the village on 群众账号 and disables them', async () => {
    const member = await (await browser.newContext()).newPage();
    await signInAs(member, 'member');
    const { regionId: gridId } = await apiGet<Session>(member, '/session');
    await residentReportsIn(gridId!);

    await village.goto(`${inject('baseUrl')}/resident-accounts`);
    const page = village.getByTestId('resident-accounts-page');
    await page.waitFor();
    await village.getByTestId('resident-search').locator('input').fill(residentPhone.slice(-4));
    await village.getByTestId('resident-search').locator('input').press('Enter');
    const masked = `${residentPhone.slice(0, 3)}****${residentPhone.slice(-4)}`;
    const row = page.locator('tr').filter({ hasText: masked });
    await row.waitFor();
    expect(await row.textContent()).toContain('游客');
    expect(await page.textContent()).not.toContain(residentPhone);
    await saveScreenshot(village, 'resident-accounts');
    await row
      .getByRole('button', { name: '停 用' })
      .or(row.getByRole('button', { name: '停用' }))
      .click();
    await village
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s?定/ })
      .click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    const session = await residentContext.request.get(`${inject('baseUrl')}/api/v1/session`);
    expect(session.status()).toBe(401);
    expect(problems).toEqual([]);
  });
});
