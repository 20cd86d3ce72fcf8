import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaseSettings } from '../../src/shared/api/case-catalogue.js';
import type { CaseFigures } from '../../src/shared/api/case-figures.js';
import type { Region } from '../../src/shared/api/regions.js';
import { apiGet, chooseOption, launchBrowser, openOptions, saveScreenshot, signInAs } from './browser.js';

// A 1×1 PNG: the server recognises photos by their first bytes.
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const desktop = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true };

/** What a Chinese user must never see: a raw error code or the server's English. */
async function expectNoRawText(page: Page) {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/validation_failed|not_found|countyId|you work across counties|Name the/);
  expect(await page.locator('.ant-alert-error').count()).toBe(0);
}

async function openCategoryOptions(page: Page): Promise<string[]> {
  await page.getByTestId('report-category').click();
  const options = openOptions(page);
  // The catalogue may arrive while the list is open, and the list then draws its rows again: read it once it shows them.
  let names: string[] = [];
  await expect.poll(async () => (names = await options.allTextContents()).length).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  return names;
}

describe('the case screens of an account that spans counties, the map’s count and a report sent offline', () => {
  let browser: Browser;
  const problems: string[] = [];

  const open = async (username: string, options: typeof desktop | typeof phone) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${username}: ${error.message}`));
    await signInAs(page, username);
    return page;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the administrator keeps the county’s catalogue and calendar, with the county chosen for them', async () => {
    const admin = await open('admin', desktop);
    const [county] = (await apiGet<{ items: Region[] }>(admin, '/regions')).items as [Region];
    await admin.goto(`${inject('baseUrl')}/cases/catalogue`);
    await expect.poll(() => admin.getByTestId('category-table').textContent()).toContain('安全生产');
    await expect.poll(() => admin.getByTestId('case-county').textContent()).toContain(county.name);
    // The official calendar: 国庆 and its make-up Saturday.
    await expect.poll(() => admin.getByTestId('settings-holidays').textContent()).toContain('2026-10-01');
    expect(await admin.getByTestId('settings-workdays').textContent()).toContain('2026-10-10');
    await expectNoRawText(admin);
    await saveScreenshot(admin, 'admin-catalogue');

    // The catalogue of the county the administrator works in names the items on the case cards.
    await admin.goto(`${inject('baseUrl')}/cases`);
    await admin.getByTestId('inbox-view-scope').click();
    await admin.getByTestId('case-list').waitFor();
    await expect.poll(() => admin.getByTestId('case-list').textContent()).toMatch(/环境卫生|矛盾纠纷|民生诉求/);
    await expectNoRawText(admin);
    await admin.context().close();
  });

  it('the county removes a holiday from its calendar and adds one of its own', async () => {
    const county = await open('county', desktop);
    await county.goto(`${inject('baseUrl')}/cases/catalogue`);
    const holidays = county.getByTestId('settings-holidays');
    await expect.poll(() => holidays.textContent()).toContain('2026-10-07');
    await holidays.locator('[title="2026-10-07"]').locator('[class*="-remove"]').click();
    await holidays.click();
    await county.keyboard.type('2026-12-24');
    await county.keyboard.press('Enter');
    await county.getByTestId('settings-save').click();
    await county.getByText('已保存').waitFor();

    await county.reload();
    await expect.poll(() => holidays.textContent()).toContain('2026-12-24');
    expect(await holidays.textContent()).not.toContain('2026-10-07');
    expect(await holidays.textContent()).toContain('2026-10-01');
    const settings = await apiGet<CaseSettings>(county, '/case-settings');
    expect(settings.holidays).toContain('2026-12-24');
    expect(settings.holidays).not.toContain('2026-10-07');
    await county.context().close();
  });

  it('the administrator reports in the chosen county, with its items offered and the hint of each tier', async () => {
    const admin = await open('admin', desktop);
    await admin.goto(`${inject('baseUrl')}/cases/new`);
    await admin.getByTestId('case-county').waitFor();
    const names = await openCategoryOptions(admin);
    expect(names).toContain('环境卫生');
    expect(names.length).toBeGreaterThanOrEqual(10);

    const tier = admin.getByTestId('report-tier');
    const hint = () => admin.locator('.ant-form-item', { has: tier }).locator('.ant-form-item-extra').textContent();
    await tier.getByText('复杂').click();
    await expect.poll(hint).toContain('复杂');
    await tier.getByText('一般').click();
    await expect.poll(hint).toContain('一般');
    await tier.getByText('即办').click();
    await expect.poll(hint).toContain('即办');
    await expectNoRawText(admin);
    await saveScreenshot(admin, 'admin-report');
    await admin.context().close();
  });

  it('the map counts the open cases the region page counts, for the admin, the county and a village', async () => {
    for (const [username, options] of [
      ['admin', desktop],
      ['county', phone],
      ['village', desktop],
    ] as const) {
      const page = await open(username, options);
      const [root] = (await apiGet<{ items: Region[] }>(page, '/regions')).items as [Region];
      const figures = await apiGet<CaseFigures>(page, `/cases/figures?regionId=${root.id}`);
      await page.goto(`${inject('baseUrl')}/cases/map`);
      await page.getByTestId('cases-map').waitFor();
      await expect.poll(() => page.getByTestId('cases-map-count').textContent()).toBe(`在办 ${figures.open} 件`);
      expect(await page.getByTestId('cases-map-overdue').textContent()).toContain(String(figures.overdue));
      await expectNoRawText(page);
      await saveScreenshot(page, `cases-map-${username}`);
      await page.context().close();
    }
  });

  it('walks the fixed screens on a 390 px phone as the administrator, the county and a village', async () => {
    for (const username of ['admin', 'county', 'village'] as const) {
      const page = await open(username, phone);
      const screens = username === 'village' ? ['new', 'map'] : ['catalogue', 'new', 'map'];
      for (const screen of screens) {
        await page.goto(`${inject('baseUrl')}/cases/${screen}`);
        const ready = { catalogue: 'category-table', new: 'report-category', map: 'cases-map-count' }[screen]!;
        await page.getByTestId(ready).waitFor();
        if (screen === 'new') expect((await openCategoryOptions(page)).length).toBeGreaterThanOrEqual(10);
        await expectNoRawText(page);
        await saveScreenshot(page, `cases-${screen}-${username}-phone`);
      }
      await page.context().close();
    }
  });

  it('a grid member offline is told the report was not sent, keeps it across a reload, and sends it later', async () => {
    const member = await open('member', phone);
    const context = member.context();
    await member.goto(`${inject('baseUrl')}/cases/new`);
    await chooseOption(member, 'report-category', { text: '市政设施' });
    const description = '离线时发现：3号楼门口井盖松动';
    await member.getByTestId('report-description').fill(description);
    await member
      .getByTestId('report-photo-input')
      .setInputFiles({ name: '井盖.png', mimeType: 'image/png', buffer: photo });
    await member.getByTestId('report-photos').locator('img').waitFor();

    await context.setOffline(true);
    await member.getByTestId('report-submit').click();
    await member.getByTestId('report-not-sent').waitFor();
    expect(await member.getByTestId('report-not-sent').textContent()).toContain('尚未上报');
    // Not spinning, and nothing lost.
    await expect.poll(() => member.getByTestId('report-submit').getAttribute('class')).not.toContain('loading');
    expect(await member.getByTestId('report-description').inputValue()).toBe(description);
    await saveScreenshot(member, 'case-report-offline');

    await context.setOffline(false);
    await member.reload();
    await expect.poll(() => member.getByTestId('report-description').inputValue()).toBe(description);
    expect(await member.getByTestId('case-report').textContent()).toContain('市政设施');
    expect(await member.getByTestId('case-report').textContent()).not.toContain('municipal_facilities');
    expect(await member.getByTestId('report-photos').locator('img').count()).toBe(1);
    await member.getByTestId('report-submit').click();
    await member.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => member.locator('body').textContent()).toContain(description);
    // The photo kept offline went with it.
    await expect.poll(() => member.getByTestId('case-photos').locator('img[alt="井盖.png"]').count()).toBe(1);

    // Sent: the next report starts empty.
    await member.goto(`${inject('baseUrl')}/cases/new`);
    await member.getByTestId('report-description').waitFor();
    expect(await member.getByTestId('report-description').inputValue()).toBe('');
    await context.close();
    expect(problems).toEqual([]);
  });
});
