import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Region, RegionDetail } from '../../src/shared/api/regions.js';
import { launchBrowser, saveScreenshot, signInAs } from './browser.js';

type Point = { x: number; y: number };

async function centreOf(locator: Locator): Promise<Point> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('The element is not on screen.');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

const distance = (first: Point, second: Point) => Math.hypot(first.x - second.x, first.y - second.y);

/** The screen positions of the vertex handles of the shape being edited (not the "add a vertex" middles). */
async function vertexHandles(page: Page): Promise<Point[]> {
  const handles = page.locator('[data-testid="boundary-editor-map"] .marker-icon:not(.marker-icon-middle)');
  return Promise.all((await handles.all()).map(centreOf));
}

/** The handles once the map has settled: it fits itself to the neighbours as they load. */
async function settledVertexHandles(page: Page): Promise<Point[]> {
  let previous = '';
  for (;;) {
    const handles = await vertexHandles(page);
    const current = JSON.stringify(handles);
    if (handles.length > 0 && current === previous) return handles;
    previous = current;
    await page.waitForTimeout(400);
  }
}

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${inject('baseUrl')}/api/v1${path}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as T;
}

/** A grid of the village account's village without micro-grids, so any shape inside it keeps its children. */
async function childlessGrid(page: Page): Promise<RegionDetail> {
  const session = await api<{ regionId: string }>(page, '/session');
  const grids = (await api<{ items: Region[] }>(page, `/regions?parentId=${session.regionId}`)).items;
  const grid = grids.filter((candidate) => candidate.childCount === 0)[1];
  if (!grid) throw new Error('The demo village needs two grids without micro-grids.');
  return api<RegionDetail>(page, `/regions/${grid.id}`);
}

describe('the village draws a grid boundary on the map in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let grid: RegionDetail;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signInAs(page, 'village');
    grid = await childlessGrid(page);
  });

  afterAll(async () => {
    // Put the demo grid back as it was for the other browser tests.
    if (grid?.boundary) {
      const { csrfToken } = await api<{ csrfToken: string }>(page, '/session');
      await page.request.patch(`${inject('baseUrl')}/api/v1/regions/${grid.id}`, {
        data: { boundary: grid.boundary },
        headers: { 'x-csrf-token': csrfToken },
      });
    }
    await browser?.close();
  });

  it('refuses a shape drawn over a neighbouring grid, highlights it in Chinese, and saves it fixed', async () => {
    const siblings = (await api<{ items: Region[] }>(page, `/regions?parentId=${grid.parentId}`)).items;
    const siblingNames = siblings.filter((sibling) => sibling.id !== grid.id).map((sibling) => sibling.name);
    await page.goto(`${inject('baseUrl')}/regions/${grid.id}`);
    await page.getByTestId('edit-boundary').click();
    const map = page.getByTestId('boundary-editor-map');
    await map.locator('.boundary-shape').waitFor();
    await map.locator('.region-label').first().waitFor();
    const handles = await settledVertexHandles(page);
    expect(handles.length).toBeGreaterThanOrEqual(4);
    const centre = {
      x: handles.reduce((sum, vertex) => sum + vertex.x, 0) / handles.length,
      y: handles.reduce((sum, vertex) => sum + vertex.y, 0) / handles.length,
    };
    // The grid is convex: its corners in order around the centre are its ring.
    const angle = (point: Point) => Math.atan2(point.y - centre.y, point.x - centre.x);
    const corners = [...handles].sort((first, second) => angle(first) - angle(second));

    // One corner pushed outward until it lands on a neighbouring grid (an interactive polygon under the pointer).
    const isOverNeighbour = (point: Point) =>
      page.evaluate(({ x, y }) => {
        const element = document.elementFromPoint(x, y);
        return element instanceof SVGPathElement && !element.classList.contains('boundary-shape');
      }, point);
    let pushed: { index: number; point: Point } | undefined;
    for (const factor of [1.6, 2, 2.5]) {
      for (const [index, corner] of corners.entries()) {
        const point = { x: centre.x + factor * (corner.x - centre.x), y: centre.y + factor * (corner.y - centre.y) };
        if (!pushed && (await isOverNeighbour(point))) pushed = { index, point };
      }
    }
    expect(pushed).toBeDefined();
    const original = corners[pushed!.index]!;

    // Draw anew, corner by corner, with that corner in the neighbour; clicking the first corner again closes it.
    await page.getByTestId('redraw-boundary').click();
    await expect.poll(() => map.locator('.boundary-shape').count()).toBe(0);
    for (const [index, corner] of [...corners, corners[0]!].entries()) {
      if (index !== pushed!.index) {
        await page.mouse.click(corner.x, corner.y);
        continue;
      }
      // Alt turns geoman's snapping off, or the corner could snap back onto the neighbour's edge.
      await page.keyboard.down('Alt');
      await page.mouse.move(pushed!.point.x, pushed!.point.y, { steps: 3 });
      await page.mouse.click(pushed!.point.x, pushed!.point.y);
      await page.keyboard.up('Alt');
    }
    await map.locator('.boundary-shape').waitFor();
    await saveScreenshot(page, 'boundary-drawn');

    await page.getByTestId('save-boundary').click();
    const problems = page.getByTestId('boundary-problems');
    await problems.waitFor();
    const text = (await problems.textContent()) ?? '';
    expect(text).toContain('重叠');
    expect(siblingNames.some((name) => text.includes(name))).toBe(true);
    expect(text).not.toMatch(/overlaps|m²/);
    await expect.poll(() => map.locator('.region-highlight').count()).toBeGreaterThan(0);
    await saveScreenshot(page, 'boundary-refused');
    // The editor alone, for the docs; taking it may scroll the page, so the points found above move with it.
    const mapBefore = (await map.boundingBox())!;
    await page.getByTestId('boundary-editor').screenshot({ path: 'test-results/boundary-refused-editor.png' });
    const mapAfter = (await map.boundingBox())!;
    const shifted = (point: Point) => ({
      x: point.x + mapAfter.x - mapBefore.x,
      y: point.y + mapAfter.y - mapBefore.y,
    });

    // Fix it by dragging that vertex back to the corner; it snaps onto the neighbour's vertex there.
    const from = shifted(pushed!.point);
    const to = shifted(original);
    const stray = (await vertexHandles(page)).sort(
      (first, second) => distance(first, from) - distance(second, from),
    )[0]!;
    await page.mouse.move(stray.x, stray.y);
    await page.mouse.down();
    await page.mouse.move((stray.x + to.x) / 2, (stray.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();

    await page.getByTestId('save-boundary').click();
    await page.getByText('边界已保存').waitFor();
    await page.getByTestId('region-map').waitFor();
    await saveScreenshot(page, 'boundary-saved');
    const saved = await api<RegionDetail & { boundary: { type: string; coordinates: number[][][] } }>(
      page,
      `/regions/${grid.id}`,
    );
    const before = (grid.boundary as { coordinates: number[][][] }).coordinates[0]!;
    const after = saved.boundary.coordinates[0]!;
    // Drawn by hand on the corners: each saved corner within a pixel or two (about 50 m) of the grid’s own.
    for (const [lng, lat] of after) {
      const nearest = Math.min(...before.map(([x, y]) => Math.hypot(x! - lng!, y! - lat!)));
      expect(nearest).toBeLessThan(5e-4);
    }
    expect(cspViolations).toEqual([]);
  });

  it('opens the editor on a 390 px phone, with its buttons on screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
    const phonePage = await phone.newPage();
    await signInAs(phonePage, 'village');
    await phonePage.goto(`${inject('baseUrl')}/regions/${grid.id}`);
    await phonePage.getByTestId('edit-boundary').click();
    await phonePage.getByTestId('boundary-editor-map').locator('.boundary-shape').waitFor();
    for (const button of ['save-boundary', 'redraw-boundary', 'cancel-boundary']) {
      const box = await phonePage.getByTestId(button).boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    }
    const mapBox = await phonePage.getByTestId('boundary-editor-map').boundingBox();
    expect(mapBox!.width).toBeGreaterThan(300);
    await phonePage.getByTestId('boundary-editor').scrollIntoViewIfNeeded();
    await saveScreenshot(phonePage, 'boundary-editor-phone');
    await phonePage.screenshot({ path: 'test-results/boundary-editor-phone-screen.png' });
    await phonePage.getByTestId('cancel-boundary').click();
    await phonePage.getByTestId('region-map').waitFor();
    await phone.close();
  });

  it.each(['village', 'county'])('finds a grid by typing its code in a region picker, as the %s', async (username) => {
    const pickerContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const pickerPage = await pickerContext.newPage();
    await signInAs(pickerPage, username);
    await pickerPage.goto(`${inject('baseUrl')}/registry`);
    await pickerPage.getByTestId('registry-region').locator('.ant-select').click();
    // The county has not opened the grid's branch: the match comes from the server's search.
    await pickerPage.keyboard.type(grid.code);
    const option = pickerPage.locator('.ant-select-tree-node-content-wrapper', { hasText: grid.code });
    await option.waitFor();
    expect(await option.textContent()).toContain(grid.name);
    await option.click();
    await expect.poll(() => pickerPage.getByTestId('registry-region').textContent()).toContain(grid.name);
    await pickerContext.close();
  });

  it('suggests the child level’s kind in the new-grid dialog', async () => {
    const townContext = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const townPage = await townContext.newPage();
    await signInAs(townPage, 'town');
    const session = await api<{ regionId: string }>(townPage, '/session');
    const [village] = (await api<{ items: Region[] }>(townPage, `/regions?parentId=${session.regionId}`)).items;
    await townPage.goto(`${inject('baseUrl')}/regions/${village!.id}`);
    await townPage.getByTestId('add-region').click();
    await townPage.locator('.ant-modal').getByText('如：网格或专属网格').waitFor();
    await townContext.close();
  });
});
