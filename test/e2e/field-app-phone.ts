import type { Page } from 'playwright-core';

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
