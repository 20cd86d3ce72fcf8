import { uuidv7 } from 'uuidv7';
import { describe, expect, inject, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Dispute, DisputeDetail, DisputeKind } from '../../src/shared/api/disputes.js';
import type { InspectionDetail, InspectionSummary } from '../../src/shared/api/inspections.js';
import type { Person, Place } from '../../src/shared/api/registry.js';
import type { Session } from '../../src/shared/api/session.js';
import { saveScreenshot } from './browser.js';
import { letterStamp, openTab, phoneForThisFile, photo, signInOnPhone } from './field-app-phone.js';

/**
 * The field app's inspections and disputes on a 390 px phone with the signal cut: a grid member inspects a place of
 * the grid (one failed item fixed on the spot with a photo after, one turned into a case), registers a dispute with a
 * resident and an outsider, and records a mediation session on one of the grid's open disputes; when the network
 * returns, the server has each exactly once — one inspection, one case, one dispute, one session.
 */

const stamp = letterStamp();

const phoneUnderTest = phoneForThisFile();

async function api<Body>(url: string, body?: unknown): Promise<Body> {
  const address = `${inject('baseUrl')}/api/v1${url}`;
  let answer;
  if (body === undefined) {
    answer = await phoneUnderTest.context.request.get(address);
  } else {
    const { csrfToken } = await api<Session>('/session');
    answer = await phoneUnderTest.context.request.post(address, { data: body, headers: { 'x-csrf-token': csrfToken } });
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
    await signInOnPhone(phoneUnderTest.page, 'member');

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
    await openTab(phoneUnderTest.page, '我的网格');
    await phoneUnderTest.page.getByRole('button', { name: '更新缓存' }).click();
    await expect.poll(() => phoneUnderTest.page.getByText(/共 [1-9]\d* 户/).count(), { timeout: 30_000 }).toBe(1);
    await phoneUnderTest.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  });

  it('records an inspection, a dispute and a mediation session with no network', async () => {
    await phoneUnderTest.context.setOffline(true);
    await openTab(phoneUnderTest.page, '今日任务');
    await phoneUnderTest.page.getByRole('button', { name: '场所排查' }).click();
    await phoneUnderTest.page.getByPlaceholder('搜索场所名称或地址').fill(place.name);
    await phoneUnderTest.page.getByTestId('place').filter({ hasText: place.name }).first().click();

    const hose = phoneUnderTest.page.getByTestId('item-gas_hose');
    await hose.getByText('不合格', { exact: true }).click();
    await hose.locator('textarea').fill('胶管老化开裂');
    await hose.getByTestId('camera').first().setInputFiles(photo);
    await hose.getByTestId('camera').last().setInputFiles(photo);
    const alarm = phoneUnderTest.page.getByTestId('item-gas_alarm');
    await alarm.getByText('不合格', { exact: true }).click();
    await alarm.locator('textarea').fill('后厨未安装燃气报警器');
    await alarm.getByText('转为事件', { exact: true }).click();
    await phoneUnderTest.page.locator('textarea').last().fill(inspectionNotes);
    await expect.poll(() => hose.locator('.field-photos img').count()).toBe(2);
    await saveScreenshot(phoneUnderTest.page, 'field-app-inspection');
    await phoneUnderTest.page.getByTestId('save-inspection').click();
    await expect.poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent()).toBe('1 条待上传');

    await openTab(phoneUnderTest.page, '今日任务');
    await phoneUnderTest.page.getByRole('button', { name: '矛盾纠纷' }).click();
    await phoneUnderTest.page.getByTestId('dispute').filter({ hasText: stamp }).click();
    await phoneUnderTest.page.getByTestId('session-notes').locator('textarea').fill(sessionNotes);
    await phoneUnderTest.page.getByTestId('save-session').click();
    await expect.poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent()).toBe('2 条待上传');

    await openTab(phoneUnderTest.page, '今日任务');
    await phoneUnderTest.page.getByRole('button', { name: '矛盾纠纷' }).click();
    await saveScreenshot(phoneUnderTest.page, 'field-app-disputes');
    await phoneUnderTest.page.getByTestId('new-dispute').click();
    await phoneUnderTest.page.locator('.adm-selector-item').first().click();
    await phoneUnderTest.page.getByTestId('dispute-summary').locator('textarea').fill(disputeSummary);
    await phoneUnderTest.page.getByPlaceholder('搜索本网格居民姓名').fill(resident.name);
    await phoneUnderTest.page.getByTestId('resident').filter({ hasText: resident.name }).first().click();
    await phoneUnderTest.page.getByTestId('outsider-name').locator('input').fill(outsider);
    await phoneUnderTest.page.getByTestId('add-outsider').click();
    await saveScreenshot(phoneUnderTest.page, 'field-app-dispute-form');
    await phoneUnderTest.page.getByTestId('save-dispute').click();
    await expect.poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent()).toBe('3 条待上传');
    await saveScreenshot(phoneUnderTest.page, 'field-app-records-queue');
  });

  it('sends each exactly once when the network returns: one inspection with one case, a dispute, a session', async () => {
    await phoneUnderTest.context.setOffline(false);
    await openTab(phoneUnderTest.page, '待上传');
    await expect
      .poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent(), { timeout: 30_000 })
      .toBe('全部已上传');

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
    expect(phoneUnderTest.problems).toEqual([]);
  });
});
