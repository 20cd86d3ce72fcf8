import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Cadre } from '../../src/shared/api/cadres.js';
import type { Page as ListPage } from '../../src/shared/api/common.js';
import type { Region } from '../../src/shared/api/regions.js';
import type { Session } from '../../src/shared/api/session.js';
import { apiGet, chooseOption, launchBrowser, saveScreenshot, signInAs } from './browser.js';
import { letterStamp, phone } from './field-app-phone.js';

/**
 * A cadre registers themselves in Chromium: the village makes an invitation on the cadres page, a 390 px phone
 * opens its link and registers, the village approves and the cadre is in the registry. And a unit's list uploaded
 * on the same page: refused with its bad row shown, then imported once fixed.
 */

const stamp = letterStamp();

/** Opens a select, types into its search if asked, and takes the first option. */

describe('cadres register by invitation, and units’ lists upload, in Chromium', () => {
  let browser: Browser;
  let office: Page;
  let village: Region;
  let link = '';
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    office = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    office.on('pageerror', (error) => problems.push(error.message));
    await signInAs(office, 'village');
    const { user } = await apiGet<Session>(office, '/session');
    village = await apiGet<Region>(office, `/regions/${user.regionId}`);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lets the village make an invitation with its link and QR code', async () => {
    await office.goto(`${inject('baseUrl')}/cadres?tab=registrations`);
    await office.getByTestId('new-invitation').click();
    await office.getByTestId('create-invitation-submit').waitFor();
    await chooseOption(office, 'invitation-community', { search: village.code });
    await office.getByTestId('create-invitation-submit').click();
    await office.getByTestId('create-invitation-submit').waitFor({ state: 'hidden' });
    const card = office.getByTestId('invitation-card').first();
    await card.getByTestId('invitation-qr').waitFor();
    await expect
      .poll(() => card.getByTestId('invitation-qr').evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(0);
    link = (await card.getByTestId('invitation-link').textContent()) ?? '';
    expect(link).toMatch(/\/join\/[A-Za-z0-9_-]{43}$/);
    await saveScreenshot(office, 'cadre-invitation');
  });

  it('registers a party member on a 390 px phone through the link', async () => {
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(link);
    await page.getByTestId('join-name').waitFor();
    expect(await page.locator('h1').textContent()).toBe('下沉干部报到');
    await page.getByTestId('join-kind-party_member').check();
    await page.getByTestId('join-name').fill(`报到党员${stamp}`);
    await page.getByTestId('join-phone').fill('13600005678');
    await page.getByTestId('join-unit').selectOption({ index: 1 });
    await page.getByTestId('join-home').selectOption({ label: village.name });
    // Nothing wider than the phone: the form fits its 390 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'cadre-join-phone');
    await page.getByTestId('join-submit').click();
    await page.getByTestId('join-sent').waitFor();
    expect(await page.getByTestId('join-sent').textContent()).toContain(village.name);
    await context.close();
  });

  it('shows the village the registration, and approving it puts the cadre in the registry', async () => {
    await office.goto(`${inject('baseUrl')}/cadres?tab=registrations`);
    const card = office.getByTestId('registration-card').filter({ hasText: `报到党员${stamp}` });
    await card.waitFor();
    expect(await card.textContent()).toContain('在职党员');
    await saveScreenshot(office, 'cadre-registrations');
    // Approving places the cadre in one of the community's grids, with their duties.
    const [grid] = (await apiGet<ListPage<Region>>(office, `/regions?parentId=${village.id}`)).items;
    await card.getByTestId('approve-registration').click();
    await chooseOption(office, 'approve-registration-grid', { search: grid!.code });
    await office.locator('.ant-modal textarea').fill('周三入户走访');
    await saveScreenshot(office, 'cadre-registration-approve');
    await office.getByTestId('approve-registration-form-submit').click();
    await card.waitFor({ state: 'detached' });
    const cadres = await apiGet<ListPage<Cadre>>(office, `/cadres?q=${stamp}`);
    expect(
      cadres.items.map((item) => [item.name, item.kind, item.serviceRegion.id, item.homeRegion?.id, item.grid?.id]),
    ).toEqual([[`报到党员${stamp}`, 'party_member', village.id, village.id, grid!.id]]);
    expect(cadres.items[0]!.duties).toBe('周三入户走访');
    await office.goto(`${inject('baseUrl')}/cadres`);
    await office.getByPlaceholder('按姓名查找').fill(stamp);
    await office
      .getByTestId('cadre-card')
      .filter({ hasText: `报到党员${stamp}` })
      .waitFor();
  });

  it('refuses a unit’s list with a bad row, showing the row and column, then imports the fixed list', async () => {
    await office.getByTestId('import-cadres').click();
    await chooseOption(office, 'cadre-import-unit');
    await chooseOption(office, 'cadre-import-community', { search: village.code });
    const upload = office.locator('.ant-modal .ant-upload input[type=file]');
    const send = (rows: string) =>
      upload.setInputFiles({
        name: '名单.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`姓名,类别,手机号\n${rows}`, 'utf8'),
      });
    await send(`甲导入${stamp},下沉干部,13900000011\n乙导入${stamp},临时工,13900000012\n`);
    await office.getByTestId('cadre-import-problems').waitFor();
    const problemRow = office.getByTestId('cadre-import-problems').locator('tbody tr.ant-table-row').first();
    expect(await problemRow.textContent()).toContain('3类别');
    expect(await office.getByTestId('cadre-import-refused').textContent()).toContain('未导入任何人');
    await saveScreenshot(office, 'cadre-import-problems');
    expect((await apiGet<ListPage<Cadre>>(office, `/cadres?q=导入${stamp}`)).items).toEqual([]);

    await send(`甲导入${stamp},下沉干部,13900000011\n乙导入${stamp},在职党员,13900000012\n`);
    await office.getByTestId('cadre-import-done').waitFor();
    expect(await office.getByTestId('cadre-import-done').textContent()).toContain('已导入 2 人');
    expect(await office.getByTestId('cadre-import-problems').count()).toBe(0);
    const imported = await apiGet<ListPage<Cadre>>(office, `/cadres?q=导入${stamp}`);
    expect(imported.items.map((item) => item.name)).toEqual([`甲导入${stamp}`, `乙导入${stamp}`]);
    expect(problems).toEqual([]);
  });
});
