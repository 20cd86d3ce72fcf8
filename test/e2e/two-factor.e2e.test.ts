import fs from 'node:fs';
import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { demoPassword } from './start-server.js';

/**
 * Two-step sign-in in Chromium, as a town administrator would live it: turn it on from the user menu by typing the
 * secret into an app (the test computes the app's code), sign out, sign in with password and code, use a recovery
 * code once (a second use is refused), the code step on a 390 px phone, and the county's reset on the accounts page.
 */

/** The code an authenticator app shows `steps` 30-second steps from now. */
function codeOf(secret: string, steps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });
}

/** A dialog is best seen over the screen it opened on, not over the whole page's length. */
async function saveDialogScreenshot(page: Page, name: string) {
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png` });
}

async function enterPassword(page: Page, username: string) {
  await page.goto(`${inject('baseUrl')}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('second-factor-code').waitFor();
}

async function enterCode(page: Page, code: string) {
  await page.getByTestId('second-factor-code').fill(code);
  await page.getByTestId('second-factor-submit').click();
}

async function signOut(page: Page) {
  await page.getByTestId('sign-out').click();
  await page.getByTestId('login-username').waitFor();
}

describe('two-step sign-in in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let secret = '';
  let recoveryCodes: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('turns two-step verification on from the user menu: QR code, secret, code, recovery codes', async () => {
    await signInAs(page, 'town');
    await page.getByTestId('second-factor').click();
    await page.getByTestId('second-factor-enable').click();
    await page.getByTestId('second-factor-qr').waitFor();
    secret = ((await page.getByTestId('second-factor-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await saveDialogScreenshot(page, 'two-factor-enrol');

    await page.getByTestId('second-factor-enrol-code').fill(await codeOf(secret));
    await page.getByTestId('second-factor-confirm').click();
    const list = page.getByTestId('recovery-codes');
    await list.waitFor();
    recoveryCodes = (await list.locator('li').allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    await saveDialogScreenshot(page, 'two-factor-recovery-codes');
    await page.getByTestId('recovery-codes-saved').click();
    await list.waitFor({ state: 'detached' });

    await page.getByTestId('second-factor').click();
    await page.getByTestId('second-factor-enabled').waitFor();
    await expect.poll(() => page.getByTestId('second-factor-modal').textContent()).toContain('剩余恢复码：10 个');
    await page.keyboard.press('Escape');
  });

  it('asks for the code after the password, and lets the user in with it', async () => {
    await signOut(page);
    await enterPassword(page, 'town');
    await saveScreenshot(page, 'two-factor-code-step');
    // The code that confirmed enrolment was used: the app's next one is what a user would type now.
    await enterCode(page, await codeOf(secret, 1));
    await page.getByTestId('region-tree').waitFor();
  });

  it('takes a recovery code once and refuses it the second time', async () => {
    await signOut(page);
    await enterPassword(page, 'town');
    await enterCode(page, recoveryCodes[0]!);
    await page.getByTestId('region-tree').waitFor();

    await signOut(page);
    await enterPassword(page, 'town');
    await enterCode(page, recoveryCodes[0]!);
    await expect.poll(() => page.getByTestId('second-factor-error').textContent()).toContain('验证码错误或已使用过');
    await saveScreenshot(page, 'two-factor-code-refused');
    await page.getByText('返回登录').click();
    await page.getByTestId('login-username').waitFor();
  });

  it('fits the code step on a 390 px phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const phone = await context.newPage();
    await enterPassword(phone, 'town');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await saveScreenshot(phone, 'two-factor-phone');
    await enterCode(phone, recoveryCodes[1]!);
    await phone.getByTestId('region-tree').waitFor();
    await context.close();
  });

  it('lets the county reset the town’s second factor on the accounts page', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const county = await context.newPage();
    await signInAs(county, 'county');
    await county.goto(`${inject('baseUrl')}/accounts`);
    await county.getByTestId('reset-second-factor-town').click();
    await county.getByText(/重置“.+”的两步验证/).waitFor();
    await saveScreenshot(county, 'two-factor-admin-reset');
    await county.getByRole('button', { name: /确\s*定/ }).click();
    await expect.poll(() => county.getByText('已重置两步验证').count()).toBeGreaterThan(0);
    await expect.poll(() => county.getByTestId('reset-second-factor-town').count()).toBe(0);
    await context.close();

    // The town signs in with its password alone again (a demo installation requires no second factor).
    await signInAs(page, 'town');
    expect(problems).toEqual([]);
  });
});
