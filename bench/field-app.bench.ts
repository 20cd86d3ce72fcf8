/**
 * The field app: its initial JavaScript (gzip, from the build's manifest) and the time a 200-record offline queue
 * takes to reach the server once the network returns (issue 11: ≤ 10 s), in Debian's Chromium against the built
 * server on PGlite:
 *
 *   npm run build && npx tsx bench/field-app.bench.ts
 *
 * The sync starts a server of its own on a fresh data folder (the demo seeds first, about a minute), or uses
 * FIELD_APP_URL (a running server with the demo and DEMO_PASSWORD). 200 visits are queued in the app's IndexedDB
 * while offline, as the visit form queues them; the time runs from `context.setOffline(false)` until the queue is
 * empty, each visit acknowledged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { launchChromium } from './chromium.js';
import { fieldAppBudgetBytes, fieldAppBundle } from './field-app-bundle.js';

const webRoot = path.resolve('dist/web');
const queued = 200;
const password = process.env.DEMO_PASSWORD ?? 'bench-demo-password';

if (!fs.existsSync(path.join(webRoot, '.vite/manifest.json')) || !fs.existsSync('dist/server/main.js')) {
  console.log('No build in dist/: run `npm run build` first. Skipped.');
  process.exit(0);
}

const bundle = fieldAppBundle(webRoot);
console.log('\n## The field app');
console.log(
  `initial JavaScript ${(bundle.gzipBytes / 1024).toFixed(1)} kB gzip in ${bundle.files.length} files ` +
    `(budget ${fieldAppBudgetBytes / 1024} kB: ${bundle.gzipBytes <= fieldAppBudgetBytes ? 'met' : 'NOT met'})`,
);

let server: ChildProcess | undefined;
let dataDir: string | undefined;
let baseUrl = process.env.FIELD_APP_URL;
if (!baseUrl) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-field-bench-'));
  const port = 3900 + (process.pid % 90);
  server = spawn(process.execPath, ['dist/server/main.js', 'serve'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DEMO_PASSWORD: password, DATABASE_URL: '' },
    stdio: 'ignore',
  });
  baseUrl = `http://localhost:${port}`;
  const deadline = Date.now() + 300_000;
  while (!(await fetch(`${baseUrl}/readyz`).catch(() => undefined))?.ok) {
    if (Date.now() > deadline) throw new Error('The server did not start.');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/m/`);
  await page.locator('input[name=username]').fill('member');
  await page.locator('input[name=password]').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page
    .locator('.adm-tab-bar-item')
    .filter({ hasText: /^我的网格$/ })
    .click();
  await page.getByText(/共 [1-9]\d* 户/).waitFor({ timeout: 60_000 });
  await context.setOffline(true);
  const ids = Array.from({ length: queued }, () => uuidv7());
  await page.evaluate(
    async ({ ids }) => {
      // tsx names the functions below with a helper the page does not have.
      (globalThis as { __name?: unknown }).__name ??= (target: unknown) => target;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const opening = indexedDB.open('gridlink-field');
        opening.onsuccess = () => resolve(opening.result);
        opening.onerror = () => reject(opening.error);
      });
      const read = <Value>(store: string, key?: string) =>
        new Promise<Value>((resolve) => {
          const objects = db.transaction(store).objectStore(store);
          const asked = key === undefined ? objects.getAll() : objects.get(key);
          asked.onsuccess = () => resolve(asked.result as Value);
        });
      const session = await read<{ user: { id: string } }>('meta', 'session');
      const households = await read<{ id: string; address: string }[]>('households');
      const transaction = db.transaction('queue', 'readwrite');
      ids.forEach((id, index) => {
        const household = households[index % households.length]!;
        transaction.objectStore('queue').put({
          id,
          kind: 'visit',
          accountId: session.user.id,
          label: household.address,
          createdAt: new Date(Date.now() + index).toISOString(),
          status: 'waiting',
          attempts: 0,
          nextAttemptAt: 0,
          photos: [],
          body: {
            id,
            householdId: household.id,
            visitedAt: new Date().toISOString(),
            purpose: 'routine',
            findings: '入户走访，情况正常',
          },
        });
      });
      await new Promise((resolve) => (transaction.oncomplete = resolve));
      db.close();
    },
    { ids },
  );
  const started = performance.now();
  await context.setOffline(false);
  const countQueued = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const opening = indexedDB.open('gridlink-field');
          opening.onsuccess = () => {
            const asked = opening.result.transaction('queue').objectStore('queue').count();
            asked.onsuccess = () => {
              opening.result.close();
              resolve(asked.result);
            };
          };
        }),
    );
  const deadline = Date.now() + 120_000;
  while ((await countQueued()) > 0) {
    if (Date.now() > deadline) throw new Error('The queue was not sent within two minutes.');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const answer = await context.request.get(`${baseUrl}/api/v1/visits/${ids[queued - 1]}`);
  console.log(
    `sync of ${queued} queued visits: ${seconds.toFixed(2)} s (budget 10 s: ${seconds <= 10 ? 'met' : 'NOT met'}); ` +
      `the last one on the server: ${answer.status() === 200 ? 'yes' : `no (${answer.status()})`}`,
  );
} finally {
  await browser.close();
  server?.kill('SIGTERM');
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
