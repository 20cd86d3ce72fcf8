/** What every bench measures with. */
import type { ChildProcess } from 'node:child_process';
import type { Actor } from '../src/server/auth/actor.js';
import type { Database } from '../src/server/db/client.js';
import { findAccountByUsername } from '../src/server/modules/session/session.repository.js';

export function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** The value below which `fraction` of the sorted durations lie (p50, p95). */
export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** A demo account as the services take it, to call them the way the API does without HTTP. */
export async function demoActor(db: Database, username: string, userAgent: string): Promise<Actor> {
  const found = await findAccountByUsername(db, username);
  if (!found?.account.regionId || !found.regionCode || !found.countyId) {
    throw new Error(`The demo account ${username} is missing.`);
  }
  const { account } = found;
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    role: account.role,
    regionId: account.regionId ?? undefined,
    regionCode: found.regionCode,
    countyId: found.countyId,
    address: undefined,
    userAgent,
  };
}

/** Waits for a server started by a bench to answer `url` (its readiness), or fails if it exits first. */
export async function waitUntilReady(server: ChildProcess, url: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}.`);
    if ((await fetch(url).catch(() => undefined))?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The server did not become ready at ${url}.`);
}
