import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { selectRows, type Database } from '../src/server/db/client.js';

/**
 * Races are tested on PostgreSQL only: PGlite answers one statement at a time on its single connection, so two
 * "simultaneous" transactions there run one after the other and a test of their race could not fail.
 */
export const isOnPostgres = inject('templateDatabase').kind === 'postgres';

/** How long the racers may take to reach the table before the test gives up on them. */
const arrivalTimeoutMilliseconds = 20_000;

/**
 * Starts `racers` behind a barrier, so that their transactions overlap for certain: a transaction of its own holds
 * `table` in EXCLUSIVE mode (reading it goes on, locking or writing rows of it waits) until `count` sessions wait for
 * it, then lets them all go at once. Each racer has read what it read before any of them writes.
 */
export async function raceBehindBarrier<Results>(
  db: Database,
  table: string,
  count: number,
  racers: () => Promise<Results>,
): Promise<Results> {
  let racing: Promise<Results> | undefined;
  await db.transaction(async (transaction) => {
    await transaction.execute(sql.raw(`lock table ${table} in exclusive mode`));
    racing = racers();
    // Awaited below; until then a racer's failure must not count as unhandled.
    racing.catch(() => undefined);
    const startedAt = Date.now();
    while ((await sessionsWaitingFor(db, table)) < count) {
      if (Date.now() - startedAt > arrivalTimeoutMilliseconds) {
        throw new Error(`Fewer than ${count} sessions came to wait for ${table}: the race was not run.`);
      }
      await sleep(10);
    }
  });
  return racing!;
}

async function sessionsWaitingFor(db: Database, table: string): Promise<number> {
  const [row] = await selectRows<{ waiting: number }>(
    db,
    sql`select count(distinct pid)::int as waiting from pg_locks
        where not granted and locktype = 'relation'
          and database = (select oid from pg_database where datname = current_database())
          and relation = ${table}::regclass`,
  );
  return row!.waiting;
}
