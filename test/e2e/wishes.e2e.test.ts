import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Person } from '../../src/shared/api/registry.js';
import type { WishDrive } from '../../src/shared/api/wishes.js';
import { chinaDate, addDays } from '../../src/shared/clock.js';
import { wallName } from '../../src/shared/wishes.js';
import { apiGet, chooseOption, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp, phone, photo } from './field-app-phone.js';

/** The demo county's division code: its public wall is /wall/339901. */
const demoCountyCode = '339901';

/** Whether the page is wider than the phone's screen (something would have to scroll sideways). */
function overflowsSideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** Waits for the select's dropdown to have closed: while it fades, its options still match the next select's. */

async function wishStatus(page: Page) {
  return (await page.getByTestId('wish-drawer').getByTestId('wish-status').textContent()) ?? '';
}

describe('micro-wishes in Chromium (微心愿)', () => {
  let browser: Browser;
  let village: Page;
  let villagePhone: Page;
  let publicContext: BrowserContext;
  let publicPhone: BrowserContext;
  let resident: Person;
  let drive: WishDrive;
  const wishText = `浏览器测试：想要一台收音机 ${letterStamp()}`;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    village = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    villagePhone = await (await browser.newContext(phone)).newPage();
    publicContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    publicPhone = await browser.newContext(phone);
    for (const page of [village, villagePhone]) page.on('pageerror', (error) => problems.push(error.message));
    await Promise.all([signInAs(village, 'village'), signInAs(villagePhone, 'village')]);
    // An adult of the village with a phone, whose full name and number the wall must never show.
    const persons = await apiGet<{ items: Person[] }>(village, '/persons?limit=200');
    const adult = persons.items.find((person) => !person.isMinor && (person.age ?? 0) >= 30 && person.phone);
    expect(adult).toBeDefined();
    resident = await apiGet<Person>(
      village,
      `/persons/${adult!.id}?reveal=true&reason=${encodeURIComponent('浏览器测试：核对心愿墙不含电话')}`,
    );
    drive = (await apiGet<{ items: WishDrive[] }>(village, '/wish-drives')).items.find(
      (item) => item.name === '中秋微心愿',
    )!;
    expect(drive).toBeDefined();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the demo drive’s wishes; the village registers one for a resident and approves it', async () => {
    await village.goto(`${inject('baseUrl')}/wishes`);
    await expect.poll(() => village.getByTestId('wish-card').count()).toBeGreaterThan(0);
    await saveScreenshot(village, 'wish-list');

    await village.getByTestId('add-wish').click();
    await village.getByTestId('register-wish-submit').waitFor();
    await chooseOption(village, 'wish-person', { search: resident.name, text: resident.name });
    await village.getByTestId('wish-content').fill(wishText);
    await chooseOption(village, 'wish-drive', { text: drive.name });
    await village.getByTestId('register-wish-submit').click();
    await village.getByTestId('wish-drawer').waitFor();
    await expect.poll(() => wishStatus(village)).toBe('待审核');
    expect(await village.getByTestId('wish-drawer').textContent()).toContain(wishText);

    await village.getByTestId('wish-approve').click();
    await expect.poll(() => wishStatus(village)).toBe('已发布');
  });

  it('records a cadre’s claim and the fulfilment with a photo', async () => {
    await village.getByTestId('wish-claim').click();
    await village.getByTestId('wish-action-submit').waitFor();
    await chooseOption(village, 'wish-claimant-kind', { text: '干部' });
    await chooseOption(village, 'wish-claimant');
    const promisedOn = addDays(chinaDate(new Date()), 7);
    await village.locator('.ant-modal .ant-picker input').fill(promisedOn);
    // Enter takes the typed date and submits the form, as a keyboard user would.
    await village.keyboard.press('Enter');
    await village.getByTestId('wish-action-submit').waitFor({ state: 'hidden' });
    await expect.poll(() => wishStatus(village)).toBe('已认领');
    expect(await village.getByTestId('wish-drawer').textContent()).toContain(promisedOn);

    await village.getByTestId('wish-fulfil').click();
    await village.getByTestId('wish-action-submit').waitFor();
    await village.locator('.ant-modal input[type=file]').setInputFiles(photo);
    await village.getByText('照片已上传').waitFor();
    await village.getByTestId('wish-note').fill('浏览器测试：收音机已送到家中');
    await village.getByTestId('wish-action-submit').click();
    await expect.poll(() => wishStatus(village)).toBe('已圆梦');
    await village.getByTestId('wish-photo-image').waitFor();
    await saveScreenshot(village, 'wish-fulfilled');
  });

  it('shows the wish fulfilled on the public wall without sign-in, with no full name or phone', async () => {
    for (const [context, name] of [
      [publicContext, 'wish-wall'],
      [publicPhone, 'wish-wall-phone'],
    ] as const) {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${inject('baseUrl')}/wall/${demoCountyCode}?drive=${drive.id}`);
      const card = page.getByTestId('wall-wish').filter({ hasText: wishText });
      await card.waitFor();
      expect(await card.textContent()).toContain('已圆梦');
      expect(await card.textContent()).toContain(wallName(resident.name));
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toContain(drive.name);
      expect(text).not.toContain(resident.name);
      expect(text).not.toContain(resident.phone!);
      // No console code on the wall's page: it is a page of its own.
      expect(await page.locator('script[src*="boot"]').count()).toBe(0);
      expect(await overflowsSideways(page)).toBe(false);
      await saveScreenshot(page, name);
    }
  });

  it('fits a 390 px phone: the late claims, a wish’s drawer and the figures', async () => {
    await villagePhone.goto(`${inject('baseUrl')}/wishes?tab=late`);
    await expect.poll(() => villagePhone.getByTestId('wish-card').count()).toBeGreaterThan(0);
    expect(await villagePhone.getByTestId('wish-list').textContent()).toContain('逾期');
    expect(await overflowsSideways(villagePhone)).toBe(false);
    await villagePhone.getByTestId('wish-card').first().click();
    await villagePhone.getByTestId('wish-drawer').waitFor();
    expect(await wishStatus(villagePhone)).toBe('已认领');
    // The drawer covers the whole phone once it has slid in.
    await expect.poll(async () => (await villagePhone.locator('.ant-drawer-content-wrapper').boundingBox())?.x).toBe(0);
    expect(await overflowsSideways(villagePhone)).toBe(false);
    await saveScreenshot(villagePhone, 'wish-phone');

    await villagePhone.goto(`${inject('baseUrl')}/wishes?tab=figures`);
    await villagePhone.getByTestId('wish-figures').waitFor();
    await expect
      .poll(async () => Number(await villagePhone.getByTestId('wish-figure-fulfilled').textContent()))
      .toBeGreaterThan(0);
    expect(await overflowsSideways(villagePhone)).toBe(false);
    await saveScreenshot(villagePhone, 'wish-figures-phone');
    expect(problems).toEqual([]);
  });
});
