import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot } from './browser.js';

const entry = path.resolve('dist/server/main.js');
const password = 'Empty-Install-Passphrase-2026';

/**
 * A second server, as an operator sets one up for real: a fresh data folder, `gridlink create-admin`, then
 * `gridlink serve` (an account exists, so no demo county is seeded): the administrator has no county yet.
 */
describe('an installation without any county, as its administrator', () => {
  let dataDir: string;
  let server: ChildProcess;
  let baseUrl: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-empty-'));
    const environment = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' };
    const created = spawnSync(process.execPath, [entry, 'create-admin', '--username', 'root'], {
      env: { ...environment, GRIDLINK_ADMIN_PASSWORD: password },
      encoding: 'utf8',
    });
    expect(created.status, created.stderr).toBe(0);

    const port = 3900 + (process.pid % 90);
    baseUrl = `http://localhost:${port}`;
    server = spawn(process.execPath, [entry, 'serve'], {
      env: { ...environment, PORT: String(port) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    for (let ready = false; !ready;) {
      if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}.`);
      ready = (await fetch(`${baseUrl}/readyz`).catch(() => undefined))?.ok ?? false;
      if (!ready) await new Promise((resolve) => setTimeout(resolve, 250));
    }

    browser = await launchBrowser();
    page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-username').fill('root');
    await page.getByTestId('login-password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  });

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['/cases', '/cases/map', '/cases/catalogue', '/cases/new'])(
    '%s says to create a county first instead of waiting for one',
    async (address) => {
      await page.goto(`${baseUrl}${address}`);
      const notice = page.getByTestId('cases-no-county');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('还没有区县');
      await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
    },
  );

  it('leads to the territory, where a county is created', async () => {
    await page.goto(`${baseUrl}/cases`);
    await page.getByTestId('cases-no-county').getByRole('button').click();
    await page.waitForURL(/\/regions/);
    await saveScreenshot(page, 'cases-no-county');
  });
});
