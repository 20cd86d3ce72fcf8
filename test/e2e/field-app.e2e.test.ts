import path from 'node:path';
import { pinyin } from 'pinyin-pro';
import { describe, expect, inject, it } from 'vitest';
import { fieldAppBudgetBytes, fieldAppBundle } from '../../bench/field-app-bundle.js';
import type { Case, CaseDetail } from '../../src/shared/api/cases.js';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Visit } from '../../src/shared/api/visits.js';
import { apiGet, saveScreenshot } from './browser.js';
import { letterStamp, openTab, phoneForThisFile, photo, signInOnPhone } from './field-app-phone.js';

/**
 * The field app on a 390 px phone with the signal cut: a grid member copies the grid to the phone, records two
 * visits with photos and a quick report offline, reopens the app offline (from its service worker), and when the
 * network returns the server has each record exactly once, with its photos. Signing out clears the phone's copy; a
 * record the server refuses stays in the queue, with the reason shown.
 */

const stamp = letterStamp();

const phoneUnderTest = phoneForThisFile();

/** Finds a household by the pinyin initials of its head, opens it and records a visit with a photo. */
async function recordVisit(head: string, findings: string) {
  await openTab(phoneUnderTest.page, '我的网格');
  const initials = pinyin(head, { pattern: 'first', toneType: 'none', type: 'array' }).join('');
  await phoneUnderTest.page.getByPlaceholder('搜索户主、地址或拼音首字母').fill(initials);
  await phoneUnderTest.page.locator('.adm-list-item').filter({ hasText: head }).first().click();
  await phoneUnderTest.page.getByRole('button', { name: '入户走访' }).click();
  await phoneUnderTest.page.getByTestId('findings').locator('textarea').fill(findings);
  await phoneUnderTest.page.getByTestId('camera').setInputFiles(photo);
  await expect.poll(() => phoneUnderTest.page.locator('.field-photos img').count()).toBe(1);
  await phoneUnderTest.page.getByTestId('save-visit').click();
  await phoneUnderTest.page.getByRole('button', { name: '入户走访' }).waitFor();
}

describe('the field app', () => {
  let heads: string[] = [];
  const findings = [`走访记录一 ${stamp}`, `走访记录二 ${stamp}`];
  const description = `楼道堆放杂物影响通行 ${stamp}`;

  it('keeps its initial JavaScript within the budget, and loads no more than the bench counts', async () => {
    const bundle = fieldAppBundle(path.resolve('dist/web'));
    expect(bundle.gzipBytes).toBeLessThanOrEqual(fieldAppBudgetBytes);
    await phoneUnderTest.page.goto(`${inject('baseUrl')}/m/`);
    await phoneUnderTest.page.locator('input[name=username]').waitFor();
    const loaded = await phoneUnderTest.page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name).pathname.slice(1))
        .filter((file) => file.endsWith('.js')),
    );
    expect(loaded.filter((file) => file.startsWith('assets/')).sort()).toEqual([...bundle.files].sort());
  });

  it('signs a grid member in and copies the grid to the phone', async () => {
    await signInOnPhone(phoneUnderTest.page, 'member');
    await openTab(phoneUnderTest.page, '我的网格');
    await expect.poll(() => phoneUnderTest.page.getByText(/共 [1-9]\d* 户/).count(), { timeout: 30_000 }).toBe(1);
    // Each row: the head's name, then the address below it.
    const names = await phoneUnderTest.page
      .locator('.adm-list-item-content-main')
      .evaluateAll((rows) => rows.map((row) => row.firstChild?.textContent ?? ''));
    heads = names.filter((name) => /^[\u4e00-\u9fa5]{2,4}$/.test(name)).slice(0, 2);
    expect(heads).toHaveLength(2);
    // The worker holds the app shell before the signal goes.
    await phoneUnderTest.page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  });

  it('records two visits with photos and a report with no network, and still opens from the phone', async () => {
    await phoneUnderTest.context.setOffline(true);
    await recordVisit(heads[0]!, findings[0]!);
    await recordVisit(heads[1]!, findings[1]!);
    await openTab(phoneUnderTest.page, '随手报');
    await phoneUnderTest.page.locator('.adm-selector-item').first().click();
    await phoneUnderTest.page.getByTestId('description').locator('textarea').fill(description);
    await phoneUnderTest.page.getByTestId('camera').setInputFiles(photo);
    await phoneUnderTest.page.getByTestId('save-report').click();
    await expect.poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent()).toBe('3 条待上传');

    await phoneUnderTest.page.reload();
    await expect
      .poll(() => phoneUnderTest.page.getByTestId('queue-count').textContent(), { timeout: 30_000 })
      .toBe('3 条待上传');
    await expect(phoneUnderTest.page.getByText('离线').first().isVisible()).resolves.toBe(true);
    await saveScreenshot(phoneUnderTest.page, 'field-app-offline-queue');
  });

  it('sends each record exactly once when the network returns, with its photos', async () => {
    await phoneUnderTest.context.setOffline(false);
    await openTab(phoneUnderTest.page, '待上传');
    await expect
      .poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent(), { timeout: 30_000 })
      .toBe('全部已上传');

    const mine = await apiGet<ListPage<Visit>>(phoneUnderTest.page, '/visits?limit=200');
    for (const text of findings) {
      const found = mine.items.filter((visit) => visit.findings === text);
      expect(found, text).toHaveLength(1);
      expect(found[0]!.photos).toHaveLength(1);
    }
    const reported = await apiGet<ListPage<Case>>(phoneUnderTest.page, '/cases?reportedByMe=true&limit=200');
    const cases = reported.items.filter((item) => item.description === description);
    expect(cases).toHaveLength(1);
    expect((await apiGet<CaseDetail>(phoneUnderTest.page, `/cases/${cases[0]!.id}`)).files).toHaveLength(1);
  });

  it('keeps a record the server refuses in the queue, with the reason, until it is sent or discarded', async () => {
    const refusal = { error: { code: 'client_id_taken', message: '这个编号已被另一条走访使用，请放弃或修改后重发。' } };
    await phoneUnderTest.page.route('**/api/v1/visits', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify(refusal) })
        : route.continue(),
    );
    await recordVisit(heads[0]!, `被拒绝的走访 ${stamp}`);
    await openTab(phoneUnderTest.page, '待上传');
    const record = phoneUnderTest.page.getByTestId('queued-record');
    await expect.poll(() => record.textContent()).toContain(refusal.error.message);
    await expect(record.getByText('需处理').isVisible()).resolves.toBe(true);
    await phoneUnderTest.page.reload();
    await openTab(phoneUnderTest.page, '待上传');
    await expect
      .poll(() => phoneUnderTest.page.getByTestId('queued-record').textContent())
      .toContain(refusal.error.message);

    await phoneUnderTest.page.unroute('**/api/v1/visits');
    await phoneUnderTest.page.getByRole('button', { name: '重试' }).click();
    await expect
      .poll(() => phoneUnderTest.page.getByTestId('queue-summary').textContent(), { timeout: 30_000 })
      .toBe('全部已上传');
    const sent = await apiGet<ListPage<Visit>>(phoneUnderTest.page, '/visits?limit=200');
    expect(sent.items.filter((visit) => visit.findings === `被拒绝的走访 ${stamp}`)).toHaveLength(1);
  });

  it('clears the grid and the queue from the phone at sign-out', async () => {
    await openTab(phoneUnderTest.page, '我的');
    await phoneUnderTest.page.getByTestId('sign-out').click();
    await phoneUnderTest.page.getByRole('button', { name: '确定' }).click();
    await phoneUnderTest.page.locator('input[name=username]').waitFor();
    const kept = await phoneUnderTest.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open('gridlink-field');
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error);
      });
      const count = (store: string) =>
        new Promise<number>((resolve) => {
          const asked = db.transaction(store).objectStore(store).count();
          asked.onsuccess = () => resolve(asked.result);
        });
      const counts = [await count('households'), await count('persons'), await count('queue'), await count('meta')];
      db.close();
      return counts;
    });
    expect(kept).toEqual([0, 0, 0, 0]);
    expect(phoneUnderTest.problems).toEqual([]);
  });
});
