import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/server/auth/actor.js';
import { caseFiles, cases } from '../src/server/db/schema/index.js';
import { addClient } from '../src/server/modules/open311/open311.service.js';
import type { Case } from '../src/shared/api/cases.js';
import { actOn, detailOf } from './case-fixtures.js';
import { interiorPointOf } from './factories.js';
import {
  createTestApp,
  findAuditEntries,
  loadDemoWorld,
  signInAll,
  type Agent,
  type DemoWorld,
  type TestApp,
} from './helpers.js';

/**
 * Open311 GeoReport v2 (open311.org) and FixMyStreet's service request updates, point by point: discovery, services
 * and their definitions, posting requests (form-encoded, multipart with photos) routed by their point, reading them
 * back without personal data, tokens, updates both ways, W3C times with Z and offsets, and every error answered in
 * GeoReport's own shape, in XML and JSON.
 */

const usernames = ['county', 'town', 'village', 'leader', 'member'] as const;

let test: TestApp;
let world: DemoWorld;
let agents: Record<(typeof usernames)[number], Agent>;
let apiKey: string;
let jurisdiction: string;
let point: { lat: number; long: number };

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  agents = await signInAll(test.app, usernames);
  jurisdiction = world.county.code;
  ({ key: apiKey } = await addClient(test.db, systemActor('cli'), { name: '随手拍', countyId: world.county.id }));
  const [long, lat] = interiorPointOf(world.memberGrid, world.childrenOf(world.memberGrid.id));
  point = { lat, long };
});

afterAll(() => test?.close());

type Fields = Record<string, string | number | string[]>;

function formBody(fields: Fields): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const item of [value].flat()) body.append(name, String(item));
  }
  return body.toString();
}

function get(path: string, query: Fields = {}) {
  const search = formBody({ jurisdiction_id: jurisdiction, ...query });
  return test.app.inject({ method: 'GET', url: `/open311/v2/${path}?${search}` });
}

function postForm(path: string, fields: Fields) {
  return test.app.inject({
    method: 'POST',
    url: `/open311/v2/${path}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody({ jurisdiction_id: jurisdiction, api_key: apiKey, ...fields }),
  });
}

function postMultipart(path: string, fields: Fields, photos: Buffer[]) {
  const boundary = '----open311test';
  const parts = [
    ...Object.entries({ jurisdiction_id: jurisdiction, api_key: apiKey, ...fields }).map(([name, value]) =>
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`),
    ),
    ...photos.flatMap((photo, index) => [
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="photo${index + 1}"; filename="现场${index + 1}.png"\r\n` +
          'content-type: image/png\r\n\r\n',
      ),
      photo,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ];
  return test.app.inject({
    method: 'POST',
    url: `/open311/v2/${path}`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(parts),
  });
}

/** The text of each element of a name in an XML document. */
function xmlValues(xml: string, element: string): string[] {
  const values = [...xml.matchAll(new RegExp(`<${element}>([^<]*)</${element}>|<${element}/>`, 'g'))];
  return values.map((match) =>
    (match[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
}

/** Answers `status` with GeoReport's error document in the format asked. */
function expectGeoReportError(
  response: Awaited<ReturnType<typeof get>>,
  status: number,
  format: 'xml' | 'json' = 'xml',
) {
  expect(response.statusCode, response.body).toBe(status);
  if (format === 'json') {
    const errors = response.json<{ code: number; description: string }[]>();
    expect(errors).toEqual([{ code: status, description: expect.any(String) }]);
    return errors[0]!.description;
  }
  expect(response.headers['content-type']).toMatch(/^text\/xml/);
  expect(response.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<errors><error><code>\d+<\/code>/);
  expect(xmlValues(response.body, 'code')).toEqual([String(status)]);
  return xmlValues(response.body, 'description')[0]!;
}

/** Files a request over Open311 and answers its service_request_id. */
async function fileRequest(fields: Fields = {}): Promise<string> {
  const response = await postForm('requests.xml', {
    service_code: 'environment',
    ...point,
    description: '小区门口垃圾堆积，气味很大',
    ...fields,
  });
  expect(response.statusCode, response.body).toBe(201);
  return xmlValues(response.body, 'service_request_id')[0]!;
}

async function caseOfNumber(number: string): Promise<Case> {
  const [row] = await test.db.select({ id: cases.id }).from(cases).where(eq(cases.number, number));
  return detailOf(agents.county, row!.id);
}

/** Someone among the agents who may take an action on the case now. */
async function actAs(id: string, body: Record<string, unknown>): Promise<Case> {
  for (const agent of Object.values(agents)) {
    const seen = await agent.get(`/api/v1/cases/${id}`);
    if (seen.statusCode === 200 && seen.json<Case>().abilities.includes(body.action as never)) {
      return actOn(agent, id, body);
    }
  }
  throw new Error(`No one may ${String(body.action)} case ${id}.`);
}

describe('discovery and services', () => {
  it('describes the endpoint in XML and JSON', async () => {
    const xml = await get('discovery.xml');
    expect(xml.statusCode).toBe(200);
    expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(xmlValues(xml.body, 'specification')).toEqual(['http://wiki.open311.org/GeoReport_v2']);
    expect(xmlValues(xml.body, 'url')[0]).toMatch(/\/open311\/v2\/$/);
    const json = (await get('discovery.json')).json<{ endpoints: { formats: string[] }[] }>();
    expect(json.endpoints[0]!.formats).toEqual(['text/xml', 'application/json']);
  });

  it('lists the county catalogue as services, with Chinese names and groups', async () => {
    const xml = await get('services.xml');
    expect(xml.statusCode).toBe(200);
    expect(xmlValues(xml.body, 'service_code')).toContain('environment');
    const json = (await get('services.json')).json<Record<string, unknown>[]>();
    const environment = json.find((service) => service.service_code === 'environment')!;
    expect(environment).toMatchObject({ metadata: false, type: 'realtime' });
    expect(environment.service_name).toMatch(/[\u4e00-\u9fff]/);
    expect(environment.group).toMatch(/[\u4e00-\u9fff]/);
  });

  it('gives a service definition, and 404 for a service the county has not', async () => {
    const definition = await get('services/environment.xml');
    expect(definition.statusCode).toBe(200);
    expect(definition.body).toContain(
      '<service_definition><service_code>environment</service_code><attributes></attributes>',
    );
    expectGeoReportError(await get('services/no-such-thing.xml'), 404);
    expectGeoReportError(await get('services/no-such-thing.json'), 404, 'json');
  });

  it('answers 404 for another jurisdiction, and for a resource or format it does not serve', async () => {
    expect(expectGeoReportError(await get('services.xml', { jurisdiction_id: '110101' }), 404)).toContain('110101');
    expectGeoReportError(await get('services.json', { jurisdiction_id: '110101' }), 404, 'json');
    expectGeoReportError(await get('nothing.xml'), 404);
    expectGeoReportError(await get('services.html'), 404);
    expectGeoReportError(await get('requests/a/b.xml'), 404);
  });
});

describe('posting requests', () => {
  it('files a form-encoded request as a case routed to the grid of its point, numbered at once', async () => {
    const number = await fileRequest({
      address_string: '幸福路 8 号',
      first_name: '小明',
      last_name: '王',
      email: 'wang@example.com',
      phone: '13800138000',
      // FixMyStreet encodes a code that is not ASCII once more than the form does.
      [`attribute[${encodeURIComponent('垃圾')}]`]: '很多',
      media_url: ['https://fixmystreet.example/photo/1.jpeg', 'https://fixmystreet.example/photo/2.jpeg'],
    });
    const made = await caseOfNumber(number);
    expect(made).toMatchObject({
      number,
      source: 'open311',
      regionId: world.memberGrid.id,
      address: '幸福路 8 号',
      residentName: '王小明',
      category: 'environment',
    });
    expect(made.description).toContain('小区门口垃圾堆积');
    expect(made.description).toContain('垃圾：很多');
    expect(made.description).toContain('https://fixmystreet.example/photo/2.jpeg');
    // The client application is named on the timeline; the audit log names the endpoint.
    expect((await detailOf(agents.county, made.id)).timeline[0]).toMatchObject({
      action: 'report',
      actorName: '随手拍',
    });
    const audit = await findAuditEntries(test.db, { action: 'case.report', entityId: made.id });
    expect(audit[0]).toMatchObject({ actorUsername: 'system:open311' });
  });

  it('files a multipart request with its photos, and answers JSON', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('像素')]);
    const response = await postMultipart(
      'requests.json',
      { service_code: 'environment', ...point, description: '井盖缺失 <危险> & 需要尽快处理' },
      [png, png],
    );
    expect(response.statusCode, response.body).toBe(201);
    const [answer] = response.json<{ service_request_id: string }[]>();
    const made = await caseOfNumber(answer!.service_request_id);
    expect(made.description).toBe('井盖缺失 <危险> & 需要尽快处理');
    const photos = await test.db
      .select({ fileName: caseFiles.fileName })
      .from(caseFiles)
      .where(and(eq(caseFiles.countyId, world.county.id), eq(caseFiles.caseId, made.id)));
    expect(photos.map((photo) => photo.fileName).sort()).toEqual(['现场1.png', '现场2.png']);
  });

  it('refuses a POST without a valid key with 403, and reads a key from the query too', async () => {
    for (const key of [undefined, 'o311_not-a-key']) {
      const response = await test.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.xml',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({
          jurisdiction_id: jurisdiction,
          service_code: 'environment',
          ...point,
          description: '无密钥',
          ...(key === undefined ? {} : { api_key: key }),
        }),
      });
      expectGeoReportError(response, 403);
    }
    const inQuery = await test.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.json?${formBody({ api_key: apiKey, jurisdiction_id: jurisdiction })}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formBody({ service_code: 'environment', ...point, description: '密钥在查询串中' }),
    });
    expect(inQuery.statusCode, inQuery.body).toBe(201);
  });

  it('answers 400 in GeoReport shape for every bad request', async () => {
    const bad: [Fields, string][] = [
      [{ service_code: '' }, 'service_code'],
      [{ service_code: 'no-such-thing' }, 'no-such-thing'],
      [{ lat: 'north' }, 'lat'],
      [{ long: '' }, 'long'],
      [{ description: '长'.repeat(4001) }, '4000'],
      [{ lat: 0, long: 0 }, 'grid'],
    ];
    for (const [fields, mentioned] of bad) {
      const response = await postForm('requests.xml', {
        service_code: 'environment',
        ...point,
        description: '坏请求',
        ...fields,
      });
      expect(expectGeoReportError(response, 400)).toContain(mentioned);
    }
    const notAPhoto = await postMultipart('requests.json', { service_code: 'environment', ...point }, [
      Buffer.from('not an image'),
    ]);
    expectGeoReportError(notAPhoto, 400, 'json');
    const malformed = await test.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      payload: 'no parts at all',
    });
    expectGeoReportError(malformed, 400);
  });

  it('keeps a key to its own jurisdiction and to its rate limit', async () => {
    const { key } = await addClient(test.db, systemActor('cli'), {
      name: '限流测试',
      countyId: world.county.id,
      requestsPerMinute: 1,
    });
    const once = await postForm('servicerequestupdates.xml', { api_key: key, service_request_id: 'none' });
    expectGeoReportError(once, 404);
    const again = await postForm('servicerequestupdates.xml', { api_key: key, service_request_id: 'none' });
    expectGeoReportError(again, 429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(0);
    expectGeoReportError(await postForm('requests.xml', { jurisdiction_id: '110101' }), 404);
  });
});

describe('reading requests', () => {
  let number: string;

  beforeAll(async () => {
    number = await fileRequest({ description: '路灯不亮 & "夜里很黑"', first_name: '小红', phone: '13900139000' });
  });

  it('reads a request back in XML and JSON with its Chinese description and no personal data', async () => {
    const xml = await get(`requests/${number}.xml`);
    expect(xml.statusCode).toBe(200);
    expect(xmlValues(xml.body, 'description')).toEqual(['路灯不亮 & "夜里很黑"']);
    expect(xmlValues(xml.body, 'status')).toEqual(['open']);
    const [json] = (await get(`requests/${number}.json`)).json<Record<string, unknown>[]>();
    expect(json).toMatchObject({ service_request_id: number, service_code: 'environment', status: 'open' });
    expect(json!.lat).toBeCloseTo(point.lat);
    expect(JSON.stringify(json)).not.toMatch(/小红|13900139000/);
    expectGeoReportError(await get('requests/339901-20000101-0001.xml'), 404);
  });

  it('lists by ids, service code, status and a window in W3C time with Z or an offset', async () => {
    const now = Date.now();
    const hour = 3_600_000;
    const inChina = (time: number) => new Date(time + 8 * hour).toISOString().slice(0, 19) + '+08:00';
    const numbersOf = async (query: Fields) => {
      const response = await get('requests.xml', query);
      expect(response.statusCode, response.body).toBe(200);
      return xmlValues(response.body, 'service_request_id');
    };
    expect(await numbersOf({ service_request_id: `${number},unknown` })).toEqual([number]);
    expect(await numbersOf({})).toContain(number);
    expect(await numbersOf({ service_code: 'environment', status: 'open' })).toContain(number);
    expect(await numbersOf({ status: 'closed' })).not.toContain(number);
    const around = { start_date: new Date(now - hour).toISOString(), end_date: inChina(now + hour) };
    expect(await numbersOf(around)).toContain(number);
    expect(await numbersOf({ start_date: inChina(now - 3 * hour).replace('+08:00', '+0800') })).toContain(number);
    expect(await numbersOf({ end_date: inChina(now - hour) })).not.toContain(number);
    const json = (await get('requests.json', around)).json<{ service_request_id: string }[]>();
    expect(json.map((request) => request.service_request_id)).toContain(number);
    const wrongs: Fields[] = [{ start_date: 'yesterday' }, { end_date: '2026-02-30T00:00:00Z' }, { status: 'done' }];
    for (const wrong of wrongs) {
      expectGeoReportError(await get('requests.xml', wrong), 400);
    }
    expectGeoReportError(
      await get('requests.json', { start_date: inChina(now + hour), end_date: inChina(now - hour) }),
      400,
      'json',
    );
  });

  it('resolves a token to the request id', async () => {
    const made = await caseOfNumber(number);
    const response = await get(`tokens/${made.id}.xml`);
    expect(response.statusCode).toBe(200);
    expect(xmlValues(response.body, 'service_request_id')).toEqual([number]);
    expectGeoReportError(await get('tokens/not-a-token.json'), 404, 'json');
  });

  it('does not publish cases that did not arrive over Open311 and are not marked public', async () => {
    const [inside] = await test.db
      .select({ number: cases.number })
      .from(cases)
      .where(and(eq(cases.countyId, world.county.id), eq(cases.source, 'visit'), eq(cases.isPublished, false)))
      .limit(1);
    expectGeoReportError(await get(`requests/${inside!.number}.xml`), 404);
  });
});

describe('service request updates', () => {
  let number: string;
  let caseId: string;

  beforeAll(async () => {
    number = await fileRequest({ description: '楼道灯坏了' });
    caseId = (await caseOfNumber(number)).id;
    await actAs(caseId, { action: 'accept' });
    await actAs(caseId, { action: 'comment', note: '内部备注：先联系物业' });
  });

  const updatesOf = async (path: string, query: Fields = {}) => {
    const response = await get(path, query);
    expect(response.statusCode, response.body).toBe(200);
    return response;
  };

  it('publishes each public change in FixMyStreet statuses, never internal notes', async () => {
    const response = await updatesOf('servicerequestupdates.xml', {
      start_date: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(response.body).toContain('<service_request_updates><request_update>');
    const ours = [...response.body.matchAll(/<request_update>(.*?)<\/request_update>/g)]
      .map((match) => match[1]!)
      .filter((update) => update.includes(`<service_request_id>${number}</service_request_id>`));
    expect(ours).toHaveLength(1);
    expect(xmlValues(ours[0]!, 'status')).toEqual(['INVESTIGATING']);
    expect(xmlValues(ours[0]!, 'description')[0]).toMatch(/受理/);
    expect(response.body).not.toContain('内部备注');
    expect(xmlValues(ours[0]!, 'updated_datetime')[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('takes a resident’s comment and a reopen request onto the timeline, and answers their update ids', async () => {
    const posted = await postForm('servicerequestupdates.xml', {
      service_request_id: number,
      status: 'OPEN',
      updated_datetime: '2026-12-06T10:00:00+08:00',
      description: '灯还是不亮，请尽快处理',
      first_name: '小明',
    });
    expect(posted.statusCode, posted.body).toBe(200);
    const [updateId] = xmlValues(posted.body, 'update_id');
    const reopen = await postForm('servicerequestupdates.json', {
      service_request_id: number,
      status: 'REOPEN',
      updated_datetime: '2026-12-06T02:00:00Z',
      description: '问题又出现了',
    });
    expect(reopen.statusCode, reopen.body).toBe(200);
    const timeline = (await detailOf(agents.county, caseId)).timeline;
    expect(timeline.find((entry) => entry.id === updateId)).toMatchObject({
      action: 'comment',
      actorName: '随手拍',
      note: '灯还是不亮，请尽快处理',
    });
    expect(timeline.at(-1)?.note).toBe('居民申请重新办理。\n问题又出现了');
    // The older update.xml, with neither dates nor a key, reads the same store.
    const old = await test.app.inject({ method: 'GET', url: '/open311/v2/update.xml' });
    expect(old.statusCode).toBe(200);
    expect(old.body).toContain('灯还是不亮，请尽快处理');
  });

  it('answers 400 or 404 for a bad update', async () => {
    const bad: [Fields, number][] = [
      [{ description: '没有编号' }, 400],
      [{ service_request_id: number, description: '时间不对', updated_datetime: '06/12/2026' }, 400],
      [{ service_request_id: number }, 400],
      [{ service_request_id: '339901-20000101-0001', description: '不存在' }, 404],
    ];
    for (const [fields, status] of bad)
      expectGeoReportError(await postForm('servicerequestupdates.xml', fields), status);
    expectGeoReportError(
      await test.app.inject({ method: 'POST', url: '/open311/v2/servicerequestupdates.json' }),
      403,
      'json',
    );
    expectGeoReportError(await get('servicerequestupdates.xml', { start_date: 'soon' }), 400);
  });
});

describe('client applications and their keys in the console', () => {
  it('lets county administrators add, list and revoke keys; a revoked key posts no more', async () => {
    const listed = await agents.county.get('/api/v1/open311-clients');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({ endpointPath: '/open311/v2/', jurisdictionId: jurisdiction });
    expect(listed.json<{ items: { name: string }[] }>().items.map((client) => client.name)).toContain('随手拍');
    expect(listed.body).not.toContain(apiKey);

    const added = await agents.county.post('/api/v1/open311-clients', { name: '市民通', requestsPerMinute: 30 });
    expect(added.statusCode, added.body).toBe(201);
    const { id, key } = added.json<{ id: string; key: string }>();
    expect(await findAuditEntries(test.db, { action: 'open311_client.create', entityId: id })).toHaveLength(1);
    const posted = await postForm('requests.xml', {
      api_key: key,
      service_code: 'environment',
      ...point,
      description: '新密钥',
    });
    expect(posted.statusCode, posted.body).toBe(201);

    const revoked = await agents.county.post(`/api/v1/open311-clients/${id}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect(await findAuditEntries(test.db, { action: 'open311_client.revoke', entityId: id })).toHaveLength(1);
    const refused = await postForm('requests.xml', {
      api_key: key,
      service_code: 'environment',
      ...point,
      description: '旧密钥',
    });
    expectGeoReportError(refused, 403);
    expect((await agents.county.post(`/api/v1/open311-clients/${id}/revoke`)).statusCode).toBe(404);
    const after = (await agents.county.get('/api/v1/open311-clients')).json<{
      items: { id: string; revokedAt: string | null }[];
    }>();
    expect(after.items.find((client) => client.id === id)?.revokedAt).not.toBeNull();
  });

  it('keeps keys to administrators and refuses a bad name', async () => {
    expect((await agents.member.get('/api/v1/open311-clients')).statusCode).toBe(403);
    expect((await agents.member.post('/api/v1/open311-clients', { name: '冒名' })).statusCode).toBe(403);
    expect((await agents.county.post('/api/v1/open311-clients', { name: '' })).statusCode).toBe(400);
    expect((await agents.county.post('/api/v1/open311-clients', { name: 'x', requestsPerMinute: 0 })).statusCode).toBe(
      400,
    );
  });
});

describe('arbitrary input', () => {
  it('never answers a server error, whatever a client sends', async () => {
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('\u0000', '2026-02-30T00:00:00Z', '-1', 'NaN', '1e999', "'; select 1; --", '%E5', 'open,closed'),
    );
    const names = fc.constantFrom(
      'jurisdiction_id',
      'service_code',
      'lat',
      'long',
      'description',
      'start_date',
      'end_date',
      'status',
      'service_request_id',
      'updated_datetime',
      'attribute[%E5]',
      'media_url',
    );
    const paths = fc.oneof(
      fc.constantFrom('requests.xml', 'servicerequestupdates.json', 'update.xml', 'services.json', 'discovery.xml'),
      text.map((piece) => `requests/${encodeURIComponent(piece.slice(0, 60))}.json`),
      text.map((piece) => `tokens/${encodeURIComponent(piece.slice(0, 60))}.xml`),
    );
    await fc.assert(
      fc.asyncProperty(paths, fc.dictionary(names, text), async (path, fields) => {
        for (const response of [
          await get(path, fields),
          await postForm(path, { service_code: 'environment', ...fields }),
        ]) {
          expect(response.statusCode, `${path} ${response.body}`).toBeLessThan(500);
        }
      }),
      { numRuns: 60 },
    );
  });
});
