/**
 * The API under a morning's load: 200 connections on loopback, driven by autocannon, a mix of twelve endpoints as
 * the county, town, village and grid-member accounts use them at the start of a working day (to-do lists, case
 * pages, case lists, person search, region pages and figures, registry coverage, households, staff, the bell, the
 * session, and comments on cases as the writes, 5 %). In the same run the very statements those requests sent to the
 * database, captured from the application, are replayed through a raw `pg.Pool` of the server's size at the same
 * concurrency: the yardstick of what the database alone can do for this mix. Target (PostgreSQL): the API's
 * throughput ≥ 0.5 × the raw pool's, and its p99 ≤ 1 s.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/http.bench.ts \
 *     [--seconds 30] [--warm-up 5] [--connections 200] [--scale town|county] [--cpu-prof-dir FOLDER]
 *
 * The server is this working tree's (`src/server/main.ts serve` through tsx, as a separate process, so the load
 * generator does not share its event loop), on a database of the bench's own seeded with the demo county (town
 * scale by default: 60 grids, its population and cases). Fifty sessions sign in first (county, town, village and
 * grid member), and the requests are drawn from ids the API itself lists for each.
 *
 * Capture: the same requests go once through the application built in this process (`app.inject`), with every
 * statement recorded at the pg driver (text, parameters, which ran inside one transaction, which ran at once). The
 * replay sends them as recorded — transactions on one connection, concurrent ones concurrently, ids the request
 * created replaced by new ones so inserts do not collide — and times each request's statements from first to last.
 *
 * Without DATABASE_URL it runs the HTTP load on PGlite (a fresh folder) and prints its figures, without the raw
 * replay and without a target: PGlite is one connection inside the server's own process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, postgresPoolSize, type Database } from '../src/server/db/client.js';
import { generateCounty, type DemoScale, type RegionRow } from '../src/server/seed/demo-county.js';
import { Random } from '../src/server/seed/random.js';
import { seedDemo } from '../src/server/seed/seed-demo.js';
import { withBenchDatabase } from './bench-database.js';
import { percentile, waitUntilReady } from './measure.js';

/** The value after a command-line flag, e.g. `--seconds 30`. */
function argument(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index > 0 ? process.argv[index + 1] : undefined;
}

const seconds = Number(argument('--seconds') ?? 30);
const warmUpSeconds = Number(argument('--warm-up') ?? 5);
const connections = Number(argument('--connections') ?? 200);
const scale: DemoScale = argument('--scale') === 'county' ? 'county' : 'town';
/** A folder for the server's CPU profile (Node's --cpu-prof), written when it stops. */
const profileFolder = argument('--cpu-prof-dir');
const password = 'http-bench-password';
/** Distinct requests drawn for the mix; both runs cycle through the same list in the same order. */
const callCount = 1000;
const targets = { ratio: 0.5, p99Milliseconds: 1000 };

/** Who signs in, and how many browsers each keeps open (a session each). */
const population = [
  { username: 'county', sessions: 20 },
  { username: 'town', sessions: 10 },
  { username: 'village', sessions: 10 },
  { username: 'member', sessions: 10 },
] as const;
type Username = (typeof population)[number]['username'];

type Session = { username: Username; cookie: string; csrfToken: string };
/** What a user of one account can point at: ids the API listed for them and the regions of their scope. */
type Scope = { caseIds: string[]; openCaseIds: string[]; names: string[]; regions: RegionRow[] };
type Call = { kind: string; method: 'GET' | 'POST'; path: string; body?: string; session: Session };

const today = new Date().toISOString().slice(0, 10);
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);

/** The morning's mix: weight (per 100 requests) and the request for a session's scope. */
const mix: { kind: string; weight: number; request(scope: Scope, random: Random): Omit<Call, 'kind' | 'session'> }[] = [
  { kind: 'to-do list', weight: 14, request: () => get('/cases?waitingForMe=true&limit=20') },
  { kind: 'case list', weight: 10, request: (scope, random) => get(`/cases?regionId=${region(scope, random)}`) },
  { kind: 'case page', weight: 16, request: (scope, random) => get(`/cases/${random.pick(scope.caseIds)}`) },
  {
    kind: 'person search',
    weight: 10,
    request: (scope, random) => get(`/persons?limit=20&q=${encodeURIComponent(searchFor(scope, random))}`),
  },
  { kind: 'region page', weight: 8, request: (scope, random) => get(`/regions/${region(scope, random)}`) },
  {
    kind: 'region figures',
    weight: 10,
    request: (scope, random) => get(`/cases/figures?regionId=${region(scope, random)}&from=${monthAgo}&to=${today}`),
  },
  {
    kind: 'registry coverage',
    weight: 5,
    request: (scope, random) => get(`/registry/coverage?regionId=${region(scope, random)}`),
  },
  { kind: 'notifications', weight: 10, request: () => get('/notifications?limit=20') },
  { kind: 'session', weight: 5, request: () => get('/session') },
  {
    kind: 'households',
    weight: 4,
    request: (scope, random) => get(`/households?limit=50&regionId=${region(scope, random)}`),
  },
  { kind: 'staff', weight: 3, request: (scope, random) => get(`/staff?limit=50&regionId=${region(scope, random)}`) },
  {
    kind: 'comment',
    weight: 5,
    request: (scope, random) => ({
      method: 'POST',
      path: `/cases/${random.pick(scope.openCaseIds)}/transitions`,
      body: JSON.stringify({ action: 'comment', note: '晨会已跟进，请按时限办理。' }),
    }),
  },
];

function get(pathAndQuery: string): Omit<Call, 'kind' | 'session'> {
  return { method: 'GET', path: pathAndQuery };
}

function region(scope: Scope, random: Random): string {
  return random.pick(scope.regions).id!;
}

/** A surname, a whole name or its first two characters, as people type them. */
function searchFor(scope: Scope, random: Random): string {
  const name = random.pick(scope.names);
  return random.pickWeighted([
    [name.slice(0, 1), 2],
    [name, 2],
    [name.slice(0, 2), 1],
  ]);
}

const apiPrefix = '/api/v1';

function headersOf(call: Call): Record<string, string> {
  return {
    cookie: call.session.cookie,
    ...(call.method === 'POST' ? { 'content-type': 'application/json', 'x-csrf-token': call.session.csrfToken } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions and the requests drawn from what the API lists

async function signIn(baseUrl: string, username: Username): Promise<Session> {
  const answer = await fetch(`${baseUrl}${apiPrefix}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  const body = (await answer.json()) as { csrfToken?: string };
  if (answer.status !== 200 || !body.csrfToken) throw new Error(`Sign-in as ${username} answered ${answer.status}.`);
  const cookie = answer.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
  return { username, cookie, csrfToken: body.csrfToken };
}

async function listed<Item>(baseUrl: string, session: Session, pathAndQuery: string): Promise<Item[]> {
  const answer = await fetch(`${baseUrl}${apiPrefix}${pathAndQuery}`, { headers: { cookie: session.cookie } });
  if (answer.status !== 200) throw new Error(`GET ${pathAndQuery} as ${session.username} answered ${answer.status}.`);
  return ((await answer.json()) as { items: Item[] }).items;
}

async function scopeOf(baseUrl: string, session: Session, regions: readonly RegionRow[]): Promise<Scope> {
  const cases = await listed<{ id: string; status: string }>(baseUrl, session, '/cases?limit=200');
  const persons = await listed<{ name: string }>(baseUrl, session, '/persons?limit=200');
  const account = generateCounty({ scale }).demoAccounts.find((row) => row.username === session.username)!;
  const own = regions.find((row) => row.id === account.regionId)!;
  const inScope = regions.filter((row) => row.code.startsWith(own.code));
  if (cases.length === 0 || persons.length === 0) throw new Error(`${session.username} sees no cases or no persons.`);
  return {
    caseIds: cases.map((row) => row.id),
    // A merged case takes no comments.
    openCaseIds: cases.filter((row) => row.status !== 'merged').map((row) => row.id),
    names: persons.map((row) => row.name),
    regions: inScope,
  };
}

async function drawCalls(baseUrl: string): Promise<Call[]> {
  const sessions: Session[] = [];
  for (const { username, sessions: count } of population) {
    for (let index = 0; index < count; index += 1) sessions.push(await signIn(baseUrl, username));
  }
  const regions = generateCounty({ scale }).regions;
  const scopes = new Map<Username, Scope>();
  for (const { username } of population) {
    scopes.set(
      username,
      await scopeOf(
        baseUrl,
        sessions.find((row) => row.username === username)!,
        regions,
      ),
    );
  }
  const random = new Random(20_261_206);
  return Array.from({ length: callCount }, () => {
    const session = random.pick(sessions);
    const entry = random.pickWeighted(mix.map((kind) => [kind, kind.weight] as const));
    const request = entry.request(scopes.get(session.username)!, random);
    return { kind: entry.kind, ...request, path: `${apiPrefix}${request.path}`, session };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The server

/** tsx's loader, so one node process runs the TypeScript (and a CPU profile covers the server itself). */
const tsxLoader = import.meta.resolve('tsx');
const serverEntry = path.join(import.meta.dirname, '../src/server/main.ts');

/** This tree's server (as `npm run dev` starts it, without watching) on the given database while `work` runs. */
async function withServer<Result>(
  environment: Record<string, string>,
  work: (server: { baseUrl: string; pid: number }) => Promise<Result>,
): Promise<Result> {
  const port = 3950 + (process.pid % 40);
  const baseUrl = `http://127.0.0.1:${port}`;
  const profile = profileFolder ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileFolder)}`] : [];
  const server: ChildProcess = spawn(process.execPath, [...profile, '--import', tsxLoader, serverEntry, 'serve'], {
    env: {
      ...process.env,
      ...environment,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO_PASSWORD: password,
      SWEEP_INTERVAL_SECONDS: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitUntilReady(server, `${baseUrl}/readyz`);
    return await work({ baseUrl, pid: server.pid! });
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Load over HTTP

type Figures = {
  requests: number;
  perSecond: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  /** What the errors were. */
  errorKinds: string;
};

async function loadOverHttp(baseUrl: string, calls: readonly Call[], duration: number): Promise<Figures> {
  let next = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration,
    // A browser waits: a request given up and sent again would leave its work behind on the server, and the
    // latencies would stop at the give-up time.
    timeout: 60,
    requests: [
      {
        setupRequest: (request) => {
          const call = calls[next++ % calls.length]!;
          return { ...request, method: call.method, path: call.path, headers: headersOf(call), body: call.body };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    perSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    // autocannon counts timeouts among its errors.
    errors: result.non2xx + result.errors,
    errorKinds: `${result.non2xx} answers not 2xx, ${result.timeouts} timeouts, ${result.errors - result.timeouts} other`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Capture and raw replay

type Statement = { name?: string; text: string; values: unknown[]; rowMode?: string; types?: unknown };
/** Statements that run as one: a transaction on its own connection, or a single statement from the pool. */
type Unit = { statements: Statement[]; isTransaction: boolean };
/** One request's statements: steps run one after another, the units of a step at once. */
type Plan = { kind: string; steps: Unit[][]; createdIds: string[] };

type Recorded = { client: object; statement: Statement; started: number; ended: number; idsSeen: string[] };

const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function idsIn(value: unknown): string[] {
  return JSON.stringify(value ?? null).match(uuidPattern) ?? [];
}

type QueryFunction = (this: object, config: unknown, values?: unknown, callback?: unknown) => unknown;

/** Records every statement sent through a pg client of this process while `work` runs. */
async function recordStatements(work: () => Promise<void>): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  const prototype = pg.Client.prototype as unknown as { query: QueryFunction };
  const original = prototype.query;
  prototype.query = function (this: object, config, values, callback) {
    const given = (typeof config === 'string' ? { text: config } : config) as Statement;
    const entry: Recorded = {
      client: this,
      statement: {
        name: given.name,
        text: given.text,
        values: Array.isArray(values) ? values : (given.values ?? []),
        rowMode: given.rowMode,
        types: given.types,
      },
      started: performance.now(),
      ended: Number.POSITIVE_INFINITY,
      idsSeen: [],
    };
    recorded.push(entry);
    const finish = (result: { rows?: unknown } | undefined) => {
      entry.ended = performance.now();
      entry.idsSeen = idsIn(result?.rows);
    };
    // The pool calls with a callback, drizzle's own connections without.
    const done = [values, callback].find((argument) => typeof argument === 'function') as
      ((error: unknown, result: unknown) => void) | undefined;
    if (done) {
      const parameters = Array.isArray(values) ? values : undefined;
      return original.call(this, config, parameters, (error: unknown, result: { rows?: unknown } | undefined) => {
        finish(result);
        done(error, result);
      });
    }
    return (original.call(this, config, values) as Promise<{ rows?: unknown }>).then((result) => {
      finish(result);
      return result;
    });
  };
  try {
    await work();
  } finally {
    prototype.query = original;
  }
  return recorded;
}

/** Groups one request's recorded statements into transactions and single statements, then into concurrent steps. */
function planOf(kind: string, recorded: readonly Recorded[], knownIds: Iterable<string>): Plan {
  const units: (Unit & { started: number; ended: number })[] = [];
  const openTransactions = new Map<object, (typeof units)[number]>();
  for (const entry of recorded) {
    const verb = entry.statement.text.trim().split(/\s/, 1)[0]!.toLowerCase();
    const open = openTransactions.get(entry.client);
    if (open) {
      open.statements.push(entry.statement);
      open.ended = entry.ended;
      if (verb === 'commit' || verb === 'rollback') openTransactions.delete(entry.client);
      continue;
    }
    const unit = {
      statements: [entry.statement],
      isTransaction: verb === 'begin',
      started: entry.started,
      ended: entry.ended,
    };
    if (unit.isTransaction) openTransactions.set(entry.client, unit);
    units.push(unit);
  }
  // Units that started before the ones of the current step had all ended ran at once (Promise.all).
  const steps: Unit[][] = [];
  let stepEnd = Number.NEGATIVE_INFINITY;
  for (const { statements, isTransaction, started, ended } of units) {
    if (started < stepEnd) {
      steps.at(-1)!.push({ statements, isTransaction });
      stepEnd = Math.max(stepEnd, ended);
    } else {
      steps.push([{ statements, isTransaction }]);
      stepEnd = ended;
    }
  }
  // An id that appears first in what a statement sends was made by the request: a replay needs new ones.
  const seen = new Set(knownIds);
  const createdIds = new Set<string>();
  for (const entry of recorded) {
    const sent = idsIn(entry.statement.values);
    for (const id of sent) if (!seen.has(id)) createdIds.add(id);
    for (const id of [...sent, ...entry.idsSeen]) seen.add(id);
  }
  return { kind, steps, createdIds: [...createdIds] };
}

/** Sends every call once through the application in this process and records the statements of each. */
async function capturePlans(db: Database, databaseUrl: string, calls: readonly Call[]): Promise<Plan[]> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', SWEEP_INTERVAL_SECONDS: '0' });
  const app = await buildApp({ db, config });
  await app.ready();
  try {
    const plans: Plan[] = [];
    for (const call of calls) {
      let status = 0;
      const recorded = await recordStatements(async () => {
        const answer = await app.inject({
          method: call.method,
          url: call.path,
          headers: headersOf(call),
          payload: call.body,
        });
        status = answer.statusCode;
      });
      if (status >= 300) throw new Error(`${call.method} ${call.path} answered ${status} in the capture.`);
      plans.push(planOf(call.kind, recorded, idsIn([call.path, call.body])));
    }
    return plans;
  } finally {
    await app.close();
  }
}

function withNewIds(statement: Statement, replacements: Map<string, string>): Statement {
  if (replacements.size === 0) return statement;
  const replace = (value: unknown): unknown =>
    typeof value === 'string'
      ? value.replace(uuidPattern, (id) => replacements.get(id) ?? id)
      : Array.isArray(value)
        ? value.map(replace)
        : value;
  return { ...statement, values: statement.values.map(replace) };
}

async function replayUnit(pool: pg.Pool, { statements, isTransaction }: Unit, replacements: Map<string, string>) {
  if (!isTransaction) {
    await pool.query(withNewIds(statements[0]!, replacements) as pg.QueryConfig);
    return;
  }
  const client = await pool.connect();
  try {
    for (const statement of statements) await client.query(withNewIds(statement, replacements) as pg.QueryConfig);
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

async function replayPlan(pool: pg.Pool, plan: Plan): Promise<void> {
  const replacements = new Map(plan.createdIds.map((id) => [id, uuidv7()]));
  for (const step of plan.steps) await Promise.all(step.map((unit) => replayUnit(pool, unit, replacements)));
}

/** `connections` workers replay the plans in turn for `duration` seconds through a pool of the server's size. */
async function loadThroughPool(pool: pg.Pool, plans: readonly Plan[], duration: number): Promise<Figures> {
  let next = 0;
  let errors = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + duration * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const plan = plans[next++ % plans.length]!;
      const began = performance.now();
      try {
        await replayPlan(pool, plan);
        latencies.push(performance.now() - began);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((first, second) => first - second);
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 0.5),
    p975: percentile(latencies, 0.975),
    p99: percentile(latencies, 0.99),
    errors,
    errorKinds: `${errors} statements failed`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Where the CPU goes: on a shared machine the throughput moves with the others' load, the CPU a request costs less

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100;

/** CPU seconds (user + system) a process has used so far; 0 once it is gone or off Linux. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving a database: the server's pool or the raw one. */
async function backendsOf(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return result.rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

type Cost = { server: number; database: number; generator: number };

/** Runs `work` and answers the CPU milliseconds per request of the server, the database and this process. */
async function costOf<Result extends Figures>(
  pids: { server?: number; backends: number[] },
  work: () => Promise<Result>,
): Promise<{ figures: Result; cost: Cost }> {
  const backendsBefore = pids.backends.map(cpuSecondsOf);
  const serverBefore = pids.server === undefined ? 0 : cpuSecondsOf(pids.server);
  const generatorBefore = process.cpuUsage();
  const figures = await work();
  const generator = process.cpuUsage(generatorBefore);
  const serverSeconds = pids.server === undefined ? 0 : cpuSecondsOf(pids.server) - serverBefore;
  // A backend closed meanwhile (an idle connection of another pool) reads 0: it served none of this load.
  const databaseSeconds = pids.backends
    .map((pid, index) => ({ after: cpuSecondsOf(pid), before: backendsBefore[index]! }))
    .reduce((sum, { after, before }) => sum + (after > 0 ? after - before : 0), 0);
  const perRequest = (cpuSeconds: number) => (cpuSeconds * 1000) / Math.max(1, figures.requests);
  return {
    figures,
    cost: {
      server: perRequest(serverSeconds),
      database: perRequest(databaseSeconds),
      generator: perRequest((generator.user + generator.system) / 1e6),
    },
  };
}

function describeCost(label: string, cost: Cost, hasServer: boolean): void {
  console.log(
    `${label.padEnd(34)} CPU a request: ` +
      (hasServer ? `server ${cost.server.toFixed(2)} ms, ` : '') +
      `PostgreSQL ${cost.database.toFixed(2)} ms, load generator ${cost.generator.toFixed(2)} ms`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Report

function describe(label: string, figures: Figures): void {
  console.log(
    `${label.padEnd(34)} ${figures.perSecond.toFixed(0).padStart(6)} req/s  ` +
      `p50 ${figures.p50.toFixed(0).padStart(5)} ms  p97.5 ${figures.p975.toFixed(0).padStart(5)} ms  ` +
      `p99 ${figures.p99.toFixed(0).padStart(5)} ms  (${figures.requests} requests` +
      (figures.errors > 0 ? `; errors: ${figures.errorKinds})` : ', no errors)'),
  );
}

function describeMix(calls: readonly Call[], plans?: readonly Plan[]): void {
  console.log(`\nThe mix (${calls.length} distinct requests, cycled in the same order by both runs):`);
  for (const { kind, weight } of mix) {
    const ofKind = plans?.filter((plan) => plan.kind === kind) ?? [];
    const statements =
      ofKind.flatMap((plan) => plan.steps.flat().flatMap((unit) => unit.statements)).length /
      Math.max(1, ofKind.length);
    const steps = ofKind.reduce((sum, plan) => sum + plan.steps.length, 0) / Math.max(1, ofKind.length);
    console.log(
      `  ${kind.padEnd(18)} ${String(weight).padStart(3)} %` +
        (plans ? `  ${statements.toFixed(1)} statements in ${steps.toFixed(1)} steps a request` : ''),
    );
  }
}

function machineState(): string {
  const [one, five] = os.loadavg();
  return `load average ${one!.toFixed(2)} (1 min), ${five!.toFixed(2)} (5 min) on ${os.cpus().length} cores`;
}

async function seed(db: Database): Promise<void> {
  const started = performance.now();
  const summary = await seedDemo(db, { scale, password });
  console.log(
    `Seeded the demo county (${scale}): ${summary.counts.persons} persons, ${summary.counts.cases} cases, ` +
      `${summary.counts.regions} regions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function onPostgres(serverUrl: string): Promise<void> {
  await withBenchDatabase(serverUrl, async ({ handle, url, label }) => {
    console.log(`\n# HTTP load, ${label}`);
    await seed(handle.db);
    await withServer({ DATABASE_URL: url }, async ({ baseUrl, pid }) => {
      const calls = await drawCalls(baseUrl);
      const plans = await capturePlans(handle.db, url, calls);
      describeMix(calls, plans);
      const pool = new pg.Pool({ connectionString: url, max: postgresPoolSize });
      try {
        console.log(
          `\n${connections} connections, ${seconds} s each after ${warmUpSeconds} s of warm-up; pool ${postgresPoolSize}`,
        );
        console.log(`before: ${machineState()}`);
        const serverBackends = await backendsOf(url);
        await loadThroughPool(pool, plans, warmUpSeconds);
        const rawBackends = (await backendsOf(url)).filter((backend) => !serverBackends.includes(backend));
        const raw = await costOf({ backends: rawBackends }, () => loadThroughPool(pool, plans, seconds));
        describe('raw pool (the same statements)', raw.figures);
        await loadOverHttp(baseUrl, calls, warmUpSeconds);
        const api = await costOf({ server: pid, backends: await backendsOf(url) }, () =>
          loadOverHttp(baseUrl, calls, seconds),
        );
        describe('API over HTTP', api.figures);
        console.log(`after: ${machineState()}`);
        describeCost('raw pool', raw.cost, false);
        describeCost('API over HTTP', api.cost, true);
        const ratio = api.figures.perSecond / raw.figures.perSecond;
        const p99 = api.figures.p99;
        console.log(
          `ratio API ÷ raw pool: ${ratio.toFixed(2)} (target ≥ ${targets.ratio} ${ratio >= targets.ratio ? '✔' : '✘'}); ` +
            `API p99 ${p99.toFixed(0)} ms (target ≤ ${targets.p99Milliseconds} ms ` +
            `${p99 <= targets.p99Milliseconds ? '✔' : '✘'}); errors ${api.figures.errors + raw.figures.errors}`,
        );
      } finally {
        await pool.end();
      }
    });
  });
}

async function onPglite(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-http-bench-'));
  try {
    console.log(`\n# HTTP load, PGlite in ${dataDir} (figures only: no raw replay, no target)`);
    const handle = await openDatabase({ dataDir });
    try {
      await handle.migrate();
      await seed(handle.db);
    } finally {
      await handle.close();
    }
    await withServer({ DATABASE_URL: '', DATA_DIR: dataDir }, async ({ baseUrl, pid }) => {
      const calls = await drawCalls(baseUrl);
      describeMix(calls);
      console.log(`\n${connections} connections, ${seconds} s after ${warmUpSeconds} s of warm-up`);
      console.log(`before: ${machineState()}`);
      await loadOverHttp(baseUrl, calls, warmUpSeconds);
      const api = await costOf({ server: pid, backends: [] }, () => loadOverHttp(baseUrl, calls, seconds));
      describe('API over HTTP', api.figures);
      console.log(`after: ${machineState()}`);
      console.log(
        `CPU a request: server (with PGlite inside) ${api.cost.server.toFixed(2)} ms, ` +
          `load generator ${api.cost.generator.toFixed(2)} ms`,
      );
    });
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.env.DATABASE_URL) await onPostgres(process.env.DATABASE_URL);
else await onPglite();
