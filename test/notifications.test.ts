import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows } from '../src/server/db/client.js';
import { notifications, webhookDeliveries } from '../src/server/db/schema/index.js';
import { countyRobots } from '../src/server/modules/cases/case-settings.js';
import { deliverWebhooks, pruneSettled } from '../src/server/modules/notifications/notifications.service.js';
import { signDingTalkUrl } from '../src/server/modules/notifications/webhook-delivery.js';
import { actOn, notificationsOf, reportCase } from './case-fixtures.js';
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

/** What a group robot received. */
type Received = { path: string; query: URLSearchParams; body: { msgtype: string; text: { content: string } } };

/** A local stand-in for the WeCom and DingTalk robots: answers from `answers` in turn, then {errcode: 0}. */
async function startRobot() {
  const received: Received[] = [];
  const answers: { status: number; body: string; delayMilliseconds?: number }[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://robot');
      received.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(text) as Received['body'] });
      const answer = answers.shift() ?? { status: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) };
      setTimeout(
        () => response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body),
        answer.delayMilliseconds ?? 0,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The county's robots as its settings name them; the test's robot is on this machine: delivery is told it may be. */
const toLocalRobot = { robotsOf: countyRobots, isPrivateAllowed: true };

describe('notifications, group robots and the county case settings', () => {
  let test: TestApp;
  let world: DemoWorld;
  let agents: Record<'admin' | 'member' | 'member2' | 'cadre' | 'county', Agent>;
  let robot: Awaited<ReturnType<typeof startRobot>>;

  beforeAll(async () => {
    // The test's robot listens on this machine, which only this setting lets a county name.
    test = await createTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    world = await loadDemoWorld(test.db);
    agents = await signInAll(test.app, ['admin', 'member', 'member2', 'cadre', 'county'] as const);
    robot = await startRobot();
  });

  afterAll(async () => {
    await robot?.close();
    await test?.close();
  });

  const report = (description: string) => reportCase(agents.member, { description, regionId: world.memberGrid.id });

  /** A case the grid escalates to the village, which queues a message for the county's robots. */
  const escalateOne = async (description: string) => {
    const reported = await report(description);
    await actOn(agents.member, reported.id, { action: 'accept' });
    await actOn(agents.member, reported.id, { action: 'escalate', reason: '需要村里协调' });
    return reported;
  };

  const putSettings = (agent: Agent, settings: unknown, query = '') =>
    agent.put(`/api/v1/case-settings${query}`, settings);

  it('tells the assignee of a dispatch, and lets only them read and mark it', async () => {
    const before = (await notificationsOf(agents.cadre)).unread;
    const first = await report('楼道堆物');
    const second = await report('共享单车乱停');
    for (const { id } of [first, second]) {
      await actOn(agents.member, id, { action: 'accept' });
      await actOn(agents.member, id, { action: 'dispatch', assigneeId: world.accounts.cadre.id });
    }

    const all = await notificationsOf(agents.cadre);
    expect(all.unread).toBe(before + 2);
    expect(all.items.slice(0, 2).map((notice) => [notice.caseId, notice.kind, notice.params.action])).toEqual([
      [second.id, 'awaiting', 'start'],
      [first.id, 'awaiting', 'start'],
    ]);
    expect(all.items[0]!.params).toMatchObject({ number: second.number, regionName: world.memberGrid.name });

    // One at a time, newest first.
    const firstPage = await notificationsOf(agents.cadre, '?limit=1');
    expect(firstPage.items.map((notice) => notice.caseId)).toEqual([second.id]);
    const secondPage = await notificationsOf(agents.cadre, `?limit=1&cursor=${firstPage.nextCursor}`);
    expect(secondPage.items.map((notice) => notice.caseId)).toEqual([first.id]);

    // Someone of another grid sees none of them and cannot mark them read.
    const theirs = await notificationsOf(agents.member2, '?limit=200');
    expect(theirs.items.filter((notice) => notice.caseId === first.id || notice.caseId === second.id)).toEqual([]);
    const noticeId = all.items[0]!.id;
    expectError(await agents.member2.post('/api/v1/notifications/read', { ids: [noticeId] }), 404, 'not_found');
    expect((await notificationsOf(agents.cadre)).unread).toBe(before + 2);

    const marked = await agents.cadre.post('/api/v1/notifications/read', { ids: [noticeId] });
    expectStatus(marked, 200);
    expect(marked.json()).toEqual({ unread: before + 1 });
    expect((await notificationsOf(agents.cadre)).items[0]!.readAt).not.toBeNull();

    expect((await agents.cadre.post('/api/v1/notifications/read', { all: true })).json()).toEqual({ unread: 0 });
    expectError(await agents.cadre.post('/api/v1/notifications/read', {}), 400, 'validation_failed');
  });

  it('lets the county keep its case settings, validated and audited; grid members may not', async () => {
    expectError(await agents.member.get('/api/v1/case-settings'), 403, 'forbidden');
    expectError(await putSettings(agents.member, { holidays: [] }), 403, 'forbidden');

    const settings = {
      holidays: ['2026-10-01', '2026-10-02'],
      workdays: ['2026-10-11'],
      webhooks: [{ url: robot.url('/wecom'), format: 'wecom' }],
    };
    const saved = await putSettings(agents.county, settings);
    expectStatus(saved, 200);
    expect(saved.json()).toEqual(settings);
    expect((await agents.county.get('/api/v1/case-settings')).json()).toEqual(settings);
    const [entry] = await findAuditEntries(test.db, { action: 'case_settings.update', entityId: world.county.id });
    expect(entry).toMatchObject({ outcome: 'success', actorUsername: 'county' });
    expect(JSON.stringify(entry!.details)).not.toContain('/wecom');

    const badUrl = { ...settings, webhooks: [{ url: 'ftp://robot.example.org/send', format: 'wecom' }] };
    expectError(await putSettings(agents.county, badUrl), 400, 'validation_failed');
    expectError(await putSettings(agents.county, { holidays: ['2026-13-40'] }), 400, 'validation_failed');
    expectError(
      await putSettings(agents.county, { ...settings, webhooks: [{ url: 'x', format: 'slack' }] }),
      400,
      'validation_failed',
    );

    // Administrators work across counties: they name the county.
    expectError(await agents.admin.get('/api/v1/case-settings'), 400, 'validation_failed');
    const adminView = await agents.admin.get(`/api/v1/case-settings?countyId=${world.county.id}`);
    expectStatus(adminView, 200);
    expect(adminView.json()).toEqual(settings);
    expectError(await agents.admin.get(`/api/v1/case-settings?countyId=${world.town.id}`), 400, 'validation_failed');
  });

  it('retries a robot message the robot refused, after a pause, until it takes it', async () => {
    expectStatus(await putSettings(agents.county, { webhooks: [{ url: robot.url('/wecom'), format: 'wecom' }] }), 200);
    robot.received.length = 0;
    robot.answers.push({ status: 500, body: 'busy' });
    const escalated = await escalateOne('沿街店铺占道经营');

    expect(await deliverWebhooks(test.db, toLocalRobot)).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const [queued] = await test.db.select().from(webhookDeliveries);
    expect(queued).toMatchObject({ attempts: 1, deliveredAt: null, failedAt: null });
    expect(queued!.lastError).toContain('HTTP 500');
    // The next attempt comes after a pause, on the database's clock.
    const [pause] = await selectRows<{ isLater: boolean }>(
      test.db,
      sql`select next_attempt_at > now() + interval '20 seconds' as "isLater" from webhook_deliveries`,
    );
    expect(pause!.isLater).toBe(true);

    // Not due yet: nothing is sent.
    expect(await deliverWebhooks(test.db, toLocalRobot)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(robot.received).toHaveLength(1);

    await test.db.update(webhookDeliveries).set({ nextAttemptAt: sql`now() - interval '1 second'` });
    expect(await deliverWebhooks(test.db, toLocalRobot)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const [delivered] = await test.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, queued!.id));
    expect(delivered).toMatchObject({ attempts: 2, failedAt: null });
    expect(delivered!.deliveredAt).not.toBeNull();
    expect(robot.received).toHaveLength(2);
    expect(robot.received[1]).toMatchObject({ path: '/wecom', body: { msgtype: 'text' } });
    expect(robot.received[1]!.body.text.content).toContain(escalated.number);
    expect(robot.received[1]!.query.has('sign')).toBe(false);
  });

  it('signs messages to a DingTalk robot that has a secret', async () => {
    const secret = 'SEC0123456789abcdef';
    const webhooks = [
      { url: robot.url('/dingtalk?access_token=token'), format: 'dingtalk', secret },
      { url: robot.url('/wecom'), format: 'wecom' },
    ];
    expectStatus(await putSettings(agents.county, { webhooks }), 200);
    robot.received.length = 0;
    await escalateOne('小区路灯损坏');

    expect(await deliverWebhooks(test.db, toLocalRobot)).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    const dingTalk = robot.received.find((request) => request.path === '/dingtalk')!;
    const timestamp = dingTalk.query.get('timestamp')!;
    expect(Math.abs(Number(timestamp) - Date.now())).toBeLessThan(60_000);
    expect(dingTalk.query.get('access_token')).toBe('token');
    // Signed as DingTalk's recipe says (timestamp + "\n" + secret, HMAC-SHA256 keyed by the secret, Base64, then
    // URL-encoded), checked against a value worked out apart from the code under test, with OpenSSL:
    //   printf '1767225600000\nSEC0123456789abcdef' | openssl dgst -sha256 -hmac SEC0123456789abcdef -binary | base64
    // gives B0RWzLp5DJ68eWPlqN2is7j/CJw7WP3nV1RkTFHU+F4=, whose '/', '+' and '=' the URL must encode.
    expect(signDingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=token', secret, 1_767_225_600_000)).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=token&timestamp=1767225600000&sign=B0RWzLp5DJ68eWPlqN2is7j%2FCJw7WP3nV1RkTFHU%2BF4%3D',
    );
    // The robot got the signature of the time it was sent at.
    const signedThen = new URL(signDingTalkUrl(robot.url('/dingtalk'), secret, Number(timestamp)));
    expect(dingTalk.query.get('sign')).toBe(signedThen.searchParams.get('sign'));
    const weCom = robot.received.find((request) => request.path === '/wecom')!;
    expect(weCom.query.has('sign')).toBe(false);
  });

  it('gives up waiting for a robot that does not answer in time', async () => {
    expectStatus(await putSettings(agents.county, { webhooks: [{ url: robot.url('/wecom'), format: 'wecom' }] }), 200);
    await escalateOne('井盖松动');
    robot.answers.push({ status: 200, body: '{"errcode":0}', delayMilliseconds: 1000 });
    expect(await deliverWebhooks(test.db, { ...toLocalRobot, timeoutMilliseconds: 200 })).toEqual({
      delivered: 0,
      retrying: 1,
      failed: 0,
    });
    const [waiting] = await test.db
      .select()
      .from(webhookDeliveries)
      .where(sql`${webhookDeliveries.deliveredAt} is null and ${webhookDeliveries.failedAt} is null`);
    expect(waiting!.lastError).toBe('No answer within 0.2 s');
    await test.db.update(webhookDeliveries).set({ nextAttemptAt: sql`now() - interval '1 second'` });
    expect(await deliverWebhooks(test.db, toLocalRobot)).toEqual({ delivered: 1, retrying: 0, failed: 0 });
  });

  it('gives a message up after eight failed attempts', async () => {
    expectStatus(await putSettings(agents.county, { webhooks: [{ url: robot.url('/wecom'), format: 'wecom' }] }), 200);
    await escalateOne('占道施工');
    const refusal = { status: 200, body: JSON.stringify({ errcode: 310000, errmsg: 'keywords not in content' }) };
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      robot.answers.push(refusal);
      await test.db
        .update(webhookDeliveries)
        .set({ nextAttemptAt: sql`now() - interval '1 second'` })
        .where(sql`${webhookDeliveries.deliveredAt} is null and ${webhookDeliveries.failedAt} is null`);
      expect(await deliverWebhooks(test.db, toLocalRobot)).toEqual(
        attempt < 8 ? { delivered: 0, retrying: 1, failed: 0 } : { delivered: 0, retrying: 0, failed: 1 },
      );
    }
    expect(robot.answers).toEqual([]);
    const [given] = await test.db
      .select()
      .from(webhookDeliveries)
      .where(sql`${webhookDeliveries.failedAt} is not null`);
    expect(given).toMatchObject({ attempts: 8, lastError: 'errcode 310000: keywords not in content' });
    // Given up: never sent again.
    await test.db.update(webhookDeliveries).set({ nextAttemptAt: sql`now() - interval '1 second'` });
    expect(await deliverWebhooks(test.db, toLocalRobot)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
  });

  it('forgets notifications read long ago and robot messages settled long ago, keeping the recent and the unread', async () => {
    await escalateOne('旧消息测试');
    const stored = await test.db.select().from(notifications);
    expect(stored.length).toBeGreaterThanOrEqual(2);
    const [old, recent, unread] = stored;
    await test.db
      .update(notifications)
      .set({ readAt: sql`now() - interval '91 days'` })
      .where(eq(notifications.id, old!.id));
    await test.db
      .update(notifications)
      .set({ readAt: sql`now() - interval '89 days'` })
      .where(eq(notifications.id, recent!.id));
    if (unread)
      await test.db
        .update(notifications)
        .set({ readAt: null, createdAt: sql`now() - interval '400 days'` })
        .where(eq(notifications.id, unread.id));
    await test.db.update(webhookDeliveries).set({ deliveredAt: sql`now() - interval '31 days'`, failedAt: null });
    const [kept] = await test.db.select().from(webhookDeliveries).limit(1);
    await test.db
      .update(webhookDeliveries)
      .set({ deliveredAt: sql`now() - interval '1 day'` })
      .where(eq(webhookDeliveries.id, kept!.id));
    const deliveriesBefore = (await test.db.select().from(webhookDeliveries)).length;

    expect(await pruneSettled(test.db)).toEqual({ notifications: 1, robotMessages: deliveriesBefore - 1 });
    const left = (await test.db.select({ id: notifications.id }).from(notifications)).map((row) => row.id);
    expect(left).not.toContain(old!.id);
    expect(left).toContain(recent!.id);
    if (unread) expect(left).toContain(unread.id);
    expect((await test.db.select().from(webhookDeliveries)).map((row) => row.id)).toEqual([kept!.id]);
  });
});
