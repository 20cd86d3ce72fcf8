import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseOption, launchBrowser, openOptions, saveScreenshot, signInAs } from './browser.js';

// A 1×1 PNG: the server recognises photos by their first bytes.
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** Whether the page is wider than the phone's screen (something would have to scroll sideways). */
function overflowsSideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

async function statusOf(page: Page) {
  return page.getByTestId('dispute-page').getByTestId('dispute-status').first().textContent();
}

describe('a dispute is mediated on a phone in Chromium (矛盾调解)', () => {
  let browser: Browser;
  let member: Page;
  let cadre: Page;
  let disputeUrl: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    member = await phone.newPage();
    member.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    cadre = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await Promise.all([signInAs(member, 'member'), signInAs(cadre, 'cadre')]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the grid’s disputes with the figures on top, 矛盾不上交 among them', async () => {
    await member.goto(`${inject('baseUrl')}/disputes`);
    await member.getByTestId('dispute-figures').waitFor();
    expect(await member.getByTestId('dispute-figures').textContent()).toContain('矛盾不上交');
    expect(await overflowsSideways(member)).toBe(false);
    // The village's talk points (百姓说事点), which a grid's worker uses but does not keep.
    await member.getByTestId('show-talk-points').click();
    await expect.poll(() => member.getByTestId('talk-point').count()).toBeGreaterThan(0);
    expect(await member.getByTestId('add-talk-point').count()).toBe(0);
    await member.keyboard.press('Escape');
    await expect.poll(() => member.getByTestId('talk-point').count()).toBe(0);
  });

  it('registers a dispute with an outsider, records a session and settles it with the signed agreement', async () => {
    await member.getByTestId('register-dispute').click();
    await member.getByTestId('dispute-register-submit').waitFor();
    await chooseOption(member, 'dispute-kind', { text: '邻里纠纷' });
    await member.getByTestId('dispute-summary').fill('浏览器测试：两户因排水沟堵塞发生争执');
    await member.getByTestId('dispute-add-outsider').click();
    await member.getByTestId('dispute-outsider-name').fill('外村李师傅');
    await member.getByPlaceholder('电话（选填）').fill('13912345678');
    await saveScreenshot(member, 'dispute-register-phone');
    await member.getByTestId('dispute-register-submit').click();

    await member.waitForURL(/\/disputes\/[0-9a-f-]{36}$/);
    disputeUrl = member.url();
    await member.getByTestId('dispute-page').waitFor();
    expect(await statusOf(member)).toBe('已登记');
    // The outsider's phone is masked like a resident's until revealed with a reason.
    expect(await member.getByTestId('dispute-party-phone').first().textContent()).toBe('139****5678');

    await member.getByTestId('dispute-add-session').click();
    await member.getByTestId('dispute-session-notes').fill('双方同意各退一步，约定共同清理');
    await member.getByTestId('dispute-session-submit').click();
    await member.getByTestId('dispute-session-submit').waitFor({ state: 'hidden' });
    await expect.poll(() => statusOf(member)).toBe('调解中');
    expect(await member.getByTestId('dispute-sessions').textContent()).toContain('双方同意各退一步');

    await member.getByTestId('dispute-record-outcome').click();
    await member.getByTestId('dispute-agreement').fill('双方共同清理排水沟，费用各半。');
    await member.locator('.ant-modal input[type=file]').setInputFiles({
      name: '协议书.png',
      mimeType: 'image/png',
      buffer: photo,
    });
    await member.getByTestId('dispute-outcome-submit').click();
    await member.getByTestId('dispute-outcome-submit').waitFor({ state: 'hidden' });
    await expect.poll(() => statusOf(member)).toBe('已化解 · 村（社区）');
    await member.getByTestId('dispute-agreement-image').locator('img').waitFor();
    expect(await member.getByTestId('dispute-outcome-card').textContent()).toContain('费用各半');
    expect(await member.getByTestId('dispute-record-outcome').count()).toBe(0);
    expect(await overflowsSideways(member)).toBe(false);
    await saveScreenshot(member, 'dispute-page-phone');
  });

  it('shows a cadre the dispute with masked parties and nothing to change', async () => {
    await cadre.goto(disputeUrl);
    await cadre.getByTestId('dispute-page').waitFor();
    expect(await cadre.getByTestId('dispute-party-phone').first().textContent()).toBe('139****5678');
    expect(await cadre.getByTestId('dispute-reveal').count()).toBe(0);
    expect(await cadre.getByTestId('dispute-add-session').count()).toBe(0);
    await cadre.goto(`${inject('baseUrl')}/disputes`);
    await cadre.getByTestId('dispute-list').waitFor();
    expect(await cadre.getByTestId('register-dispute').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

describe('the county keeps its dispute kinds, and mediators are picked by name (Chromium)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Types part of a name into a picker and chooses the first person it offers; answers the option's text. */
  async function pickMediator(page: Page) {
    const picker = page.getByTestId('dispute-mediator-staff');
    await picker.click();
    const first = openOptions(page).first();
    await first.waitFor();
    const option = (await first.textContent())!;
    await picker.locator('input').fill(option.split(' · ')[0]!);
    await openOptions(page).filter({ hasText: option }).first().click();
    await page.keyboard.press('Escape');
    return option.split(' · ')[0]!;
  }

  it('adds, renames and retires a dispute kind (county, desktop)', async () => {
    const county = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await signInAs(county, 'county');
    await county.goto(`${inject('baseUrl')}/disputes`);
    await county.getByTestId('dispute-kinds').click();
    await county.getByTestId('kind-table').waitFor();
    await county.getByTestId('add-kind').click();
    await county.getByTestId('kind-code').fill('loan_e2e');
    await county.getByTestId('kind-name-zh').fill('借贷纠纷');
    await county.getByTestId('kind-name-en').fill('Loans');
    await county.getByTestId('kind-form-submit').click();
    const row = county.locator('tr', { hasText: 'loan_e2e' });
    await expect.poll(() => row.textContent()).toContain('借贷纠纷');
    await county.getByTestId('edit-kind-loan_e2e').click();
    await county.getByTestId('kind-name-zh').fill('民间借贷纠纷');
    await county.getByTestId('kind-form-submit').click();
    await expect.poll(() => row.textContent()).toContain('民间借贷纠纷');
    await county.getByTestId('toggle-kind-loan_e2e').click();
    await expect.poll(() => row.textContent()).toContain('已停用');
    await saveScreenshot(county, 'dispute-kinds');
  });

  it('registers a dispute on a 390 px phone with a mediator picked by name; the village changes the mediators', async () => {
    const phone = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    await signInAs(phone, 'member');
    await phone.goto(`${inject('baseUrl')}/disputes`);
    await phone.getByTestId('register-dispute').click();
    await phone.getByTestId('dispute-register-submit').waitFor();
    await chooseOption(phone, 'dispute-kind', { text: '婚姻家庭' });
    await phone.getByTestId('dispute-summary').fill('浏览器测试：夫妻因赡养老人发生争执');
    await phone.getByTestId('dispute-add-outsider').click();
    await phone.getByTestId('dispute-outsider-name').fill('张某');
    const mediator = await pickMediator(phone);
    expect(await overflowsSideways(phone)).toBe(false);
    await saveScreenshot(phone, 'dispute-mediators-phone');
    await phone.getByTestId('dispute-register-submit').click();
    await phone.waitForURL(/\/disputes\/[0-9a-f-]{36}$/);
    await phone.getByTestId('dispute-page').waitFor();
    expect(await phone.getByTestId('dispute-page').textContent()).toContain(mediator);

    const village = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await signInAs(village, 'village');
    await village.goto(phone.url());
    await village.getByTestId('dispute-change-mediators').click();
    await village.getByTestId('dispute-mediators-submit').waitFor();
    await village.locator('.ant-modal .ant-select-selection-item-remove').first().click();
    const chosen = await pickMediator(village);
    await saveScreenshot(village, 'dispute-mediators');
    await village.getByTestId('dispute-mediators-submit').click();
    await expect.poll(() => village.locator('.ant-modal:visible').count()).toBe(0);
    await expect.poll(() => village.getByTestId('dispute-page').textContent()).toContain(chosen);
  });
});
