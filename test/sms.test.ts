import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { asc, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsOutbox } from '../src/shared/api/resident.js';
import { loadConfig } from '../src/server/config.js';
import type { Database } from '../src/server/db/client.js';
import { persons } from '../src/server/db/schema/index.js';
import { AppError } from '../src/server/errors.js';
import type { SmsMessage } from '../src/server/sms/sms-message.js';
import { noticeMessage } from '../src/server/modules/resident/resident-notices.service.js';
import { openSmsProvider } from '../src/server/sms/sms-provider.js';
import type { CloudSmsSettings } from '../src/server/sms/sms-settings.js';
import { insertNeighbourCounty } from './factories.js';
import {
  createTestApp,
  expectError,
  expectStatus,
  findAuditEntries,
  signIn,
  signInAll,
  testPassword,
  type Agent,
  type TestApp,
} from './helpers.js';

/**
 * Text messages: the console provider's outbox (administrators only, audited), the settings production refuses, and
 * the Alibaba Cloud and Tencent Cloud adapters against a local receiver that checks their signatures the way each
 * provider documents it, written out here on its own rather than borrowed from the adapters.
 */

const message: SmsMessage = {
  phone: '13800138000',
  template: 'sign_in_code',
  text: '【网格通】您的登录验证码是 123456，5 分钟内有效。',
  parameters: { code: '123456' },
};

/** A resident's case handled, as the notices send it: its number and the page's link, nothing personal. */
const caseHandled = {
  phone: '13800138000',
  ...noticeMessage('case_handled', { number: '20261207-0001' }, 'https://grid.example.gov.cn'),
};

async function readOutbox(agent: Agent, query = '') {
  const response = await agent.get(`/api/v1/sms-outbox${query}`);
  expectStatus(response, 200);
  return response.json<SmsOutbox>();
}

describe('the console outbox', () => {
  let test: TestApp;
  let agents: Record<'admin' | 'county' | 'town' | 'village' | 'leader', Agent>;

  beforeAll(async () => {
    test = await createTestApp();
    agents = await signInAll(test.app, ['admin', 'county', 'town', 'village', 'leader'] as const);
  });
  afterAll(() => test.close());

  it('keeps what was sent, newest first, with the phone in full, for the administrator and the county', async () => {
    const [person] = await test.db
      .select({ phone: persons.phone })
      .from(persons)
      .where(like(persons.phone, '1%'))
      .orderBy(asc(persons.id))
      .limit(1);
    const countyPhone = person!.phone!;
    await test.app.context.sms.send({ ...message, phone: countyPhone, text: 'first' });
    await test.app.context.sms.send(message);
    const everything = await readOutbox(agents.admin);
    expect(everything.items.slice(0, 2).map((item) => item.text)).toEqual([message.text, 'first']);
    expect(everything.items[0]!.phone).toBe('13800138000');
    expect(Date.parse(everything.items[0]!.sentAt)).toBeGreaterThan(Date.now() - 60_000);
    // The county reads the messages to its registry's phone, not to a phone no county knows.
    const ofCounty = await readOutbox(agents.county);
    expect(ofCounty.items.map((item) => item.phone)).toContain(countyPhone);
    expect(ofCounty.items.map((item) => item.phone)).not.toContain('13800138000');
    const reads = await findAuditEntries(test.db, { action: 'sms_outbox.read', actorId: agents.county.user.id });
    expect(reads).toHaveLength(1);
    expect(reads[0]!.outcome).toBe('success');
  });

  it('shows another county’s administrator none of this county’s messages', async () => {
    const neighbour = await insertNeighbourCounty(test.db);
    const created = await agents.admin.post('/api/v1/accounts', {
      username: 'neighbour-county',
      displayName: '邻县管理员',
      password: testPassword,
      role: 'county',
      regionId: neighbour.county.id,
    });
    expectStatus(created, 201);
    const outsider = await signIn(test.app, 'neighbour-county');
    const phones = (await readOutbox(outsider)).items.map((item) => item.phone);
    expect(phones).toEqual([]);
  });

  it('is closed to everyone below the county and to strangers', async () => {
    for (const agent of [agents.town, agents.village, agents.leader]) {
      expectError(await agent.get('/api/v1/sms-outbox'), 403, 'forbidden');
    }
    const anonymous = await test.app.inject({ method: 'GET', url: '/api/v1/sms-outbox' });
    expectError(anonymous, 401, 'unauthenticated');
  });

  it('answers a bad limit with validation_failed', async () => {
    for (const limit of ['0', '201', 'many']) {
      expectError(await agents.admin.get(`/api/v1/sms-outbox?limit=${limit}`), 400, 'validation_failed');
    }
    const { items } = await readOutbox(agents.admin, '?limit=1');
    expect(items).toHaveLength(1);
  });
});

describe('the SMS settings', () => {
  const base = { DATA_DIR: '/tmp/gridlink-sms-settings' };

  it('send to the console outbox outside production unless told otherwise', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'development' }).sms).toEqual({ kind: 'console' });
    expect(loadConfig({ ...base, NODE_ENV: 'test', SMS_PROVIDER: 'console' }).sms).toEqual({ kind: 'console' });
  });

  it('refuse the console outbox in production; left unset there, send no codes but let the server start', async () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', SMS_PROVIDER: 'console' })).toThrow(/SMS_PROVIDER/);
    const settings = loadConfig({ ...base, NODE_ENV: 'production' }).sms;
    expect(settings).toEqual({ kind: 'none' });
    await expect(
      openSmsProvider(settings, noDatabase).send({ ...message, text: '验证码 123456' }),
    ).rejects.toMatchObject({ code: 'sms_unavailable' });
  });

  it('name each key a real provider is missing', () => {
    expect(() => loadConfig({ ...base, SMS_PROVIDER: 'aliyun', SMS_ACCESS_KEY_ID: 'id' })).toThrow(
      /SMS_ACCESS_KEY_SECRET.*SMS_SIGN_NAME.*SMS_TEMPLATE_ID/,
    );
    expect(() => loadConfig({ ...base, ...tencentKeys(), SMS_APP_ID: '' })).toThrow(/SMS_APP_ID/);
    expect(loadConfig({ ...base, ...tencentKeys(), NODE_ENV: 'production' }).sms).toMatchObject({
      kind: 'tencent',
      appId: '1400000000',
      endpoint: undefined,
    });
  });

  it('read each notice kind’s template from its own setting, and leave a kind without one untexted', () => {
    const settings = loadConfig({
      ...base,
      ...tencentKeys(),
      SMS_TEMPLATE_CASE_HANDLED: '2000001',
      SMS_TEMPLATE_CASE_CLOSED: '2000002',
      SMS_TEMPLATE_WISH_CLAIMED: '2000003',
    }).sms;
    expect(settings).toMatchObject({
      templates: {
        sign_in_code: '1234567',
        case_handled: '2000001',
        case_closed: '2000002',
        wish_claimed: '2000003',
      },
    });
    expect((settings as CloudSmsSettings).templates.wish_fulfilled).toBeUndefined();
  });

  function tencentKeys() {
    return {
      SMS_PROVIDER: 'tencent',
      SMS_ACCESS_KEY_ID: 'AKID',
      SMS_ACCESS_KEY_SECRET: 'secret',
      SMS_SIGN_NAME: '网格通',
      SMS_TEMPLATE_ID: '1234567',
      SMS_APP_ID: '1400000000',
    };
  }
});

/** A local stand-in for a provider's API: `check` answers each request (status and JSON body) and sees it. */
async function startReceiver(
  check: (request: { method: string; url: URL; headers: http.IncomingHttpHeaders; body: string }) => {
    status: number;
    body: unknown;
  },
) {
  const received: { url: URL; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const url = new URL(request.url!, `http://${request.headers.host}`);
      received.push({ url, headers: request.headers, body });
      const answer = check({ method: request.method!, url, headers: request.headers, body });
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function settingsFor(kind: 'aliyun' | 'tencent', endpoint: string, secret: string): CloudSmsSettings {
  return {
    kind,
    endpoint,
    accessKeyId: 'LTAI-test-key',
    accessKeySecret: secret,
    signName: '网格通',
    templates:
      kind === 'aliyun'
        ? { sign_in_code: 'SMS_123456789', case_handled: 'SMS_200000001', wish_fulfilled: 'SMS_200000004' }
        : { sign_in_code: '1234567', case_handled: '2000001', wish_fulfilled: '2000004' },
    appId: kind === 'tencent' ? '1400000000' : '',
  };
}

/** The cloud adapters never touch the database. */
const noDatabase = undefined as unknown as Database;

async function expectSmsFailure(sending: Promise<void>) {
  const error = await sending.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('sms_unavailable');
}

describe('Alibaba Cloud SMS', () => {
  const secret = 'aliyun-secret';
  /** RFC 3986 with every reserved character escaped, as the RPC signature (SignatureVersion 1.0) documents. */
  const encode = (text: string) =>
    encodeURIComponent(text)
      .replace(/\+/g, '%20')
      .replace(/\*/g, '%2A')
      .replace(/!/g, '%21')
      .replace(/'/g, '%27')
      .replace(/\(/g, '%28')
      .replace(/\)/g, '%29');
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver(({ method, url }) => {
      const parameters = [...url.searchParams.entries()].filter(([name]) => name !== 'Signature');
      const query = parameters
        .map(([name, value]) => `${encode(name)}=${encode(value)}`)
        .sort()
        .join('&');
      const expected = createHmac('sha1', `${secret}&`)
        .update(`${method}&${encode('/')}&${encode(query)}`)
        .digest('base64');
      if (url.searchParams.get('Signature') !== expected) {
        return { status: 400, body: { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched' } };
      }
      return { status: 200, body: { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0' } };
    });
  });
  afterAll(() => receiver.close());

  it('sends SendSms with the template, its parameters and a signature the receiver recomputes', async () => {
    await openSmsProvider(settingsFor('aliyun', receiver.endpoint, secret), noDatabase).send(message);
    const { url } = receiver.received.at(-1)!;
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      PhoneNumbers: '13800138000',
      SignName: '网格通',
      TemplateCode: 'SMS_123456789',
      TemplateParam: '{"code":"123456"}',
      SignatureMethod: 'HMAC-SHA1',
      AccessKeyId: 'LTAI-test-key',
    });
    expect(url.searchParams.get('Timestamp')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('sends a notice with its own template and its named parameters, and refuses a kind without a template', async () => {
    const provider = openSmsProvider(settingsFor('aliyun', receiver.endpoint, secret), noDatabase);
    await provider.send({ ...caseHandled, template: 'case_handled' });
    const { url } = receiver.received.at(-1)!;
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      TemplateCode: 'SMS_200000001',
      TemplateParam: JSON.stringify(caseHandled.parameters),
      PhoneNumbers: '13800138000',
    });
    const count = receiver.received.length;
    await expectSmsFailure(provider.send({ ...caseHandled, template: 'case_closed' }));
    expect(receiver.received).toHaveLength(count);
  });

  it('fails with sms_unavailable when the signature does not match or nobody answers', async () => {
    await expectSmsFailure(
      openSmsProvider(settingsFor('aliyun', receiver.endpoint, 'wrong'), noDatabase).send(message),
    );
    const nobody = settingsFor('aliyun', 'http://127.0.0.1:9/', secret);
    await expectSmsFailure(openSmsProvider(nobody, noDatabase).send(message));
  });
});

describe('Tencent Cloud SMS', () => {
  const secret = 'tencent-secret';
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver(({ headers, body }) => {
      const timestamp = Number(headers['x-tc-timestamp']);
      const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
      const canonical =
        `POST\n/\n\ncontent-type:${headers['content-type']}\nhost:${headers.host}\n` +
        `x-tc-action:${String(headers['x-tc-action']).toLowerCase()}\n\ncontent-type;host;x-tc-action\n${sha256(body)}`;
      const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/sms/tc3_request\n${sha256(canonical)}`;
      const key = hmac(hmac(hmac(`TC3${secret}`, date), 'sms'), 'tc3_request');
      const signature = createHmac('sha256', key).update(toSign).digest('hex');
      const expected =
        `TC3-HMAC-SHA256 Credential=LTAI-test-key/${date}/sms/tc3_request, ` +
        `SignedHeaders=content-type;host;x-tc-action, Signature=${signature}`;
      if (headers.authorization !== expected) {
        const error = {
          Code: 'AuthFailure.SignatureFailure',
          Message: 'The provided credentials could not be validated.',
        };
        return { status: 200, body: { Response: { Error: error, RequestId: 'r1' } } };
      }
      return {
        status: 200,
        body: { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }], RequestId: 'r2' } },
      };
    });
  });
  afterAll(() => receiver.close());

  it('sends SendSms with the template, its parameters and a TC3 signature the receiver recomputes', async () => {
    await openSmsProvider(settingsFor('tencent', receiver.endpoint, secret), noDatabase).send(message);
    const { headers, body } = receiver.received.at(-1)!;
    expect(headers['x-tc-action']).toBe('SendSms');
    expect(headers['x-tc-version']).toBe('2021-01-11');
    expect(JSON.parse(body)).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400000000',
      SignName: '网格通',
      TemplateId: '1234567',
      TemplateParamSet: ['123456'],
    });
  });

  it('sends a notice with its own template and its parameters in the template’s order', async () => {
    const provider = openSmsProvider(settingsFor('tencent', receiver.endpoint, secret), noDatabase);
    await provider.send({ ...caseHandled, template: 'case_handled' });
    expect(JSON.parse(receiver.received.at(-1)!.body)).toMatchObject({
      TemplateId: '2000001',
      TemplateParamSet: ['20261207-0001', 'https://grid.example.gov.cn/r/?tab=cases'],
    });
    const count = receiver.received.length;
    await expectSmsFailure(provider.send({ ...caseHandled, template: 'wish_claimed' }));
    expect(receiver.received).toHaveLength(count);
  });

  it('fails with sms_unavailable when the signature does not match', async () => {
    await expectSmsFailure(
      openSmsProvider(settingsFor('tencent', receiver.endpoint, 'wrong'), noDatabase).send(message),
    );
  });
});
