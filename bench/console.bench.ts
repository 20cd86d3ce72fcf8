/**
 * The console in Chromium, as a user meets it: sign-in and the first page, cold and warm, for the county, village
 * and member accounts; and the server's own time for POST and GET /api/v1/session and for the password hash alone.
 *
 *   npm run build && npx tsx bench/console.bench.ts [--runs 7] [--baseline <folder of another build>] [--roles village,member]
 *
 * It starts the built server (dist/, as `npm start` runs it) on a fresh PGlite folder with the demo county, or with
 * DATABASE_URL on a database of its own on that server (dropped at the end), and drives Debian's Chromium
 * (/usr/bin/chromium or CHROMIUM_PATH) through playwright-core. Without a build or a Chromium it says so and skips.
 * With --baseline (e.g. a `git worktree` of an older commit, built), that build's server runs beside this one and
 * the rounds alternate between them, so both meet the same load on a shared machine; it prints the ratios.
 *
 * What is timed (each case `--runs` times, median and p95):
 *   sign-in     from pressing 登录 to the first page settled;
 *   first page  from starting the navigation to / (the address one types), signed in, to the page settled;
 *   cold        a new browser context: empty cache, no compiled code;
 *   warm        the same context again: its cache primed by the cold visit.
 * Settled: the region's title has been painted and no request has been in flight for 300 ms. The time is taken in
 * the page's own clock (its marks and Resource Timing), from the navigation's start or the press: that of the
 * title's paint or of the last response's end, whichever is later. So neither the quiet wait nor how soon Playwright
 * notices (it polls, and its events wait for a busy page) is counted. Beside the time, the median of the page's main
 * thread in that span (busy, and running script; Chromium's counters, which a loaded machine stretches less than the
 * time), the JS/CSS the page loaded, and when the region map's first area was painted (from the same start; the map
 * is set up after the title, so "settled" does not wait for it, but a person does).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { verifyPassword, hashPassword } from '../src/server/auth/passwords.js';
import { withBenchDatabase } from './bench-database.js';
import { chromiumPath, launchChromium } from './chromium.js';
import { percentile } from './measure.js';
import { mapDrawn, markWhenShown, paintedMark, titleShown } from './page-marks.js';

/** The value after a command-line flag, e.g. `--runs 7`. */
function argument(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const allRoles = ['county', 'village', 'member'];
/** The demo accounts measured; `--roles village` for a quicker comparison of one. */
const roles = argument('--roles')?.split(',') ?? allRoles;
const unknownRole = roles.find((role) => !allRoles.includes(role));
if (unknownRole) throw new Error(`--roles: ${unknownRole} is not one of ${allRoles.join(', ')}.`);

const runs = Number(argument('--runs') ?? 7);
/** Another build's folder (with dist/ and package.json) measured beside this one, round for round. */
const baselineFolder = argument('--baseline');
const password = 'console-bench-password';
const quietMilliseconds = 300;
const serverRuns = 20;

type Transfer = { files: number; transferred: number; decoded: number };
/** The page's main thread while the case ran: busy in all, and running script (Chromium's own counters). */
type MainThread = { busy: number; script: number };
/** `mapDrawn`: when the map's first area was in the page, in ms from the same start; undefined without a map. */
type Sample = { milliseconds: number; mapDrawn: number | undefined; transfer: Transfer; mainThread: MainThread };

/** Requests in flight on a page and when the last one started or ended. */
class Traffic {
  private inFlight = 0;
  private lastChange = performance.now();

  constructor(page: Page) {
    const change = (delta: number) => {
      this.inFlight += delta;
      this.lastChange = performance.now();
    };
    page.on('request', () => change(1));
    page.on('requestfinished', () => change(-1));
    page.on('requestfailed', () => change(-1));
  }

  /** Waits until no request has been in flight for a while. */
  async quiet(): Promise<void> {
    while (this.inFlight > 0 || performance.now() - this.lastChange < quietMilliseconds) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * When the page settled, in ms after the mark `from` (or the navigation's start), in the page's clock: its title
   * painted and the last response in, once no request has been in flight for a while.
   */
  async settled(page: Page, from?: string): Promise<number> {
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, paintedMark(titleShown), {
      timeout: 60_000,
    });
    await this.quiet();
    return page.evaluate(
      ({ painted, from }) => {
        const start = from ? performance.getEntriesByName(from)[0]!.startTime : 0;
        const responses = performance
          .getEntriesByType('resource')
          .filter((entry) => entry.startTime >= start)
          .map((entry) => (entry as PerformanceResourceTiming).responseEnd);
        return Math.max(performance.getEntriesByName(painted)[0]!.startTime, ...responses) - start;
      },
      { painted: paintedMark(titleShown), from },
    );
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

type Visit = { page: Page; traffic: Traffic; devtools: CDPSession };

/** When the map was painted, in ms after the mark `from` (or the navigation's start); undefined if it was not. */
async function mapDrawnOf(page: Page, from?: string): Promise<number | undefined> {
  const drawn = await page
    .waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, paintedMark(mapDrawn), {
      timeout: 5_000,
    })
    .then(() => true)
    .catch(() => false);
  if (!drawn) return undefined;
  return page.evaluate(
    ({ mark, from }) =>
      performance.getEntriesByName(mark)[0]!.startTime - (from ? performance.getEntriesByName(from)[0]!.startTime : 0),
    { mark: paintedMark(mapDrawn), from },
  );
}

async function newPage(context: BrowserContext): Promise<Visit> {
  const page = await context.newPage();
  await page.addInitScript(markWhenShown, titleShown);
  await page.addInitScript(markWhenShown, mapDrawn);
  const devtools = await context.newCDPSession(page);
  await devtools.send('Performance.enable');
  return { page, traffic: new Traffic(page), devtools };
}

/** The main thread's time so far, in ms (Chromium counts it from Performance.enable). */
async function mainThreadOf(devtools: CDPSession): Promise<MainThread> {
  const { metrics } = await devtools.send('Performance.getMetrics');
  const milliseconds = (name: string) => (metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000;
  return { busy: milliseconds('TaskDuration'), script: milliseconds('ScriptDuration') };
}

/** Times `work` and the main thread's share of it. */
async function measured(visit: Visit, work: () => Promise<number>, mapFrom?: string): Promise<Sample> {
  const before = await mainThreadOf(visit.devtools);
  const milliseconds = await work();
  const after = await mainThreadOf(visit.devtools);
  return {
    milliseconds,
    mapDrawn: await mapDrawnOf(visit.page, mapFrom),
    transfer: await transferOf(visit.page),
    mainThread: { busy: after.busy - before.busy, script: after.script - before.script },
  };
}

/** Opens the login page, waits for it to settle, signs in and measures from the press to the first page. */
async function signIn(visit: Visit, baseUrl: string, username: string): Promise<Sample> {
  const { page, traffic } = visit;
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-submit').waitFor();
  // Nobody types a name and a password in less time than the page takes to settle.
  await traffic.quiet();
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.evaluate(() => performance.mark('login-pressed'));
  return measured(
    visit,
    async () => {
      await page.getByTestId('login-submit').click();
      return traffic.settled(page, 'login-pressed');
    },
    'login-pressed',
  );
}

function openFirstPage(visit: Visit, baseUrl: string): Promise<Sample> {
  return measured(visit, async () => {
    await visit.page.goto(`${baseUrl}/`);
    return visit.traffic.settled(visit.page);
  });
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
  cases['sign-in cold'].push(await signIn(await newPage(signInContext), baseUrl, username));
  const cookies = await signInContext.cookies();
  await signInContext.close();

  const context = await browser.newContext({ ...contextOptions, storageState: { cookies, origins: [] } });
  for (const kind of ['first page cold', 'first page warm'] as const) {
    const visit = await newPage(context);
    cases[kind].push(await openFirstPage(visit, baseUrl));
    await visit.page.close();
  }
  await context.clearCookies({ name: '__Host-gridlink-session' });
  cases['sign-in warm'].push(await signIn(await newPage(context), baseUrl, username));
  await context.close();
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} kB`;
}

function summary(samples: readonly number[]): string {
  const sorted = [...samples].sort((left, right) => left - right);
  return `median ${percentile(sorted, 0.5).toFixed(0)} ms, p95 ${percentile(sorted, 0.95).toFixed(0)} ms`;
}

type Target = { label: string; baseUrl: string };

function print(label: string, line: string): void {
  console.log(`${label.padEnd(11)} ${line}`);
}

/** Rounds for each target in turn, so a baseline and this build meet the same load on a shared machine. */
async function measureBrowser(targets: readonly Target[]): Promise<void> {
  const browser = await launchChromium();
  try {
    console.log(`\n## The console in Chromium (${runs} runs of each)`);
    for (const username of roles) {
      const cases = targets.map(() => noCases());
      // One round first to warm each server (its caches, compiled code), as a server in use is.
      for (const target of targets) await round(browser, target.baseUrl, username, noCases());
      for (let run = 0; run < runs; run += 1) {
        for (const [index, target] of targets.entries()) await round(browser, target.baseUrl, username, cases[index]!);
      }
      for (const kind of Object.keys(cases[0]!) as (keyof Cases)[]) {
        const medians = targets.map((target, index) => {
          const samples = cases[index]![kind];
          const transfer = samples.at(-1)!.transfer;
          const busy = median(samples.map((sample) => sample.mainThread.busy));
          const script = median(samples.map((sample) => sample.mainThread.script));
          const mapDrawn = samples.flatMap((sample) => (sample.mapDrawn === undefined ? [] : [sample.mapDrawn]));
          const map = mapDrawn.length === samples.length ? median(mapDrawn) : undefined;
          print(
            target.label,
            `${username.padEnd(8)} ${kind.padEnd(16)} ${summary(samples.map((sample) => sample.milliseconds)).padEnd(28)}` +
              ` main thread: ${busy.toFixed(0)} ms busy, ${script.toFixed(0)} ms script;` +
              ` JS/CSS: ${transfer.files} files, ${kilobytes(transfer.transferred)} transferred, ${kilobytes(transfer.decoded)} unpacked;` +
              ` map drawn: ${map === undefined ? 'not every time' : `median ${map.toFixed(0)} ms`}`,
          );
          return { settled: median(samples.map((sample) => sample.milliseconds)), map };
        });
        const [current, baseline] = medians;
        if (current && baseline) {
          const mapRatio =
            current.map !== undefined && baseline.map !== undefined
              ? `; map drawn ${ratio(current.map, baseline.map)}`
              : '';
          print(
            'ratio',
            `${username.padEnd(8)} ${kind.padEnd(16)} ${ratio(current.settled, baseline.settled)}${mapRatio}`,
          );
        }
      }
    }
  } finally {
    await browser.close();
  }
}

function median(samples: readonly number[]): number {
  return percentile(
    [...samples].sort((left, right) => left - right),
    0.5,
  );
}

function ratio(current: number, baseline: number): string {
  return `${(current / baseline).toFixed(2)} of the baseline's median`;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** POST /session as the village: the cookies it sets. */
async function signInOverHttp(baseUrl: string): Promise<string> {
  const answer = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username: 'village', password }),
  });
  await answer.arrayBuffer();
  if (answer.status !== 200) throw new Error(`POST /api/v1/session answered ${answer.status}.`);
  return answer.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
}

async function readSessionOverHttp(baseUrl: string, cookie: string): Promise<void> {
  const answer = await fetch(`${baseUrl}/api/v1/session`, { headers: { cookie } });
  await answer.arrayBuffer();
  if (answer.status !== 200) throw new Error(`GET /api/v1/session answered ${answer.status}.`);
}

/** The server's own time for the session endpoints (HTTP on localhost, no browser), and scrypt alone. */
async function measureServer(targets: readonly Target[]): Promise<void> {
  console.log(`\n## The session endpoints (${serverRuns} calls each, as the village)`);
  const signIns = targets.map((): number[] => []);
  const reads = targets.map((): number[] => []);
  const cookies = await Promise.all(targets.map((target) => signInOverHttp(target.baseUrl)));
  for (let run = 0; run < serverRuns; run += 1) {
    for (const [index, target] of targets.entries()) {
      signIns[index]!.push(await timed(() => signInOverHttp(target.baseUrl).then(() => undefined)));
      reads[index]!.push(await timed(() => readSessionOverHttp(target.baseUrl, cookies[index]!)));
    }
  }
  for (const [index, target] of targets.entries()) {
    print(target.label, `POST /api/v1/session   ${summary(signIns[index]!)}`);
    print(target.label, `GET /api/v1/session    ${summary(reads[index]!)}`);
  }
  const stored = await hashPassword(password);
  const hashes: number[] = [];
  for (let run = 0; run < serverRuns; run += 1)
    hashes.push(await timed(() => verifyPassword(password, stored).then(() => undefined)));
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

type Build = { label: string; folder: string };

/** Runs a build's server (as `npm start` does) on the given database settings while `work` runs, then stops it. */
async function withServer<Result>(
  build: Build,
  port: number,
  environment: Record<string, string>,
  work: (target: Target) => Promise<Result>,
): Promise<Result> {
  const baseUrl = `http://localhost:${port}`;
  const server = spawn(process.execPath, [path.join(build.folder, 'dist/server/main.js'), 'serve'], {
    cwd: build.folder,
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
    print(build.label, `server ready (demo county seeded) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return await work({ label: build.label, baseUrl });
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

/** A build's server on a database of its own: a fresh PGlite folder, or a database on DATABASE_URL's server. */
async function withOwnDatabase<Result>(
  build: Build,
  index: number,
  work: (target: Target) => Promise<Result>,
): Promise<Result> {
  const port = 3900 + (process.pid % 45) * 2 + index;
  if (process.env.DATABASE_URL) {
    return withBenchDatabase(
      process.env.DATABASE_URL,
      (database) => withServer(build, port, { DATABASE_URL: database.url }, work),
      `_${index}`,
    );
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-console-bench-'));
  try {
    return await withServer(build, port, { DATABASE_URL: '', DATA_DIR: dataDir }, work);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every build's server at once, then the measures over all of them. */
async function withServers(builds: readonly Build[], targets: Target[] = []): Promise<void> {
  const [build, ...rest] = builds;
  if (!build) {
    await measureServer(targets);
    await measureBrowser(targets);
    return;
  }
  await withOwnDatabase(build, targets.length, (target) => withServers(rest, [...targets, target]));
}

const builds: Build[] = [{ label: 'this build', folder: process.cwd() }];
if (baselineFolder) builds.push({ label: 'baseline', folder: path.resolve(baselineFolder) });
const missing = builds.find((build) => !fs.existsSync(path.join(build.folder, 'dist/web/index.html')));

if (missing) {
  console.log(`No build in ${missing.folder}/dist: run \`npm run build\` there first. Skipped.`);
} else if (!fs.existsSync(chromiumPath)) {
  console.log(`No Chromium at ${chromiumPath} (apt-get install chromium, or set CHROMIUM_PATH). Skipped.`);
} else {
  console.log(
    `\n# ${process.env.DATABASE_URL ? 'PostgreSQL (a database of its own per server)' : 'PGlite (a fresh folder per server)'}`,
  );
  await withServers(builds);
}
