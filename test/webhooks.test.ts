import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookEventDeliveries } from '../src/server/db/schema/index.js';
import { sweepOnce } from '../src/server/modules/cases/sweep.js';
import { openFileStore } from '../src/server/storage/open-file-store.js';
import { deliverCaseEvents } from '../src/server/modules/webhooks/webhooks.service.js';
import type { CreatedWebhookSubscription, WebhookDelivery, WebhookSubscription } from '../src/shared/api/webhooks.js';
import { actOn, reportCase } from './case-fixtures.js';
import { insertNeighbourCounty, type NeighbourCounty } from './factories.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * Webhooks out: a county subscribes an outside system to its case events; each event arrives as a JSON POST signed
 * with the subscription's secret, is retried with growing pauses when the receiver fails, and stays visible (and
 * can be sent again) in the delivery log.
 */
let test: TestApp;
let world: DemoWorld;
let neighbour: NeighbourCounty;
let agents: Record<'admin' | 'county' | 'leader' | 'member' | 'cadre', Agent>;

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
/** A receiver on this machine: it records every POST and answers what `answerFor` says for its path. */
const receiver = {
  received: [] as Received[],
  answerFor: (_path: string, _count: number): number => 200,
  port: 0,
  server: undefined as http.Server | undefined,
  at(path: string) {
    return `http://127.0.0.1:${this.port}${path}`;
  },
  bodiesAt(path: string) {
    // Deliveries go out side by side, so a receiver orders events by when they happened.
    return this.received
      .filter((entry) => entry.path === path)
      .map((entry) => JSON.parse(entry.body) as EventBody)
      .sort((one, other) => one.occurredAt.localeCompare(other.occurredAt));
  },
};
type EventBody = {
  id: string;
  type: string;
  occurredAt: string;
  case: { id: string; number: string; status: string; categoryCode: string; regionCode: string };
};

beforeAll(async () => {
  // Receivers run on this machine, so this installation allows private addresses (WEBHOOK_ALLOW_PRIVATE).
  test = await createTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
  world = await loadDemoWorld(test.db);
  neighbour = await insertNeighbourCounty(test.db);
  agents = await signInAll(test.app, ['admin', 'county', 'leader', 'member', 'cadre'] as const);
  receiver.server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '';
      receiver.received.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const count = receiver.received.filter((entry) => entry.path === path).length;
      response.writeHead(receiver.answerFor(path, count)).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.server!.listen(0, '127.0.0.1', resolve));
  receiver.port = (receiver.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (receiver.server ? receiver.server.close(() => resolve()) : resolve()));
  await test?.close();
});

afterEach(() => {
  receiver.answerFor = () => 200;
});

async function subscribe(agent: Agent, body: Record<string, unknown>, query = '') {
  const response = await agent.post(`/api/v1/webhook-subscriptions${query}`, body);
  expectStatus(response, 201);
  return response.json<CreatedWebhookSubscription>();
}

async function deliveriesOf(subscriptionId: string, query = '') {
  const response = await agents.county.get(`/api/v1/webhook-subscriptions/${subscriptionId}/deliveries${query}`);
  expectStatus(response, 200);
  return response.json<{ items: WebhookDelivery[] }>().items;
}

const deliver = () => deliverCaseEvents(test.db, { isPrivateAllowed: true });

/** Makes the subscription's waiting deliveries due now, as if their pause had passed. */
async function skipPause(subscriptionId: string) {
  await test.db
    .update(webhookEventDeliveries)
    .set({ nextAttemptAt: new Date(Date.now() - 1000) })
    .where(eq(webhookEventDeliveries.subscriptionId, subscriptionId));
}

const secondsFromNow = (at: string | null) => (new Date(at!).getTime() - Date.now()) / 1000;

/** A case of the member's grid taken through to its close and a rating. */
async function caseThroughToRating() {
  const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
  await actOn(agents.leader, reported.id, { action: 'accept' });
  await actOn(agents.leader, reported.id, { action: 'dispatch', assigneeId: world.accounts.cadre.id });
  await actOn(agents.cadre, reported.id, { action: 'start' });
  await actOn(agents.cadre, reported.id, { action: 'handle', result: '已清理楼道杂物' });
  await actOn(agents.member, reported.id, { action: 'verify' });
  await actOn(agents.leader, reported.id, { action: 'close' });
  await actOn(agents.member, reported.id, { action: 'rate', rating: 5 });
  return reported;
}

describe('signed deliveries', () => {
  it('posts each event the subscription asks for, signed with its secret, with no personal data', async () => {
    const all = await subscribe(agents.county, {
      url: receiver.at('/all'),
      kinds: ['created', 'status_changed', 'closed', 'rated'],
    });
    expect(all.secret).toMatch(/^whsec_/);
    const closedOnly = await subscribe(agents.county, { url: receiver.at('/closed'), kinds: ['closed'] });
    // The secret is shown once: the list never holds it.
    const listed = (await agents.county.get('/api/v1/webhook-subscriptions')).json<{ items: WebhookSubscription[] }>();
    expect(listed.items.map((item) => item.id)).toEqual(expect.arrayContaining([all.id, closedOnly.id]));
    expect(JSON.stringify(listed)).not.toContain(all.secret);

    const reported = await caseThroughToRating();
    expect(await deliver()).toMatchObject({ failed: 0, retrying: 0 });

    const bodies = receiver.bodiesAt('/all');
    expect(bodies.map((body) => body.type)).toEqual([
      'created',
      'status_changed', // accepted
      'status_changed', // dispatched
      'status_changed', // in progress
      'status_changed', // handled
      'status_changed', // verified
      'closed',
      'rated',
    ]);
    expect(bodies[0]).toEqual({
      id: expect.any(String),
      type: 'created',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      case: {
        id: reported.id,
        number: reported.number,
        status: 'reported',
        categoryCode: 'environment',
        regionCode: world.memberGrid.code,
      },
    });
    expect(receiver.bodiesAt('/closed').map((body) => [body.type, body.case.status])).toEqual([['closed', 'closed']]);

    for (const entry of receiver.received.filter((candidate) => candidate.path === '/all')) {
      expect(entry.headers['content-type']).toBe('application/json');
      expect(entry.body).not.toContain('楼道堆放杂物');
      // What a receiver does: recompute the signature over "<timestamp>.<body>" and check the time is recent.
      const timestamp = Number(entry.headers['x-gridlink-timestamp']);
      expect(Math.abs(Date.now() / 1000 - timestamp)).toBeLessThan(300);
      const expected = createHmac('sha256', all.secret).update(`${timestamp}.${entry.body}`).digest('hex');
      expect(entry.headers['x-gridlink-signature']).toBe(`sha256=${expected}`);
    }
    // Another round sends nothing twice.
    expect(await deliver()).toMatchObject({ queued: 0, delivered: 0 });
    expect((await deliveriesOf(all.id)).every((delivery) => delivery.state === 'delivered')).toBe(true);
  });

  it('are sent by the background round that the server runs and `gridlink sweep` runs once', async () => {
    const subscription = await subscribe(agents.county, { url: receiver.at('/round'), kinds: ['created'] });
    const reported = await reportCase(agents.member, { regionId: world.memberGrid.id });
    const logged: string[] = [];
    await sweepOnce(test.db, {
      log: { info: (_counts, name) => void logged.push(name), error: () => undefined },
      isPrivateWebhookAllowed: true,
      files: openFileStore(test.config.fileStore),
    });
    expect(receiver.bodiesAt('/round').map((body) => body.case.id)).toEqual([reported.id]);
    expect(logged).toContain('Case event webhooks');
    expect((await deliveriesOf(subscription.id)).map((delivery) => delivery.state)).toEqual(['delivered']);
  });

  it('retries a failing receiver after growing pauses, counting the attempts, until it takes the event', async () => {
    const flaky = await subscribe(agents.county, { url: receiver.at('/flaky'), kinds: ['created'] });
    receiver.answerFor = (path, count) => (path === '/flaky' && count <= 2 ? 503 : 200);
    await reportCase(agents.member, { regionId: world.memberGrid.id });

    await deliver();
    let [delivery] = await deliveriesOf(flaky.id, '?filter=failed');
    expect(delivery).toMatchObject({ state: 'pending', attempts: 1, lastStatus: 503 });
    expect(delivery!.lastError).toMatch(/HTTP 503/);
    expect(secondsFromNow(delivery!.nextAttemptAt)).toBeGreaterThan(20);
    expect(secondsFromNow(delivery!.nextAttemptAt)).toBeLessThanOrEqual(30);

    // Not due yet: nothing is sent before the pause is over.
    await deliver();
    expect(receiver.received.filter((entry) => entry.path === '/flaky')).toHaveLength(1);

    await skipPause(flaky.id);
    await deliver();
    [delivery] = await deliveriesOf(flaky.id);
    expect(delivery).toMatchObject({ state: 'pending', attempts: 2, lastStatus: 503 });
    expect(secondsFromNow(delivery!.nextAttemptAt)).toBeGreaterThan(50);

    await skipPause(flaky.id);
    await deliver();
    [delivery] = await deliveriesOf(flaky.id);
    expect(delivery).toMatchObject({ state: 'delivered', attempts: 3, lastStatus: 200, lastError: null });
    expect(await deliveriesOf(flaky.id, '?filter=failed')).toEqual([]);
  });

  it('gives up after the last attempt, lists the failure first, and sends it again on request', async () => {
    const gone = await subscribe(agents.county, { url: receiver.at('/gone'), kinds: ['created'] });
    receiver.answerFor = (path) => (path === '/gone' ? 410 : 200);
    await reportCase(agents.member, { regionId: world.memberGrid.id });
    for (let round = 0; round < 8; round += 1) {
      await skipPause(gone.id);
      await deliver();
    }
    const [failed] = await deliveriesOf(gone.id, '?filter=failed');
    expect(failed).toMatchObject({ state: 'failed', attempts: 8, lastStatus: 410, nextAttemptAt: null });
    const listed = (await agents.county.get('/api/v1/webhook-subscriptions')).json<{ items: WebhookSubscription[] }>();
    expect(listed.items.find((item) => item.id === gone.id)!.failedDeliveries).toBe(1);
    // Given up on: no further round sends it.
    await skipPause(gone.id);
    await deliver();
    expect(receiver.received.filter((entry) => entry.path === '/gone')).toHaveLength(8);

    receiver.answerFor = () => 200;
    expectStatus(await agents.county.post(`/api/v1/webhook-deliveries/${failed!.id}/resend`), 204);
    expect(await findAuditEntries(test.db, { action: 'webhook_delivery.resend', entityId: failed!.id })).toHaveLength(
      1,
    );
    await deliver();
    const [resent] = await deliveriesOf(gone.id);
    expect(resent).toMatchObject({ id: failed!.id, state: 'delivered', attempts: 1, lastStatus: 200 });
    expect(receiver.received.filter((entry) => entry.path === '/gone')).toHaveLength(9);

    // A month later the settled delivery is forgotten.
    await test.db
      .update(webhookEventDeliveries)
      .set({ deliveredAt: new Date(Date.now() - 31 * 24 * 3600 * 1000) })
      .where(eq(webhookEventDeliveries.id, failed!.id));
    expect(await deliver()).toMatchObject({ pruned: 1 });
    expect(await deliveriesOf(gone.id)).toEqual([]);
  });

  it('sends nothing to a paused subscription and resumes with the events since', async () => {
    const paused = await subscribe(agents.county, { url: receiver.at('/paused'), kinds: ['created'] });
    const patched = await agents.county.patch(`/api/v1/webhook-subscriptions/${paused.id}`, { isActive: false });
    expectStatus(patched, 200);
    expect(patched.json<WebhookSubscription>()).toMatchObject({ isActive: false, kinds: ['created'] });
    await reportCase(agents.member, { regionId: world.memberGrid.id });
    await deliver();
    expect(receiver.bodiesAt('/paused')).toEqual([]);
    expect(await deliveriesOf(paused.id)).toEqual([]);

    expectStatus(await agents.county.patch(`/api/v1/webhook-subscriptions/${paused.id}`, { isActive: true }), 200);
    await deliver();
    expect(receiver.bodiesAt('/paused').map((body) => body.type)).toEqual(['created']);
  });
});

describe('addresses', () => {
  it('refuses a receiver on this machine unless the installation allows private addresses', async () => {
    const strict = await createTestApp();
    try {
      const { county } = await signInAll(strict.app, ['county'] as const);
      const refused = await county.post('/api/v1/webhook-subscriptions', {
        url: 'http://127.0.0.1:8080/hook',
        kinds: ['created'],
      });
      expectError(refused, 400, 'webhook_url_not_allowed');
      const made = await subscribe(county, { url: 'https://1.1.1.1/hook', kinds: ['created'] });
      expectError(
        await county.patch(`/api/v1/webhook-subscriptions/${made.id}`, { url: 'http://localhost/hook' }),
        400,
        'webhook_url_not_allowed',
      );
    } finally {
      await strict.close();
    }
  });

  it('does not post to a loopback address saved while allowed, once the installation no longer allows it', async () => {
    const local = await subscribe(agents.county, { url: receiver.at('/local'), kinds: ['created'] });
    await reportCase(agents.member, { regionId: world.memberGrid.id });
    await deliverCaseEvents(test.db, { isPrivateAllowed: false });
    const [delivery] = await deliveriesOf(local.id);
    expect(delivery).toMatchObject({ state: 'pending', attempts: 1, lastStatus: null });
    expect(delivery!.lastError).toMatch(/internal address/);
    expect(receiver.bodiesAt('/local')).toEqual([]);
  });
});

describe('counties, permissions and bad input', () => {
  it('never sends one county’s events to another county’s subscription, whose records read as missing', async () => {
    const theirs = await subscribe(
      agents.admin,
      { url: receiver.at('/neighbour'), kinds: ['created', 'status_changed', 'closed', 'rated'] },
      `?countyId=${neighbour.county.id}`,
    );
    await caseThroughToRating();
    await deliver();
    expect(receiver.bodiesAt('/neighbour')).toEqual([]);
    const neighbourLog = await agents.admin.get(
      `/api/v1/webhook-subscriptions/${theirs.id}/deliveries?countyId=${neighbour.county.id}`,
    );
    expect(neighbourLog.json<{ items: WebhookDelivery[] }>().items).toEqual([]);

    expectError(await agents.county.get(`/api/v1/webhook-subscriptions/${theirs.id}/deliveries`), 404, 'not_found');
    expectError(
      await agents.county.patch(`/api/v1/webhook-subscriptions/${theirs.id}`, { isActive: false }),
      404,
      'not_found',
    );
    const listed = (await agents.county.get('/api/v1/webhook-subscriptions')).json<{ items: WebhookSubscription[] }>();
    expect(listed.items.map((item) => item.id)).not.toContain(theirs.id);
  });

  it('lets only those who configure the county’s cases manage subscriptions', async () => {
    const made = await subscribe(agents.county, { url: receiver.at('/kept'), kinds: ['created'] });
    expect(await findAuditEntries(test.db, { action: 'webhook_subscription.create', entityId: made.id })).toHaveLength(
      1,
    );
    expectError(await agents.leader.get('/api/v1/webhook-subscriptions'), 403, 'forbidden');
    expectError(
      await agents.leader.post('/api/v1/webhook-subscriptions', { url: receiver.at('/x'), kinds: ['created'] }),
      403,
      'forbidden',
    );
    expectError(
      await agents.leader.patch(`/api/v1/webhook-subscriptions/${made.id}`, { isActive: false }),
      403,
      'forbidden',
    );
  });

  it.each([
    ['no kinds', { url: 'https://1.1.1.1/hook', kinds: [] }],
    ['an unknown kind', { url: 'https://1.1.1.1/hook', kinds: ['deleted'] }],
    ['a URL that is not http', { url: 'ftp://1.1.1.1/hook', kinds: ['created'] }],
    ['no URL', { kinds: ['created'] }],
  ])('refuses a subscription with %s', async (_case, body) => {
    expectError(await agents.county.post('/api/v1/webhook-subscriptions', body), 400, 'validation_failed');
  });

  it('refuses an empty change and answers 404 for unknown ids', async () => {
    const made = await subscribe(agents.county, { url: receiver.at('/kept'), kinds: ['created'] });
    expectError(await agents.county.patch(`/api/v1/webhook-subscriptions/${made.id}`, {}), 400, 'validation_failed');
    const unknown = '01890000-0000-7000-8000-000000000000';
    expectError(
      await agents.county.patch(`/api/v1/webhook-subscriptions/${unknown}`, { isActive: false }),
      404,
      'not_found',
    );
    expectError(await agents.county.post(`/api/v1/webhook-deliveries/${unknown}/resend`), 404, 'not_found');
  });
});
