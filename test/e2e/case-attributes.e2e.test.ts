import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { CaseCategory } from '../../src/shared/api/case-catalogue.js';
import { apiGet, chooseOption, launchBrowser, saveScreenshot, signInAs } from './browser.js';

/** 事项清单 questions in Chromium: the county gives an item a required question, a grid member answers it. */
describe('extra questions of a catalogue item in Chromium', () => {
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('adds a question to a new item, asks it when a case is reported and shows the answer on the case', async () => {
    // An item of this test's own: questions on a shared item would change what other tests must fill in.
    const stamp = Date.now().toString(36);
    const code = `e2e_pothole_${stamp}`;
    const name = `道路坑洞${stamp}`;
    const county: Page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    county.on('pageerror', (error) => problems.push(error.message));
    await signInAs(county, 'county');
    await county.goto(`${inject('baseUrl')}/cases`);
    await county.getByTestId('cases-tab-catalogue').click();
    await county.getByTestId('add-category').click();
    await county.getByTestId('category-code').fill(code);
    await county.getByTestId('category-name-zh').fill(name);
    await county.getByTestId('category-name-en').fill(`Pothole ${stamp}`);
    await county.getByTestId('attribute-add').click();
    const question = county.getByTestId('attribute-editor');
    await question.getByTestId('attribute-code').fill('深度');
    await question.getByTestId('attribute-name').fill('坑深（厘米）');
    // A click can land while the dialog still moves on a loaded machine: make sure the switch is on.
    const isRequired = question.getByRole('switch');
    await vi.waitFor(
      async () => {
        if ((await isRequired.getAttribute('aria-checked')) !== 'true') await isRequired.click();
        expect(await isRequired.getAttribute('aria-checked')).toBe('true');
      },
      { timeout: 10_000, interval: 500 },
    );
    await county.getByTestId('category-form-submit').click();
    // A code that is not ASCII is refused in the form, naming the rule.
    await question.locator('.ant-form-item-explain-error', { hasText: '小写英文字母开头' }).waitFor();
    await question.getByTestId('attribute-code').fill('depth_cm');
    await saveScreenshot(county, 'case-attributes-editor');
    await county.getByTestId('category-form-submit').click();
    await expect.poll(() => county.getByTestId('category-table').textContent()).toContain(name);
    const { items } = await apiGet<{ items: CaseCategory[] }>(county, '/case-categories');
    expect(items.find((item) => item.code === code)?.attributes).toEqual([
      {
        code: 'depth_cm',
        nameZh: '坑深（厘米）',
        description: '',
        datatype: 'string',
        required: true,
        order: 1,
        values: [],
      },
    ]);
    await county.close();

    const member: Page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    member.on('pageerror', (error) => problems.push(error.message));
    await signInAs(member, 'member');
    await member.goto(`${inject('baseUrl')}/cases`);
    await member.getByTestId('report-case').click();
    // The new item is last in a long, virtual list: search for it.
    await chooseOption(member, 'report-category', { search: name, text: name });
    await member.getByTestId('report-description').fill('浏览器测试：路面塌陷一个大坑');
    // The item's question appears under it once chosen.
    await member.getByTestId('attribute-depth_cm').waitFor();
    await member.getByTestId('report-submit').click();
    // The required question stops the report until it is answered.
    await member.locator('.ant-form-item-explain-error', { hasText: '请填写坑深（厘米）' }).waitFor();
    expect(member.url()).not.toMatch(/\/cases\/[0-9a-f-]{36}$/);
    await member.getByTestId('attribute-depth_cm').fill('30');
    await member.getByTestId('report-submit').click();
    await member.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => member.getByTestId('case-attribute-depth_cm').textContent()).toBe('30');
    expect(await member.getByTestId('case-facts').textContent()).toContain('坑深（厘米）');
    await saveScreenshot(member, 'case-attributes-answer-phone');
    await member.close();
    expect(problems).toEqual([]);
  });
});
