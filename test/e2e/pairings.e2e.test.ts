import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseOption, launchBrowser, saveScreenshot, signInAs } from './browser.js';

/** Whether the page is wider than the phone's screen (something would have to scroll sideways). */
function overflowsSideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** Waits for the select's dropdown to have closed: while it fades, its options still match the next select's. */

describe('pairings and units in Chromium (结对帮扶、共建单位)', () => {
  let browser: Browser;
  let village: Page;
  let member: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    village = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    member = await phone.newPage();
    for (const page of [village, member]) page.on('pageerror', (error) => problems.push(error.message));
    await Promise.all([signInAs(village, 'village'), signInAs(member, 'member')]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the village’s pairings and its overdue worklist, and pairs a unit with the village', async () => {
    await village.goto(`${inject('baseUrl')}/pairings`);
    await expect.poll(() => village.getByTestId('pairing-card').count()).toBeGreaterThan(0);
    await village.getByRole('tab', { name: '逾期未联系' }).click();
    await expect.poll(() => village.getByTestId('pairing-card').count()).toBeGreaterThan(0);
    expect(await village.getByTestId('pairing-list').textContent()).toContain('逾期');
    await saveScreenshot(village, 'care-pairings-list');

    await village.getByTestId('add-pairing').click();
    await village.getByTestId('create-pairing-submit').waitFor();
    await chooseOption(village, 'pairing-kind', { text: '1+N' });
    const unit = await chooseOption(village, 'pairing-helper');
    await chooseOption(village, 'pairing-helped', { search: '社区' });
    await village.getByTestId('create-pairing-submit').click();
    await village.waitForURL(/\/pairings\/[0-9a-f-]{36}$/);
    await village.getByTestId('pairing-detail').waitFor();
    expect(await village.getByTestId('pairing-detail').textContent()).toContain(unit);
  });

  it('shows the county’s units to the village, which may not change them', async () => {
    await village.goto(`${inject('baseUrl')}/units`);
    await village.getByTestId('unit-table').waitFor();
    expect(await village.getByTestId('unit-table').textContent()).toContain('县民政局');
    expect(await village.getByTestId('add-unit').count()).toBe(0);
    await saveScreenshot(village, 'care-units');
  });

  it('lets a grid member on a phone open an overdue pairing and record a contact with the help given', async () => {
    await member.goto(`${inject('baseUrl')}/pairings?tab=overdue`);
    await expect.poll(() => member.getByTestId('pairing-card').count()).toBeGreaterThan(0);
    expect(await overflowsSideways(member)).toBe(false);
    await member.getByTestId('pairing-card').first().click();
    await member.getByTestId('pairing-detail').waitFor();
    await member.getByTestId('record-contact').click();
    await member.getByTestId('contact-note').fill('浏览器测试：入户了解近况');
    await member.getByTestId('contact-help').fill('米面油一份');
    await member.getByTestId('record-contact-submit').click();
    await member.getByTestId('record-contact-submit').waitFor({ state: 'hidden' });
    await expect
      .poll(async () => (await member.getByTestId('pairing-contacts').textContent()) ?? '')
      .toContain('浏览器测试：入户了解近况');
    expect(await member.getByTestId('pairing-detail').textContent()).not.toContain('逾期');
    expect(await overflowsSideways(member)).toBe(false);
    await saveScreenshot(member, 'care-pairings-phone');
    expect(problems).toEqual([]);
  });
});
