import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Region } from '../../src/shared/api/regions.js';
import { apiGet, launchBrowser, saveScreenshot, scrollToStaff, signInAs } from './browser.js';

describe('console smoke test in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in, opens the region tree and a grid on the map', async () => {
    await signInAs(page, 'village');
    // Before signing in, the console's session check answers 401 by design; what counts is what follows.
    problems.length = 0;
    const [village] = (await apiGet<{ items: Region[] }>(page, '/regions')).items;
    expect(village).toBeDefined();
    await expect.poll(() => page.getByTestId('region-tree').textContent()).toContain(village!.name);

    const grids = (await apiGet<{ items: Region[] }>(page, `/regions?parentId=${village!.id}`)).items;
    expect(grids.length).toBeGreaterThan(1);
    await page.goto(`${inject('baseUrl')}/regions/${village!.id}`);
    await expect.poll(() => page.getByTestId('region-title').textContent()).toContain(village!.name);
    const polygons = page.getByTestId('region-map').locator('path.leaflet-interactive');
    await expect.poll(() => polygons.count()).toBeGreaterThanOrEqual(grids.filter((grid) => grid.hasBoundary).length);
    await saveScreenshot(page, 'village-map');

    await polygons.first().click();
    // Grid names start with their village's name, so wait for the title to name one of the grids.
    await expect
      .poll(async () => {
        const title = await page.getByTestId('region-title').textContent();
        return grids.some((grid) => title?.includes(grid.name));
      })
      .toBe(true);
    await scrollToStaff(page);
    await saveScreenshot(page, 'grid-page');
    expect(problems).toEqual([]);
  });

  it('names a menu item in a tooltip once the menu is folded to icons, and only then', async () => {
    const item = page.locator('.app-sider .ant-menu-item').first();
    const name = ((await item.textContent()) ?? '').trim();
    expect(name).not.toBe('');
    const tooltip = page.locator('.ant-menu-inline-collapsed-tooltip:visible');
    const fold = page.locator('.app-sider .ant-layout-sider-trigger');
    const folded = page.locator('.app-sider.ant-layout-sider-collapsed');
    // Unfolded, the item shows its name and no tooltip repeats it.
    await item.hover();
    await page.waitForTimeout(500);
    expect(await tooltip.count()).toBe(0);

    await fold.click();
    await expect.poll(() => folded.count()).toBe(1);
    await item.hover();
    await expect.poll(() => tooltip.textContent()).toBe(name);

    await fold.click();
    await expect.poll(() => folded.count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('says a page could not be opened, with a reload, and keeps the menu working', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const village = await context.newPage();
    await signInAs(village, 'village');
    await village.getByTestId('region-title').waitFor();
    // The 党组织 page's code cannot be fetched: the network dropped, or an update replaced the files.
    const partyPageCode = /\/assets\/party-page-[\w-]+\.js$/;
    await village.route(partyPageCode, (route) => route.abort());
    const menuLink = (name: string) => village.locator('.app-sider').getByRole('link', { name });
    await menuLink('党组织').click();
    await expect.poll(() => village.getByTestId('page-failure').textContent()).toContain('页面未能打开');
    await saveScreenshot(village, 'page-failure');

    // The frame stayed: another page opens from the menu, and the message is gone.
    await menuLink('区域').click();
    await village.getByTestId('region-title').waitFor();
    expect(await village.getByTestId('page-failure').count()).toBe(0);

    // Once the files can be fetched again, the reload opens the page.
    await menuLink('党组织').click();
    await village.getByTestId('page-failure').waitFor();
    await village.unroute(partyPageCode);
    await village.getByTestId('page-failure-reload').click();
    await village.getByTestId('party-tree').waitFor();
    await context.close();
  });

  it('shows a grid member only their own grid', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const phone = await context.newPage();
    await signInAs(phone, 'member');
    const roots = (await apiGet<{ items: Region[] }>(phone, '/regions')).items;
    expect(roots).toHaveLength(1);
    await expect.poll(() => phone.getByTestId('region-tree').textContent()).toContain(roots[0]!.name);
    const villageAnswer = await phone.request.get(`${inject('baseUrl')}/api/v1/regions?parentId=${roots[0]!.id}`);
    expect(villageAnswer.status()).toBe(200);
    await saveScreenshot(phone, 'member-phone');
    await context.close();
  });
});
