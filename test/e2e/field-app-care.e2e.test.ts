import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Account, Rule } from '../../src/shared/api/moral-bank.js';
import type { Household, Person } from '../../src/shared/api/registry.js';
import type { Wish } from '../../src/shared/api/wishes.js';
import type { Session } from '../../src/shared/api/session.js';
import { apiGet, apiPost, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp, openTab, phone, photo } from './field-app-phone.js';
import { demoPassword } from './start-server.js';

/**
 * The field app's care work on a 390 px phone with the signal cut: on a household's card a grid member records a
 * moral-bank deposit for one of its members under one of the village's rules, with a photo, and registers a
 * micro-wish for another; when the network returns, the server has the deposit (its photo attached) and the wish,
 * waiting for the village's review.
 */

const stamp = letterStamp();

let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  context = await browser.newContext(phone);
  page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
});

describe('deposits and wishes on the phone', () => {
  let household: Household;
  let depositor: Person;
  let wisher: Person;
  let rule: Rule;
  const reason = `帮助邻居搬运年货 ${stamp}`;
  const wishContent = `想要一副老花镜 ${stamp}`;

  it('signs a grid member in and copies the grid and the moral bank’s rules to the phone', async () => {
    // The village's own rule, with no approval and no limit, so that the deposit counts at once whatever the demo
    // recorded this week; made before the member signs in, when the phone copies the rules.
    const villageContext = await browser.newContext();
    const village = await villageContext.newPage();
    await signInAs(village, 'village');
    const { regionId } = await apiGet<Session>(village, '/session');
    rule = await apiPost<Rule>(village, '/moral-bank/rules', {
      regionId,
      name: `随手做好事 ${stamp}`,
      points: 3,
      period: 'week',
      periodLimit: null,
      requiresApproval: false,
    });
    await villageContext.close();

    await page.goto(`${inject('baseUrl')}/m/`);
    await page.locator('input[name=username]').fill('member');
    await page.locator('input[name=password]').fill(demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('待我处理的案件').waitFor();

    // A household of the grid with two members whose names the member reads in full.
    for (const candidate of (await apiGet<ListPage<Household>>(page, '/households?limit=50')).items) {
      const members = (
        await apiGet<ListPage<Person>>(page, `/persons?householdId=${candidate.id}&limit=20`)
      ).items.filter((person) => !person.name.includes('*'));
      if (members.length < 2) continue;
      household = candidate;
      [depositor, wisher] = members as [Person, Person];
      break;
    }
    expect(household, 'a household of the grid with two members').toBeDefined();
    const rules = (await apiGet<{ items: Rule[] }>(page, '/moral-bank/rules')).items;
    expect(rules.map((item) => item.id)).toContain(rule.id);
    await openTab(page, '我的网格');
    await expect.poll(() => page.getByText(/共 [1-9]\d* 户/).count(), { timeout: 30_000 }).toBe(1);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  });

  it('records a deposit with a photo and a micro-wish on a household’s card with no network', async () => {
    await context.setOffline(true);
    await page.getByPlaceholder('搜索户主、地址或拼音首字母').fill(household.address);
    await page.locator('.adm-list-item').filter({ hasText: household.address }).first().click();

    await page.getByTestId('household-deposit').click();
    await page.getByTestId('resident').filter({ hasText: depositor.name }).first().click();
    await page.getByTestId('deposit-rule').getByText(rule.name).click();
    await page.getByTestId('deposit-reason').locator('textarea').fill(reason);
    await page.getByTestId('camera').first().setInputFiles(photo);
    await expect.poll(() => page.locator('.field-photos img').count()).toBe(1);
    await saveScreenshot(page, 'field-care-deposit');
    await page.getByTestId('save-deposit').click();
    await expect.poll(() => page.getByTestId('queue-count').textContent()).toBe('1 条待上传');

    await page.getByTestId('household-wish').click();
    await page.getByTestId('resident').filter({ hasText: wisher.name }).first().click();
    await page.getByText('学习用品', { exact: true }).click();
    await page.getByTestId('wish-content').locator('textarea').fill(wishContent);
    await saveScreenshot(page, 'field-care-wish');
    await page.getByTestId('save-wish').click();
    await expect.poll(() => page.getByTestId('queue-count').textContent()).toBe('2 条待上传');
    await openTab(page, '待上传');
    await saveScreenshot(page, 'field-care-queue');
  });

  it('sends both when the network returns: the deposit with its photo, the wish waiting for review', async () => {
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('queue-summary').textContent(), { timeout: 30_000 }).toBe('全部已上传');

    const account = await apiGet<Account>(page, `/moral-bank/accounts/${depositor.id}`);
    const deposits = account.entries.items.filter((entry) => entry.reason === reason);
    expect(deposits).toHaveLength(1);
    expect(deposits[0]).toMatchObject({ kind: 'deposit', points: rule.points, status: 'recorded' });
    expect(deposits[0]!.photoIds).toHaveLength(1);

    const wishes = (await apiGet<ListPage<Wish>>(page, `/micro-wishes?personId=${wisher.id}&limit=200`)).items;
    const registered = wishes.filter((wish) => wish.content === wishContent);
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({ category: 'study', status: 'pending_review' });
    expect(problems).toEqual([]);
  });
});
