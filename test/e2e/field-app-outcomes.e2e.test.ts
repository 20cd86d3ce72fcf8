import { uuidv7 } from 'uuidv7';
import { describe, expect, it } from 'vitest';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { DisputeDetail, DisputeKind } from '../../src/shared/api/disputes.js';
import type { ChecklistList, InspectionDetail, InspectionSummary } from '../../src/shared/api/inspections.js';
import type { Place } from '../../src/shared/api/registry.js';
import type { Session } from '../../src/shared/api/session.js';
import { apiGet, apiPost, saveScreenshot } from './browser.js';
import { letterStamp, openTab, phoneForThisFile, photo, signInOnPhone } from './field-app-phone.js';

/**
 * The field app's re-inspection and dispute outcome on a 390 px phone with the signal cut: a grid member re-inspects
 * a hazard the test turned into a case (fixed, with a photo) and records that a dispute was settled (the agreement's
 * text and the photo of the signed agreement); when the network returns, the server has each exactly once.
 */

const stamp = letterStamp();

const phoneUnderTest = phoneForThisFile();

describe('re-inspections and dispute outcomes on the phone', () => {
  let inspection: InspectionDetail;
  let dispute: DisputeDetail;
  const agreement = `双方同意共同出资修缮院墙 ${stamp}`;

  it('copies a hazard turned into a case and an open dispute, both the test’s own, to the phone', async () => {
    await signInOnPhone(phoneUnderTest.page, 'member');

    const session = await apiGet<Session>(phoneUnderTest.page, '/session');
    const places = await apiGet<ListPage<Place>>(phoneUnderTest.page, '/places?kind=restaurant&limit=5');
    const place = places.items[places.items.length - 1]!;
    expect(place, 'a restaurant of the grid').toBeDefined();
    const checklists = await apiGet<ChecklistList>(
      phoneUnderTest.page,
      `/inspection-checklists?placeKind=${place.kind}`,
    );
    const checklist = checklists.items.find((item) => item.isActive)!;
    const failed = checklist.items[0]!.code;
    inspection = await apiPost<InspectionDetail>(phoneUnderTest.page, '/inspections', {
      id: uuidv7(),
      placeId: place.id,
      checklistId: checklist.id,
      inspectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      notes: `复查测试 ${stamp}`,
      items: checklist.items.map((item) =>
        item.code === failed
          ? { code: item.code, result: 'not_ok', note: '隐患待整改', photoIds: [], resolution: { kind: 'case' } }
          : { code: item.code, result: 'ok', photoIds: [] },
      ),
    });
    expect(inspection.items.filter((item) => item.isOpen).map((item) => item.code)).toEqual([failed]);
    const kinds = await apiGet<{ items: DisputeKind[] }>(phoneUnderTest.page, '/dispute-kinds');
    dispute = await apiPost<DisputeDetail>(phoneUnderTest.page, '/disputes', {
      id: uuidv7(),
      regionId: session.user.regionId,
      kind: kinds.items[0]!.code,
      summary: `院墙倒塌纠纷 ${stamp}`,
      parties: [{ name: '王某' }, { name: '赵某' }],
    });

    await openTab(phoneUnderTest.page, '我的网格');
    await phoneUnderTest.page.getByRole('button', { name: '更新缓存' }).click();
    // The phone's copy holds the test's inspection before the signal goes.
    const cachedIds = () =>
      phoneUnderTest.page.evaluate(
        () =>
          new Promise<string[]>((resolve, reject) => {
            const opening = indexedDB.open('gridlink-field');
            opening.onerror = () => reject(opening.error);
            opening.onsuccess = () => {
              const reading = opening.result.transaction('meta').objectStore('meta').get('openInspections');
              reading.onsuccess = () => resolve(((reading.result ?? []) as { id: string }[]).map((item) => item.id));
              reading.onerror = () => reject(reading.error);
            };
          }),
      );
    await expect.poll(cachedIds, { timeout: 30_000 }).toContain(inspection.id);
    await phoneUnderTest.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  });

  it('records the re-inspection and the outcome with no network, and queues both', async () => {
    await phoneUnderTest.context.setOffline(true);
    await openTab(phoneUnderTest.page, '今日任务');
    await phoneUnderTest.page.getByRole('button', { name: '隐患复查' }).click();
    await phoneUnderTest.page.locator(`[data-inspection-id="${inspection.id}"]`).click();
    const code = inspection.items.find((item) => item.isOpen)!.code;
    const item = phoneUnderTest.page.getByTestId(`recheck-${code}`);
    await item.getByText('已整改', { exact: true }).click();
    // Fixed without a photo is refused on the phone, before anything is queued.
    await phoneUnderTest.page.getByTestId('save-recheck').click();
    await phoneUnderTest.page.locator('.field-error').filter({ hasText: '已整改须拍整改后的照片' }).waitFor();
    await item.locator('textarea').fill('已更换新胶管');
    await item.getByTestId('camera').setInputFiles(photo);
    await expect.poll(() => item.locator('.field-photos img').count()).toBe(1);
    await saveScreenshot(phoneUnderTest.page, 'field-app-recheck');
    await phoneUnderTest.page.getByTestId('save-recheck').click();
    await expect.poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent()).toBe('1 条待上传');

    await openTab(phoneUnderTest.page, '今日任务');
    await phoneUnderTest.page.getByRole('button', { name: '矛盾纠纷' }).click();
    await phoneUnderTest.page.getByTestId('dispute').filter({ hasText: stamp }).click();
    await phoneUnderTest.page.getByTestId('record-outcome').click();
    await phoneUnderTest.page.getByText('达成协议', { exact: true }).click();
    await phoneUnderTest.page.getByTestId('outcome-agreement').locator('textarea').fill(agreement);
    await phoneUnderTest.page.getByTestId('save-outcome').click();
    await phoneUnderTest.page.locator('.field-error').filter({ hasText: '请拍摄签字的协议' }).waitFor();
    await phoneUnderTest.page.getByTestId('camera').setInputFiles(photo);
    // The re-inspection's 已保存 toast gone, so the screenshot shows the form.
    await phoneUnderTest.page.locator('.adm-toast-main').waitFor({ state: 'hidden' });
    await saveScreenshot(phoneUnderTest.page, 'field-app-outcome');
    await phoneUnderTest.page.getByTestId('save-outcome').click();
    await expect.poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent()).toBe('2 条待上传');
    await saveScreenshot(phoneUnderTest.page, 'field-app-outcome-queue');
  });

  it('sends each exactly once when the network returns: the hazard closed, the dispute settled with its photo', async () => {
    await phoneUnderTest.context.setOffline(false);
    await openTab(phoneUnderTest.page, '待上传');
    await expect
      .poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent(), { timeout: 30_000 })
      .toBe('全部已上传');

    const rechecks = await apiGet<ListPage<InspectionSummary>>(
      phoneUnderTest.page,
      `/inspections?placeId=${inspection.place.id}&kind=re_inspection&limit=100`,
    );
    expect(rechecks.items.filter((item) => item.previousId === inspection.id)).toHaveLength(1);
    const after = await apiGet<InspectionDetail>(phoneUnderTest.page, `/inspections/${inspection.id}`);
    const hazard = after.items.find((item) => item.code === inspection.items.find((open) => open.isOpen)!.code)!;
    expect(hazard.isOpen).toBe(false);
    expect(hazard.recheckedBy).toBe(rechecks.items.find((item) => item.previousId === inspection.id)!.id);

    const settled = await apiGet<DisputeDetail>(phoneUnderTest.page, `/disputes/${dispute.id}`);
    expect(settled).toMatchObject({ status: 'settled', settledLevel: 'village', agreement, hasAgreementPhoto: true });
    expect(phoneUnderTest.problems).toEqual([]);
  });
});
