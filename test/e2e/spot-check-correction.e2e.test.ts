import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Cadre } from '../../src/shared/api/cadres.js';
import type { Region } from '../../src/shared/api/regions.js';
import type { Session } from '../../src/shared/api/session.js';
import type { SpotCheck } from '../../src/shared/api/spot-checks.js';
import { addDays, chinaToday } from '../../src/shared/clock.js';
import { apiGet, apiPost, chooseOption, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp } from './field-app-phone.js';

/**
 * 更正 in Chromium: the street's group finds on a desktop that it wrote a cadre down as 点卯 who was visiting
 * households, and corrects the record with a reason (a dialog that changes nothing is refused, one sent after
 * someone else's correction shows the record afresh); on a 390 px phone it corrects an open finding's text and
 * deadline. Each shows 更正于 … with who corrected it and why.
 */

const stamp = letterStamp();
const title = `更正抽查${stamp}`;
const cadreName = `更正干部${stamp}`;
const findingText = `签到后未入户${stamp}`;
const correctedFinding = `签到后未按时入户${stamp}`;

/** Waits until the passing messages (没有改动 …) have gone, so that the screenshot shows the page itself. */
async function messagesGone(page: Page) {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

describe('correcting a spot check in Chromium (更正)', () => {
  let browser: Browser;
  let town: Page;
  let townName: string;
  let check: SpotCheck;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    town = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const village = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    town.on('pageerror', (error) => problems.push(error.message));
    await signInAs(town, 'town');
    await signInAs(village, 'village');
    townName = (await apiGet<Session>(town, '/session')).user.displayName;
    const { user } = await apiGet<Session>(village, '/session');
    const community = await apiGet<Region>(village, `/regions/${user.regionId}`);
    const grid = (await apiGet<{ items: Region[] }>(village, `/regions?parentId=${community.id}`)).items[0]!;
    const units = await apiGet<{ items: { id: string }[] }>(village, '/units');
    // No account: the demo cadre account may be registered by another browser test already.
    const cadre = await apiPost<Cadre>(village, '/cadres', {
      kind: 'cadre',
      name: cadreName,
      unitId: units.items[0]!.id,
      serviceRegionId: community.id,
      gridId: grid.id,
    });
    await village.close();
    // The check as the group left it: planned, the cadre found 点卯, a finding (recording them is spot-checks' test).
    check = await apiPost<SpotCheck>(town, '/spot-checks', {
      checkOn: chinaToday(),
      title,
      inspectors: ['张督查'],
      regionIds: [community.id],
    });
    await apiPost(town, `/spot-checks/${check.id}/records`, {
      cadreId: cadre.id,
      outcome: 'roll_call_only',
      place: '社区办公室',
      activity: '签到后玩手机',
    });
    check = await apiPost<SpotCheck>(town, `/spot-checks/${check.id}/findings`, {
      regionId: community.id,
      description: findingText,
      deadline: addDays(chinaToday(), 7),
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('corrects a record found 点卯 to at post with a reason on a desktop, and marks it corrected', async () => {
    await town.goto(`${inject('baseUrl')}/spot-checks`);
    const record = town.getByTestId(`spot-check-${title}`).getByTestId(`spot-record-${cadreName}`);
    await record.getByTestId('correct-record').click();
    await town.getByTestId('correct-record-form-submit').waitFor();
    // A reason alone changes nothing: refused in the dialog, which stays open.
    await town.getByTestId('correction-reason').fill('督查组误记：经核实干部当时在网格入户走访');
    await town.getByTestId('correct-record-form-submit').click();
    await town.getByText('没有改动：请先修改要更正的内容').waitFor();
    await chooseOption(town, 'correct-record-outcome', { text: '在岗' });
    await town.getByTestId('correct-record-place').fill('网格内3号楼');
    await town.getByTestId('correct-record-activity').fill('入户走访');
    await town.getByTestId('correct-record-form-submit').click();
    await town.getByTestId('correct-record-form-submit').waitFor({ state: 'hidden' });
    await expect.poll(() => record.textContent()).toContain('入户走访');
    expect(await record.locator('.ant-tag').first().textContent()).toBe('在岗');
    const mark = record.getByTestId('spot-record-correction');
    await mark.waitFor();
    expect(await mark.textContent()).toMatch(
      new RegExp(`^更正于 .+（${townName}）：督查组误记：经核实干部当时在网格入户走访$`),
    );
    await messagesGone(town);
    await saveScreenshot(town, 'spot-check-correction');
  });

  it('shows the record afresh when someone corrected it while the dialog was open', async () => {
    const record = town.getByTestId(`spot-check-${title}`).getByTestId(`spot-record-${cadreName}`);
    await record.getByTestId('correct-record').click();
    await town.getByTestId('correct-record-form-submit').waitFor();
    const current = (await apiGet<SpotCheck>(town, `/spot-checks/${check.id}`)).records[0]!;
    const { csrfToken } = await apiGet<Session>(town, '/session');
    const meanwhile = await town.request.patch(
      `${inject('baseUrl')}/api/v1/spot-checks/${check.id}/records/${current.id}`,
      {
        data: { version: current.version, note: '已调阅走访记录', reason: '补记核实方式' },
        headers: { 'x-csrf-token': csrfToken },
      },
    );
    expect(meanwhile.status()).toBe(200);
    await town.getByTestId('correct-record-place').fill('网格内5号楼');
    await town.getByTestId('correction-reason').fill('楼号记错');
    await town.getByTestId('correct-record-form-submit').click();
    await town.getByText('该内容刚被他人更正，已刷新，请核对后再更正').waitFor();
    await expect.poll(() => record.textContent()).toContain('已调阅走访记录');
    expect(await record.textContent()).not.toContain('5号楼');
    await town.locator('.ant-modal:visible .ant-modal-close').click();
    await town.getByTestId('correct-record-form-submit').waitFor({ state: 'hidden' });
  });

  it('corrects an open finding’s text and deadline on a 390 px phone', async () => {
    await town.setViewportSize({ width: 390, height: 844 });
    const card = town.getByTestId(`spot-check-${title}`);
    await card.getByTestId(`finding-${findingText}`).getByTestId('correct-finding').click();
    await town.getByTestId('correct-finding-form-submit').waitFor();
    await town.getByTestId('correct-finding-description').fill(correctedFinding);
    await town.getByTestId('correct-finding-deadline').fill(addDays(chinaToday(), 14));
    await town.getByTestId('correction-reason').fill('问题表述不准确，整改期限按规定为两周');
    await town.getByTestId('correct-finding-form-submit').click();
    await town.getByTestId('correct-finding-form-submit').waitFor({ state: 'hidden' });
    const finding = card.getByTestId(`finding-${correctedFinding}`);
    await finding.waitFor();
    expect(await finding.textContent()).toContain(addDays(chinaToday(), 14));
    expect(await finding.getByTestId('finding-correction').textContent()).toContain(
      '问题表述不准确，整改期限按规定为两周',
    );
    await card.getByTestId(`spot-record-${cadreName}`).scrollIntoViewIfNeeded();
    const width = await town.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await messagesGone(town);
    await saveScreenshot(town, 'spot-check-correction-phone');
    expect(problems).toEqual([]);
  });
});
