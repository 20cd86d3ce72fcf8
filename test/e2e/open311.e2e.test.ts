import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, saveScreenshot, signInAs } from './browser.js';

/** Open311 接入 in Chromium: a county administrator adds a client application, sees its key once and revokes it. */
describe('Open311 接入 in Chromium', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  const screens = [
    { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true },
    { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false },
  ] as const;

  for (const screen of screens) {
    it(`creates a key on a ${screen.name}, shows it once, and revokes it`, async () => {
      const county: Page = await browser.newPage({
        viewport: screen.viewport,
        isMobile: screen.isMobile,
        locale: 'zh-CN',
      });
      county.on('pageerror', (error) => problems.push(error.message));
      await signInAs(county, 'county');
      await county.goto(`${inject('baseUrl')}/open311`);
      await county.getByTestId('open311-table').waitFor();
      expect(await county.getByTestId('open311-endpoint').textContent()).toMatch(/\/open311\/v2\/$/);
      const jurisdiction = (await county.getByTestId('open311-jurisdiction').textContent())!;
      expect(jurisdiction).toMatch(/^\d{6}$/);

      // A name of this test's own, so rows other tests left do not count.
      const name = `随手拍-${screen.name}-${Date.now()}`;
      await county.getByTestId('add-open311').click();
      await county.getByTestId('open311-name').fill(name);
      await county.getByTestId('open311-form-submit').click();
      const keyText = county.getByTestId('open311-key').getByText(/^o311_/);
      await keyText.waitFor();
      const key = (await keyText.textContent())!;
      expect(key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
      await saveScreenshot(county, `open311-key-${screen.name}`);
      await county.keyboard.press('Escape');

      const row = county.getByTestId('open311-table').locator('tr', { hasText: name });
      await expect.poll(() => row.textContent()).toContain('有效');
      // Once closed, the key is never shown again: the list has only its first characters.
      expect(await county.getByTestId('open311-page').textContent()).not.toContain(key);
      expect(await row.textContent()).toContain(key.slice(0, 9));

      await county.getByTestId(`revoke-open311-${name}`).click();
      const confirm = county.locator('.ant-popconfirm:visible');
      await confirm.getByRole('button', { name: /确\s?定/ }).click();
      await confirm.waitFor({ state: 'hidden' });
      await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('已吊销');
      expect(await county.getByTestId(`revoke-open311-${name}`).count()).toBe(0);
      // The revoked key no longer posts.
      const posted = await county.request.post(`${inject('baseUrl')}/open311/v2/requests.json`, {
        form: { jurisdiction_id: jurisdiction, api_key: key, service_code: 'environment', lat: 0, long: 0 },
      });
      expect(posted.status()).toBe(403);
      if (screen.isMobile) {
        expect(await county.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)).toBe(false);
      }
      await county.close();
      expect(problems).toEqual([]);
    });
  }
});
