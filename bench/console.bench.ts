/**
 * The console in Chromium, as a user meets it: sign-in and the first page, cold and warm, for the county, village
 * and member accounts; and the server's own time for POST and GET /api/v1/session and for the password hash alone.
 *
 *   npm run build && npx tsx bench/console.bench.ts [--runs 7]
 *
 * It starts the built server (dist/, as `npm start` runs it) on a fresh PGlite folder with the demo county, or with
 * DATABASE_URL on a database of its own on that server (dropped at the end), and drives Debian's Chromium
 * (/usr/bin/chromium or CHROMIUM_PATH) through playwright-core. Without a build or a Chromium it says so and skips.
 *
 * What is timed (each case `--runs` times, median and p95):
 *   sign-in     from pressing 登录 to the first page settled;
 *   first page  from starting the navigation to / (the address one types), signed in, to the page settled;
 *   cold        a new browser context: empty cache, no compiled code;
 *   warm        the same context again: its cache primed by the cold visit.
 * Settled: the region's title is shown and no request has been in flight for 300 ms; the time is that of the last
 * request's end (or of the title, if later), so the quiet wait itself is not counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { verifyPassword, hashPassword } from '../src/server/auth/passwords.js';
import { withBenchDatabase } from './bench-database.js';
import { percentile } from './measure.js';

const roles = ['county', 'village', 'member'] as const;
const runsArgument = process.argv.indexOf('--runs');
const runs = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 7;
const password = 'console-bench-password';
const quietMilliseconds = 300;
const serverRuns = 20;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const entry = path.resolve('dist/server/main.js');

type Transfer = { files: number; transferred: number; decoded: number };
type Sample = { milliseconds: number; transfer: Transfer };

/** Requests in flight on a page and when the last one started or ended. */
class Traffic {
  private inFlight = 0;
  lastChange = performance.now();

  constructor(page: Page) {
    const change = (delta: number) => {
      this.inFlight += delta;
      this.lastChange = performance.now();
    };
    page.on('request', () => change(1));
    page.on('requestfinished', () => change(-1));
    page.on('requestfailed', () => change(-1));
  }

  /** When the page settled: its main content shown and no request in flight for a while. */
  async settled(page: Page): Promise<number> {
    await page.getByTestId('region-title').waitFor({ timeout: 60_000 });
    const shownAt = performance.now();
    while (this.inFlight > 0 || performance.now() - this.lastChange < quietMilliseconds) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return Math.max(shownAt, this.lastChange);
  }
}

/** The JS and CSS this document loaded: files, bytes over the wire (0 from the cache) and bytes unpacked. */
function transferOf(page: Page): Promise<Transfer> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => /\.(js|css)(\?|$)/.test(entry.name))
      .reduce(
        (total, entry) => {
          const resource = entry as PerformanceResourceTiming;
          return {
            files: total.files + 1,
            transferred: total.transferred + resource.transferSize,
            decoded: total.decoded + resource.decodedBodySize,
          };
        },
        { files: 0, transferred: 0, decoded: 0 },
      ),
  );
}

async function newPage(context: BrowserContext): Promise<{ page: Page; traffic: Traffic }> {
  const page = await context.newPage();
  return { page, traffic: new Traffic(page) };
}

/** Opens the login page, waits for it to settle, signs in and answers the time from the press to the first page. */
async function signIn(page: Page, traffic: Traffic, baseUrl: string, username: string): Promise<number> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-submit').waitFor();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  const pressed = performance.now();
  await page.getByTestId('login-submit').click();
  return (await traffic.settled(page)) - pressed;
}

async function openFirstPage(page: Page, traffic: Traffic, baseUrl: string): Promise<number> {
  const started = performance.now();
  await page.goto(`${baseUrl}/`);
  return (await traffic.settled(page)) - started;
}

type Cases = Record<'sign-in cold' | 'sign-in warm' | 'first page cold' | 'first page warm', Sample[]>;

function noCases(): Cases {
  return { 'sign-in cold': [], 'sign-in warm': [], 'first page cold': [], 'first page warm': [] };
}

/**
 * One round for a user: a cold sign-in in a new context; the first page opened in another new context holding
 * only the session cookie (cold), then again in it (warm); a sign-in again in that primed context (warm).
 */
async function round(browser: Browser, baseUrl: string, username: string, cases: Cases): Promise<void> {
  const contextOptions = { viewport: { width: 1366, height: 860 }, locale: 'zh-CN' } as const;
  const signInContext = await browser.newContext(contextOptions);
  const first = await newPage(signInContext);
  const coldSignIn = await signIn(first.page, first.traffic, baseUrl, username);
  cases['sign-in cold'].push({ milliseconds: coldSignIn, transfer: await transferOf(first.page) });
  const cookies = await signInContext.cookies();
  await signInContext.close();

  const context = await browser.newContext({ ...contextOptions, storageState: { cookies, origins: [] } });
  for (const kind of ['first page cold', 'first page warm'] as const) {
    const visit = await newPage(context);
    const milliseconds = await openFirstPage(visit.page, visit.traffic, baseUrl);
    cases[kind].push({ milliseconds, transfer: await transferOf(visit.page) });
    await visit.page.close();
  }
  await context.clearCookies({ name: '__Host-gridlink-session' });
  const again = await newPage(context);
  const warmSignIn = await signIn(again.page, again.traffic, baseUrl, username);
  cases['sign-in warm'].push({ milliseconds: warmSignIn, transfer: await transferOf(again.page) });
  await context.close();
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} kB`;
}

function summary(samples: readonly number[]): string {
  const sorted = [...samples].sort((left, right) => left - right);
  return `median ${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(sorted, 0.95).toFixed(0)} ms`;
}

async function measureBrowser(baseUrl: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    console.log(`\n## The console in Chromium (${runs} runs of each)`);
    for (const username of roles) {
      // One round first to warm the server (its caches, compiled code), as a server in use is.
      await round(browser, baseUrl, username, noCases());
      const cases = noCases();
      for (let run = 0; run < runs; run += 1) await round(browser, baseUrl, username, cases);
      for (const [kind, samples] of Object.entries(cases)) {
        const transfer = samples.at(-1)!.transfer;
        console.log(
          `${username.padEnd(8)} ${kind.padEnd(16)} ${summary(samples.map((sample) => sample.milliseconds)).padEnd(28)}` +
            ` JS/CSS: ${transfer.files} files, ${kilobytes(transfer.transferred)} transferred, ${kilobytes(transfer.decoded)} unpacked`,
        );
      }
    }
  } finally {
    await browser.close();
  }
}

/** The server's own time for the session endpoints (HTTP on localhost, no browser), and scrypt alone. */
async function measureServer(baseUrl: string): Promise<void> {
  console.log(`\n## The session endpoints (${serverRuns} calls each, as the village)`);
  const body = JSON.stringify({ username: 'village', password });
  const signIns: number[] = [];
  let cookie = '';
  for (let run = 0; run < serverRuns; run += 1) {
    const started = performance.now();
    const answer = await fetch(`${baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl },
      body,
    });
    await answer.arrayBuffer();
    signIns.push(performance.now() - started);
    if (answer.status !== 200) throw new Error(`POST /api/v1/session answered ${answer.status}.`);
    cookie = answer.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
  }
  const reads: number[] = [];
  for (let run = 0; run < serverRuns; run += 1) {
    const started = performance.now();
    const answer = await fetch(`${baseUrl}/api/v1/session`, { headers: { cookie } });
    await answer.arrayBuffer();
    reads.push(performance.now() - started);
    if (answer.status !== 200) throw new Error(`GET /api/v1/session answered ${answer.status}.`);
  }
  const stored = await hashPassword(password);
  const hashes: number[] = [];
  for (let run = 0; run < serverRuns; run += 1) {
    const started = performance.now();
    await verifyPassword(password, stored);
    hashes.push(performance.now() - started);
  }
  console.log(`POST /api/v1/session   ${summary(signIns)}`);
  console.log(`GET /api/v1/session    ${summary(reads)}`);
  console.log(`scrypt (N=2^15, r=8, p=1) alone, in this process: ${summary(hashes)}`);
}

async function waitUntilReady(server: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}.`);
    if ((await fetch(url).catch(() => undefined))?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not become ready at ${url}.`);
}

/** Runs the built server on the given database settings while `work` runs, then stops it. */
async function withServer(environment: Record<string, string>, work: (baseUrl: string) => Promise<void>) {
  const port = 3900 + (process.pid % 90);
  const baseUrl = `http://localhost:${port}`;
  const server = spawn(process.execPath, [entry, 'serve'], {
    env: {
      ...process.env,
      ...environment,
      PORT: String(port),
      DEMO_PASSWORD: password,
      LOG_LEVEL: 'warn',
      SWEEP_INTERVAL_SECONDS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const started = performance.now();
    await waitUntilReady(server, `${baseUrl}/readyz`);
    console.log(`server ready (demo county seeded) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await work(baseUrl);
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

async function measure(baseUrl: string): Promise<void> {
  await measureServer(baseUrl);
  await measureBrowser(baseUrl);
}

if (!fs.existsSync(entry) || !fs.existsSync(path.resolve('dist/web/index.html'))) {
  console.log('No build in dist/: run `npm run build` first. Skipped.');
} else if (!fs.existsSync(executablePath)) {
  console.log(`No Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH). Skipped.`);
} else if (process.env.DATABASE_URL) {
  await withBenchDatabase(process.env.DATABASE_URL, async (database) => {
    console.log(`\n# ${database.label}`);
    await withServer({ DATABASE_URL: database.url }, measure);
  });
} else {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-console-bench-'));
  try {
    console.log('\n# PGlite (a fresh folder)');
    await withServer({ DATABASE_URL: '', DATA_DIR: dataDir }, measure);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
