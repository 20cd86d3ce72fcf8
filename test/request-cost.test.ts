/**
 * What an API request costs the database, as the HTTP bench (bench/http.bench.ts) found it: every request reads its
 * session first, so a statement saved there is saved on every request.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, caseFiles, notifications, regions, sessions } from '../src/server/db/schema/index.js';
import { findLiveSession } from '../src/server/modules/session/session.repository.js';
import { hashToken } from '../src/server/modules/session/session.service.js';
import type { Case, CaseDetail } from '../src/shared/api/cases.js';
import type { Page } from '../src/shared/api/common.js';
import type { NotificationPage } from '../src/shared/api/notifications.js';
import type { Session } from '../src/shared/api/session.js';
import { createTestApp, expectStatus, sessionCookie, signIn, type Agent, type TestApp } from './helpers.js';

let testApp: TestApp;
let county: Agent;

beforeAll(async () => {
  testApp = await createTestApp();
  county = await signIn(testApp.app, 'county');
});

afterAll(() => testApp?.close());

type Method = (this: unknown, ...parameters: unknown[]) => unknown;

/** Puts `wrap(original)` in place of a method until the returned function puts the original back. */
function replaceMethod(target: object, name: string, wrap: (original: Method) => Method): () => void {
  const holder = target as Record<string, Method>;
  const isOwn = Object.hasOwn(target, name);
  const original = holder[name]!;
  holder[name] = wrap(original);
  return () => {
    if (isOwn) holder[name] = original;
    else delete holder[name];
  };
}

/** The statements this process sends to the database, through pg or PGlite, while `work` runs. */
async function statementsOf(work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const counted = (original: Method): Method =>
    function (...parameters) {
      count += 1;
      return original.apply(this, parameters);
    };
  const restores = [
    replaceMethod(pg.Client.prototype, 'query', counted),
    replaceMethod(PGlite.prototype, 'query', counted),
    // PGlite runs a transaction's statements through the object it hands the callback, and its begin and end
    // inside: count them as pg sends them.
    replaceMethod(
      PGlite.prototype,
      'transaction',
      (original) =>
        function (callback) {
          count += 2;
          return original.call(this, (transaction: object) =>
            (callback as (transaction: object) => unknown)(
              new Proxy(transaction, {
                get(target, property) {
                  const value = Reflect.get(target, property) as unknown;
                  return property === 'query' || property === 'exec' ? counted(value as Method) : value;
                },
              }),
            ),
          );
        },
    ),
  ];
  try {
    await work();
  } finally {
    for (const restore of restores) restore();
  }
  return count;
}

/** The statements of a GET as the county, once its session has been seen (as in a page's burst of requests). */
async function statementsOfGet(url: string): Promise<number> {
  const request = async () => expectStatus(await county.get(url), 200);
  await request();
  return statementsOf(request);
}

describe('the session behind a request', () => {
  it('is read in one statement while it was seen within the minute, and touched once it was not', async () => {
    const member = await signIn(testApp.app, 'member');
    const tokenHash = hashToken(member.cookies[sessionCookie]!);
    const { idleMinutes, absoluteHours } = { idleMinutes: 30, absoluteHours: 12 };

    const lookUp = () => findLiveSession(testApp.db, tokenHash, idleMinutes, absoluteHours);
    expect(await lookUp()).toBeDefined();
    expect(await statementsOf(lookUp)).toBe(1);

    await testApp.db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - interval '5 minutes'` })
      .where(eq(sessions.tokenHash, tokenHash));
    expect(await statementsOf(lookUp)).toBe(2);
    const [row] = await testApp.db
      .select({ idleSeconds: sql<number>`extract(epoch from now() - ${sessions.lastSeenAt})::int` })
      .from(sessions)
      .where(eq(sessions.tokenHash, tokenHash));
    expect(row!.idleSeconds).toBeLessThan(60);

    expectStatus(await member.get('/api/v1/session'), 200);
  });

  it('is built once per database, not again for every request', async () => {
    const tokenHash = hashToken(county.cookies[sessionCookie]!);
    let built = 0;
    const counting = new Proxy(testApp.db, {
      get(target, property, receiver) {
        if (property === 'select') built += 1;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    for (let request = 0; request < 5; request += 1) {
      expect(await findLiveSession(counting, tokenHash, 30, 12)).toBeDefined();
    }
    expect(built).toBe(1);
  });
});

/** How many statements drizzle builds (turns into SQL text) while `work` runs. */
async function builtDuring(work: () => Promise<unknown>): Promise<number> {
  let built = 0;
  const restore = replaceMethod(
    PgDialect.prototype,
    'sqlToQuery',
    (original) =>
      function (...parameters) {
        built += 1;
        return original.apply(this, parameters);
      },
  );
  try {
    await work();
  } finally {
    restore();
  }
  return built;
}

describe('the case lists and the case page', () => {
  it('are built once per database and shape: another region’s list or case is the same query with its values', async () => {
    const { items } = (await county.get('/api/v1/cases?limit=100')).json<Page<Case>>();
    const first = items[0]!;
    const other = items.find((item) => item.regionId !== first.regionId)!;
    const listOf = async (regionId: string) =>
      (await county.get(`/api/v1/cases?regionId=${regionId}&limit=50`)).json<Page<Case>>().items;
    await listOf(first.regionId);
    let listed: Case[] = [];
    // Neither the region's look in scope nor the list.
    expect(await builtDuring(async () => (listed = await listOf(other.regionId)))).toBe(0);
    expect(listed.map((item) => item.id)).toContain(other.id);
    const codeOf = async (regionId: string) =>
      (await county.get(`/api/v1/regions/${regionId}`)).json<{ code: string }>().code;
    const otherCode = await codeOf(other.regionId);
    for (const regionId of new Set(listed.map((item) => item.regionId))) {
      expect((await codeOf(regionId)).startsWith(otherCode)).toBe(true);
    }

    const caseOf = async (id: string) => (await county.get(`/api/v1/cases/${id}`)).json<CaseDetail>();
    await caseOf(first.id);
    let shown: CaseDetail | undefined;
    expect(await builtDuring(async () => (shown = await caseOf(other.id)))).toBe(0);
    expect(shown!.id).toBe(other.id);

    await county.get('/api/v1/cases?waitingForMe=true&limit=20');
    expect(await builtDuring(() => county.get('/api/v1/cases?waitingForMe=true&limit=5'))).toBe(0);
  });
});

describe('the lookups most requests share', () => {
  it('are built once per database: the region in scope with its children, the bell’s page, the tag rules', async () => {
    const { items } = (await county.get('/api/v1/cases?limit=100')).json<Page<Case>>();
    const [first, second] = [...new Set(items.map((item) => item.regionId))];
    const figuresOf = (regionId: string) =>
      county.get(`/api/v1/cases/figures?regionId=${regionId}&from=2026-01-01&to=2026-01-31`);
    expectStatus(await figuresOf(first!), 200);
    // Only the period's sums, which are not built once yet.
    expect(await builtDuring(async () => expectStatus(await figuresOf(second!), 200))).toBe(3);

    await county.get('/api/v1/notifications?limit=20');
    expect(await builtDuring(() => county.get('/api/v1/notifications?limit=5'))).toBe(0);

    const search = (q: string) => county.get(`/api/v1/persons?limit=20&q=${encodeURIComponent(q)}`);
    await search('王');
    // The page and its details, not the tag rules.
    expect(await builtDuring(() => search('李'))).toBe(2);
  });
});

// Each budget is what the request needs now; the bench found a separate clock query and a session touch on each.
describe('round trips of the requests of a morning', () => {
  it('reads the session with its region name for GET /session, in one statement', async () => {
    expect(await statementsOfGet('/api/v1/session')).toBe(1);
  });

  it('reads the to-do list in one query beside the session', async () => {
    expect(await statementsOfGet('/api/v1/cases?waitingForMe=true&limit=20')).toBe(2);
  });

  it('reads a case page in one statement beside the session: the case with its clock, timeline and photos', async () => {
    const [first] = (await county.get('/api/v1/cases?limit=1')).json<{ items: { id: string }[] }>().items;
    expect(await statementsOfGet(`/api/v1/cases/${first!.id}`)).toBe(2);
  });

  it('answers the timeline and photos read with the case exactly as stored: order, times, details', async () => {
    const [first] = (await county.get('/api/v1/cases?limit=1')).json<{ items: { id: string }[] }>().items;
    const caseId = first!.id;
    const countyId = county.user.regionId!;
    // Two entries at the same microsecond-precise instant (ordered by id then), the last digits past the
    // millisecond near the next one, and details that are JSON of their own.
    const at = sql`'2026-03-04 05:06:07.891999+00'::timestamptz`;
    const entry = { countyId, caseId, at, action: 'comment' as const, toStatus: 'reported' as const };
    await testApp.db.insert(caseEvents).values([
      { ...entry, id: uuidv7(), toLevel: 'grid', note: '第一条', details: { reason: '路灯', nested: { n: [1, 2] } } },
      { ...entry, id: uuidv7(), toLevel: 'village', actorName: null, note: null, details: null },
    ]);
    const photo = { countyId, caseId, contentType: 'image/png', storageKey: 'none', sha256: 'x' };
    await testApp.db.insert(caseFiles).values([
      { ...photo, id: uuidv7(), fileName: 'b.png', size: 7, createdAt: sql`'2026-03-04 05:06:08.000500+00'` },
      { ...photo, id: uuidv7(), fileName: 'a.png', size: 1234, createdAt: sql`'2026-03-04 05:06:07.999999+00'` },
    ]);

    const page = (await county.get(`/api/v1/cases/${caseId}`)).json<CaseDetail>();
    const events = await testApp.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.countyId, countyId), eq(caseEvents.caseId, caseId)))
      .orderBy(asc(caseEvents.at), asc(caseEvents.id));
    expect(page.timeline).toEqual(
      events.map(({ id, at, actorName, action, fromStatus, toStatus, fromLevel, toLevel, note, details }) => ({
        ...{ id, at: at.toISOString(), actorName, action, fromStatus, toStatus, fromLevel, toLevel, note, details },
      })),
    );
    expect(page.timeline.filter((event) => event.at === '2026-03-04T05:06:07.891Z')).toHaveLength(2);
    expect(page.timeline.find((event) => event.note === '第一条')!.details).toEqual({
      reason: '路灯',
      nested: { n: [1, 2] },
    });
    expect(page.files.map((file) => [file.fileName, file.size, file.createdAt])).toEqual([
      ['a.png', 1234, '2026-03-04T05:06:07.999Z'],
      ['b.png', 7, '2026-03-04T05:06:08.000Z'],
    ]);
  });

  it('names the session’s region as it is named now, read with the session', async () => {
    const regionId = county.user.regionId!;
    const [region] = await testApp.db.select({ name: regions.name }).from(regions).where(eq(regions.id, regionId));
    await testApp.db.update(regions).set({ name: '更名后的县' }).where(eq(regions.id, regionId));
    try {
      const session = (await county.get('/api/v1/session')).json<Session>();
      expect(session.user.regionName).toBe('更名后的县');
    } finally {
      await testApp.db.update(regions).set({ name: region!.name }).where(eq(regions.id, regionId));
    }
  });

  it('reads a region page in two statements beside the session: the region, then its ancestors and staff counts', async () => {
    expect(await statementsOfGet(`/api/v1/regions/${county.user.regionId!}`)).toBe(3);
  });

  it('reads the tag rules once for a person search, beside its page and the page’s details with the count', async () => {
    expect(await statementsOfGet(`/api/v1/persons?limit=20&q=${encodeURIComponent('王')}`)).toBe(4);
  });

  it('comments on a case in one transaction that takes the clock with the locked case', async () => {
    const [open] = (await county.get('/api/v1/cases?status=reported&limit=1')).json<{ items: { id: string }[] }>()
      .items;
    await statementsOfGet(`/api/v1/cases/${open!.id}`);
    const comment = async () =>
      expectStatus(
        await county.post(`/api/v1/cases/${open!.id}/transitions`, { action: 'comment', note: '已跟进' }),
        200,
      );
    // The look in scope, then begin, the locked case, the update, the timeline entry, the case as answered, the
    // audit entry and commit.
    expect(await statementsOf(comment)).toBe(9);
  });

  it('reads the bell’s page with its unread count in one statement', async () => {
    expect(await statementsOfGet('/api/v1/notifications?limit=20')).toBe(2);
  });

  it('tells the unread count on a page past the last one, and none for an account without notifications', async () => {
    const notice = { accountId: county.user.id, countyId: county.user.regionId!, kind: 'awaiting' as const };
    await testApp.db.insert(notifications).values([
      { ...notice, id: uuidv7() },
      { ...notice, id: uuidv7(), readAt: new Date() },
    ]);
    const first = (await county.get('/api/v1/notifications?limit=100')).json<NotificationPage>();
    expect(first.unread).toBeGreaterThan(0);
    const beyond = (
      await county.get(`/api/v1/notifications?limit=20&cursor=${first.items.at(-1)!.id}`)
    ).json<NotificationPage>();
    expect(beyond).toEqual({ items: [], nextCursor: null, unread: first.unread });
    const admin = await signIn(testApp.app, 'admin');
    expect((await admin.get('/api/v1/notifications?limit=20')).json<NotificationPage>()).toEqual({
      items: [],
      nextCursor: null,
      unread: 0,
    });
  });

  it('asks no clock for figures of a period given in full', async () => {
    const regionId = county.user.regionId!;
    const url = `/api/v1/cases/figures?regionId=${regionId}&from=2026-01-01&to=2026-01-31`;
    expect(await statementsOfGet(url)).toBe(6);
  });
});

describe('the security headers of an API answer', () => {
  it('are the same on every answer, without the console page’s nonce, which nothing else uses', async () => {
    const policies = [];
    for (let answer = 0; answer < 2; answer += 1) {
      const response = await county.get('/api/v1/session');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      policies.push(String(response.headers['content-security-policy']));
    }
    expect(policies[0]).toMatch(/default-src 'self'/);
    expect(policies[0]).not.toMatch(/nonce-/);
    expect(policies[1]).toBe(policies[0]);
  });
});
