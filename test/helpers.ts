import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, inject } from 'vitest';
import type { Session, User } from '../src/shared/api/session.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig, type Config } from '../src/server/config.js';
import { openDatabase, type Database } from '../src/server/db/client.js';
import { accounts, auditLog, gridStaff, partyOrgs, regions } from '../src/server/db/schema/index.js';
import { cloneTemplate, dropClone, testPassword, withDatabaseName } from './test-database.js';

export { testPassword };

export const sessionCookie = '__Host-gridlink-session';
export const deviceCookie = '__Host-gridlink-device';

export type ApiResponse = LightMyRequestResponse;

export type TestApp = {
  app: FastifyInstance;
  db: Database;
  config: Config;
  kind: 'pglite' | 'postgres';
  /** Stops the app and its database and starts them again on the same data, as a server restart does. */
  restart(): Promise<void>;
  close(): Promise<void>;
};

/**
 * A running app on its own copy of the seeded demo database: a copied PGlite folder, or a PostgreSQL database
 * cloned from the template. Call once per file (in `beforeAll`) and `close()` it afterwards; `environment` adds
 * settings (e.g. `WEBHOOK_ALLOW_PRIVATE`).
 */
export async function createTestApp(environment: Record<string, string> = {}): Promise<TestApp> {
  const template = inject('templateDatabase');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-test-'));
  let databaseName: string | undefined;
  if (template.kind === 'pglite') {
    fs.cpSync(template.folder, dataDir, { recursive: true });
  } else {
    databaseName = await cloneTemplate(template);
  }
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    // TEST_LOG_LEVEL=error shows the server's own log, e.g. the cause of a 500.
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: template.kind === 'postgres' ? withDatabaseName(template.serverUrl, databaseName!) : '',
    // A file's residents report more than a real one does in a day; the limit's own test sets it low.
    RESIDENT_REPORT_DAILY_LIMIT: '1000',
    ...environment,
  });
  let handle = await openDatabase(config);
  const app = await buildApp({ db: handle.db, config });
  await app.ready();
  const test: TestApp = {
    app,
    db: handle.db,
    config,
    kind: handle.kind,
    async restart() {
      await test.app.close();
      await handle.close();
      handle = await openDatabase(config);
      test.db = handle.db;
      test.app = await buildApp({ db: handle.db, config });
      await test.app.ready();
    },
    async close() {
      await test.app.close();
      await handle.close();
      if (template.kind === 'postgres') {
        await dropClone(template.serverUrl, databaseName!);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return test;
}

// ---------------------------------------------------------------------------------------------------------------
// Signing in

export type SignInAttempt = {
  username: string;
  password?: string;
  /** The client's address as the server sees it (each address has its own sign-in throttle). */
  address?: string;
  cookies?: Record<string, string>;
  headers?: Record<string, string>;
};

/** One POST /session, answered as it is: for tests of sign-in itself. */
export function requestSignIn(app: FastifyInstance, attempt: SignInAttempt): Promise<ApiResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username: attempt.username, password: attempt.password ?? testPassword },
    remoteAddress: attempt.address ?? '127.0.0.1',
    cookies: attempt.cookies,
    headers: attempt.headers,
  });
}

/** The cookies a response sets, by name. */
export function cookiesOf(response: ApiResponse): Record<string, string> {
  return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie.value]));
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A signed-in browser: keeps the session and device cookies and sends the CSRF token on every state change. */
export type Agent = {
  username: string;
  user: User;
  session: Session;
  cookies: Record<string, string>;
  address: string;
  request(method: Method, url: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>;
  get(url: string): Promise<ApiResponse>;
  post(url: string, body?: unknown): Promise<ApiResponse>;
  patch(url: string, body: unknown): Promise<ApiResponse>;
  put(url: string, body: unknown): Promise<ApiResponse>;
  delete(url: string): Promise<ApiResponse>;
};

/** Signs in (throwing with the server's answer if that fails) and loads the session with its CSRF token. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  options: { password?: string; address?: string } = {},
): Promise<Agent> {
  const address = options.address ?? '127.0.0.1';
  const response = await requestSignIn(app, { username, password: options.password, address });
  if (response.statusCode !== 200) {
    throw new Error(`Signing in as ${username} answered ${response.statusCode}: ${response.body}`);
  }
  const cookies = cookiesOf(response);
  const session = (
    await app.inject({ method: 'GET', url: '/api/v1/session', cookies, remoteAddress: address })
  ).json<Session>();
  const request: Agent['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method,
      url,
      remoteAddress: address,
      cookies,
      headers: method === 'GET' ? headers : { 'x-csrf-token': session.csrfToken, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  return {
    username,
    user: session.user,
    session,
    cookies,
    address,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body),
    patch: (url, body) => request('PATCH', url, body),
    put: (url, body) => request('PUT', url, body),
    delete: (url) => request('DELETE', url),
  };
}

export const demoUsernames = ['admin', 'county', 'town', 'village', 'leader', 'member', 'member2', 'cadre'] as const;
export type DemoUsername = (typeof demoUsernames)[number];

/** Signs the given demo accounts in, one after another (hashing is deliberately slow; parallel would not help). */
export async function signInAll<Name extends string>(app: FastifyInstance, usernames: readonly Name[]) {
  const agents = {} as Record<Name, Agent>;
  for (const username of usernames) agents[username] = await signIn(app, username);
  return agents;
}

// ---------------------------------------------------------------------------------------------------------------
// Assertions

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Asserts an error answer by status and machine code, and returns its body. */
export function expectError(response: ApiResponse, status: number, code: string): ErrorBody['error'] {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json<ErrorBody>();
  expect(body.error.code, response.body).toBe(code);
  return body.error;
}

export function expectStatus(response: ApiResponse, status: number) {
  expect(response.statusCode, response.body).toBe(status);
}

// ---------------------------------------------------------------------------------------------------------------
// The demo county, as seeded

export type RegionRecord = typeof regions.$inferSelect;
export type StaffRecord = typeof gridStaff.$inferSelect;
export type PartyOrgRecord = typeof partyOrgs.$inferSelect;
export type AccountRecord = typeof accounts.$inferSelect;

/**
 * The demo county seen from the demo accounts: `member`, `leader` and `cadre` work in `memberGrid`, in
 * `memberVillage` of `town`; `member2` works in `otherGrid`, in `otherVillage` of the same town; `otherTown` is
 * the county's other town.
 */
export type DemoWorld = {
  accounts: Record<DemoUsername, AccountRecord>;
  regions: RegionRecord[];
  county: RegionRecord;
  town: RegionRecord;
  otherTown: RegionRecord;
  memberVillage: RegionRecord;
  otherVillage: RegionRecord;
  memberGrid: RegionRecord;
  otherGrid: RegionRecord;
  staff: StaffRecord[];
  partyOrgs: PartyOrgRecord[];
  region(id: string): RegionRecord;
  /** Regions one level under a region, in code order. */
  childrenOf(id: string): RegionRecord[];
  staffIn(regionId: string): StaffRecord[];
  partyOrgsAnchoredAt(regionId: string): PartyOrgRecord[];
};

export async function loadDemoWorld(db: Database): Promise<DemoWorld> {
  const [regionRows, accountRows, staffRows, partyOrgRows] = await Promise.all([
    db.select().from(regions).orderBy(regions.code),
    db.select().from(accounts),
    db.select().from(gridStaff),
    db.select().from(partyOrgs),
  ]);
  const byId = new Map(regionRows.map((row) => [row.id, row]));
  const region = (id: string | null) => {
    const found = id === null ? undefined : byId.get(id);
    if (!found) throw new Error(`The demo has no region ${id}.`);
    return found;
  };
  const demoAccounts = Object.fromEntries(
    demoUsernames.map((username) => {
      const account = accountRows.find((row) => row.username === username);
      if (!account) throw new Error(`The demo has no account ${username}.`);
      return [username, account];
    }),
  ) as Record<DemoUsername, AccountRecord>;
  const memberGrid = region(demoAccounts.member.regionId);
  const otherGrid = region(demoAccounts.member2.regionId);
  const memberVillage = region(memberGrid.parentId);
  const otherVillage = region(otherGrid.parentId);
  const town = region(memberVillage.parentId);
  const county = region(town.parentId);
  const otherTown = regionRows.find((row) => row.level === 'town' && row.id !== town.id);
  if (!otherTown) throw new Error('The demo needs a second town.');
  return {
    accounts: demoAccounts,
    regions: regionRows,
    county,
    town,
    otherTown,
    memberVillage,
    otherVillage,
    memberGrid,
    otherGrid,
    staff: staffRows,
    partyOrgs: partyOrgRows,
    region,
    childrenOf: (id) => regionRows.filter((row) => row.parentId === id),
    staffIn: (regionId) => staffRows.filter((row) => row.regionId === regionId),
    partyOrgsAnchoredAt: (regionId) => partyOrgRows.filter((row) => row.regionId === regionId),
  };
}

export type AuditRecord = typeof auditLog.$inferSelect;

/** Audit entries matching every given field, oldest first. */
export async function findAuditEntries(
  db: Database,
  filter: Partial<Pick<AuditRecord, 'actorId' | 'entityId' | 'outcome' | 'action' | 'actorUsername'>>,
): Promise<AuditRecord[]> {
  const conditions = Object.entries(filter).map(([field, value]) =>
    eq(auditLog[field as keyof typeof filter], value as string),
  );
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(auditLog.id);
}
