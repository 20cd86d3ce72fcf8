import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect, inject, vi } from 'vitest';
import { chromiumPath, launchChromium } from '../../bench/chromium.js';
import type { Session } from '../../src/shared/api/session.js';
import { demoPassword } from './start-server.js';

/** Debian's Chromium, headless; no browser is downloaded. */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`No Chromium at ${chromiumPath}: apt-get install chromium (or set CHROMIUM_PATH).`);
  }
  return launchChromium();
}

export async function signInAs(page: Page, username: string): Promise<void> {
  await page.goto(`${inject('baseUrl')}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(demoPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('region-tree').waitFor();
}

/**
 * Scrolls a region page down to its people (网格力量), as a user does: the staff list is drawn, and asked for, only
 * once it comes into view.
 */
export async function scrollToStaff(page: Page): Promise<void> {
  await page.locator('[data-testid="staff-placeholder"], [data-testid="staff-table"]').first().scrollIntoViewIfNeeded();
  await page.getByTestId('staff-table').waitFor();
}

/** Saves a screenshot for a person to look at (test-results/ is not committed). */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync('test-results', { recursive: true });
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true });
}

/** A read through the API with the page's session, as the console sends it; anything but 200 fails the test. */
export async function apiGet<Body>(page: Page, path: string): Promise<Body> {
  const answer = await page.request.get(`${inject('baseUrl')}/api/v1${path}`);
  expect(answer.status(), path).toBe(200);
  return (await answer.json()) as Body;
}

/** A change through the API, with the session's CSRF token, as the console sends it. */
export async function apiPost<Body>(page: Page, path: string, body: unknown): Promise<Body> {
  const { csrfToken } = await apiGet<Session>(page, '/session');
  const answer = await page.request.post(`${inject('baseUrl')}/api/v1${path}`, {
    data: body,
    headers: { 'x-csrf-token': csrfToken },
  });
  expect(answer.status(), path).toBeLessThan(300);
  return (await answer.json()) as Body;
}

/** How long a select may take to close and show its choice: its animation stretches on a loaded machine. */
const selectSettleTimeout = { timeout: 10_000 };

/** Waits until no select's list of options is open. */
export async function dropdownClosed(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), selectSettleTimeout).toBe(0);
}

/**
 * Waits until a dialog is open and none is still zooming in (antd's motion classes, ant-zoom-appear or ant-zoom-enter):
 * a click on a button that is still growing can land beside it and do nothing, as seen on a loaded machine.
 */
export async function dialogOpened(page: Page): Promise<void> {
  const dialogs = page.locator('.ant-modal-wrap:visible');
  const zooming = dialogs.locator('[class*="ant-zoom-"]');
  await expect.poll(async () => (await dialogs.count()) > 0 && (await zooming.count()) === 0).toBe(true);
}

/** The options of the select list that is open. */
export function openOptions(page: Page): Locator {
  return page.locator('.ant-select-dropdown:visible .ant-select-item-option');
}

/**
 * Chooses in the select `testId` as a user does: types `search` if given, then clicks the first option (the first
 * showing `text`, if given). Returns the chosen option's text once the select shows it and its list has closed.
 */
export async function chooseOption(
  page: Page,
  testId: string,
  { search, text }: { search?: string; text?: string } = {},
): Promise<string> {
  const select = page.getByTestId(testId);
  await select.click();
  if (search !== undefined) await page.keyboard.type(search);
  const first = openOptions(page)
    .filter(text ? { hasText: text } : {})
    .first();
  await first.waitFor();
  const chosen = ((await first.textContent()) ?? '').trim();
  await clickOption(page, select, chosen);
  return chosen;
}

/**
 * In the open list of `select`, clicks the first option showing `text`; answers once the select shows it and its list
 * has closed. On a slow machine a click can miss: the list moves as it aligns again after a scroll, or draws its rows
 * again as a search answer arrives. The list then stays open with nothing chosen, as a user would see, and they click
 * again; so does this, finding the option by its text in whatever rows the list shows.
 */
export async function clickOption(page: Page, select: Locator, text: string): Promise<void> {
  const option = openOptions(page).filter({ hasText: text }).first();
  await vi.waitFor(
    async () => {
      if (await option.isVisible()) await option.click({ timeout: 5_000 });
      expect(await select.textContent()).toContain(text);
    },
    { ...selectSettleTimeout, interval: 500 },
  );
  await dropdownClosed(page);
}
