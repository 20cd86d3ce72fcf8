import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CadreReport } from '../../src/shared/api/cadre-reports.js';
import type { Session } from '../../src/shared/api/session.js';
import type { Unit } from '../../src/shared/api/units.js';
import { chinaToday } from '../../src/shared/clock.js';
import { apiGet, apiPost, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp } from './field-app-phone.js';
import { demoPassword } from './start-server.js';

/**
 * The demo's dispatching unit account (`unit`, 县民政局) in Chromium, on a desktop and on a 390 px phone: it lands on
 * its cadres, its menu offers nothing else, it sees its own cadre and not another unit's, what a spot check found of
 * its cadre, and it opens the street's quarterly report with its own people in it.
 */

const stamp = letterStamp();
const ownName = `民政干部${stamp}`;
const otherName = `教育干部${stamp}`;
const today = chinaToday();
const quarter = `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;

async function signInAsUnit(page: Page) {
  await page.goto(`${inject('baseUrl')}/login`);
  await page.getByTestId('login-username').fill('unit');
  await page.getByTestId('login-password').fill(demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('cadres-page').waitFor();
}

describe('a dispatching unit’s account in Chromium (派出单位)', () => {
  let browser: Browser;
  let report: CadreReport;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const staff = await browser.newPage({ locale: 'zh-CN' });
    await signInAs(staff, 'village');
    const village = await apiGet<Session>(staff, '/session');
    const units = (await apiGet<{ items: Unit[] }>(staff, '/units')).items;
    const own = units.find((unit) => unit.name === '县民政局')!;
    const other = units.find((unit) => unit.name === '县教育局')!;
    const registered: string[] = [];
    for (const [name, unitId] of [
      [ownName, own.id],
      [otherName, other.id],
    ] as const) {
      const cadre = await apiPost<{ id: string }>(staff, '/cadres', {
        kind: 'cadre',
        name,
        unitId,
        serviceRegionId: village.regionId,
        startsOn: quarterStart,
      });
      registered.push(cadre.id);
    }
    await staff.close();
    // The street generates this quarter's report and sends it up: the unit receives its part.
    const town = await browser.newPage({ locale: 'zh-CN' });
    await signInAs(town, 'town');
    const townSession = await apiGet<Session>(town, '/session');
    // An unannounced check today finds the unit's cadre 点卯.
    const check = await apiPost<{ id: string }>(town, '/spot-checks', {
      checkOn: today,
      title: `暗访${stamp}`,
      inspectors: ['督查组'],
      regionIds: [village.regionId],
    });
    await apiPost(town, `/spot-checks/${check.id}/records`, {
      cadreId: registered[0],
      outcome: 'roll_call_only',
      place: '社区服务站',
      activity: '签到后离开',
    });
    report = await apiPost<CadreReport>(town, '/cadre-reports', {
      kind: 'quarterly',
      period: quarter,
      regionId: townSession.regionId,
    });
    if (report.status === 'draft' || report.status === 'returned') {
      report = await apiPost<CadreReport>(town, `/cadre-reports/${report.id}/submit`, { version: report.version });
    }
    await town.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  for (const viewport of [
    { name: 'desktop', width: 1366, height: 900 },
    { name: 'phone', width: 390, height: 844 },
  ]) {
    it(`sees its own cadres and the street’s quarterly report, and nothing else (${viewport.name})`, async () => {
      const page = await browser.newPage({ viewport, locale: 'zh-CN' });
      page.on('pageerror', (error) => problems.push(error.message));
      await signInAsUnit(page);
      await page.getByTestId('cadres-page').getByText(ownName).waitFor();
      expect(await page.getByTestId('cadres-page').getByText(otherName).count()).toBe(0);
      // The tabs of the territory (registrations, verification) are not offered.
      expect(await page.getByTestId('cadres-tab-registrations').count()).toBe(0);
      expect(await page.getByTestId('cadres-tab-accuracy').count()).toBe(0);
      await saveScreenshot(page, `unit-account-cadres-${viewport.name}`);
      // What the spot check found of its cadre.
      await page.getByTestId('cadre-card').filter({ hasText: ownName }).getByTestId('cadre-spot-checks-open').click();
      await page.getByTestId('cadre-spot-checks').getByText('签到后离开', { exact: false }).waitFor();
      await saveScreenshot(page, `unit-account-spot-checks-${viewport.name}`);
      await page.keyboard.press('Escape');

      // The menu offers the cadres alone.
      if (viewport.name === 'phone') await page.getByTestId('menu-button').click();
      const menu = page.locator('.ant-menu').last();
      await menu.getByText('下沉干部').waitFor();
      expect((await menu.locator('.ant-menu-item').allTextContents()).map((text) => text.trim())).toEqual(['下沉干部']);
      if (viewport.name === 'phone') await page.keyboard.press('Escape');

      await page.goto(`${inject('baseUrl')}/cadres?tab=reports&report=${report.id}`);
      const drawer = page.getByTestId('cadre-report-drawer');
      await drawer.getByText(ownName).waitFor();
      expect(await drawer.getByText(otherName).count()).toBe(0);
      expect(await drawer.getByTestId('cadre-report-submit').count()).toBe(0);
      await saveScreenshot(page, `unit-account-report-${viewport.name}`);

      // A typed address of the territory takes it back to its cadres.
      await page.goto(`${inject('baseUrl')}/regions`);
      await page.getByTestId('cadres-page').waitFor();
      await page.close();
      expect(problems).toEqual([]);
    });
  }
});
