import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { hashToken } from '../src/server/modules/session/session.service.js';
import {
  createTestApp,
  loadDemoWorld,
  requestSignIn,
  sessionCookie,
  signIn,
  testPassword,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { makeIdNumber } from './registry-fixtures.js';

type LogLine = { level: number; msg?: string; err?: Record<string, unknown>; req?: { url?: string } };

let testApp: TestApp;
let app: FastifyInstance;
let world: DemoWorld;
let member: Agent;
const logged: string[] = [];

beforeAll(async () => {
  testApp = await createTestApp();
  world = await loadDemoWorld(testApp.db);
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => logged.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  // The most talkative level: nothing personal may appear at any level.
  app = await buildApp({ db: testApp.db, config: { ...testApp.config, logLevel: 'trace' } }, { logStream: stream });
  await app.ready();
  member = await signIn(app, 'member');
});

afterAll(async () => {
  await app?.close();
  await testApp?.close();
});

function logLines(): LogLine[] {
  return logged.map((line) => JSON.parse(line) as LogLine);
}

function failuresLogged(): LogLine[] {
  return logLines().filter((line) => line.level >= 50 && line.err);
}

describe('the server log', () => {
  it('writes one line a request, when it ends, with its path, status and time', async () => {
    const before = logged.length;
    expect((await member.get('/api/v1/persons?q=李')).statusCode).toBe(200);
    expect((await member.get('/api/v1/no-such-route')).statusCode).toBe(404);
    const lines = logged.slice(before).map((line) => JSON.parse(line) as LogLine & Record<string, unknown>);
    expect(lines.map(({ msg, req, res }) => ({ msg, req, res }))).toEqual([
      {
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/api/v1/persons' }) as unknown,
        res: { statusCode: 200 },
      },
      {
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/api/v1/no-such-route' }) as unknown,
        res: { statusCode: 404 },
      },
    ]);
    for (const line of lines) expect(line.responseTime).toEqual(expect.any(Number));
  });

  it('keeps a failed insert’s ID number and phone out of the log, but names the constraint', async () => {
    const idNumber = makeIdNumber('1975-03-09', 'female');
    const phone = '13955501234';
    // Every insert fails the way a real constraint would, so the statement with its parameters reaches the handler.
    await testApp.db.execute(
      sql.raw('alter table persons add constraint log_test_refuses_inserts check (false) not valid'),
    );
    try {
      const response = await member.post('/api/v1/persons', {
        regionId: world.memberGrid.id,
        name: '李秀英',
        idNumber,
        phone,
      });
      expect(response.statusCode).toBe(500);
      expect(response.body).not.toContain(idNumber);
    } finally {
      await testApp.db.execute(sql.raw('alter table persons drop constraint log_test_refuses_inserts'));
    }
    const search = await member.get(`/api/v1/persons?q=${phone}`);
    expect(search.statusCode).toBe(200);

    const everything = logged.join('\n');
    for (const secret of [idNumber, phone]) expect(everything).not.toContain(secret);
    // What an operator needs to find the cause is still there.
    const failure = failuresLogged().find((line) => line.err?.constraint === 'log_test_refuses_inserts');
    expect(failure?.err).toMatchObject({ sqlState: '23514', table: 'persons' });
    expect(failure?.err?.stack).toMatch(/at /);
    expect(logLines().some((line) => line.req?.url === '/api/v1/persons')).toBe(true);
  });

  it('keeps passwords, session cookies, tokens and their hashes out of the log, even when a session query fails', async () => {
    const wrong = await requestSignIn(app, { username: 'village', password: 'Not-The-Password-42' });
    expect(wrong.statusCode).toBe(401);
    const agent = await signIn(app, 'village');
    const token = agent.cookies[sessionCookie]!;
    expect((await agent.get('/api/v1/session')).statusCode).toBe(200);
    // Signing out deletes the session by its token's hash: make that statement fail so its parameters are at stake.
    await testApp.db.execute(
      sql.raw(`create function log_test_refuse() returns trigger language plpgsql as $$
        begin raise exception 'refused by the log test'; end $$`),
    );
    await testApp.db.execute(
      sql.raw(`create trigger log_test_refuse before delete on sessions
        for each statement execute function log_test_refuse()`),
    );
    try {
      expect((await agent.delete('/api/v1/session')).statusCode).toBe(500);
    } finally {
      await testApp.db.execute(sql.raw('drop trigger log_test_refuse on sessions'));
      await testApp.db.execute(sql.raw('drop function log_test_refuse'));
    }

    const everything = logged.join('\n');
    const secrets = [testPassword, 'Not-The-Password-42', token, hashToken(token), agent.session.csrfToken];
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(failuresLogged().some((line) => line.err?.sqlState === 'P0001')).toBe(true);
  });
});
