import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The password of every demo account in the test database. */
export const testPassword = 'Grid-Test-Passphrase-2025';

/** Where the seeded template lives: a PGlite folder to copy, or a PostgreSQL database to clone. */
export type TemplateDatabase =
  { kind: 'pglite'; folder: string } | { kind: 'postgres'; serverUrl: string; databaseName: string };

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: TemplateDatabase;
  }
}

/** The same server as `databaseUrl`, with another database name. */
export function withDatabaseName(databaseUrl: string, databaseName: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** Runs statements on the server's maintenance database (`postgres`), where databases are created and dropped. */
export async function onServer(serverUrl: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** Database names come from this code only, but quoting keeps them safe anyway. */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function createDatabase(client: pg.Client, name: string, template?: string): Promise<void> {
  await client.query(
    `create database ${quoteIdentifier(name)}${template ? ` template ${quoteIdentifier(template)}` : ''}`,
  );
}

/**
 * Drops a database. Without `force`, PostgreSQL waits a few seconds for sessions still closing (a pool resolves
 * `end()` before its connections are gone) instead of killing them mid-goodbye, which would surface as an
 * uncaught "terminating connection" error in the test that owned them.
 */
export async function dropDatabase(client: pg.Client, name: string, options: { force?: boolean } = {}): Promise<void> {
  await client.query(`drop database if exists ${quoteIdentifier(name)}${options.force ? ' with (force)' : ''}`);
}

/** Databases cloned from a template share a prefix, so the run's teardown can drop any a crashed worker left. */
export function testDatabasePrefix(templateName: string): string {
  return `${templateName.replace('_template_', '_test_')}_`;
}

/**
 * A fresh database cloned from the template, for one test file. Cloning fails while another session is still
 * connected to the template (a backend that has not quite exited), so it retries briefly.
 */
export async function cloneTemplate(template: { serverUrl: string; databaseName: string }): Promise<string> {
  const name = `${testDatabasePrefix(template.databaseName)}${randomBytes(6).toString('hex')}`;
  await onServer(template.serverUrl, async (client) => {
    await retryWhileInUse(() => createDatabase(client, name, template.databaseName));
  });
  return name;
}

/** Drops a test file's database once the sessions of its closed pool have ended. */
export async function dropClone(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (client) => retryWhileInUse(() => dropDatabase(client, name)));
}

/** Retries while PostgreSQL answers "database is being accessed by other users" (55006). */
async function retryWhileInUse(work: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const isInUse = (error as { code?: string }).code === '55006';
      if (!isInUse || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
