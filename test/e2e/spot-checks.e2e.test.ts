import zlib from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Cadre } from '../../src/shared/api/cadres.js';
import type { Region } from '../../src/shared/api/regions.js';
import type { Session } from '../../src/shared/api/session.js';
import { addDays, chinaToday } from '../../src/shared/clock.js';
import {
  apiGet,
  apiPost,
  chooseOption,
  dropdownClosed,
  launchBrowser,
  openOptions,
  saveScreenshot,
  signInAs,
} from './browser.js';
import { letterStamp } from './field-app-phone.js';

/**
 * 督查抽查 in Chromium: the street plans an unannounced check of a community at desktop size, its group records a
 * cadre found 点卯 and a finding on a 390 px phone, the community records the rectification, the street closes it,
 * and the cadre's evaluation shows the spot check on the attendance line.
 */

const stamp = letterStamp();
const title = `到岗抽查${stamp}`;
const cadreName = `抽查干部${stamp}`;
const findingText = `签到后未入户${stamp}`;

/** A 48 × 32 PNG in stripes of a colour, so that the screenshots show which photo is where. */
function stripedPng(red: number, green: number, blue: number): Buffer {
  const width = 48;
  const height = 32;
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Array.from({ length: height }, (_, y) =>
    Buffer.from([0, ...Array.from({ length: width }, () => (y % 8 < 4 ? [red, green, blue] : [250, 250, 250])).flat()]),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Chooses a photo in the open dialog's photo button. */
async function choosePhoto(page: Page, name: string, buffer: Buffer) {
  await page.locator('.ant-modal:visible').getByTestId('spot-photo-input').setInputFiles({
    name,
    mimeType: 'image/png',
    buffer,
  });
  await page.locator('.ant-modal:visible').getByText(name).waitFor();
}

/** Waits until a list of photos shows one, loaded from the server. */
async function photoShown(photos: Locator) {
  const image = photos.locator('img').first();
  await image.waitFor();
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(48);
}

describe('spot checks in Chromium (督查抽查)', () => {
  let browser: Browser;
  let town: Page;
  let village: Page;
  let community: Region;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    town = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    village = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    for (const page of [town, village]) page.on('pageerror', (error) => problems.push(error.message));
    await signInAs(town, 'town');
    await signInAs(village, 'village');
    const { user } = await apiGet<Session>(village, '/session');
    community = await apiGet<Region>(village, `/regions/${user.regionId}`);
    const grid = (await apiGet<{ items: Region[] }>(village, `/regions?parentId=${community.id}`)).items[0]!;
    const units = await apiGet<{ items: { id: string }[] }>(village, '/units');
    // No account: the demo cadre account may be registered by another browser test already.
    await apiPost<Cadre>(village, '/cadres', {
      kind: 'cadre',
      name: cadreName,
      unitId: units.items[0]!.id,
      serviceRegionId: community.id,
      gridId: grid.id,
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('plans a check of the community at desktop size', async () => {
    await town.goto(`${inject('baseUrl')}/spot-checks`);
    await town.getByTestId('plan-spot-check').click();
    await town.getByTestId('spot-check-form-submit').waitFor();
    await town.getByTestId('spot-check-title').fill(title);
    await town.getByTestId('spot-check-inspectors').click();
    await town.keyboard.type('张督查');
    // Enter makes the typed name a tag (the list of names never opens); Escape would close the dialog.
    await town.keyboard.press('Enter');
    await town.getByTestId('spot-check-areas').click();
    await town.keyboard.type(community.code);
    await openOptions(town).first().waitFor();
    await town.keyboard.press('Enter');
    // A select of several stays open after a choice: a click on the dialog's title closes it.
    await town.locator('.ant-modal-title:visible').click();
    await dropdownClosed(town);
    await town.getByTestId('spot-check-form-submit').click();
    await town.getByTestId('spot-check-form-submit').waitFor({ state: 'hidden' });
    await town.getByTestId(`spot-check-${title}`).waitFor();
    expect(await town.getByTestId(`spot-check-${title}`).textContent()).toContain(community.name);
  });

  it('records a cadre found 点卯 and a finding on a 390 px phone', async () => {
    await town.setViewportSize({ width: 390, height: 844 });
    const card = town.getByTestId(`spot-check-${title}`);
    await card.getByTestId('record-cadre').click();
    await town.getByTestId('spot-record-form-submit').waitFor();
    await chooseOption(town, 'spot-record-cadre', { search: cadreName });
    await chooseOption(town, 'spot-record-outcome', { text: '点卯' });
    await town.getByTestId('spot-record-place').fill('社区办公室');
    await town.getByTestId('spot-record-activity').fill('签到后玩手机');
    await choosePhoto(town, '办公室.png', stripedPng(200, 60, 40));
    await town.getByTestId('spot-record-form-submit').click();
    await town.getByTestId('spot-record-form-submit').waitFor({ state: 'hidden' });
    const record = card.getByTestId(`spot-record-${cadreName}`);
    await record.waitFor();
    expect(await record.textContent()).toContain('点卯');
    await photoShown(record.getByTestId('spot-record-photos'));
    // The same cadre again: refused, and the dialog stays open saying why, once.
    await card.getByTestId('record-cadre').click();
    await town.getByTestId('spot-record-form-submit').waitFor();
    await chooseOption(town, 'spot-record-cadre', { search: cadreName });
    await town.getByTestId('spot-record-form-submit').click();
    await town.getByText('本次抽查已记录过这名干部，不能重复记录').waitFor();
    await town.locator('.ant-modal:visible .ant-modal-close').click();
    await town.getByTestId('spot-record-form-submit').waitFor({ state: 'hidden' });
    await card.getByTestId('add-finding').click();
    await town.getByTestId('finding-form-submit').waitFor();
    await town.getByTestId('finding-description').fill(findingText);
    await town.getByTestId('finding-deadline').fill(addDays(chinaToday(), 7));
    await choosePhoto(town, '签到表.png', stripedPng(40, 90, 200));
    await town.getByTestId('finding-form-submit').click();
    await town.getByTestId('finding-form-submit').waitFor({ state: 'hidden' });
    await photoShown(card.getByTestId(`finding-${findingText}`).getByTestId('finding-photos'));
    const width = await town.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await saveScreenshot(town, 'spot-check-phone');
  });

  it('lets the community record the rectification and the street close it', async () => {
    await village.goto(`${inject('baseUrl')}/spot-checks`);
    const finding = village.getByTestId(`finding-${findingText}`);
    await finding.getByTestId('rectify-finding').click();
    await village.getByTestId('rectify-form-submit').waitFor();
    await village.getByTestId('rectify-note').fill('已约谈，补走访 12 户');
    await choosePhoto(village, '走访记录.png', stripedPng(40, 160, 70));
    await village.getByTestId('rectify-form-submit').click();
    await village.getByTestId('rectify-form-submit').waitFor({ state: 'hidden' });
    await expect.poll(() => finding.textContent()).toContain('已整改待销号');
    await photoShown(finding.getByTestId('rectification-photos'));
    await town.setViewportSize({ width: 1366, height: 900 });
    await town.reload();
    const closing = town.getByTestId(`finding-${findingText}`);
    await closing.getByTestId('close-finding').click();
    await expect.poll(() => closing.textContent()).toContain('已销号');
    await saveScreenshot(town, 'spot-checks');
  });

  it('shows the spot check on the cadre’s attendance line of the evaluation', async () => {
    await town.goto(`${inject('baseUrl')}/cadres?tab=evaluation`);
    const card = town.getByTestId('evaluation-card').filter({ hasText: cadreName });
    await card.waitFor();
    expect(await card.textContent()).toContain('抽查不在岗或点卯 1');
    expect(problems).toEqual([]);
  });
});
