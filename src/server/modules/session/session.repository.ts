import { and, eq, gt, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { accounts, regions, sessions, signInThrottle, trustedDevices } from '../../db/schema/index.js';

export async function findAccountByUsername(db: Executor, username: string) {
  const [row] = await db
    .select({ account: accounts, regionCode: regions.code, regionName: regions.name, countyId: regions.countyId })
    .from(accounts)
    .leftJoin(regions, eq(regions.id, accounts.regionId))
    .where(eq(accounts.username, username));
  return row;
}

export async function insertSession(
  db: Executor,
  session: {
    tokenHash: string;
    accountId: string;
    csrfToken: string;
    pendingStep: 'second_factor' | 'enrolment' | undefined;
    address?: string | undefined;
    userAgent?: string | undefined;
  },
) {
  await db.insert(sessions).values(session);
}

function prepareLiveSessionLookup(db: Executor) {
  return db
    .select({
      session: sessions,
      account: accounts,
      regionCode: regions.code,
      regionName: regions.name,
      countyId: regions.countyId,
      isSeenLongAgo: sql<boolean>`${sessions.lastSeenAt} < now() - interval '1 minute'`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(regions, eq(regions.id, accounts.regionId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        eq(accounts.isEnabled, true),
        gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${sql.placeholder('idleMinutes')})`),
        gt(sessions.createdAt, sql`now() - make_interval(hours => ${sql.placeholder('absoluteHours')})`),
      ),
    )
    .prepare('find_live_session');
}

/**
 * Built once per database: building this select of two whole tables cost drizzle about as much CPU as the rest of
 * a small request (measured by bench/http.bench.ts), and every API request makes it.
 */
const liveSessionLookups = new WeakMap<Executor, ReturnType<typeof prepareLiveSessionLookup>>();

/**
 * The session behind a token if it has passed neither timeout (by the database clock) and its account is enabled.
 * Touches `last_seen_at` at most once a minute, and only when the lookup found it that old: every API request
 * reads its session, so the lookup is the request's only round trip for it (the HTTP bench measured the touch).
 */
export async function findLiveSession(db: Executor, tokenHash: string, idleMinutes: number, absoluteHours: number) {
  let lookup = liveSessionLookups.get(db);
  if (!lookup) {
    lookup = prepareLiveSessionLookup(db);
    liveSessionLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ tokenHash, idleMinutes, absoluteHours });
  if (row?.isSeenLongAgo) {
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now()` })
      .where(and(eq(sessions.tokenHash, tokenHash), sql`${sessions.lastSeenAt} < now() - interval '1 minute'`));
  }
  return row;
}

/** Drops an account's sessions that can no longer be used, so the table does not grow with every sign-in. */
export async function deleteExpiredSessions(
  db: Executor,
  accountId: string,
  idleMinutes: number,
  absoluteHours: number,
) {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.accountId, accountId),
        or(
          lt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${idleMinutes})`),
          lt(sessions.createdAt, sql`now() - make_interval(hours => ${absoluteHours})`),
        ),
      ),
    );
}

export async function deleteSession(db: Executor, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Signs an account out everywhere (disabled, role changed, password reset). */
export async function deleteSessionsOfAccount(db: Executor, accountId: string) {
  await db.delete(sessions).where(eq(sessions.accountId, accountId));
}

export async function updatePasswordHash(db: Executor, accountId: string, passwordHash: string) {
  await db
    .update(accounts)
    .set({ passwordHash, updatedAt: sql`now()` })
    .where(eq(accounts.id, accountId));
}

/** Signs an account out everywhere but here. */
export async function deleteOtherSessions(db: Executor, accountId: string, keptTokenHash: string) {
  await db.delete(sessions).where(and(eq(sessions.accountId, accountId), ne(sessions.tokenHash, keptTokenHash)));
}

export async function markSignedIn(db: Executor, accountId: string) {
  await db
    .update(accounts)
    .set({ lastSignInAt: sql`now()` })
    .where(eq(accounts.id, accountId));
}

export async function isTrustedDevice(db: Executor, tokenHash: string, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ tokenHash: trustedDevices.tokenHash })
    .from(trustedDevices)
    .where(and(eq(trustedDevices.tokenHash, tokenHash), eq(trustedDevices.accountId, accountId)));
  return row !== undefined;
}

export async function insertTrustedDevice(db: Executor, tokenHash: string, accountId: string) {
  await db.insert(trustedDevices).values({ tokenHash, accountId }).onConflictDoNothing();
}

/** Keys among `keys` that are locked now. */
export async function findLockedKeys(db: Executor, keys: string[]): Promise<string[]> {
  const rows = await db
    .select({ key: signInThrottle.key })
    .from(signInThrottle)
    .where(and(inArray(signInThrottle.key, keys), gt(signInThrottle.lockedUntil, sql`now()`)));
  return rows.map((row) => row.key);
}

/**
 * Counts one failure against a key; the count restarts after `windowMinutes`, and reaching `limit` locks the key
 * for `lockMinutes`. One statement, so concurrent failures are all counted.
 */
export async function countFailure(
  db: Executor,
  key: string,
  limit: number,
  windowMinutes: number,
  lockMinutes: number,
) {
  const windowStart = sql`now() - make_interval(mins => ${windowMinutes})`;
  await db
    .insert(signInThrottle)
    .values({ key, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.key,
      set: {
        failures: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then 1 else ${signInThrottle.failures} + 1 end`,
        windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then now() else ${signInThrottle.windowStartedAt} end`,
      },
    });
  await db
    .update(signInThrottle)
    .set({ lockedUntil: sql`now() + make_interval(mins => ${lockMinutes})`, failures: 0, windowStartedAt: sql`now()` })
    .where(and(eq(signInThrottle.key, key), sql`${signInThrottle.failures} >= ${limit}`));
}

export async function clearFailures(db: Executor, keys: string[]) {
  await db.delete(signInThrottle).where(inArray(signInThrottle.key, keys));
}
