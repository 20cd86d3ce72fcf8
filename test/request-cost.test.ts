/**
 * What an API request costs the database, as the HTTP bench (bench/http.bench.ts) found it: every request reads its
 * session first, so a statement saved there is saved on every request.
 */
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import type { Database } from '../src/server/db/client.js';
import { sessions } from '../src/server/db/schema/index.js';
import { findLiveSession } from '../src/server/modules/session/session.repository.js';
import { hashToken } from '../src/server/modules/session/session.service.js';
import { createTestApp, expectStatus, sessionCookie, signIn, type Agent, type TestApp } from './helpers.js';

let testApp: TestApp;
/** The same application over a database that notes each query a request starts. */
let counted: { app: FastifyInstance; started: string[] };
let county: Agent;

beforeAll(async () => {
  testApp = await createTestApp();
  const counting = countingQueries(testApp.db);
  const app = await buildApp({ db: counting.db, config: testApp.config });
  await app.ready();
  counted = { app, started: counting.started };
  county = await signIn(testApp.app, 'county');
});

afterAll(async () => {
  await counted?.app.close();
  await testApp?.close();
});

/** The database as a repository sees it, noting each query it starts (select, update, insert, delete). */
function countingQueries(db: Database): { db: Database; started: string[] } {
  const started: string[] = [];
  const kinds = new Set(['select', 'update', 'insert', 'delete', 'execute']);
  const counting = new Proxy(db, {
    get(target, property, receiver) {
      if (typeof property === 'string' && kinds.has(property)) started.push(property);
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { db: counting, started };
}

/** The queries a GET as the county starts, once its session has been seen (as in a page's burst of requests). */
async function queriesOf(url: string): Promise<string[]> {
  const request = () => counted.app.inject({ method: 'GET', url, cookies: county.cookies });
  expectStatus(await request(), 200);
  counted.started.length = 0;
  expectStatus(await request(), 200);
  return [...counted.started];
}

describe('the session behind a request', () => {
  it('is read in one statement while it was seen within the minute, and touched once it was not', async () => {
    const member = await signIn(testApp.app, 'member');
    const tokenHash = hashToken(member.cookies[sessionCookie]!);
    const { idleMinutes, absoluteHours } = { idleMinutes: 30, absoluteHours: 12 };

    const fresh = countingQueries(testApp.db);
    expect(await findLiveSession(fresh.db, tokenHash, idleMinutes, absoluteHours)).toBeDefined();
    expect(fresh.started).toEqual(['select']);

    await testApp.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '5 minutes'` })
      .where(eq(sessions.tokenHash, tokenHash));
    const stale = countingQueries(testApp.db);
    expect(await findLiveSession(stale.db, tokenHash, idleMinutes, absoluteHours)).toBeDefined();
    expect(stale.started).toEqual(['select', 'update']);
    const [row] = await testApp.db
      .select({ idleSeconds: sql<number>`extract(epoch from now() - ${sessions.lastSeenAt})::int` })
      .from(sessions)
      .where(eq(sessions.tokenHash, tokenHash));
    expect(row!.idleSeconds).toBeLessThan(60);

    expectStatus(await member.get('/api/v1/session'), 200);
  });
});

// Each budget is what the request needs now; the bench found a separate clock query and a session touch on each.
describe('round trips of the requests of a morning', () => {
  it('reads the session and its region name for GET /session', async () => {
    expect(await queriesOf('/api/v1/session')).toHaveLength(2);
  });

  it('reads the to-do list in one query beside the session', async () => {
    expect(await queriesOf('/api/v1/cases?waitingForMe=true&limit=20')).toHaveLength(2);
  });

  it('reads a case page as the case, its timeline and its photos, the clock coming with the case', async () => {
    const [first] = (await county.get('/api/v1/cases?limit=1')).json<{ items: { id: string }[] }>().items;
    expect(await queriesOf(`/api/v1/cases/${first!.id}`)).toHaveLength(4);
  });

  it('asks no clock for figures of a period given in full', async () => {
    const regionId = county.user.regionId!;
    const url = `/api/v1/cases/figures?regionId=${regionId}&from=2026-01-01&to=2026-01-31`;
    expect(await queriesOf(url)).toHaveLength(6);
  });
});
