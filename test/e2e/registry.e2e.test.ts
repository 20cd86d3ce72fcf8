import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Household, PersonPage } from '../../src/shared/api/registry.js';
import { chinaToday } from '../../src/shared/clock.js';
import { computeIdNumberCheckCharacter } from '../../src/shared/id-number.js';
import { launchBrowser, saveScreenshot, scrollToStaff, signInAs } from './browser.js';

function idNumber(body: string): string {
  return body + computeIdNumberCheckCharacter(body);
}

/** A clerk's sheet: a title row, then the header; the second person's ID has a typing mistake. */
function ledger(secondId: string): Buffer {
  const rows = [
    '北苑社区第1网格入户登记表',
    '姓名,身份证号码,联系电话,住址,与户主关系',
    `欧阳明月,${idNumber('11010519760405002')},13700001111,浏览器小区1号楼101室,户主`,
    `司马青云,${secondId},13700002222,浏览器小区1号楼101室,配偶`,
  ];
  return Buffer.from(`\uFEFF${rows.join('\r\n')}\r\n`, 'utf8');
}

async function importLedger(page: Page, content: Buffer) {
  await page.goto(`${inject('baseUrl')}/registry/import`);
  // The file input opens once the user's region (the import's target) has loaded.
  await expect.poll(() => page.getByTestId('import-file-input').isEnabled(), { timeout: 15_000 }).toBe(true);
  await page
    .getByTestId('import-file-input')
    .setInputFiles({ name: '入户登记.csv', mimeType: 'text/csv', buffer: content });
  await page.getByTestId('import-preview').waitFor();
  await saveScreenshot(page, 'import-preview');
  await page.getByTestId('import-start').click();
  await page.getByTestId('import-result').waitFor({ timeout: 30_000 });
  return (await page.getByTestId('import-result').textContent()) ?? '';
}

describe('a grid member keeps the registry in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await signInAs(page, 'member');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('imports a sheet, sees the bad row, fixes it and imports again', async () => {
    const correct = idNumber('11010519780808003');
    const typo = correct.slice(0, 17) + (correct.endsWith('1') ? '2' : '1');
    const first = await importLedger(page, ledger(typo));
    expect(first).toContain('身份证号校验位错误');
    await page.getByTestId('import-report-download').waitFor();
    await saveScreenshot(page, 'import-result-with-problem');

    const fixed = await importLedger(page, ledger(correct));
    expect(fixed).not.toContain('身份证号校验位错误');
    // The row fixed and imported again is a person of the household now, found by name.
    const answer = await page.request.get(`${inject('baseUrl')}/api/v1/persons?q=${encodeURIComponent('司马青云')}`);
    expect(answer.status()).toBe(200);
    const people = (await answer.json()) as PersonPage;
    expect(people.items.map((person) => [person.name, person.householdAddress])).toEqual([
      ['司马青云', '浏览器小区1号楼101室'],
    ]);
    const found = await page.request.get(
      `${inject('baseUrl')}/api/v1/households?q=${encodeURIComponent('浏览器小区')}`,
    );
    const households = (await found.json()) as ListPage<Household>;
    expect(households.items).toEqual([expect.objectContaining({ memberCount: 2 })]);
  });

  it('tells the same problem in English to a member who reads the console in English', async () => {
    const english = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'en-US' });
    await english.addInitScript(() => localStorage.setItem('gridlink.language', 'en'));
    await signInAs(english, 'member');
    const correct = idNumber('11010519780808003');
    const result = await importLedger(english, ledger(correct.slice(0, 17) + (correct.endsWith('1') ? '2' : '1')));
    expect(result).toContain('The ID number’s check character is wrong: compare it with the card digit by digit.');
    expect(result).not.toContain('身份证号校验位错误');
    await saveScreenshot(english, 'import-result-with-problem-en');
    await english.close();
  });

  it('finds the imported person by pinyin initials', async () => {
    await page.goto(`${inject('baseUrl')}/registry`);
    await page.getByTestId('registry-search').fill('smqy');
    await expect
      .poll(() => page.getByTestId('registry-table').textContent(), { timeout: 10_000 })
      .toContain('司马青云');
    await saveScreenshot(page, 'registry-search');
  });

  it('shows a cadre the age reached this year and no birth date, and the village the date', async () => {
    const answer = await page.request.get(`${inject('baseUrl')}/api/v1/persons?q=${encodeURIComponent('欧阳明月')}`);
    const [person] = ((await answer.json()) as PersonPage).items;
    const today = chinaToday();
    const ageThisYear = Number(today.slice(0, 4)) - 1976;
    const exactAge = ageThisYear - (today.slice(5) >= '04-05' ? 0 : 1);
    for (const view of [
      { username: 'cadre', drawer: `今年 ${ageThisYear} 岁`, hidden: '1976-04-05', listAge: ageThisYear },
      { username: 'village', drawer: `1976-04-05 (${exactAge} 岁)`, hidden: '今年', listAge: exactAge },
    ]) {
      const other = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await signInAs(other, view.username);
      await other.goto(`${inject('baseUrl')}/registry?person=${person!.id}`);
      const drawer = other.getByTestId('person-drawer');
      await expect.poll(() => drawer.textContent()).toContain(view.drawer);
      expect(await drawer.textContent()).not.toContain(view.hidden);
      await saveScreenshot(other, `person-age-${view.username}`);
      await other.close();
    }
  });

  it('shows a grid worker’s full phone only once a reason is given, like a resident’s', async () => {
    const session = (await (await page.request.get(`${inject('baseUrl')}/api/v1/session`)).json()) as {
      regionId: string;
    };
    await page.goto(`${inject('baseUrl')}/regions/${session.regionId}`);
    await scrollToStaff(page);
    const table = page.getByTestId('staff-table');
    const firstMasked = table.locator('tr', { has: page.getByTestId('staff-reveal-phone') }).first();
    await firstMasked.waitFor();
    // The row by its person's id: once revealed it no longer has the button the first locator looks for.
    const row = table.locator(`tr[data-row-key="${await firstMasked.getAttribute('data-row-key')}"]`);
    const masked = (await row.getByTestId('staff-phone').textContent()) ?? '';
    expect(masked).toMatch(/^\d{3}\*{4}\d{4}$/);
    await row.getByTestId('staff-reveal-phone').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('reason-input').waitFor();
    await dialog.getByTestId('reason-input').fill('联系排班');
    await saveScreenshot(page, 'staff-reveal-reason');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => row.getByTestId('staff-phone').textContent()).toMatch(/^\d{11}$/);
    expect((await row.getByTestId('staff-phone').textContent())!.slice(-4)).toBe(masked.slice(-4));
  });
});
