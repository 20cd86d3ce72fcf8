import { sql } from 'drizzle-orm';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../src/server/db/client.js';
import type { Case } from '../src/shared/api/cases.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';
import { isOnPostgres, raceBehindBarrier } from './postgres-race.js';

/**
 * A report may carry the client's own id (the field app's offline queue): sent again after an answer was lost, it
 * answers the case it made and creates nothing — no second case, number, timeline entry or figure.
 */

let test: TestApp;
let world: DemoWorld;
let agents: Record<'member' | 'member2' | 'leader', Agent>;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, ['member', 'member2', 'leader'] as const);
});

afterAll(async () => {
  await test?.close();
});

function send(agent: Agent, id: string, body: Record<string, unknown> = {}) {
  return agent.post('/api/v1/cases', {
    id,
    category: 'environment',
    description: '楼道堆放杂物',
    regionId: world.memberGrid.id,
    ...body,
  });
}

async function countOf(id: string) {
  const [row] = await selectRows<{ cases: number; events: number }>(
    test.db,
    sql`select (select count(*)::int from cases where id = ${id}) as cases,
               (select count(*)::int from case_events where case_id = ${id}) as events`,
  );
  return row!;
}

describe('a report with a client id', () => {
  it('is made with that id, and sent again answers the same case without making another', async () => {
    const id = uuidv7();
    const first = await send(agents.member, id);
    expectStatus(first, 201);
    const made = first.json<Case>();
    expect(made.id).toBe(id);
    const again = await send(agents.member, id, { description: '重发的同一条上报' });
    expectStatus(again, 200);
    expect(again.json<Case>()).toMatchObject({ id, number: made.number, description: '楼道堆放杂物' });
    expect(await countOf(id)).toEqual({ cases: 1, events: 1 });
    const listed = await agents.member.get('/api/v1/cases?reportedByMe=true&limit=200');
    expect(listed.json<{ items: Case[] }>().items.filter((item) => item.id === id)).toHaveLength(1);
  });

  it('refuses an id someone else reported with, and tells nothing of their case', async () => {
    const id = uuidv7();
    expectStatus(await send(agents.member, id), 201);
    const taken = await send(agents.member2, id);
    const error = expectError(taken, 409, 'client_id_taken');
    expect(error.message).not.toContain('楼道');
    expect(await countOf(id)).toEqual({ cases: 1, events: 1 });
  });

  it('refuses an id that is not a UUID', async () => {
    expectError(await send(agents.member, 'not-a-uuid'), 400, 'validation_failed');
  });

  it('without an id, makes a new case each time as before', async () => {
    const body = { category: 'environment', description: '路灯不亮', regionId: world.memberGrid.id };
    const first = await agents.member.post('/api/v1/cases', body);
    const second = await agents.member.post('/api/v1/cases', body);
    expect(first.json<Case>().id).not.toBe(second.json<Case>().id);
  });
});

describe.runIf(isOnPostgres)('the same report sent twice at once', () => {
  it('makes one case and answers it to both', async () => {
    const id = uuidv7();
    const answers = await raceBehindBarrier(test.db, 'case_number_counters', 2, () =>
      Promise.all([send(agents.member, id), send(agents.member, id)]),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 201]);
    expect(answers.map((answer) => answer.json<Case>().number)).toEqual([
      answers[0]!.json<Case>().number,
      answers[0]!.json<Case>().number,
    ]);
    expect(await countOf(id)).toEqual({ cases: 1, events: 1 });
  });
});
