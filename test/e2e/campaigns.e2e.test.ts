import fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import ExcelJS from '../../src/server/modules/registry/ledger/exceljs.js';
import { launchBrowser, saveScreenshot, signInAs } from './browser.js';

describe('the campaigns page in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists the demo’s running 固定服务日, shows its numbers and progress, and downloads its summary', async () => {
    const page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    await signInAs(page, 'village');
    await page.goto(`${inject('baseUrl')}/campaigns`);
    await page.getByTestId('campaigns-page').waitFor();
    await page.getByRole('link', { name: /每周三固定服务日/ }).click();
    await page.getByTestId('campaign-tallies').waitFor();
    await page.getByTestId('campaign-region-progress').first().waitFor();
    const personTimes = await page.getByTestId('tally-personTimes').locator('.ant-statistic-content-value').innerText();
    expect(Number(personTimes.replaceAll(',', ''))).toBeGreaterThan(0);
    await expect(page.getByText('各区域进度').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'campaign-page');
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('campaign-export').click();
    const file = await (await download).path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(fs.readFileSync(file) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '分区域', '参与人员', '问题清单']);
    await page.close();
  });

  it('works on a 390 px phone: the list, then the campaign with its progress bars', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    await signInAs(page, 'member');
    await page.goto(`${inject('baseUrl')}/campaigns`);
    await page.getByTestId('campaigns-page').waitFor();
    await page.getByRole('link', { name: /每周三固定服务日/ }).click();
    await page.getByTestId('campaign-region-progress').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    await saveScreenshot(page, 'campaign-page-phone');
    await page.close();
  });

  it('lets the county add, rename and retire a kind of campaign, on a 390 px phone too', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await signInAs(page, 'county');
    await page.goto(`${inject('baseUrl')}/campaigns`);
    await page.getByTestId('campaign-kinds').click();
    await page.getByTestId('kind-table').waitFor();
    await page.getByTestId('add-kind').click();
    await page.getByTestId('kind-code').fill('flood_e2e');
    await page.getByTestId('kind-name-zh').fill('防汛排查');
    await page.getByTestId('kind-name-en').fill('Flood watch');
    await page.getByTestId('kind-form-submit').click();
    const row = page.locator('tr', { hasText: 'flood_e2e' });
    await expect.poll(() => row.textContent()).toContain('防汛排查');
    await page.getByTestId('edit-kind-flood_e2e').click();
    await page.getByTestId('kind-name-zh').fill('汛期排查');
    await page.getByTestId('kind-form-submit').click();
    await expect.poll(() => row.textContent()).toContain('汛期排查');
    await page.getByTestId('toggle-kind-flood_e2e').click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    await saveScreenshot(page, 'campaign-kinds');

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    await signInAs(phone, 'county');
    await phone.goto(`${inject('baseUrl')}/campaigns/kinds`);
    await phone.getByTestId('kind-table').waitFor();
    expect(await phone.locator('tr', { hasText: '汛期排查' }).textContent()).toContain('已停用');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
    await saveScreenshot(phone, 'campaign-kinds-phone');
  });
});
