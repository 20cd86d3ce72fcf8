import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { everyPageBudgetBytes, pageBundles, type PageBundle } from '../../bench/console-bundle.js';
import { launchBrowser, signInAs } from './browser.js';

/**
 * The console loads what the page needs: the JavaScript every page loads stays within issue 10's budget, and the
 * login page and the first page load no file beyond those the bench counts for them (so its figures are what a
 * browser loads, and the login page does not load the signed-in pages' code).
 */
const webRoot = path.resolve('dist/web');
let bundles: Map<PageBundle['page'], PageBundle>;
let browser: Browser;

beforeAll(async () => {
  bundles = new Map(pageBundles(webRoot).map((bundle) => [bundle.page, bundle]));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The scripts this document loaded (as paths under the web root, assets/…), those asked for before `mark` apart. */
function scriptsOf(page: Page, mark?: string): Promise<{ all: string[]; beforeMark: string[] }> {
  return page.evaluate((mark) => {
    const markedAt = mark ? performance.getEntriesByName(mark)[0]?.startTime : undefined;
    const scripts = performance
      .getEntriesByType('resource')
      .map((entry) => ({ file: new URL(entry.name).pathname.slice(1), startTime: entry.startTime }))
      .filter((script) => script.file.endsWith('.js'));
    return {
      all: scripts.map((script) => script.file),
      beforeMark: scripts
        .filter((script) => markedAt === undefined || script.startTime < markedAt)
        .map((script) => script.file),
    };
  }, mark);
}

describe('the console’s JavaScript', () => {
  it(`every page loads at most ${everyPageBudgetBytes / 1024} kB gzip before its own code`, () => {
    expect(bundles.get('every page')!.gzipBytes).toBeLessThanOrEqual(everyPageBudgetBytes);
  });

  it('the login page loads its own code, then, idle, the first page’s; the first page only what the bench counts', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}/login`);
    await page.getByTestId('login-submit').waitFor();
    // The idle callback may come after the network has gone quiet on a busy machine: wait for its request itself
    // (the script's: the page's style sheet, of the same name, is asked for before it).
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((entry) => /territory-page-[^/]*\.js$/.test(entry.name)),
    );
    await page.waitForLoadState('networkidle');
    const loginScripts = await scriptsOf(page, 'signed-in-code-requested');
    const loginPageFiles = bundles.get('login page')!.files;
    const firstPageFiles = bundles.get('first page')!.files;
    expect(loginScripts.beforeMark.length).toBeGreaterThan(0);
    expect(loginScripts.beforeMark.filter((file) => !loginPageFiles.includes(file))).toEqual([]);
    // Once idle it fetches the signed-in page's code, so that pressing 登录 does not wait for it, and nothing else.
    expect(loginScripts.all.some((file) => file.includes('territory-page'))).toBe(true);
    expect(loginScripts.all.filter((file) => !loginPageFiles.includes(file) && !firstPageFiles.includes(file))).toEqual(
      [],
    );

    await signInAs(page, 'village');
    const cookies = await context.cookies();
    await context.close();

    const signedIn = await browser.newContext({
      viewport: { width: 1366, height: 860 },
      locale: 'zh-CN',
      storageState: { cookies, origins: [] },
    });
    const firstPage = await signedIn.newPage();
    await firstPage.goto(`${inject('baseUrl')}/`);
    await firstPage.getByTestId('region-title').waitFor();
    await firstPage.waitForLoadState('networkidle');
    const firstPageScripts = (await scriptsOf(firstPage)).all;
    expect(firstPageScripts.some((file) => file.includes('territory-page'))).toBe(true);
    expect(firstPageScripts.filter((file) => !firstPageFiles.includes(file))).toEqual([]);
    await signedIn.close();
  });
});
