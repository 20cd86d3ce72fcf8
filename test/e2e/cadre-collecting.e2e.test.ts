import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Household, Person } from '../../src/shared/api/registry.js';
import type { Session } from '../../src/shared/api/session.js';
import { computeIdNumberCheckCharacter, maskIdNumber } from '../../src/shared/id-number.js';
import { apiGet, apiPost, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp, phone } from './field-app-phone.js';

/**
 * A cadre sent down collects a household of their grid (issue 13) as the demo cadre: on a 390 px phone they add a
 * member with an ID number and read it back masked; on a 1366 px desktop they find the buttons to register and
 * correct, and none to delete, reveal, import or export.
 */

const stamp = letterStamp();

/** A valid ID number of this run: its sequence random, so that runs on one database do not meet. */
function idNumberOfThisRun(): string {
  const body = `110105${'19870312'}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  return body + computeIdNumberCheckCharacter(body);
}

describe('a cadre collecting their grid in Chromium', () => {
  let browser: Browser;
  let household: Household;
  const idNumber = idNumberOfThisRun();
  const memberName = `采集成员${stamp}`;
  const problems: string[] = [];

  async function openAsCadre(options: Parameters<Browser['newContext']>[0]): Promise<Page> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(page, 'cadre');
    return page;
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    const page = await openAsCadre({ locale: 'zh-CN' });
    const { user } = await apiGet<Session>(page, '/session');
    household = await apiPost<Household>(page, '/households', {
      regionId: user.regionId,
      address: `采集小区${stamp}号`,
    });
    await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('adds a household member on a 390 px phone and reads the ID number masked', async () => {
    const page = await openAsCadre(phone);
    await page.goto(`${inject('baseUrl')}/registry/households?household=${household.id}`);
    await page.getByTestId('add-member').click();
    await page.getByTestId('person-name').fill(memberName);
    await page.getByTestId('person-id-number').fill(idNumber);
    await saveScreenshot(page, 'cadre-collecting-form-phone');
    await page.getByTestId('person-form-submit').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已创建');
    const members = page.getByTestId('household-members');
    await expect.poll(() => members.textContent()).toContain(memberName);
    expect(await members.textContent()).toContain(maskIdNumber(idNumber));
    expect(await members.textContent()).not.toContain(idNumber);
    // Nothing wider than the screen, and no delete for a collector.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await page.getByTestId('delete-household').count()).toBe(0);
    await saveScreenshot(page, 'cadre-collecting-phone');

    const found = await apiGet<{ items: Person[] }>(page, `/persons?householdId=${household.id}`);
    expect(found.items).toEqual([expect.objectContaining({ name: memberName, idNumber: maskIdNumber(idNumber) })]);
    await page.context().close();
  });

  it('on a 1366 px desktop: registers and corrects, but deletes, reveals, imports and exports nothing', async () => {
    const page = await openAsCadre({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.goto(`${inject('baseUrl')}/registry`);
    await page.getByTestId('add-person').waitFor();
    expect(await page.getByTestId('registry-import').count()).toBe(0);
    expect(await page.getByTestId('registry-tab-import').count()).toBe(0);
    const [member] = (await apiGet<{ items: Person[] }>(page, `/persons?householdId=${household.id}`)).items;
    await page.goto(`${inject('baseUrl')}/registry?person=${member!.id}`);
    await page.getByTestId('edit-person').waitFor();
    expect(await page.getByTestId('person-id-number-value').textContent()).toBe(maskIdNumber(idNumber));
    expect(await page.getByTestId('delete-person').count()).toBe(0);
    expect(await page.getByTestId('reveal-button').count()).toBe(0);
    await saveScreenshot(page, 'cadre-collecting-desktop');
    await page.context().close();
    expect(problems).toEqual([]);
  });
});
