import { describe, expect, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Account, Rule } from '../../src/shared/api/moral-bank.js';
import type { Household, Person } from '../../src/shared/api/registry.js';
import type { Wish } from '../../src/shared/api/wishes.js';
import type { Session } from '../../src/shared/api/session.js';
import { apiGet, apiPost, saveScreenshot, signInAs } from './browser.js';
import { letterStamp, openTab, phoneForThisFile, photo, signInOnPhone } from './field-app-phone.js';

/**
 * The field app's care work on a 390 px phone with the signal cut: on a household's card a grid member records a
 * moral-bank deposit for one of its members under one of the village's rules, with a photo, and registers a
 * micro-wish for another; when the network returns, the server has the deposit (its photo attached) and the wish,
 * waiting for the village's review.
 */

const stamp = letterStamp();

const phoneUnderTest = phoneForThisFile();

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
    const villageContext = await phoneUnderTest.browser.newContext();
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

    await signInOnPhone(phoneUnderTest.page, 'member');

    // A household of the grid with two members whose names the member reads in full.
    for (const candidate of (await apiGet<ListPage<Household>>(phoneUnderTest.page, '/households?limit=50')).items) {
      const members = (
        await apiGet<ListPage<Person>>(phoneUnderTest.page, `/persons?householdId=${candidate.id}&limit=20`)
      ).items.filter((person) => !person.name.includes('*'));
      if (members.length < 2) continue;
      household = candidate;
      [depositor, wisher] = members as [Person, Person];
      break;
    }
    expect(household, 'a household of the grid with two members').toBeDefined();
    const rules = (await apiGet<{ items: Rule[] }>(phoneUnderTest.page, '/moral-bank/rules')).items;
    expect(rules.map((item) => item.id)).toContain(rule.id);
    await openTab(phoneUnderTest.page, '我的网格');
    await expect.poll(() => phoneUnderTest.page.getByText(/共 [1-9]\d* 户/).count(), { timeout: 30_000 }).toBe(1);
    await phoneUnderTest.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  });

  it('records a deposit with a photo and a micro-wish on a household’s card with no network', async () => {
    await phoneUnderTest.context.setOffline(true);
    await phoneUnderTest.page.getByPlaceholder('搜索户主、地址或拼音首字母').fill(household.address);
    await phoneUnderTest.page.locator('.adm-list-item').filter({ hasText: household.address }).first().click();

    await phoneUnderTest.page.getByTestId('household-deposit').click();
    await phoneUnderTest.page.getByTestId('resident').filter({ hasText: depositor.name }).first().click();
    await phoneUnderTest.page.getByTestId('deposit-rule').getByText(rule.name).click();
    await phoneUnderTest.page.getByTestId('deposit-reason').locator('textarea').fill(reason);
    await phoneUnderTest.page.getByTestId('camera').first().setInputFiles(photo);
    await expect.poll(() => phoneUnderTest.page.locator('.field-photos img').count()).toBe(1);
    await saveScreenshot(phoneUnderTest.page, 'field-care-deposit');
    await phoneUnderTest.page.getByTestId('save-deposit').click();
    await expect.poll(() => phoneUnderTest.page.getByTestId('queue-count').textContent()).toBe('1 条待上传');

    await phoneUnderTest.page.getByTestId('household-wish').click();
    await phoneUnderTest.page.getByTestId('resident').filter({ hasText: wisher.name }).first().click();
    await phoneUnderTest.page.getByText('学习用品', { exact: true }).click();
    await phoneUnderTest.page.getByTestId('wish-content').locator('textarea').fill(wishContent);
    await saveScreenshot(phoneUnderTest.page, 'field-care-wish');
    await phoneUnderTest.page.getByTestId('save-wish').click();
    await expect.poll(() => phoneUnderTest.page.getByTestId('queue-count').textContent()).toBe('2 条待上传');
    await openTab(phoneUnderTest.page, '待上传');
    await saveScreenshot(phoneUnderTest.page, 'field-care-queue');
  });

  it('sends both when the network returns: the deposit with its photo, the wish waiting for review', async () => {
    await phoneUnderTest.context.setOffline(false);
    await expect
      .poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent(), { timeout: 30_000 })
      .toBe('全部已上传');

    const account = await apiGet<Account>(phoneUnderTest.page, `/moral-bank/accounts/${depositor.id}`);
    const deposits = account.entries.items.filter((entry) => entry.reason === reason);
    expect(deposits).toHaveLength(1);
    expect(deposits[0]).toMatchObject({ kind: 'deposit', points: rule.points, status: 'recorded' });
    expect(deposits[0]!.photoIds).toHaveLength(1);

    const wishes = (await apiGet<ListPage<Wish>>(phoneUnderTest.page, `/micro-wishes?personId=${wisher.id}&limit=200`))
      .items;
    const registered = wishes.filter((wish) => wish.content === wishContent);
    expect(registered).toHaveLength(1);
    expect(registered[0]).toMatchObject({ category: 'study', status: 'pending_review' });
    expect(phoneUnderTest.problems).toEqual([]);
  });
});
