import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { webhookDeliveries } from '../src/server/db/schema/index.js';
import { countyRobots, writeCaseSettings } from '../src/server/modules/cases/case-settings.js';
import { deliverWebhooks, queueRobotMessage } from '../src/server/modules/notifications/notifications.service.js';
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

/**
 * Group robot URLs may not point into this machine or a private network (the server would post wherever a county
 * admin says, from inside the firewall): refused when saved, and again when sent, after resolving the name.
 */
let test: TestApp;
let world: DemoWorld;
let county: Agent;

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  ({ county } = await signInAll(test.app, ['county'] as const));
});

afterAll(() => test?.close());

afterEach(() => {
  vi.restoreAllMocks();
});

const saveRobot = (url: string) => county.put('/api/v1/case-settings', { webhooks: [{ url, format: 'wecom' }] });

describe('saving a robot URL', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:8080/robot'],
    ['loopback elsewhere in 127/8', 'http://127.8.9.10/robot'],
    ['localhost', 'http://localhost:8080/robot'],
    ['a name under localhost', 'https://robot.localhost/send'],
    ['IPv6 loopback', 'http://[::1]:8080/robot'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/robot'],
    ['a decimal IP (127.0.0.1)', 'http://2130706433/robot'],
    ['a hexadecimal, shortened IP (127.0.0.1)', 'http://0x7f.1/robot'],
    ['RFC 1918, 10/8', 'http://10.1.2.3/robot'],
    ['RFC 1918, 172.16/12', 'https://172.20.0.5/robot'],
    ['RFC 1918, 192.168/16', 'http://192.168.1.1/robot'],
    ['carrier-grade NAT, 100.64/10', 'http://100.64.0.1/robot'],
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/'],
    ['0.0.0.0', 'http://0.0.0.0:8080/robot'],
    ['IPv6 unique local, fc00::/7', 'http://[fd00::1]/robot'],
    ['IPv6 link-local', 'http://[fe80::1]/robot'],
  ])('refuses %s (%s)', async (_kind, url) => {
    const error = expectError(await saveRobot(url), 400, 'webhook_url_not_allowed');
    expect(error.message).toMatch(/public address/);
  });

  it('refuses a name that resolves to a private address', async () => {
    const lookup = vi.spyOn(dns.promises, 'lookup') as unknown as ReturnType<typeof vi.fn>;
    lookup.mockResolvedValue([
      { address: '203.0.113.10', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ]);
    const error = expectError(await saveRobot('https://robot.example.org/send'), 400, 'webhook_url_not_allowed');
    expect(error.message).toContain('10.0.0.7');
  });

  it('takes a public address', async () => {
    expectStatus(await saveRobot('https://1.1.1.1/robot/send?key=abc'), 200);
    const lookup = vi.spyOn(dns.promises, 'lookup') as unknown as ReturnType<typeof vi.fn>;
    lookup.mockResolvedValue([{ address: '203.0.113.10', family: 4 }]);
    expectStatus(await saveRobot('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc'), 200);
  });

  it('takes a private address when the installation allows it', async () => {
    const allowing = await createTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true' });
    try {
      const { county: allowed } = await signInAll(allowing.app, ['county'] as const);
      const url = 'http://127.0.0.1:8080/robot';
      expectStatus(await allowed.put('/api/v1/case-settings', { webhooks: [{ url, format: 'wecom' }] }), 200);
    } finally {
      await allowing.close();
    }
  });
});

describe('sending to a robot', () => {
  /** A robot on this machine that counts what it receives. */
  async function startRobot() {
    const received: string[] = [];
    const server = http.createServer((request, response) => {
      received.push(request.url ?? '');
      request.resume();
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  /** Queues one message to `url`, as if the settings had been saved when it still pointed elsewhere. */
  async function queueTo(url: string) {
    await test.db.delete(webhookDeliveries);
    await writeCaseSettings(test.db, world.county.id, {
      holidays: [],
      workdays: [],
      webhooks: [{ url, format: 'wecom' }],
    });
    await queueRobotMessage(test.db, world.county.id, await countyRobots(test.db, world.county.id), {
      kind: 'legacyText',
      params: { text: '测试消息' },
    });
  }

  async function failureOfLastMessage() {
    const [delivery] = await test.db.select().from(webhookDeliveries);
    return delivery!.lastError;
  }

  it('refuses an internal address, by number or by a name DNS now gives one', async () => {
    const robot = await startRobot();
    try {
      await queueTo(`http://127.0.0.1:${robot.port}/by-number`);
      expect(await deliverWebhooks(test.db, { robotsOf: countyRobots })).toMatchObject({ delivered: 0 });
      expect(await failureOfLastMessage()).toMatch(/internal address/);

      // The name resolved to a public address when saved; now it resolves to this machine.
      const lookup = vi.spyOn(dns, 'lookup') as unknown as ReturnType<typeof vi.fn>;
      lookup.mockImplementation((_host: string, _options: unknown, callback: (...args: unknown[]) => void) =>
        callback(null, [{ address: '127.0.0.1', family: 4 }]),
      );
      await queueTo(`http://robot.example.org:${robot.port}/by-name`);
      expect(await deliverWebhooks(test.db, { robotsOf: countyRobots })).toMatchObject({ delivered: 0 });
      expect(await failureOfLastMessage()).toMatch(/resolves to 127\.0\.0\.1/);
      expect(robot.received).toEqual([]);
    } finally {
      await robot.close();
    }
  });

  it('connects to the very address it checked, when the installation allows private ones', async () => {
    const robot = await startRobot();
    try {
      const lookup = vi.spyOn(dns, 'lookup') as unknown as ReturnType<typeof vi.fn>;
      lookup.mockImplementation((_host: string, _options: unknown, callback: (...args: unknown[]) => void) =>
        callback(null, [{ address: '127.0.0.1', family: 4 }]),
      );
      await queueTo(`http://robot.example.org:${robot.port}/checked`);
      expect(await deliverWebhooks(test.db, { robotsOf: countyRobots, isPrivateAllowed: true })).toMatchObject({
        delivered: 1,
      });
      expect(robot.received).toEqual(['/checked']);
      expect(lookup).toHaveBeenCalledWith('robot.example.org', expect.anything(), expect.any(Function));
    } finally {
      await robot.close();
    }
  });
});
