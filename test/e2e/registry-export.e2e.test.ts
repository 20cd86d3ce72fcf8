import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cellToText } from '../../src/server/modules/registry/ledger/cells.js';
import { readLedgerRows } from '../../src/server/modules/registry/ledger/read-ledger.js';
import type { PersonPage } from '../../src/shared/api/registry.js';
import { launchBrowser, saveScreenshot, signInAs } from './browser.js';

/** The people rows of a downloaded ledger, read with the import's own reader, by header. */
async function readDownloadedLedger(file: string): Promise<Record<string, string>[]> {
  const rows: string[][] = [];
  for await (const row of readLedgerRows(fs.readFileSync(file), 'download.xlsx')) {
    rows.push(row.cells.map((cell) => cellToText(cell)));
  }
  const headerIndex = rows.findIndex((row) => row.includes('姓名'));
  const header = rows[headerIndex]!;
  return rows
    .slice(headerIndex + 1)
    .map((row) => Object.fromEntries(header.map((name, index) => [name, row[index] ?? ''])));
}

describe('exporting the residents list in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Signs in, opens the residents list, exports it masked and answers the rows with the list's total. */
  async function exportResidents(username: string): Promise<{ page: Page; rows: Record<string, string>[] }> {
    const page = await browser.newPage({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    await signInAs(page, username);
    await page.goto(`${inject('baseUrl')}/registry`);
    await page.getByTestId('registry-total').waitFor();
    await saveScreenshot(page, `residents-${username}`);
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByTestId('registry-export').click();
    await page.getByText('导出（脱敏）').click();
    const file = await (await download).path();
    return { page, rows: await readDownloadedLedger(file) };
  }

  async function listTotal(page: Page): Promise<number> {
    const answer = await page.request.get(`${inject('baseUrl')}/api/v1/persons?limit=1`);
    expect(answer.status()).toBe(200);
    return ((await answer.json()) as PersonPage).total!;
  }

  it('exports the whole village as the village: every resident, masked, grids by name', async () => {
    const { page, rows } = await exportResidents('village');
    expect(rows.length).toBeGreaterThan(2000);
    expect(rows.length).toBe(await listTotal(page));
    expect(rows.every((row) => /^\d{3}\*{4}\d{4}$/.test(row['联系电话']!) || row['联系电话'] === '')).toBe(true);
    expect(rows.every((row) => /网格$/.test(row['网格']!))).toBe(true);
    await page.close();
  }, 180_000);

  it('exports the member’s grid as the member', async () => {
    const { page, rows } = await exportResidents('member');
    expect(rows.length).toBe(await listTotal(page));
    expect(new Set(rows.map((row) => row['网格'])).size).toBe(1);
    await page.goto(`${inject('baseUrl')}/registry/households`);
    // Rooms ending in 01: 101, 201 … 901, then 1001 — numbers as numbers, no longer 1001 right after 101.
    await page.getByTestId('household-search').fill('01室');
    await page.getByText('1单元102室', { exact: false }).first().waitFor({ state: 'detached' });
    await page.getByText('1001室').first().waitFor();
    await page.screenshot({ path: 'test-results/households-member.png' });
    await page.close();
  }, 180_000);
});
