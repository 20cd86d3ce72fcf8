import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchBrowser } from './browser.js';
import { demoPassword } from './start-server.js';

/** The field app's browser tests: a 390 px phone that keeps the app's service worker. */
export const phone = {
  viewport: { width: 390, height: 844 },
  locale: 'zh-CN',
  isMobile: true,
  hasTouch: true,
  serviceWorkers: 'allow' as const,
};

/** A 1×1 PNG, as the camera input takes it: the server recognises photos by their first bytes. */
export const photo = {
  name: 'photo.png',
  mimeType: 'image/png',
  buffer: Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  ),
};

/** A mark for this run's records. Letters only: digits in notes are starred for a member without sensitive.read. */
export function letterStamp(): string {
  return Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
}

/** Opens a tab of the app's bottom bar by its name. */
export async function openTab(page: Page, name: string): Promise<void> {
  // The queue's tab carries its count in a badge (待上传3).
  await page
    .locator('.adm-tab-bar-item')
    .filter({ hasText: new RegExp(`^${name}\\d*$`) })
    .click();
}

type OpenPhone = { browser: Browser; context: BrowserContext; page: Page };

/**
 * The phone a field-app test file drives: a browser opened before the file's tests and closed after them, one
 * 390 px page in it, and the page's script errors collected in `problems` (each file checks there are none).
 */
export function phoneForThisFile() {
  let open: OpenPhone | undefined;
  const problems: string[] = [];
  beforeAll(async () => {
    const browser = await launchBrowser();
    const context = await browser.newContext(phone);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    open = { browser, context, page };
  });
  afterAll(async () => {
    await open?.browser.close();
  });
  const opened = (): OpenPhone => {
    if (!open) throw new Error('The phone opens before the file’s tests.');
    return open;
  };
  return {
    problems,
    get browser() {
      return opened().browser;
    },
    get context() {
      return opened().context;
    },
    get page() {
      return opened().page;
    },
  };
}

/** Signs into the field app at /m/ as one of the demo accounts and waits for its first screen. */
export async function signInOnPhone(page: Page, username: string): Promise<void> {
  await page.goto(`${inject('baseUrl')}/m/`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(demoPassword);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('待我处理的案件').waitFor();
}
