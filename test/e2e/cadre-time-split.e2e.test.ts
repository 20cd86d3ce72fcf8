import type { Browser, Page } from 'playwright-core';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../src/shared/api/accounts.js';
import type { Cadre } from '../../src/shared/api/cadres.js';
import type { Region } from '../../src/shared/api/regions.js';
import type { Session } from '../../src/shared/api/session.js';
import { apiGet, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp, phone } from './field-app-phone.js';

/**
 * The 721 split in Chromium: the county turns it on, a cadre checks in and visits nothing, and the evaluation and the
 * attendance show where their records were made, on a desktop and a 390 px phone. Then the evaluation's grid members
 * with the county's weights for them and each one's split, their grid being their own area.
 */

const stamp = letterStamp();
const password = 'Spring-Rain-Over-Hills-7';

async function send<Body>(page: Page, method: 'PUT' | 'POST', path: string, body: unknown): Promise<Body> {
  const { csrfToken } = await apiGet<Session>(page, '/session');
  const answer = await page.request.fetch(`${inject('baseUrl')}/api/v1${path}`, {
    method,
    data: body,
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(answer.status(), `${path}: ${await answer.text()}`).toBeLessThan(300);
  return (await answer.json()) as Body;
}

describe('the 721 time split in Chromium', () => {
  let browser: Browser;
  let county: Page;
  const cadreName = `七二一干部${stamp}`;
  let memberName = '';
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    county = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    county.on('pageerror', (error) => problems.push(error.message));
    await signInAs(county, 'county');
    const member = await browser.newPage();
    await signInAs(member, 'member');
    const { user } = await apiGet<Session>(member, '/session');
    memberName = user.displayName;
    await member.close();
    const grid = await apiGet<Region>(county, `/regions/${user.regionId}`);
    const account = await send<Account>(county, 'POST', '/accounts', {
      username: `split${stamp}`,
      displayName: cadreName,
      role: 'cadre',
      regionId: grid.id,
      password,
      newStaff: { dispatchingUnit: '县民政局' },
    });
    const units = await apiGet<{ items: { id: string }[] }>(county, '/units');
    await send<Cadre>(county, 'POST', '/cadres', {
      kind: 'cadre',
      name: cadreName,
      unitId: units.items[0]!.id,
      serviceRegionId: grid.parentId,
      gridId: grid.id,
      accountId: account.id,
    });
    await send(county, 'PUT', '/cadres/time-split-rule', { enabled: true });
    // The cadre checks in far from the grid: a record on rotation.
    const cadre = await browser.newPage();
    const signedIn = await cadre.request.post(`${inject('baseUrl')}/api/v1/session`, {
      data: { username: account.username, password },
    });
    expect(signedIn.status()).toBe(200);
    await send(cadre, 'POST', '/attendance/check-ins', {
      id: uuidv7(),
      location: { lat: 39.9, lng: 116.4 },
    });
    await cadre.close();
  });

  afterAll(async () => {
    if (county) await send(county, 'PUT', '/cadres/time-split-rule', { enabled: false });
    await browser?.close();
  });

  it('shows the split on the evaluation at desktop size', async () => {
    await county.goto(`${inject('baseUrl')}/cadres?tab=evaluation`);
    const card = county.getByTestId('evaluation-card').filter({ hasText: cadreName });
    await card.getByTestId('time-split').waitFor();
    expect(await card.getByTestId('time-split').textContent()).toContain('轮岗 100%（1 条，目标 10%）');
    await card.scrollIntoViewIfNeeded();
    await saveScreenshot(county, 'cadre-time-split-evaluation');
    // The grid members' cards carry their split too.
    await county.getByTestId('evaluation-who').getByText('网格员').click();
    const memberCard = county.getByTestId('grid-member-evaluation-card').filter({ hasText: memberName });
    await memberCard.getByTestId('time-split').waitFor();
    expect(await memberCard.getByTestId('time-split').textContent()).toContain('721');
    await memberCard.scrollIntoViewIfNeeded();
    await saveScreenshot(county, 'grid-member-time-split');
  });

  it('shows the split on the attendance on a 390 px phone', async () => {
    const context = await browser.newContext({ ...phone, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(page, 'county');
    await page.goto(`${inject('baseUrl')}/cadres?tab=attendance`);
    const row = page.getByTestId('attendance-row').filter({ hasText: cadreName });
    await row.getByTestId('time-split').waitFor();
    expect(await row.getByTestId('time-split').textContent()).toContain('网格 0%（0 条，目标 70%）');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await row.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'cadre-time-split-phone');
    await page.goto(`${inject('baseUrl')}/cadres?tab=evaluation`);
    await page.getByTestId('evaluation-who').getByText('网格员').click();
    await page.getByTestId('grid-member-weights').waitFor();
    expect(await page.getByTestId('grid-member-weights').textContent()).toContain('入户走访率 50');
    await page.getByTestId('grid-member-evaluation-card').first().getByTestId('time-split').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'grid-member-evaluation-phone');
    expect(problems).toEqual([]);
  });
});
