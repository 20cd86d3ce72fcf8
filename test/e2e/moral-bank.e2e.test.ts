import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clickOption, launchBrowser, openOptions, saveScreenshot, signInAs } from './browser.js';
import { letterStamp } from './field-app-phone.js';

/**
 * The console's 道德银行 in Chromium: the village (the "bank president") adds an earning rule and a gift to its
 * catalogue and approves a deposit waiting for it, then redeems the gift for a resident until its stock runs out; a
 * grid member records a deposit on a 390 px phone.
 */

const stamp = letterStamp();

/** The open dialog: a closed one stays in the page, its fields named like the next one's. */
function dialog(page: Page) {
  return page.locator('.ant-modal-wrap:visible');
}

/** The input of the open dialog's field with this label (closed dialogs' fields have the same ids). */
function fieldOf(page: Page, label: string) {
  return dialog(page).locator('.ant-form-item', { hasText: label }).locator('input').first();
}

/** Confirms the open dialog and waits for it to have closed: at the server's answer, not after every list is read again. */
async function confirmDialog(page: Page) {
  await dialog(page).locator('.ant-modal-footer .ant-btn-primary').click();
  await expect.poll(() => dialog(page).count(), { timeout: 10_000 }).toBe(0);
}

describe('the moral bank in Chromium (道德银行)', () => {
  let browser: Browser;
  let village: Page;
  const problems: string[] = [];
  const ruleName = `清扫楼道 ${stamp}`;
  const rewardName = `环保购物袋 ${stamp}`;

  beforeAll(async () => {
    browser = await launchBrowser();
    village = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    village.on('pageerror', (error) => problems.push(error.message));
    await signInAs(village, 'village');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lets the village add an earning rule and a gift, and approve a deposit waiting for it', async () => {
    await village.goto(`${inject('baseUrl')}/moral-bank`);
    await village.getByTestId('moral-bank-figures').waitFor();

    await village.getByRole('tab', { name: '积分规则' }).click();
    await village.getByRole('button', { name: '新增规则' }).click();
    await fieldOf(village, '事项').fill(ruleName);
    await fieldOf(village, '每次最多积分').fill('5');
    await confirmDialog(village);
    await expect.poll(() => village.getByTestId('rule-list').textContent()).toContain(ruleName);
    await saveScreenshot(village, 'moral-bank-rules');

    await village.getByRole('tab', { name: '兑换目录' }).click();
    await village.getByTestId('add-reward').click();
    await fieldOf(village, '礼品名称').fill(rewardName);
    await fieldOf(village, '所需积分').fill('1');
    await fieldOf(village, '库存').fill('2');
    await confirmDialog(village);
    await expect.poll(() => village.getByTestId('reward-list').textContent()).toContain(rewardName);
    await saveScreenshot(village, 'moral-bank-catalogue');

    await village.getByRole('tab', { name: '待审核' }).click();
    // The demo leaves deposits waiting for the village.
    await expect.poll(() => village.getByTestId('approve-entry').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const waiting = await village.getByTestId('approve-entry').count();
    await saveScreenshot(village, 'moral-bank-approvals');
    await village.getByTestId('approve-entry').first().click();
    await expect.poll(() => village.getByTestId('approve-entry').count()).toBe(waiting - 1);
    expect(problems).toEqual([]);
  });

  it('lets the village redeem the gift for a resident: points and stock go down, and an empty stock cannot be chosen', async () => {
    await village.getByRole('tab', { name: '积分账户' }).click();
    const account = village.getByTestId('moral-bank-account');
    const balanceOf = async () =>
      Number((await account.getByTestId('account-balance').textContent())?.match(/\d+/)?.[0]);
    // The demo's residents hold points; the gift costs one.
    await village.getByTestId('account-card').first().click();
    await account.getByTestId('open-deposit').waitFor();
    const before = await balanceOf();
    expect(before).toBeGreaterThanOrEqual(2);

    const rewardSelect = dialog(village).getByTestId('redeem-reward');
    for (const remaining of [1, 0]) {
      await account.getByTestId('open-redeem').click();
      await rewardSelect.click();
      await clickOption(village, rewardSelect, rewardName);
      await confirmDialog(village);
      await expect.poll(balanceOf).toBe(before - 2 + remaining);
    }
    // Each redemption is a line of the ledger naming the gift once.
    const redemptions = account.getByTestId('moral-bank-entry').filter({ hasText: rewardName });
    await expect.poll(() => redemptions.count()).toBe(2);
    expect((await redemptions.first().textContent())?.split(rewardName)).toHaveLength(2);
    await saveScreenshot(village, 'moral-bank-redeemed');

    // The stock is spent: the gift is still listed, but cannot be chosen.
    await account.getByTestId('open-redeem').click();
    await rewardSelect.click();
    const reward = openOptions(village).filter({ hasText: rewardName });
    await expect(reward.getAttribute('aria-disabled')).resolves.toBe('true');
    await expect(reward.textContent()).resolves.toContain('库存 0');
    await village.keyboard.press('Escape');
    await dialog(village)
      .getByRole('button', { name: /取\s*消/ })
      .click();
    await expect.poll(() => dialog(village).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('lets a grid member record a deposit on a 390 px phone; the dialog closes at the answer', async () => {
    const member = await browser.newPage({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
    });
    member.on('pageerror', (error) => problems.push(error.message));
    await signInAs(member, 'member');
    await member.goto(`${inject('baseUrl')}/moral-bank`);
    await member.getByTestId('account-card').first().click();
    const account = member.getByTestId('moral-bank-account');
    await account.getByTestId('open-deposit').click();
    await dialog(member).getByTestId('deposit-points').fill('2');
    await dialog(member).getByTestId('deposit-reason').fill(`帮助邻居搬运物品 ${stamp}`);
    await confirmDialog(member);
    await expect.poll(() => account.textContent()).toContain(`帮助邻居搬运物品 ${stamp}`);
    expect(await member.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(member, 'moral-bank-deposit-phone');
    expect(problems).toEqual([]);
  });
});
