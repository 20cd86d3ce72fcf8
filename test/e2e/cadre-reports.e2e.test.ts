import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CadreReport } from '../../src/shared/api/cadre-reports.js';
import type { Unit } from '../../src/shared/api/units.js';
import { chinaToday } from '../../src/shared/clock.js';
import { apiPost, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp } from './field-app-phone.js';

/**
 * A report up the chain in Chromium at desktop size: the county submits a unit's yearly report from the 报告 tab, the
 * administrator approves it there (someone other than who submitted it), then reopens it with a reason. The unit is
 * the test's own, so the report and the lock it puts on its period touch no other test.
 */

const stamp = letterStamp();

async function openReport(page: Page, id: string) {
  await page.goto(`${inject('baseUrl')}/cadres?tab=reports&report=${id}`);
  await page.getByTestId('cadre-report-drawer').waitFor();
  await page.getByTestId('cadre-report-status').waitFor();
}

const statusOf = (page: Page) => page.getByTestId('cadre-report-status').textContent();

describe('reports up the chain in Chromium (报告)', () => {
  let browser: Browser;
  let county: Page;
  let admin: Page;
  let report: CadreReport;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    county = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    admin = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    for (const page of [county, admin]) page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(county, 'county');
    await signInAs(admin, 'admin');
    const unit = await apiPost<Unit>(county, '/units', { name: `报告单位${stamp}`, kind: 'department' });
    report = await apiPost<CadreReport>(county, '/cadre-reports', {
      kind: 'yearly',
      period: String(Number(chinaToday().slice(0, 4)) - 1),
      unitId: unit.id,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('goes from the county up to its approval and back with a reason', async () => {
    await openReport(county, report.id);
    expect(await statusOf(county)).toBe('草稿');
    await county.getByTestId('cadre-report-submit').click();
    await expect.poll(() => statusOf(county)).toBe('待审批');
    // Who submitted it may not approve it: no approve button for the county here.
    expect(await county.getByTestId('cadre-report-approve').count()).toBe(0);

    await admin.goto(`${inject('baseUrl')}/cadres?tab=reports`);
    await admin.getByTestId('cadre-reports-awaiting').click();
    await admin.getByTestId('cadre-reports').getByText(`报告单位${stamp}`).click();
    await admin.getByTestId('cadre-report-approve').click();
    await expect.poll(() => statusOf(admin)).toBe('已审批');
    await saveScreenshot(admin, 'cadre-report');

    await admin.getByTestId('cadre-report-reopen').click();
    await admin.getByTestId('cadre-report-words').fill('补录签到');
    await admin.getByRole('button', { name: /OK|确\s*定/ }).click();
    await expect.poll(() => statusOf(admin)).toBe('已退回');
    expect(await admin.getByTestId('cadre-report-drawer').textContent()).toContain('补录签到');
    expect(problems).toEqual([]);
  });
});
