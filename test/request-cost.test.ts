/**
 * What an API request costs the database, as the HTTP bench (bench/http.bench.ts) found it: every request reads its
 * session first, so a statement saved there is saved on every request.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/server/db/client.js';
import { sessions } from '../src/server/db/schema/index.js';
import { findLiveSession } from '../src/server/modules/session/session.repository.js';
import { hashToken } from '../src/server/modules/session/session.service.js';
import { createTestApp, expectStatus, sessionCookie, signIn, type TestApp } from './helpers.js';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await createTestApp();
});

afterAll(() => testApp?.close());

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

describe('the session behind a request', () => {
  it('is read in one statement while it was seen within the minute, and touched once it was not', async () => {
    const county = await signIn(testApp.app, 'county');
    const tokenHash = hashToken(county.cookies[sessionCookie]!);
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

    // The request itself still answers: the lookup's extra column is the server's own business.
    expectStatus(await county.get('/api/v1/session'), 200);
  });
});
