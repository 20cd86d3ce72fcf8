import path from 'node:path';
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { moduleFiles } from '../../bench/console-bundle.js';
import { regionMapModule } from '../../vite.first-page.js';
import { markWhenShown, titleShown } from '../../bench/page-marks.js';
import { launchBrowser } from './browser.js';
import { demoPassword } from './start-server.js';

/**
 * The first page (the region page, where a bare address and sign-in land) asks for everything it needs in one go:
 * before, each part asked only once the part above it had its answer and had rendered — the region, then its map,
 * figures and people, then the items the figures name, then the bell's notifications — three to four rounds that
 * queue on PGlite, and the page kept loading after it looked done. What a user notices is how long the page keeps
 * loading; what is tested here is the cause, in the browser's own clock, so the test does not depend on the machine's
 * speed: no request waits for an answer to be rendered, and no request is sent twice. On a desktop the map's code
 * (Leaflet) comes with the page's too, since the map is on the first screen; a phone, whose map is further down,
 * loads it only once scrolled to.
 */

type Request = { url: string; startTime: number };

/** Waits for the page to settle; answers when the title was shown and every request it made, in its clock. */
async function requestsOf(page: Page): Promise<{ titleShownAt: number; requests: Request[] }> {
  await page.getByTestId('region-title').waitFor();
  await page.waitForLoadState('networkidle');
  return page.evaluate(
    (mark) => ({
      titleShownAt: performance.getEntriesByName(mark)[0]?.startTime ?? Number.NaN,
      requests: performance
        .getEntriesByType('resource')
        .map((entry) => ({ url: entry.name.replace(location.origin, ''), startTime: entry.startTime })),
    }),
    titleShown.mark,
  );
}

/** What was asked for after the title. */
function afterTitle({ titleShownAt, requests }: { titleShownAt: number; requests: Request[] }): Request[] {
  return requests.filter((request) => request.startTime > titleShownAt);
}

/** The address of the map's own code (its chunk; what it imports beside it is shared with other pages). */
const mapFile = () => `/${moduleFiles(path.resolve('dist/web'), regionMapModule)[0]}`;

function apiRequests(requests: Request[]): Request[] {
  return requests.filter((request) => request.url.startsWith('/api/'));
}

function repeated(requests: Request[]): string[] {
  const urls = requests.map((request) => request.url);
  return urls.filter((url, index) => urls.indexOf(url) !== index);
}

/**
 * An init script that counts the desktop's side menus put in or taken out of the page, even before any paint: a frame
 * that learns the screen's width only after mounting puts the desktop's frame in first, then swaps it for the phone's
 * (by the time an observer hears of it, the menu is already out again, so its removal is what is seen).
 */
function countSideMenus(): void {
  const counted = window as unknown as { sideMenusSeen: number };
  counted.sideMenusSeen = 0;
  const isSideMenu = (node: Node) =>
    node instanceof Element && (node.matches('.app-sider') || node.querySelector('.app-sider') !== null);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      counted.sideMenusSeen += [...record.addedNodes, ...record.removedNodes].filter(isSideMenu).length;
    }
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { childList: true, subtree: true }),
  );
}

describe('the first page in Chromium asks for all it needs at once', () => {
  let browser: Browser;
  let context: BrowserContext;
  const baseUrl = () => inject('baseUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  function newContext(storageState?: { cookies: Cookie[]; origins: [] }): Promise<BrowserContext> {
    return browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', storageState });
  }

  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    await page.addInitScript(markWhenShown, titleShown);
    return page;
  }

  async function signIn(page: Page, username: string): Promise<void> {
    await page.goto(`${baseUrl()}/login`);
    // As a person would, once the login page has loaded, in its idle time, the signed-in page's code (its map's too).
    await page.waitForFunction(() => performance.getEntriesByName('signed-in-code-requested').length > 0);
    await page.waitForLoadState('networkidle');
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(demoPassword);
    // Only what follows the press counts.
    await page.evaluate(() => performance.clearResourceTimings());
    await page.getByTestId('login-submit').click();
  }

  for (const username of ['village', 'county', 'member']) {
    it(`${username}: signing in sends the page's requests beside the session, none twice, nothing after the title`, async () => {
      context = await newContext();
      const page = await newPage();
      await signIn(page, username);
      const signedIn = await requestsOf(page);
      const api = apiRequests(signedIn.requests);
      expect(api.map((request) => request.url)).toContain('/api/v1/session');
      expect(api.length).toBeGreaterThan(4);
      expect(repeated(api)).toEqual([]);
      expect(afterTitle(signedIn)).toEqual([]);
      await page.close();

      // The address one types, signed in, with the browser's cache empty and then primed.
      const cookies = await context.cookies();
      await context.close();
      context = await newContext({ cookies, origins: [] });
      for (const visit of ['cold', 'warm']) {
        const firstPage = await newPage();
        await firstPage.goto(`${baseUrl()}/`);
        const visited = await requestsOf(firstPage);
        const visitedApi = apiRequests(visited.requests);
        expect(visitedApi.length, visit).toBeGreaterThan(4);
        expect(repeated(visitedApi), visit).toEqual([]);
        expect(afterTitle(visited), visit).toEqual([]);
        await firstPage.close();
      }
      await context.close();
    });
  }

  it('opening the address in a new browser, signed in, sends the page’s requests without waiting for the session', async () => {
    context = await newContext();
    const signInPage = await newPage();
    await signIn(signInPage, 'village');
    await signInPage.getByTestId('region-title').waitFor();
    const cookies = await context.cookies();
    await context.close();
    // Nothing remembered in this browser: only the cookie, and the session's answer held back for a second.
    context = await newContext({ cookies, origins: [] });
    await context.route('**/api/v1/session', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.continue();
    });
    const page = await newPage();
    await page.goto(`${baseUrl()}/`);
    await page.getByTestId('region-title').waitFor();
    const timings = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => ({
        url: entry.name.replace(location.origin, ''),
        startTime: entry.startTime,
        responseEnd: (entry as PerformanceResourceTiming).responseEnd,
      })),
    );
    const session = timings.find((timing) => timing.url === '/api/v1/session');
    const region = timings.find((timing) => /^\/api\/v1\/regions\/[^/?]+$/.test(timing.url));
    expect(session, JSON.stringify(timings)).toBeDefined();
    expect(region, JSON.stringify(timings)).toBeDefined();
    expect(region!.startTime).toBeLessThan(session!.responseEnd);
    // The page's code is named in the page itself (the server opens its preloads for a session), at high priority:
    // asked for before the boot script, which asked for it at a dynamic import's low priority, has even arrived.
    const boot = timings.find((timing) => /^\/assets\/boot-[\w-]+\.js$/.test(timing.url));
    expect(boot, JSON.stringify(timings)).toBeDefined();
    for (const chunk of ['signed-in-frame', 'territory-page']) {
      const code = timings.find((timing) => new RegExp(`^/assets/${chunk}-[\\w-]+\\.js$`).test(timing.url));
      expect(code?.startTime, `${chunk}: ${JSON.stringify(timings)}`).toBeLessThan(boot!.responseEnd);
    }
    await context.close();
  });

  it('on a 390 px phone, whose map is below the first screen, the map’s code loads only once scrolled to', async () => {
    const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' };
    context = await browser.newContext(phone);
    const signInPage = await newPage();
    await signIn(signInPage, 'village');
    await signInPage.getByTestId('region-title').waitFor();
    const cookies = await context.cookies();
    await context.close();
    context = await browser.newContext({ ...phone, storageState: { cookies, origins: [] } });
    const page = await newPage();
    await page.goto(`${baseUrl()}/`);
    const visited = await requestsOf(page);
    expect(visited.requests.map((request) => request.url)).not.toContain(mapFile());
    await page.getByTestId('region-map').scrollIntoViewIfNeeded();
    await page.getByTestId('region-map').locator('path.leaflet-interactive').first().waitFor();
    const urls = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => entry.name.replace(location.origin, '')),
    );
    expect(urls).toContain(mapFile());
    await context.close();
  });

  it('renders the frame for the screen at once: a phone never gets the desktop’s side menu, even unpainted', async () => {
    context = await newContext();
    const signInPage = await newPage();
    await signIn(signInPage, 'village');
    await signInPage.getByTestId('region-title').waitFor();
    const cookies = await context.cookies();
    await context.close();
    const sideMenusSeen = async (screen: { width: number; height: number }) => {
      context = await browser.newContext({ viewport: screen, locale: 'zh-CN', storageState: { cookies, origins: [] } });
      const page = await context.newPage();
      await page.addInitScript(countSideMenus);
      await page.goto(`${baseUrl()}/`);
      await page.getByTestId('region-title').waitFor();
      const seen = await page.evaluate(() => (window as unknown as { sideMenusSeen: number }).sideMenusSeen);
      await context.close();
      return seen;
    };
    expect(await sideMenusSeen({ width: 1366, height: 860 })).toBe(1);
    expect(await sideMenusSeen({ width: 390, height: 844 })).toBe(0);
  });
});
