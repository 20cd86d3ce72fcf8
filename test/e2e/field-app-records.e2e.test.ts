import type { Browser, BrowserContext, Page } from 'playwright-core';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Dispute, DisputeDetail, DisputeKind } from '../../src/shared/api/disputes.js';
import type { InspectionDetail, InspectionSummary } from '../../src/shared/api/inspections.js';
import type { Person, Place } from '../../src/shared/api/registry.js';
import type { Session } from '../../src/shared/api/session.js';
import { launchBrowser, saveScreenshot } from './browser.js';
import { letterStamp, openTab, phone, photo } from './field-app-phone.js';
import { demoPassword } from './start-server.js';

/**
 * The field app's inspections and disputes on a 390 px phone with the signal cut: a grid member inspects a place of
 * the grid (one failed item fixed on the spot with a photo after, one turned into a case), registers a dispute with a
 * resident and an outsider, and records a mediation session on one of the grid's open disputes; when the network
 * returns, the server has each exactly once — one inspection, one case, one dispute, one session.
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

async function api<Body>(url: string, body?: unknown): Promise<Body> {
  const address = `${inject('baseUrl')}/api/v1${url}`;
  let answer;
  if (body === undefined) {
    answer = await context.request.get(address);
  } else {
    const { csrfToken } = await api<Session>('/session');
    answer = await context.request.post(address, { data: body, headers: { 'x-csrf-token': csrfToken } });
  }
  expect(answer.status(), `${url} ${await answer.text()}`).toBeLessThan(300);
  return (await answer.json()) as Body;
}

describe('inspections and disputes on the phone', () => {
  let place: Place;
  let openDispute: Dispute;
  let resident: Person;
  const inspectionNotes = `晚间复查 ${stamp}`;
  const disputeSummary = `邻里漏水纠纷 ${stamp}`;
  const sessionNotes = `双方同意分摊维修费用 ${stamp}`;
  const outsider = `外来租户${stamp.slice(0, 2)}`;

  it('signs a grid member in and copies the grid, its places, checklists and open disputes to the phone', async () => {
    await page.goto(`${inject('baseUrl')}/m/`);
    await page.locator('input[name=username]').fill('member');
    await page.locator('input[name=password]').fill(demoPassword);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByText('待我处理的案件').waitFor();

    const session = await api<Session>('/session');
    const kinds = await api<{ items: DisputeKind[] }>('/dispute-kinds');
    openDispute = await api<DisputeDetail>('/disputes', {
      id: uuidv7(),
      regionId: session.user.regionId,
      kind: kinds.items[0]!.code,
      summary: `楼上楼下噪音纠纷 ${stamp}`,
      parties: [{ name: '张某' }, { name: '李某' }],
    });
    const restaurants = await api<ListPage<Place>>('/places?kind=restaurant&limit=5');
    const small = await api<ListPage<Place>>('/places?kind=nine_small_place&limit=5');
    place = [...restaurants.items, ...small.items][0]!;
    expect(place, 'a place of the grid the gas-safety checklist is for').toBeDefined();
    resident = (await api<ListPage<Person>>('/persons?limit=50')).items.find((person) => !person.name.includes('*'))!;

    // The copy made at sign-in predates the dispute: copy the grid again, as a member would before going out.
    await openTab(page, '我的网格');
    await page.getByRole('button', { name: '更新缓存' }).click();
    await expect.poll(() => page.getByText(/共 [1-9]\d* 户/).count(), { timeout: 30_000 }).toBe(1);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  });

  it('records an inspection, a dispute and a mediation session with no network', async () => {
    await context.setOffline(true);
    await openTab(page, '今日任务');
    await page.getByRole('button', { name: '场所排查' }).click();
    await page.getByPlaceholder('搜索场所名称或地址').fill(place.name);
    await page.getByTestId('place').filter({ hasText: place.name }).first().click();

    const hose = page.getByTestId('item-gas_hose');
    await hose.getByText('不合格', { exact: true }).click();
    await hose.locator('textarea').fill('胶管老化开裂');
    await hose.getByTestId('camera').first().setInputFiles(photo);
    await hose.getByTestId('camera').last().setInputFiles(photo);
    const alarm = page.getByTestId('item-gas_alarm');
    await alarm.getByText('不合格', { exact: true }).click();
    await alarm.locator('textarea').fill('后厨未安装燃气报警器');
    await alarm.getByText('转为事件', { exact: true }).click();
    await page.locator('textarea').last().fill(inspectionNotes);
    await expect.poll(() => hose.locator('.field-photos img').count()).toBe(2);
    await saveScreenshot(page, 'field-app-inspection');
    await page.getByTestId('save-inspection').click();
    await expect.poll(() => page.getByTestId('queue-summary').textContent()).toBe('1 条待上传');

    await openTab(page, '今日任务');
    await page.getByRole('button', { name: '矛盾纠纷' }).click();
    await page.getByTestId('dispute').filter({ hasText: stamp }).click();
    await page.getByTestId('session-notes').locator('textarea').fill(sessionNotes);
    await page.getByTestId('save-session').click();
    await expect.poll(() => page.getByTestId('queue-summary').textContent()).toBe('2 条待上传');

    await openTab(page, '今日任务');
    await page.getByRole('button', { name: '矛盾纠纷' }).click();
    await saveScreenshot(page, 'field-app-disputes');
    await page.getByTestId('new-dispute').click();
    await page.locator('.adm-selector-item').first().click();
    await page.getByTestId('dispute-summary').locator('textarea').fill(disputeSummary);
    await page.getByPlaceholder('搜索本网格居民姓名').fill(resident.name);
    await page.getByTestId('resident').filter({ hasText: resident.name }).first().click();
    await page.getByTestId('outsider-name').locator('input').fill(outsider);
    await page.getByTestId('add-outsider').click();
    await saveScreenshot(page, 'field-app-dispute-form');
    await page.getByTestId('save-dispute').click();
    await expect.poll(() => page.getByTestId('queue-summary').textContent()).toBe('3 条待上传');
    await saveScreenshot(page, 'field-app-records-queue');
  });

  it('sends each exactly once when the network returns: one inspection with one case, a dispute, a session', async () => {
    await context.setOffline(false);
    await openTab(page, '待上传');
    await expect.poll(() => page.getByTestId('queue-summary').textContent(), { timeout: 30_000 }).toBe('全部已上传');

    const inspections = await api<ListPage<InspectionSummary>>(`/inspections?placeId=${place.id}&limit=100`);
    const made = inspections.items.filter((item) => item.notes === inspectionNotes);
    expect(made).toHaveLength(1);
    expect(made[0]!.counts).toMatchObject({ failed: 2, fixed: 1, cases: 1 });
    const detail = await api<InspectionDetail>(`/inspections/${made[0]!.id}`);
    const hose = detail.items.find((item) => item.code === 'gas_hose')!;
    expect(hose.resolution).toBe('fixed');
    expect(hose.photos.map((item) => item.stage).sort()).toEqual(['after', 'before']);
    const alarm = detail.items.find((item) => item.code === 'gas_alarm')!;
    expect(alarm.resolution).toBe('case');
    expect(alarm.case?.number).toBeTruthy();

    const disputes = await api<ListPage<Dispute>>('/disputes?limit=200');
    const registered = disputes.items.filter((item) => item.summary === disputeSummary);
    expect(registered).toHaveLength(1);
    expect(registered[0]!.parties.map((party) => party.name).sort()).toEqual([outsider, resident.name].sort());
    const mediated = await api<DisputeDetail>(`/disputes/${openDispute.id}`);
    expect(mediated.sessions.filter((item) => item.notes === sessionNotes)).toHaveLength(1);
    expect(mediated.status).toBe('mediating');
    expect(problems).toEqual([]);
  });
});
