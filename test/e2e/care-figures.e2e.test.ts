import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figures as MoralBankFigures } from '../../src/shared/api/moral-bank.js';
import type { PairingFigures } from '../../src/shared/api/pairings.js';
import type { Session } from '../../src/shared/api/session.js';
import type { WishFigures } from '../../src/shared/api/wishes.js';
import { apiGet, launchBrowser, saveScreenshot, signInAs } from './browser.js';

/**
 * 关爱与动员 on a region page: the micro-wishes, pairings and moral bank figures of the region this month, each part
 * shown to those who may read its module and equal to what the module's figures answer through the API.
 */

/** Today on China's calendar, as the console's periods count it. */
function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/** The figures a part of the card shows, by key, as numbers. */
async function shownFigures(page: Page, part: string): Promise<Record<string, number>> {
  const section = page.getByTestId(`care-figures-${part}`);
  await section.locator('.ant-statistic').first().waitFor();
  const cells = await section.locator('[data-testid^="care-figures-"]').all();
  const figures: Record<string, number> = {};
  for (const cell of cells) {
    const testId = (await cell.getAttribute('data-testid'))!;
    const value = await cell.locator('.ant-statistic-content').innerText();
    figures[testId.slice(`care-figures-${part}-`.length)] = Number(value.replace(/,/g, ''));
  }
  return figures;
}

async function openCareFigures(page: Page): Promise<void> {
  await page.getByTestId('region-title').waitFor();
  await page
    .locator('[data-testid="care-figures-placeholder"], [data-testid="care-figures"]')
    .first()
    .scrollIntoViewIfNeeded();
  await page.getByTestId('care-figures').waitFor();
}

describe('the care figures on a region page', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the village this month’s wishes, pairings and moral bank as their modules count them', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInAs(page, 'village');
    await openCareFigures(page);
    const session = await apiGet<Session>(page, '/session');
    const today = chinaToday();
    const period = `regionId=${session.regionId}&from=${today.slice(0, 7)}-01&to=${today}`;

    const wishes = await apiGet<WishFigures>(page, `/micro-wishes/figures?${period}`);
    expect(await shownFigures(page, 'wishes')).toEqual({
      registered: wishes.registered,
      claimed: wishes.claimed,
      fulfilled: wishes.fulfilled,
      late: wishes.late,
    });
    const pairings = await apiGet<PairingFigures>(page, `/pairings/figures?${period}`);
    const sum = (key: 'active' | 'contacts' | 'helpGiven' | 'overdue') =>
      pairings.kinds.reduce((total, kind) => total + kind[key], 0);
    expect(await shownFigures(page, 'pairings')).toEqual({
      active: sum('active'),
      contacts: sum('contacts'),
      helpGiven: sum('helpGiven'),
      overdue: sum('overdue'),
    });
    const moralBank = await apiGet<MoralBankFigures>(page, `/moral-bank/figures?${period}`);
    expect(await shownFigures(page, 'moral-bank')).toEqual({
      pointsDeposited: moralBank.pointsDeposited,
      pointsRedeemed: moralBank.pointsRedeemed,
      pending: moralBank.pending,
      pointsOutstanding: moralBank.pointsOutstanding,
    });

    // The wishes' Excel report of the same region and period downloads from the card.
    const download = page.waitForEvent('download');
    await page.getByTestId('care-figures-wishes').getByRole('button').click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await page.getByTestId('care-figures').screenshot({ path: 'docs/images/care-figures.png' });
    await context.close();
  });

  it('shows a grid member on a 390 px phone only the parts of the modules they may read', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInAs(page, 'member');
    const { abilities } = await apiGet<Session>(page, '/session');
    const parts = { wishes: 'wish.read', pairings: 'pairing.read', 'moral-bank': 'moral_bank.read' } as const;
    expect(Object.values(parts).some((capability) => abilities.includes(capability))).toBe(true);
    await openCareFigures(page);
    for (const [part, capability] of Object.entries(parts)) {
      await expect
        .poll(() => page.getByTestId(`care-figures-${part}`).count(), { message: part })
        .toBe(abilities.includes(capability) ? 1 : 0);
    }
    // The card fits the phone: nothing wider than the screen.
    const width = await page.getByTestId('care-figures').evaluate((card) => card.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'care-figures-phone');
    await context.close();
  });
});
