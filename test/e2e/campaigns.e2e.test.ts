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
});
