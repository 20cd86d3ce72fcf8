import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Account } from '../../src/shared/api/accounts.js';
import type { AccuracySample } from '../../src/shared/api/cadre-accuracy.js';
import type { Cadre } from '../../src/shared/api/cadres.js';
import type { Region } from '../../src/shared/api/regions.js';
import type { Session } from '../../src/shared/api/session.js';
import { apiGet, apiPost, launchBrowser, openOptions, saveScreenshot, signInAs } from './browser.js';
import { letterStamp, phone } from './field-app-phone.js';

/**
 * 信息核查 in Chromium at 390 px: the village draws a sample of the entries a cadre collected, checks two of them
 * (one a mismatch), and the evaluation's accuracy line shows it.
 */

const stamp = letterStamp();
const password = 'Spring-Rain-Over-Hills-7';

async function send<Body>(page: Page, method: 'PATCH' | 'POST', path: string, body: unknown): Promise<Body> {
  const { csrfToken } = await apiGet<Session>(page, '/session');
  const answer = await page.request.fetch(`${inject('baseUrl')}/api/v1${path}`, {
    method,
    data: body,
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(answer.status(), `${path}: ${await answer.text()}`).toBeLessThan(300);
  return (await answer.json()) as Body;
}

describe('information-accuracy verification in Chromium (信息核查)', () => {
  let browser: Browser;
  let village: Page;
  let cadreName: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    const county = await browser.newPage();
    await signInAs(county, 'county');
    const member = await browser.newPage();
    await signInAs(member, 'member');
    const { user } = await apiGet<Session>(member, '/session');
    await member.close();
    const grid = await apiGet<Region>(county, `/regions/${user.regionId}`);
    // A cadre whose own cadre account collects registry entries in their grid (registry.collect).
    const account = await send<Account>(county, 'POST', '/accounts', {
      username: `collector${stamp}`,
      displayName: `采集员${stamp}`,
      role: 'cadre',
      regionId: grid.id,
      password,
      newStaff: { dispatchingUnit: '县统计局' },
    });
    const units = await apiGet<{ items: { id: string }[] }>(county, '/units');
    cadreName = `核查干部${stamp}`;
    await apiPost<Cadre>(county, '/cadres', {
      kind: 'cadre',
      name: cadreName,
      unitId: units.items[0]!.id,
      serviceRegionId: grid.parentId,
      gridId: grid.id,
      accountId: account.id,
    });
    await county.close();
    const collector = await browser.newPage();
    const signedIn = await collector.request.post(`${inject('baseUrl')}/api/v1/session`, {
      data: { username: account.username, password },
    });
    expect(signedIn.status()).toBe(200);
    for (const [index, name] of ['甲', '乙'].entries()) {
      await send(collector, 'POST', '/persons', {
        regionId: grid.id,
        name: `核查${name}${stamp}`,
        phone: `1371234000${index}`,
      });
    }
    await collector.close();
    const context = await browser.newContext({ ...phone, locale: 'zh-CN' });
    village = await context.newPage();
    village.on('pageerror', (error) => problems.push(error.message));
    await signInAs(village, 'village');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws a sample on a phone, checks two entries (one a mismatch), and the evaluation shows it', async () => {
    const { user } = await apiGet<Session>(village, '/session');
    const region = await apiGet<Region>(village, `/regions/${user.regionId}`);
    await village.goto(`${inject('baseUrl')}/cadres?tab=accuracy`);
    await village.getByTestId('accuracy-region').click();
    await village.keyboard.type(region.name);
    await openOptions(village).first().waitFor();
    await village.keyboard.press('Enter');
    await village.getByTestId('accuracy-draw').click();
    await village.getByTestId('accuracy-sample-card').first().click();
    await village.getByTestId('accuracy-by-cadre').waitFor();
    const mine = village.getByTestId('accuracy-check').filter({ hasText: cadreName });
    await expect.poll(() => mine.count()).toBe(2);
    await saveScreenshot(village, 'cadre-accuracy-sample');

    await mine.nth(0).getByTestId('accuracy-check-open').click();
    await village.getByTestId('accuracy-entry').waitFor();
    // The registry's mask: the phone shows its first three and last four digits only.
    expect(await village.getByTestId('accuracy-entry').textContent()).toMatch(/137\*{4}\d{4}/);
    await village.getByTestId('accuracy-check-modal-submit').click();
    await expect.poll(() => mine.nth(0).getByTestId('accuracy-check-result').count()).toBe(1);

    await mine.nth(1).getByTestId('accuracy-check-open').click();
    await village.getByTestId('accuracy-entry').waitFor();
    await village.getByTestId('accuracy-result').getByText('不符').click();
    await village.getByTestId('accuracy-wrong-fields').getByText('电话').click();
    await village.getByTestId('accuracy-note').fill('电话已停用');
    await saveScreenshot(village, 'cadre-accuracy-check');
    await village.getByTestId('accuracy-check-modal-submit').click();
    await expect.poll(() => mine.getByTestId('accuracy-check-result').count()).toBe(2);
    expect(await mine.nth(1).textContent()).toContain('电话已停用');

    const samples = await apiGet<{ items: AccuracySample[] }>(village, '/cadres/accuracy-samples');
    const sample = await apiGet<AccuracySample>(village, `/cadres/accuracy-samples/${samples.items[0]!.id}`);
    expect(
      sample.checks
        .filter((check) => check.cadre.name === cadreName)
        .map((check) => check.result)
        .sort(),
    ).toEqual(['match', 'mismatch']);

    await village.goto(`${inject('baseUrl')}/cadres?tab=evaluation`);
    const card = village.getByTestId('evaluation-card').filter({ hasText: cadreName });
    await card.waitFor();
    const accuracyRow = card.locator('tr').filter({ hasText: '信息准确率' });
    await expect.poll(() => accuracyRow.textContent()).toContain('抽查条数 2，不符条数 1');
    expect(await accuracyRow.textContent()).toContain('50');
    await saveScreenshot(village, 'cadre-accuracy-evaluation');
    expect(problems).toEqual([]);
  });
});
