import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { everyPageBudgetBytes, moduleFiles, pageBundles, type PageBundle } from '../../bench/console-bundle.js';
import { regionMapModule } from '../../vite.first-page.js';
import { markWhenShown, titleShown } from '../../bench/page-marks.js';
import { launchBrowser, signInAs } from './browser.js';

/**
 * The console loads what the page needs: the JavaScript every page loads stays within issue 10's budget, and the
 * login page and the first page load no file beyond those the bench counts for them (so its figures are what a
 * browser loads, and the login page does not load the signed-in pages' code); on a desktop the region page fetches
 * its map's code (Leaflet) with its own, and only those who read English load the English text.
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

const englishFile = () => moduleFiles(webRoot, 'i18n/en.ts')[0];

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
    await firstPage.addInitScript(markWhenShown, titleShown);
    await firstPage.goto(`${inject('baseUrl')}/`);
    await firstPage.getByTestId('region-map').locator('path.leaflet-interactive').first().waitFor();
    await firstPage.waitForLoadState('networkidle');
    const firstPageScripts = await scriptsOf(firstPage, titleShown.mark);
    expect(firstPageScripts.all.some((file) => file.includes('territory-page'))).toBe(true);
    expect(firstPageScripts.all.filter((file) => !firstPageFiles.includes(file))).toEqual([]);
    const [mapFile] = moduleFiles(webRoot, regionMapModule);
    expect(firstPageScripts.beforeMark.length).toBeGreaterThan(0);
    expect(firstPageScripts.beforeMark).toContain(mapFile);
    expect(firstPageScripts.all).not.toContain(englishFile());
    await signedIn.close();
  });

  it('loads the English text when one switches to English, and before the first picture on the next visit', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${inject('baseUrl')}/login`);
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toMatch(/登\s*录/);
    await page.getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toBe('Sign in');
    expect((await scriptsOf(page)).all).toContain(englishFile());

    // The next visit never shows Chinese first: the console waits for the English text before it renders.
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        const submit = document.querySelector('[data-testid="login-submit"]');
        if (!submit) return;
        sessionStorage.setItem('first-label', submit.textContent ?? '');
        observer.disconnect();
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    await expect.poll(() => page.getByTestId('login-submit').innerText()).toBe('Sign in');
    expect(await page.evaluate(() => sessionStorage.getItem('first-label'))).toBe('Sign in');
    await context.close();
  });
});
