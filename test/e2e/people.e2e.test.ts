import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Region, RegionDetail } from '../../src/shared/api/regions.js';
import { chooseOption, launchBrowser, saveScreenshot, scrollToStaff, signInAs } from './browser.js';

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${inject('baseUrl')}/api/v1${path}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as T;
}

describe('one person behind an account and a place in the grid, in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lets the village place a grid member with an account in one go; the grid counts them', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInAs(page, 'village');
    const session = await api<{ regionId: string }>(page, '/session');
    // The village's last grid: the other browser tests work in its first ones.
    const grids = (await api<{ items: Region[] }>(page, `/regions?parentId=${session.regionId}`)).items;
    const grid = await api<RegionDetail>(page, `/regions/${grids.at(-1)!.id}`);
    const membersBefore = grid.staffCounts.grid_member ?? 0;

    await page.goto(`${inject('baseUrl')}/regions/${grid.id}`);
    await scrollToStaff(page);
    await page.getByTestId('add-staff').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('周新来');
    await dialog.getByText('专职', { exact: true }).click();
    await dialog.getByText('新建账号', { exact: true }).click();
    await dialog.getByTestId('staff-account-username').fill('zhouxinlai');
    await dialog.getByLabel('新密码').fill('Grid-Member-Starts-Today-1');
    await saveScreenshot(page, 'staff-with-account-form');
    await page.getByTestId('staff-form-submit').click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByTestId('staff-table').locator('tr', { hasText: '周新来' });
    await row.getByTestId('staff-account-tag').waitFor();
    expect(await row.getByTestId('staff-account-tag').textContent()).toContain('zhouxinlai');
    await expect
      .poll(async () => (await page.getByRole('tab', { name: /^网格员/ }).textContent())?.trim())
      .toBe(`网格员 ${membersBefore + 1}`);
    await saveScreenshot(page, 'staff-with-account');
    await page
      .locator('.ant-card', { hasText: '网格力量' })
      .last()
      .screenshot({ path: 'test-results/staff-with-account-card.png' });

    const accounts = await api<{ items: { username: string; role: string; regionId: string; staffId: string }[] }>(
      page,
      '/accounts?q=zhouxinlai',
    );
    expect(accounts.items).toEqual([
      expect.objectContaining({ username: 'zhouxinlai', role: 'grid_member', regionId: grid.id }),
    ]);
    await context.close();
  });

  it('shows the town the audit log in words, with the code as a tooltip, filtered by action', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInAs(page, 'town');
    await page.goto(`${inject('baseUrl')}/audit`);
    const table = page.getByTestId('audit-table');
    await table.getByTestId('audit-action').first().waitFor();
    const labels = await table.getByTestId('audit-action').allTextContents();
    expect(labels).toContain('登录');
    expect(labels.join(' ')).not.toMatch(/[a-z_]+\.[a-z_]+/);
    expect(labels).toContain('创建账号');

    await table.getByTestId('audit-action').first().hover();
    await expect.poll(() => page.locator('.ant-tooltip').textContent()).toMatch(/^[a-z_]+\.[a-z_]+$/);
    await saveScreenshot(page, 'audit-log');

    await chooseOption(page, 'audit-action-filter', { text: '创建账号' });
    await expect
      .poll(async () => [...new Set(await table.getByTestId('audit-action').allTextContents())])
      .toEqual(['创建账号']);
    await context.close();
  });
});
