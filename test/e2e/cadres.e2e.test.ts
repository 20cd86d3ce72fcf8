import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Attendance, Cadre } from '../../src/shared/api/cadres.js';
import { chinaToday } from '../../src/shared/clock.js';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Region, RegionDetail } from '../../src/shared/api/regions.js';
import type { Session } from '../../src/shared/api/session.js';
import { apiGet, apiPost, chooseOption, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp, phone } from './field-app-phone.js';
import { demoPassword } from './start-server.js';

/**
 * Cadres sent down in Chromium: the county registers one in the console; a cadre checks in on a 390 px phone inside
 * their grid; the county sees the check-in flagged 点卯 (no work recorded yet) and the evaluation line by line.
 */

const stamp = letterStamp();

/** Waits for the select's dropdown to have closed: while it fades, its options still match the next select's. */

/** The middle of the first ring's corners: inside the demo's convex grids. */
function middleOf(region: RegionDetail) {
  const area = region.boundary!;
  const ring = area.type === 'Polygon' ? area.coordinates[0]! : area.coordinates[0]![0]!;
  const corners = ring.slice(0, -1);
  const mean = (index: number) => corners.reduce((sum, corner) => sum + corner[index]!, 0) / corners.length;
  return { longitude: mean(0), latitude: mean(1) };
}

describe('cadres sent down in Chromium (下沉干部)', () => {
  let browser: Browser;
  let county: Page;
  let field: BrowserContext;
  let cadrePhone: Page;
  let village: Region;
  let grid: RegionDetail;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    county = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    county.on('pageerror', (error) => problems.push(error.message));
    await signInAs(county, 'county');
    // The cadre's grid: the demo cadre account's own.
    const cadreSession = await browser.newPage();
    await signInAs(cadreSession, 'cadre');
    const { user } = await apiGet<Session>(cadreSession, '/session');
    await cadreSession.close();
    grid = await apiGet<RegionDetail>(county, `/regions/${user.regionId}`);
    village = await apiGet<Region>(county, `/regions/${grid.parentId}`);
    // Every day a service day, so that today's check-in counts whatever the weekday.
    const { csrfToken } = await apiGet<Session>(county, '/session');
    const saved = await county.request.put(`${inject('baseUrl')}/api/v1/attendance/service-days`, {
      data: { weekdays: [1, 2, 3, 4, 5, 6, 7], expectedHours: 4 },
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(saved.status()).toBe(200);
    const units = await apiGet<{ items: { id: string }[] }>(county, '/units');
    await apiPost<Cadre>(county, '/cadres', {
      kind: 'cadre',
      name: `下沉干部${stamp}`,
      unitId: units.items[0]!.id,
      serviceRegionId: village.id,
      gridId: grid.id,
      accountId: user.id,
    });
    field = await browser.newContext({
      ...phone,
      geolocation: middleOf(grid),
      permissions: ['geolocation'],
    });
    cadrePhone = await field.newPage();
    cadrePhone.on('pageerror', (error) => problems.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('registers an in-service party member in the console with the unit, community and grid', async () => {
    await county.goto(`${inject('baseUrl')}/cadres`);
    await county.getByTestId('cadre-card').first().waitFor();
    await county.getByTestId('add-cadre').click();
    await county.getByTestId('register-cadre-submit').waitFor();
    await county.getByTestId('cadre-name').fill(`在职党员${stamp}`);
    await chooseOption(county, 'cadre-unit');
    await chooseOption(county, 'cadre-service-region', { search: village.code });
    await chooseOption(county, 'cadre-grid', { search: grid.code });
    await county.getByTestId('register-cadre-submit').click();
    await county.getByTestId('register-cadre-submit').waitFor({ state: 'hidden' });
    const cadres = await apiGet<ListPage<Cadre>>(county, `/cadres?q=${stamp}`);
    expect(cadres.items.map((item) => item.name).sort()).toEqual([`下沉干部${stamp}`, `在职党员${stamp}`]);
    await county.getByPlaceholder('按姓名查找').fill(stamp);
    await expect.poll(() => county.getByTestId('cadre-card').count()).toBe(2);
    expect(await county.getByTestId('cadre-list').textContent()).toContain(grid.name);
    await saveScreenshot(county, 'cadre-registry');
  });

  it('checks the cadre in on a phone, inside their grid', async () => {
    await cadrePhone.goto(`${inject('baseUrl')}/m/`);
    await cadrePhone.locator('input[name=username]').fill('cadre');
    await cadrePhone.locator('input[name=password]').fill(demoPassword);
    await cadrePhone.getByRole('button', { name: '登录' }).click();
    await cadrePhone.getByTestId('check-in').click();
    await cadrePhone.getByTestId('check-in-result').waitFor();
    expect(await cadrePhone.getByTestId('check-in-result').textContent()).toContain('在包联网格内');
    await saveScreenshot(cadrePhone, 'cadre-check-in-phone');
  });

  it('shows the county the check-in flagged 点卯 and the evaluation line by line', async () => {
    await county.goto(`${inject('baseUrl')}/cadres?tab=attendance`);
    await county.getByTestId('attendance-list').waitFor();
    // 点卯 is a check-in with no work recorded that day; the demo cadre may have recorded some today in the other
    // browser tests, so what the page must show is what the day's records say (cadres.test.ts tests the rule).
    const today = chinaToday();
    const attendance = await apiGet<Attendance>(county, `/attendance?from=${today}&to=${today}`);
    const checkedIn = attendance.items.flatMap((row) => row.days).filter((day) => day.checkIn !== null);
    expect(checkedIn.length).toBeGreaterThan(0);
    for (const day of checkedIn) expect(day.status).toBe(day.workCount === 0 ? 'roll_call_only' : 'worked');
    const flagged = checkedIn.some((day) => day.status === 'roll_call_only') ? 'roll_call_only' : 'worked';
    await expect.poll(() => county.getByTestId(`attendance-${flagged}`).count()).toBeGreaterThan(0);
    await saveScreenshot(county, 'cadre-attendance');
    await county.goto(`${inject('baseUrl')}/cadres?tab=evaluation`);
    await county.getByTestId('evaluation-card').first().waitFor();
    const card = county.getByTestId('evaluation-card').filter({ hasText: `下沉干部${stamp}` });
    expect(await card.textContent()).toContain('服务日出勤');
    expect(['优秀', '良好', '一般', '较差']).toContain(await card.getByTestId('evaluation-grade').textContent());
    await saveScreenshot(county, 'cadre-evaluation');
    expect(problems).toEqual([]);
  });
});
