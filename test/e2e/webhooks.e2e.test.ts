import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, saveScreenshot, signInAs } from './browser.js';

describe('事件推送 (webhooks) in Chromium', () => {
  let browser: Browser;
  let county: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    county = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    county.on('pageerror', (error) => problems.push(error.message));
    await signInAs(county, 'county');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('adds a subscription on a phone, shows its secret once, pauses it and opens its delivery log', async () => {
    await county.goto(`${inject('baseUrl')}/webhooks`);
    await county.getByTestId('webhooks-table').waitFor();
    await county.getByTestId('add-webhook').click();
    // TEST-NET-1: a public address that answers nobody, as a receiver that is down.
    await county.getByTestId('webhook-url').fill('https://192.0.2.10/gridlink-events');
    await county.getByTestId('webhook-form-submit').click();
    const secret = county.getByTestId('webhook-secret');
    await secret.getByText(/^whsec_/).waitFor();
    await saveScreenshot(county, 'webhooks-secret-phone');
    await county.keyboard.press('Escape');
    await expect.poll(() => county.getByTestId('webhooks-table').textContent()).toContain('192.0.2.10');
    expect(await county.getByTestId('webhooks-table').textContent()).not.toContain('whsec_');
    expect(await county.getByTestId('webhooks-table').textContent()).toContain('状态变化');

    const toggle = county.locator('[data-testid^="webhook-active-"]').first();
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');

    await county.locator('[data-testid^="webhook-deliveries-"]').first().click();
    await county.getByTestId('webhook-deliveries').getByText('还没有推送记录').waitFor();
    expect(await county.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)).toBe(false);
    await saveScreenshot(county, 'webhooks-deliveries-phone');
    expect(problems).toEqual([]);
  });
});
