import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { InspectionDetail } from '../../src/shared/api/inspections.js';
import type { Place } from '../../src/shared/api/registry.js';
import { apiGet, chooseOption, launchBrowser, saveScreenshot, signInAs } from './browser.js';

const desktop = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true };

/** What a Chinese user must never see: a raw code. */
async function expectNoRawText(page: Page) {
  const text = (await page.locator('body').textContent()) ?? '';
  expect(text).not.toMatch(/validation_failed|not_found|not_ok|not_applicable|gas_alarm|re_inspection/);
}

/** A place of the member's grid that the gas-safety checklist is for. */
async function placeToInspect(page: Page): Promise<Place> {
  const places = await apiGet<ListPage<Place>>(page, '/places?kind=restaurant&limit=5');
  const others = await apiGet<ListPage<Place>>(page, '/places?kind=nine_small_place&limit=5');
  const place = [...places.items, ...others.items][0];
  if (!place) throw new Error('The demo grid has no restaurant or small place.');
  return place;
}

describe('a grid member inspects a place in the console', () => {
  let browser: Browser;
  const problems: string[] = [];

  const open = async (options: typeof desktop | typeof phone) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(page, 'member');
    return page;
  };

  /** Fills the form for `place`: every item 合格, the gas alarm 不合格 and turned into a case. */
  async function recordInspection(page: Page, place: Place) {
    await page.goto(`${inject('baseUrl')}/inspections/new`);
    await chooseOption(page, 'inspection-place', { search: place.name, text: place.name });
    const items = page.locator('[data-testid^="inspection-item-"][data-testid$="-result"]');
    await expect.poll(() => items.count()).toBeGreaterThan(5);
    for (let index = 0; index < (await items.count()); index += 1) {
      await items.nth(index).getByText('合格', { exact: true }).click();
    }
    await page.getByTestId('inspection-item-gas_alarm-result').getByText('不合格', { exact: true }).click();
    await page.getByTestId('inspection-item-gas_alarm-note').fill('后厨未安装燃气报警器');
    await page.getByTestId('inspection-item-gas_alarm-resolution').getByText('转为事件', { exact: true }).click();
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('on a desktop: sees the figures and the demo’s inspections, records one whose failed item becomes a case', async () => {
    const page = await open(desktop);
    await page.goto(`${inject('baseUrl')}/inspections`);
    await expect.poll(() => page.getByTestId('inspection-figures').textContent()).toContain('发现隐患');
    await expect.poll(() => page.getByTestId('inspection-list').textContent()).toMatch(/项不合格|全部合格/);
    await expectNoRawText(page);

    const place = await placeToInspect(page);
    await recordInspection(page, place);
    await saveScreenshot(page, 'inspection-form-desktop');
    await page.getByTestId('inspection-submit').click();
    await expect.poll(() => page.locator('.ant-message').textContent()).toContain('已生成事件');
    await expect.poll(() => page.getByTestId('inspection-detail').isVisible()).toBe(true);
    const item = page.getByTestId('inspection-detail-item-gas_alarm');
    await expect.poll(() => item.textContent()).toContain('转为事件');
    await expect.poll(() => item.textContent()).toContain('后厨未安装燃气报警器');
    // The re-inspection form offers the open item.
    await expect.poll(() => page.getByTestId('re-inspection').textContent()).toContain('未安装燃气泄漏报警器');
    await expectNoRawText(page);

    const history = await apiGet<ListPage<InspectionDetail>>(page, `/places/${place.id}/inspections`);
    const recorded = await apiGet<InspectionDetail>(page, `/inspections/${history.items[0]!.id}`);
    const alarm = recorded.items.find((entry) => entry.code === 'gas_alarm')!;
    expect(alarm).toMatchObject({ result: 'not_ok', resolution: 'case', isOpen: true });
    expect(alarm.case?.number).toBeTruthy();
    expect(problems).toEqual([]);
  });

  it('on a 390 px phone: the page and the form fit the screen', async () => {
    const page = await open(phone);
    await page.goto(`${inject('baseUrl')}/inspections`);
    await expect.poll(() => page.getByTestId('inspection-figures').textContent()).toContain('当场整改');
    const place = await placeToInspect(page);
    await recordInspection(page, place);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    await saveScreenshot(page, 'inspection-form-phone');
    await expectNoRawText(page);
    expect(problems).toEqual([]);
  });
});
