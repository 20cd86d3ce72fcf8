import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { VisitCoverage } from '../../src/shared/api/field-work.js';
import { launchBrowser, saveScreenshot, signInAs } from './browser.js';

const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true };

describe('visit coverage in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the village its grids with their rates and its staff, as the API counts them', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInAs(page, 'village');
    await page.goto(`${inject('baseUrl')}/visits/coverage`);
    const regionsTable = page.getByTestId('visit-coverage-regions');
    await regionsTable.waitFor();
    const coverage = (await (
      await page.request.get(`${inject('baseUrl')}/api/v1/visits/coverage`)
    ).json()) as VisitCoverage;
    expect(coverage.rows.length).toBeGreaterThan(0);
    // Every grid of the village is a row, by name, with its household count.
    for (const row of coverage.rows) {
      const line = regionsTable.locator('tr', { hasText: row.name });
      await expect.poll(() => line.count()).toBeGreaterThan(0);
      await expect.poll(() => line.first().innerText()).toContain(String(row.households));
    }
    await expect
      .poll(() => page.getByTestId('visit-coverage-totals').innerText())
      .toContain(String(coverage.totals.households));
    // The staff of the village, with their positions in Chinese.
    const staff = page.getByTestId('visit-coverage-staff');
    await staff.waitFor();
    await expect.poll(() => staff.innerText()).toContain('网格员');
    // Drilling into a grid shows that grid.
    await regionsTable.getByText(coverage.rows[0]!.name, { exact: true }).click();
    await expect.poll(() => page.url()).toContain(`region=${coverage.rows[0]!.id}`);
    await saveScreenshot(page, 'visit-coverage-village');
    await context.close();
  });

  it('shows a grid member their grid on a 390 px phone, and their visit plan', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    await signInAs(page, 'member');
    await page.goto(`${inject('baseUrl')}/visits/coverage`);
    const totals = page.getByTestId('visit-coverage-totals');
    await totals.waitFor();
    const coverage = (await (
      await page.request.get(`${inject('baseUrl')}/api/v1/visits/coverage`)
    ).json()) as VisitCoverage;
    await expect.poll(() => totals.innerText()).toContain(String(coverage.totals.visitedHouseholds));
    await page.getByTestId('visit-coverage-staff').waitFor();
    // Nothing wider than the phone's screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'visit-coverage-member-phone');

    await page.goto(`${inject('baseUrl')}/visits/plan`);
    const plan = page.getByTestId('visit-plan');
    await plan.waitFor();
    await expect.poll(() => plan.innerText()).toMatch(/\d{4}-\d{2}-\d{2}/);
    await saveScreenshot(page, 'visit-plan-member-phone');
    await context.close();
  });
});
