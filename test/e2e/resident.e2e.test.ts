import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaseDetail, Case } from '../../src/shared/api/cases.js';
import type { RegionDetail } from '../../src/shared/api/regions.js';
import type { ResidentWishDrives, SmsOutbox } from '../../src/shared/api/resident.js';
import type { Session } from '../../src/shared/api/session.js';
import type { WishDetail } from '../../src/shared/api/wishes.js';
import { chinaToday } from '../../src/shared/clock.js';
import { apiGet, apiPost, launchBrowser, signInAs } from './browser.js';
import { letterStamp, phone, photo } from './field-app-phone.js';

/**
 * The residents' page (/r/) on a 390 px phone: a resident signs in with the code the console SMS outbox shows the
 * administrator, reports a problem with a photo where they stand, the grid handles it and the leader closes it in the
 * console, and the resident sees it closed, confirms it solved and rates it — which the console then shows.
 */

const stamp = letterStamp();
/** A number no other run used, so the phone's code throttle starts afresh. */
const residentPhone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

let browser: Browser;
let residentContext: BrowserContext;
let resident: Page;
let admin: Page;
let leader: Page;
let member: Page;
let grid: RegionDetail;
let reported: Case;
const problems: string[] = [];

/** The mean of a polygon's outer ring: the demo's grids are convex enough to hold it. */
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

/** Asks for a code for the phone and types the one the console SMS outbox shows the administrator. */
async function enterCode(page: Page, number: string) {
  await page.getByTestId('phone').locator('input').fill(number);
  await page.getByTestId('send-code').click();
  await page.getByText('验证码已发送，5 分钟内有效').waitFor();
  // The countdown keeps the resident from spending the phone's few codes at once.
  expect(await page.getByTestId('send-code').isDisabled()).toBe(true);
  const outbox = await apiGet<SmsOutbox>(admin, '/sms-outbox');
  const text = outbox.items.find((item) => item.phone === number)!.text;
  await page
    .getByTestId('code')
    .locator('input')
    .fill(/验证码是 (\d{6})/.exec(text)![1]!);
}

/** A screenshot for docs/care.md, once the page's toasts have gone. */
async function picture(page: Page, name: string) {
  await page.locator('.adm-toast-main').waitFor({ state: 'hidden' });
  await page.screenshot({ path: `docs/images/${name}.png`, fullPage: true });
}

beforeAll(async () => {
  browser = await launchBrowser();
  // Three staff sign-ins, each in its own context: a session cookie is one account's.
  const staffPage = async (username: string) => {
    const page = await (await browser.newContext()).newPage();
    await signInAs(page, username);
    return page;
  };
  admin = await staffPage('admin');
  leader = await staffPage('leader');
  member = await staffPage('member');
  const { regionId } = await apiGet<Session>(member, '/session');
  grid = await apiGet<RegionDetail>(member, `/regions/${regionId}`);
  residentContext = await browser.newContext({ ...phone, permissions: ['geolocation'] });
  await residentContext.setGeolocation(middleOf(grid.boundary!));
  resident = await residentContext.newPage();
  resident.on('pageerror', (error) => problems.push(error.message));
});

afterAll(async () => {
  await browser?.close();
});

describe('a resident on a 390 px phone', () => {
  it('signs in with the code the console SMS outbox shows', async () => {
    // As from the grid's QR poster.
    await resident.goto(`${inject('baseUrl')}/r/?grid=${grid.code}`);
    await enterCode(resident, residentPhone);
    await picture(resident, 'resident-sign-in');
    await resident.getByTestId('sign-in').click();
    await resident.locator('.adm-tab-bar-item').filter({ hasText: '我要反映' }).waitFor();
  });

  it('reports a problem with a photo where they stand: a case of that grid, 群众自报', async () => {
    await expect.poll(() => resident.getByTestId('chosen-grid').textContent()).toContain(grid.name);
    await resident.getByTestId('locate').click();
    await expect.poll(() => resident.getByTestId('chosen-grid').textContent()).toContain(grid.name);
    // 环境卫生 is handled in the grid: its own member takes it on.
    await resident.locator('.adm-selector-item').filter({ hasText: '环境卫生' }).click();
    await resident.getByTestId('description').locator('textarea').fill(`楼道里堆满杂物和垃圾，过不去人 ${stamp}`);
    await resident.getByTestId('photo').setInputFiles(photo);
    await resident.locator('.resident-photos img').waitFor();
    await picture(resident, 'resident-report');
    await resident.getByTestId('send').click();
    await resident.getByTestId('my-case').filter({ hasText: stamp }).waitFor();
    expect(await resident.getByTestId('my-case').filter({ hasText: stamp }).textContent()).toContain('待受理');

    const own = await apiGet<{ items: Case[] }>(resident, '/cases');
    reported = own.items.find((item) => item.description.includes(stamp))!;
    expect(reported).toMatchObject({ regionId: grid.id, source: 'resident', status: 'reported' });
    const detail = await apiGet<CaseDetail>(member, `/cases/${reported.id}`);
    expect(detail.files).toHaveLength(1);
    // The grid member sees who reported it, their phone masked.
    expect(detail.residentPhone).toBe(`${residentPhone.slice(0, 3)}****${residentPhone.slice(-4)}`);
  });

  it('the grid member handles it, and the leader verifies and closes it in the console', async () => {
    await apiPost(member, `/cases/${reported.id}/transitions`, {
      action: 'self_handle',
      result: '已清理楼道杂物和垃圾',
    });
    await leader.goto(`${inject('baseUrl')}/cases/${reported.id}`);
    await leader.getByTestId('case-page').waitFor();
    for (const [action, status] of [
      ['verify', '已核查'],
      ['close', '已结案'],
    ] as const) {
      await leader.getByTestId(`case-action-${action}`).click();
      await leader.getByTestId('case-action-submit').click();
      await leader.getByTestId('case-action-submit').waitFor({ state: 'hidden' });
      await expect
        .poll(() => leader.getByTestId('case-page').getByTestId('case-status').first().textContent())
        .toBe(status);
    }
  });

  it('is told by text message and under 我的消息 that it was handled and closed', async () => {
    const texts = (await apiGet<SmsOutbox>(admin, '/sms-outbox')).items
      .filter((item) => item.phone === residentPhone)
      .map((item) => item.text);
    expect(texts).toContain(
      `【网格通】您反映的问题（编号 ${reported.number}）已处理，请登录查看并评价：${inject('baseUrl')}/r/?tab=cases`,
    );
    expect(texts.filter((text) => text.includes(`编号 ${reported.number}`))).toHaveLength(2);
    await resident.reload();
    await resident
      .locator('.adm-tab-bar-item')
      .filter({ hasText: /^我的$/ })
      .click();
    const notices = resident.getByTestId('notices');
    await notices.getByTestId('notice').first().waitFor();
    expect(await notices.getByTestId('notice').allTextContents()).toEqual([
      expect.stringContaining(`您反映的问题（编号 ${reported.number}）已办结`),
      expect.stringContaining(`您反映的问题（编号 ${reported.number}）已处理，请查看并评价`),
    ]);
    expect(await notices.getByTestId('sms-notices').getAttribute('aria-checked')).toBe('true');
    await picture(resident, 'resident-notices');
    // A notice opens the tab of its case.
    await notices.getByTestId('notice').first().click();
    await resident.getByTestId('my-case').filter({ hasText: stamp }).waitFor();
  });

  it('sees it closed with what was done, confirms it solved and rates it', async () => {
    await resident.reload();
    await resident.locator('.adm-tab-bar-item').filter({ hasText: '我的反映' }).click();
    const item = resident.getByTestId('my-case').filter({ hasText: stamp });
    await expect.poll(() => item.textContent()).toContain('已办结');
    await item.click();
    const detail = resident.getByTestId('case-detail');
    await detail.getByTestId('case-result').waitFor();
    expect(await detail.getByTestId('case-result').textContent()).toContain('已清理楼道杂物和垃圾');
    await expect.poll(() => detail.locator('.resident-photos img').count()).toBe(1);
    await detail.getByTestId('confirm-solved').click();
    await detail.getByRole('radio', { name: '5' }).tap();
    await detail.locator('textarea').fill('师傅来得很快，谢谢');
    await detail.getByTestId('send-rating').click();
    await detail.locator('[data-testid="case-rating"], .resident-error').first().waitFor();
    expect(await detail.locator('.resident-error').allTextContents()).toEqual([]);
    expect(await detail.getByTestId('case-rating').textContent()).toContain('5 星');
    // Rated once: nothing more to confirm.
    expect(await detail.getByTestId('confirm-solved').count()).toBe(0);
    await picture(resident, 'resident-case');
  });

  it('the rating and the resident’s words show in the console', async () => {
    await leader.reload();
    const page = leader.getByTestId('case-page');
    await page.waitFor();
    await expect.poll(() => page.locator('.ant-rate-star-full').count()).toBe(5);
    expect(await page.textContent()).toContain('师傅来得很快，谢谢');
    expect((await apiGet<CaseDetail>(leader, `/cases/${reported.id}`)).rating).toBe(5);
  });

  it('signs out, and has no console errors', async () => {
    await resident
      .locator('.adm-tab-bar-item')
      .filter({ hasText: /^我的$/ })
      .click();
    // The 亮身份 card of the grid whose poster they scanned: its people by position, no personal phone.
    const card = resident.getByTestId('grid-card');
    await card.waitFor();
    expect(await card.textContent()).toContain(grid.name);
    expect(await card.textContent()).toContain('网格员');
    // A guest has no moral-bank account yet, and reads when it comes.
    await resident.getByTestId('moral-bank-none').waitFor();
    await picture(resident, 'resident-me');
    await resident.getByTestId('sign-out').click();
    await resident.getByTestId('send-code').waitFor();
    expect((await resident.request.get(`${inject('baseUrl')}/api/v1/session`)).status()).toBe(401);
    // Every path under /r/ is the same page, which routes itself.
    const deeper = await resident.request.get(`${inject('baseUrl')}/r/cases/anything`);
    expect(deeper.status()).toBe(200);
    expect(await deeper.text()).toContain('<div id="root">');
    expect(problems).toEqual([]);
  });
});

describe('a registry resident on a 390 px phone', () => {
  it('sees their moral-bank balance and the points the village approved', async () => {
    const linkedPhone = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const person = await apiPost<{ id: string }>(member, '/persons', {
      name: `积分居民${stamp}`,
      regionId: grid.id,
      phone: linkedPhone,
      birthDate: '1980-05-01',
    });
    // A deposit without a rule waits for the village; approved, it counts.
    const deposit = await apiPost<{ id: string }>(member, '/moral-bank/deposits', {
      personId: person.id,
      points: 3,
      reason: `帮邻居搬运年货 ${stamp}`,
    });
    const village = await (await browser.newContext()).newPage();
    await signInAs(village, 'village');
    await apiPost(village, `/moral-bank/entries/${deposit.id}/approve`, {});

    const linked = await (await browser.newContext(phone)).newPage();
    linked.on('pageerror', (error) => problems.push(error.message));
    await linked.goto(`${inject('baseUrl')}/r/`);
    await enterCode(linked, linkedPhone);
    await linked.getByTestId('sign-in').click();
    await linked
      .locator('.adm-tab-bar-item')
      .filter({ hasText: /^我的$/ })
      .click();
    const bank = linked.getByTestId('moral-bank');
    await bank.waitFor();
    expect(await bank.getByTestId('moral-bank-balance').textContent()).toBe('3');
    expect(await bank.textContent()).toContain(`帮邻居搬运年货 ${stamp}`);
    expect(await bank.textContent()).toContain('+3');
    await picture(linked, 'resident-moral-bank');
    expect(problems).toEqual([]);
  });
});

describe('a registry resident’s micro-wish on a 390 px phone', () => {
  it('makes a wish, follows it as staff review, claim and fulfil it, and acknowledges it on the page', async () => {
    const wishPhone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    await apiPost(member, '/persons', {
      name: `心愿居民${stamp}`,
      regionId: grid.id,
      phone: wishPhone,
      birthDate: '1950-03-01',
    });
    const page = await (await browser.newContext(phone)).newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${inject('baseUrl')}/r/`);
    await enterCode(page, wishPhone);
    await page.getByTestId('sign-in').click();
    const wishesTab = page.locator('.adm-tab-bar-item').filter({ hasText: /^我的心愿$/ });
    await wishesTab.click();

    const content = `想要一台收音机听戏 ${stamp}`;
    await page.getByTestId('send-wish').click();
    await page.getByText('请选择心愿类别。').waitFor();
    await page.getByTestId('wish-category').getByText('生活用品').click();
    await page.getByTestId('wish-content').locator('textarea').fill(content);
    // The drives open in the resident's area today (the demo's 中秋微心愿): the wish joins the one they pick.
    const [drive] = (await apiGet<ResidentWishDrives>(page, '/resident/wish-drives')).items;
    await page.getByTestId('wish-drive').getByText(drive!.name).click();
    await page.getByTestId('send-wish').click();
    const card = page.getByTestId('my-wish').filter({ hasText: content });
    await card.getByText('待审核', { exact: true }).waitFor();

    // The village reviews it, a partner unit claims it and brings the radio with a photo.
    const village = await (await browser.newContext()).newPage();
    await signInAs(village, 'village');
    const listed = await apiGet<{ items: WishDetail[] }>(village, '/micro-wishes?status=pending_review&limit=200');
    const wish = listed.items.find((item) => item.content === content)!;
    expect(wish.registeredVia).toBe('resident');
    expect(wish.drive).toEqual({ id: drive!.id, name: drive!.name });
    const county = await (await browser.newContext()).newPage();
    await signInAs(county, 'county');
    const unit = await apiPost<{ id: string; name: string }>(county, '/units', {
      name: `心愿共建单位${stamp}`,
      kind: 'enterprise',
    });
    const approved = await apiPost<WishDetail>(village, `/micro-wishes/${wish.id}/actions`, {
      action: 'approve',
      version: wish.version,
    });
    await apiPost(village, `/micro-wishes/${wish.id}/actions`, {
      action: 'claim',
      version: approved.version,
      claimant: { kind: 'unit', id: unit.id },
      promisedOn: chinaToday(),
    });
    const { csrfToken } = await apiGet<Session>(village, '/session');
    const sent = await village.request.put(`${inject('baseUrl')}/api/v1/micro-wishes/${wish.id}/photo`, {
      data: photo.buffer,
      headers: { 'x-csrf-token': csrfToken, 'content-type': photo.mimeType },
    });
    expect(sent.status()).toBe(200);
    await apiPost(village, `/micro-wishes/${wish.id}/actions`, {
      action: 'fulfil',
      version: ((await sent.json()) as WishDetail).version,
      note: '收音机已送到家中，教会了调台',
    });

    // Told twice by text message: claimed, then fulfilled and waiting for their word.
    const texts = (await apiGet<SmsOutbox>(admin, '/sms-outbox')).items
      .filter((item) => item.phone === wishPhone)
      .map((item) => item.text);
    expect(texts.slice(0, 2)).toEqual([
      `【网格通】您的微心愿已实现，请登录确认：${inject('baseUrl')}/r/?tab=wishes`,
      `【网格通】您的微心愿已被认领，请登录查看：${inject('baseUrl')}/r/?tab=wishes`,
    ]);

    // The resident opens 我的心愿 again: fulfilled, by the unit, with its photo; they say thanks with 5 stars.
    await page
      .locator('.adm-tab-bar-item')
      .filter({ hasText: /^我的$/ })
      .click();
    await wishesTab.click();
    await card.getByText('已实现', { exact: true }).waitFor();
    expect(await card.textContent()).toContain(unit.name);
    expect(await card.textContent()).toContain('收音机已送到家中');
    await card.locator('img').waitFor();
    expect(await card.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    await card.getByTestId('send-acknowledgement').click();
    await card.getByText('请写下您想说的话。').waitFor();
    await card.getByTestId('acknowledge-wish').getByRole('radio', { name: '5' }).tap();
    await card.getByTestId('acknowledge-wish').locator('textarea').fill('收音机很好用，谢谢大家');
    await card.getByTestId('send-acknowledgement').click();
    await card.getByTestId('wish-acknowledgement').waitFor();
    expect(await card.textContent()).toContain('已确认');
    await picture(page, 'resident-wishes');

    const seen = await apiGet<WishDetail>(village, `/micro-wishes/${wish.id}`);
    expect(seen).toMatchObject({ status: 'acknowledged', acknowledgement: '收音机很好用，谢谢大家', rating: 5 });
    expect(problems).toEqual([]);
  });
});
