import type { Browser, Page } from 'playwright-core';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Household } from '../../src/shared/api/registry.js';
import type { Need, Visit } from '../../src/shared/api/visits.js';
import { apiGet, apiPost, chooseOption, launchBrowser, saveScreenshot, signInAs } from './browser.js';

const desktop = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true };

/** What a Chinese user must never see: a raw code or the server's English. */
async function expectNoRawText(page: Page) {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/validation_failed|not_found|client_id_taken|subsistence_check|elderly_care/);
}

/** Picks the household whose address starts with `address` in the form's household search. */
async function pickHousehold(page: Page, address: string) {
  await chooseOption(page, 'household-select', { search: address, text: address });
}

describe('a grid member records visits in the console', () => {
  let browser: Browser;
  const problems: string[] = [];

  const open = async (options: typeof desktop | typeof phone) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(page, 'member');
    return page;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('on a desktop: lists the grid’s visits and records one with a need, which the household drawer then shows', async () => {
    const page = await open(desktop);
    const [household] = (await apiGet<ListPage<Household>>(page, '/households?limit=1')).items as [Household];
    await page.goto(`${inject('baseUrl')}/visits`);
    // The demo's visits of the member's grid.
    await expect.poll(() => page.getByTestId('visit-list').textContent()).toMatch(/日常走访|政策宣传|活动任务/);
    await expectNoRawText(page);

    await page.getByTestId('record-visit').click();
    await pickHousehold(page, household.address);
    await chooseOption(page, 'visit-purpose', { text: '低保核查' });
    await page.getByTestId('visit-findings').fill('核查低保家庭收入情况，与申报一致。');
    await page.getByTestId('visit-follow-ups').getByText('登记需求', { exact: true }).click();
    await chooseOption(page, 'visit-need-kind', { text: '养老照护' });
    await page.getByTestId('visit-need-description').fill('希望每周有人上门探望');
    await saveScreenshot(page, 'visit-form-desktop');
    await page.getByTestId('visit-form-submit').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('走访已记录');

    // The household's needs and history have it.
    const needs = await apiGet<{ items: Need[] }>(page, `/households/${household.id}/needs`);
    expect(needs.items.map((need) => need.description)).toContain('希望每周有人上门探望');
    const visits = await apiGet<ListPage<Visit>>(page, `/visits?householdId=${household.id}`);
    const recorded = visits.items.find((visit) => visit.findings === '核查低保家庭收入情况，与申报一致。');
    expect(recorded?.purpose).toBe('subsistence_check');
    expect(recorded?.visitors.length).toBe(1);

    await page.goto(`${inject('baseUrl')}/registry/households?household=${household.id}`);
    const drawer = page.getByTestId('household-visits');
    await expect.poll(() => drawer.textContent()).toContain('核查低保家庭收入情况');
    await expect.poll(() => page.getByTestId('household-needs').textContent()).toContain('希望每周有人上门探望');
    await expectNoRawText(page);
    await saveScreenshot(page, 'household-visits-desktop');
    await page.context().close();
  });

  it('on a 390 px phone: the list shows cards, a visit opens, and the form records a visit', async () => {
    const page = await open(phone);
    const [household] = (await apiGet<ListPage<Household>>(page, '/households?limit=1')).items as [Household];
    await page.goto(`${inject('baseUrl')}/visits`);
    await expect.poll(() => page.getByTestId('visit-list').textContent()).toMatch(/日常走访|政策宣传|活动任务/);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('visit-list').locator('.ant-card').first().click();
    await expect.poll(() => page.getByTestId('visit-drawer').textContent()).toContain('走访人员');
    await page.keyboard.press('Escape');

    await page.getByTestId('record-visit').click();
    await pickHousehold(page, household.address);
    await page.getByTestId('visit-findings').fill('手机端记录：老人身体尚好。');
    await saveScreenshot(page, 'visit-form-phone');
    await page.getByTestId('visit-form-submit').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('走访已记录');
    const visits = await apiGet<ListPage<Visit>>(page, `/visits?householdId=${household.id}`);
    expect(visits.items.some((visit) => visit.findings === '手机端记录：老人身体尚好。')).toBe(true);
    await expectNoRawText(page);
    await page.context().close();
    expect(problems).toEqual([]);
  });

  it('the county marks its own purpose sensitive: a cadre reads such a visit’s findings as hidden, the village in full', async () => {
    const county = await browser.newPage(desktop);
    await signInAs(county, 'county');
    await county.goto(`${inject('baseUrl')}/visits`);
    await county.getByTestId('visit-purposes').click();
    await county.getByTestId('kind-table').waitFor();
    // A 低保 check is sensitive in every county: its switch cannot be turned off.
    await county.getByTestId('edit-kind-subsistence_check').click();
    expect(await county.getByTestId('kind-sensitive').isDisabled()).toBe(true);
    expect(await county.getByTestId('kind-sensitive').getAttribute('aria-checked')).toBe('true');
    await county.keyboard.press('Escape');
    await county.getByTestId('add-kind').click();
    await county.getByTestId('kind-code').fill('elder_check_e2e');
    await county.getByTestId('kind-name-zh').fill('独居老人探访');
    await county.getByTestId('kind-name-en').fill('Elder living alone');
    await county.getByTestId('kind-sensitive').click();
    await county.getByTestId('kind-form-submit').click();
    const row = county.locator('tr', { hasText: 'elder_check_e2e' });
    await expect.poll(() => row.textContent()).toContain('敏感');
    await saveScreenshot(county, 'visit-purposes');

    const member = await open(desktop);
    const [household] = (await apiGet<ListPage<Household>>(member, '/households?limit=1')).items as [Household];
    const findings = '老人独居，患高血压，子女每月探望一次。';
    const visit = await apiPost<Visit>(member, '/visits', {
      id: uuidv7(),
      householdId: household.id,
      purpose: 'elder_check_e2e',
      visitedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      findings,
    });
    for (const [username, shows] of [
      ['cadre', '（内容已隐藏）'],
      ['village', findings],
    ] as const) {
      const reader = await browser.newPage(desktop);
      await signInAs(reader, username);
      await reader.goto(`${inject('baseUrl')}/visits`);
      await chooseOption(reader, 'visits-purpose-filter', { text: '独居老人探访' });
      await expect.poll(() => reader.getByTestId('visits-page').textContent(), { timeout: 15_000 }).toContain(shows);
      if (username === 'cadre') {
        expect(await reader.getByTestId('visits-page').textContent()).not.toContain(findings);
        await reader.keyboard.press('Escape');
        await saveScreenshot(reader, 'visit-findings-hidden');
      }
      await reader.context().close();
    }
    expect(visit.purpose).toBe('elder_check_e2e');
    await county.context().close();
    await member.context().close();
    expect(problems).toEqual([]);
  });
});
