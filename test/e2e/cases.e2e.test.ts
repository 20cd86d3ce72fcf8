import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Case } from '../../src/shared/api/cases.js';
import type { LocatedRegion, Region, RegionDetail } from '../../src/shared/api/regions.js';
import type { Session } from '../../src/shared/api/session.js';
import {
  apiGet,
  apiPost,
  chooseOption,
  clickOption,
  dialogOpened,
  launchBrowser,
  openOptions,
  saveScreenshot,
  signInAs,
} from './browser.js';

// A 1×1 PNG: the server recognises photos by their first bytes.
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** The mean of a polygon's outer ring, for a grid whose boundary is convex enough to hold it. */
function middleOf(boundary: NonNullable<RegionDetail['boundary']>): { latitude: number; longitude: number } {
  const ring = (
    boundary.type === 'MultiPolygon'
      ? (boundary.coordinates as number[][][][])[0]![0]!
      : (boundary.coordinates as number[][][])[0]!
  ).slice(0, -1);
  const longitude = ring.reduce((sum, point) => sum + point[0]!, 0) / ring.length;
  const latitude = ring.reduce((sum, point) => sum + point[1]!, 0) / ring.length;
  return { latitude, longitude };
}

/** Takes an action on the open case page through its form, and waits for the page to show what follows. */
async function act(page: Page, action: string, fill?: () => Promise<void>) {
  await page.getByTestId(`case-action-${action}`).click();
  await dialogOpened(page);
  await fill?.();
  await page.getByTestId('case-action-submit').click();
  await page.getByTestId('case-action-submit').waitFor({ state: 'hidden' });
}

async function statusOf(page: Page) {
  return page.getByTestId('case-page').getByTestId('case-status').first().textContent();
}

/** The town's closed cases this month, as its region page shows them. */
async function closedOnRegionPage(page: Page, regionId: string): Promise<number> {
  await page.goto(`${inject('baseUrl')}/regions/${regionId}`);
  const value = page.getByTestId('figures-closed').locator('.ant-statistic-content-value');
  await value.waitFor();
  return Number(await value.textContent());
}

describe('a hazard goes round the closed loop in Chromium', () => {
  let browser: Browser;
  let memberContext: BrowserContext;
  let member: Page;
  let village: Page;
  let town: Page;
  let townRegionId: string;
  let closedBefore: number;
  let caseUrl: string;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    memberContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      isMobile: true,
      hasTouch: true,
      permissions: ['geolocation'],
    });
    member = await memberContext.newPage();
    member.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    village = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    town = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await Promise.all([signInAs(member, 'member'), signInAs(village, 'village'), signInAs(town, 'town')]);
    [{ id: townRegionId }] = (await apiGet<{ items: Region[] }>(town, '/regions')).items as [Region];
    closedBefore = await closedOnRegionPage(town, townRegionId);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a grid member reports a hazard with a photo from where they stand', async () => {
    const [grid] = (await apiGet<{ items: Region[] }>(member, '/regions')).items as [Region];
    const detail = await apiGet<RegionDetail>(member, `/regions/${grid.id}`);
    expect(detail.boundary).not.toBeNull();
    const here = middleOf(detail.boundary!);
    const located = await apiGet<LocatedRegion>(member, `/regions/locate?lng=${here.longitude}&lat=${here.latitude}`);
    expect(located.region?.id).toBe(grid.id);
    await memberContext.setGeolocation(here);

    await member.goto(`${inject('baseUrl')}/cases`);
    await member.getByTestId('report-case').click();
    await member.getByTestId('case-report').waitFor();
    await chooseOption(member, 'report-category', { text: '安全生产' });
    await member.getByTestId('report-description').fill('浏览器测试：小区配电箱门锁损坏，电线外露');
    await member.getByTestId('report-place-mode').getByText('用我的位置').click();
    await member.getByTestId('report-located').waitFor();
    expect(await member.getByTestId('report-located').textContent()).toBe(
      `已定位：${here.latitude.toFixed(5)}, ${here.longitude.toFixed(5)}`,
    );
    await member.getByTestId('report-photo-input').setInputFiles({
      name: '配电箱.png',
      mimeType: 'image/png',
      buffer: photo,
    });
    await member.getByTestId('report-photos').locator('img').waitFor();
    await saveScreenshot(member, 'case-report-phone');
    await member.getByTestId('report-submit').click();

    await member.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = member.url();
    await member.getByTestId('case-page').waitFor();
    expect(await statusOf(member)).toBe('待受理');
    expect(await member.getByTestId('case-level').textContent()).toBe('村（社区）');
    await expect.poll(() => member.getByTestId('case-photos').locator('img').count()).toBe(1);
    await saveScreenshot(member, 'case-page-phone');
  });

  it('the village escalates it to the town with a reason', async () => {
    await village.goto(caseUrl);
    await village.getByTestId('case-page').waitFor();
    await act(village, 'escalate', () =>
      village.getByTestId('action-reason').fill('涉及供电企业设施，需镇里协调供电所处理'),
    );
    await expect.poll(() => village.getByTestId('case-level').textContent()).toBe('镇（街道）');
    // Up the chain, the village has nothing more to do with it than to comment.
    await expect.poll(() => village.getByTestId('case-action-escalate').count()).toBe(0);
  });

  it('the town accepts it, takes it on itself, starts and handles it', async () => {
    await town.goto(`${inject('baseUrl')}/cases?view=reportedToMe`);
    await town.locator(`[data-testid="case-card"]`).first().waitFor();
    await town.goto(caseUrl);
    await town.getByTestId('case-page').waitFor();
    await act(town, 'accept');
    await expect.poll(() => statusOf(town)).toBe('已受理');
    const { user } = await apiGet<Session>(town, '/session');
    // The town's own staff come after the grid's and the village's: typing the name brings them into the list.
    await act(town, 'dispatch', async () => {
      await chooseOption(town, 'action-assignee', { search: user.displayName, text: user.displayName });
    });
    await expect.poll(() => statusOf(town)).toBe('已派遣');
    expect(await town.getByTestId('case-facts').textContent()).toContain(user.displayName);
    await act(town, 'start');
    await expect.poll(() => statusOf(town)).toBe('处置中');
    await act(town, 'handle', () => town.getByTestId('action-result').fill('已协调供电所更换配电箱门锁并包扎外露电线'));
    await expect.poll(() => statusOf(town)).toBe('已处置');
    await saveScreenshot(town, 'case-page-desktop');
  });

  it('the grid member verifies it and rates it, the town closes it', async () => {
    await member.goto(caseUrl);
    await member.getByTestId('case-page').waitFor();
    await act(member, 'verify', () => member.getByTestId('action-rating').locator('li').nth(4).click());
    await expect.poll(() => statusOf(member)).toBe('已核查');

    await town.reload();
    await town.getByTestId('case-page').waitFor();
    await act(town, 'close');
    await expect.poll(() => statusOf(town)).toBe('已结案');
    const timeline = (await town.getByTestId('case-timeline').textContent()) ?? '';
    for (const step of ['上报', '上报上级', '受理', '派遣', '开始处置', '处置完成', '核查通过', '结案']) {
      expect(timeline).toContain(step);
    }
    expect(timeline).toContain('村（社区） → 镇（街道）');
  });

  it("the town's region page counts one more closed case", async () => {
    await expect.poll(() => closedOnRegionPage(town, townRegionId)).toBe(closedBefore + 1);
    await saveScreenshot(town, 'town-case-figures');
  });

  it('the town was told of the escalation; the member finds the case in their area', async () => {
    await town.getByTestId('notification-bell').click();
    await expect.poll(() => town.getByTestId('notification-list').textContent()).toContain('待您受理');
    await saveScreenshot(town, 'town-notifications');
    await town.keyboard.press('Escape');

    await member.goto(`${inject('baseUrl')}/cases?view=scope`);
    await member.getByTestId('case-list').waitFor();
    await expect.poll(() => member.getByTestId('case-list').textContent()).toContain('配电箱门锁损坏');
    await saveScreenshot(member, 'case-inbox-phone');
    expect(problems).toEqual([]);
  });

  it('the county sees open cases on the map and keeps the catalogue', async () => {
    const county = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await signInAs(county, 'county');
    await county.goto(`${inject('baseUrl')}/cases/map`);
    await county.getByTestId('cases-map').waitFor();
    await county.getByTestId('cases-map-count').waitFor();
    await saveScreenshot(county, 'cases-map');

    await county.getByTestId('cases-tab-catalogue').click();
    await expect.poll(() => county.getByTestId('category-table').textContent()).toContain('安全生产');
    await county.getByTestId('case-settings').getByTestId('settings-save').waitFor();
    await saveScreenshot(county, 'cases-catalogue');
    await county.close();
  });
});

describe('the village dispatches to a grid member; the leader finds it in the to-do list', () => {
  const phone = { viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true, hasTouch: true };
  const desktop = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };
  let browser: Browser;
  let village: Page;
  let member: Page;
  let leader: Page;
  let cadre: Page;
  let memberName: string;
  let reported: Case;
  const problems: string[] = [];

  /** Opens the to-do list (我的待办) and the case's card in it. */
  async function openFromToDo(page: Page) {
    await page.goto(`${inject('baseUrl')}/cases`);
    const card = page.locator(`[data-testid="case-card"][data-case-number="${reported.number}"]`);
    await card.waitFor();
    await card.click();
    await page.getByTestId('case-page').waitFor();
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    [village, member, leader, cadre] = await Promise.all([
      browser.newContext(phone).then((context) => context.newPage()),
      browser.newPage(desktop),
      browser.newContext(phone).then((context) => context.newPage()),
      browser.newPage(desktop),
    ]);
    for (const page of [village, member, leader, cadre]) {
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    }
    await Promise.all([
      signInAs(village, 'village'),
      signInAs(member, 'member'),
      signInAs(leader, 'leader'),
      signInAs(cadre, 'cadre'),
    ]);
    memberName = (await apiGet<Session>(member, '/session')).user.displayName;
    // The sunk cadre reports a hazard the village handles (安全生产 starts at the village).
    const [grid] = (await apiGet<{ items: Region[] }>(cadre, '/regions')).items as [Region];
    reported = await apiPost<Case>(cadre, '/cases', {
      category: 'production_safety',
      description: '浏览器测试：仓库门口堆放液化气罐',
      regionId: grid.id,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the village finds the report in its to-do list and dispatches it to the member, picked by name', async () => {
    await openFromToDo(village);
    await act(village, 'accept');
    await expect.poll(() => statusOf(village)).toBe('已受理');
    await act(village, 'dispatch', async () => {
      await village.getByTestId('action-assignee').click();
      await village.keyboard.type(memberName.slice(0, 1));
      const option = openOptions(village).filter({ hasText: memberName }).first();
      await option.waitFor();
      // Name · grid · role, never a code.
      expect(await option.textContent()).toMatch(/ · .+ · 网格员$/);
      // The list unfolds: the picture is taken once it has settled.
      await village.waitForTimeout(500);
      await saveScreenshot(village, 'case-dispatch-picker-phone');
      await clickOption(village, village.getByTestId('action-assignee'), memberName);
    });
    await expect.poll(() => statusOf(village)).toBe('已派遣');
    expect(await village.getByTestId('case-facts').textContent()).toContain(memberName);
  });

  it('the member finds it in their to-do list, starts and handles it', async () => {
    await openFromToDo(member);
    await act(member, 'start');
    await expect.poll(() => statusOf(member)).toBe('处置中');
    await act(member, 'handle', () => member.getByTestId('action-result').fill('已联系业主将液化气罐移入专用储存间'));
    await expect.poll(() => statusOf(member)).toBe('已处置');
  });

  it('the leader’s bell rings and the to-do list holds the case on a phone; the leader verifies it', async () => {
    await leader.goto(`${inject('baseUrl')}/cases`);
    await expect
      .poll(() => leader.getByTestId('notification-bell').locator('.ant-badge-count').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await leader.getByTestId('notification-bell').click();
    const list = leader.getByTestId('notification-list');
    await expect.poll(() => list.textContent()).toContain(`${reported.number}`);
    expect(await list.textContent()).toContain('待您核查');
    // The whole popover stays on the 390 px screen.
    const box = (await list.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    // The list fades in and out: the pictures are taken once it has settled.
    await leader.waitForTimeout(500);
    await saveScreenshot(leader, 'case-bell-phone');
    await leader.keyboard.press('Escape');
    await list.waitFor({ state: 'hidden' });

    await leader.getByTestId('inbox-view-mine').click();
    await leader.locator(`[data-testid="case-card"][data-case-number="${reported.number}"]`).waitFor();
    // Item names, never codes, on every card.
    expect(await leader.getByTestId('case-list').textContent()).not.toMatch(/[a-z]+_[a-z]+/);
    await saveScreenshot(leader, 'case-todo-phone');
    await openFromToDo(leader);
    await act(leader, 'verify');
    await expect.poll(() => statusOf(leader)).toBe('已核查');
  });

  it('the village closes it and the reporter is told, and finds it among their reports', async () => {
    await openFromToDo(village);
    await act(village, 'close');
    await expect.poll(() => statusOf(village)).toBe('已结案');

    await cadre.goto(`${inject('baseUrl')}/cases?view=reportedByMe`);
    await cadre.locator(`[data-testid="case-card"][data-case-number="${reported.number}"]`).waitFor();
    await cadre.reload();
    await cadre.getByTestId('notification-bell').click();
    await expect
      .poll(() => cadre.getByTestId('notification-list').textContent())
      .toContain(`您上报的 ${reported.number}`);
    expect(await cadre.getByTestId('notification-list').textContent()).toContain('已结案');
    expect(problems).toEqual([]);
  });
});
