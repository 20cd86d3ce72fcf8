import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/server/auth/actor.js';
import { caseEvents, caseFiles, cases } from '../src/server/db/schema/index.js';
import { addPhoto } from '../src/server/modules/cases/case-photos.service.js';
import { addClient } from '../src/server/modules/open311/open311.service.js';
import type { Case } from '../src/shared/api/cases.js';
import { actOn, detailOf, reportCase } from './case-fixtures.js';
import { interiorPointOf } from './factories.js';
import {
  createTestApp,
  expectError,
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
    // The item asks no questions: an attribute it does not define is ignored, as the spec allows.
    expect(made.attributes).toEqual([]);
    expect(made.description).not.toContain('很多');
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

describe('service attributes (metadata=true)', () => {
  const code = 'road_damage';
  const attributes = [
    { code: 'depth_cm', nameZh: '坑深（厘米）', datatype: 'number', required: true, order: 1 },
    {
      code: 'lanes',
      nameZh: '占用车道',
      description: '坑占了几条车道',
      datatype: 'singlevaluelist',
      required: true,
      order: 2,
      values: [
        { key: 'one', name: '一条车道' },
        { key: 'all', name: '全部车道' },
      ],
    },
    {
      code: 'hazards',
      nameZh: '伴随险情',
      datatype: 'multivaluelist',
      order: 3,
      values: [
        { key: 'water', name: '积水' },
        { key: 'night', name: '夜间无照明' },
      ],
    },
    { code: 'seen_at', nameZh: '发现时间', datatype: 'datetime', order: 4 },
    { code: 'note', nameZh: '补充说明', datatype: 'text', order: 5 },
  ];

  beforeAll(async () => {
    const saved = await agents.county.put(`/api/v1/case-categories/${code}`, {
      nameZh: '道路坑洞',
      nameEn: 'Road damage',
      kind: 'hazard',
      defaultTier: 'general',
      handlingLevel: 'grid',
      department: '',
      generalLimit: { amount: 3, unit: 'days' },
      complexLimit: { amount: 7, unit: 'days' },
      attributes,
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it('lets county administrators give an item questions, validated and audited', async () => {
    const base = (await agents.county.get('/api/v1/case-categories')).json<{ items: Record<string, unknown>[] }>();
    const item = base.items.find((candidate) => candidate.code === code)!;
    expect(item.attributes).toEqual([
      expect.objectContaining({ code: 'depth_cm', description: '', required: true, values: [] }),
      expect.objectContaining({ code: 'lanes', datatype: 'singlevaluelist' }),
      expect.objectContaining({ code: 'hazards', required: false }),
      expect.objectContaining({ code: 'seen_at', datatype: 'datetime' }),
      expect.objectContaining({ code: 'note', datatype: 'text' }),
    ]);
    const { code: _code, ...body } = item as Record<string, unknown> & { code: string };
    const refusedDefinitions = [
      [{ code: '深度', nameZh: '深度', datatype: 'number' }],
      [{ code: 'Depth', nameZh: '深度', datatype: 'number' }],
      [{ code: 'lanes', nameZh: '车道', datatype: 'singlevaluelist' }],
      [{ code: 'depth', nameZh: '深度', datatype: 'number', values: [{ key: 'a', name: '甲' }] }],
      [
        { code: 'depth', nameZh: '深度', datatype: 'number' },
        { code: 'depth', nameZh: '深度二', datatype: 'string' },
      ],
      [{ code: 'depth', nameZh: '', datatype: 'number' }],
      [{ code: 'depth', nameZh: '深度', datatype: 'float' }],
    ];
    for (const refused of refusedDefinitions) {
      const response = await agents.county.put(`/api/v1/case-categories/${code}`, { ...body, attributes: refused });
      expect(response.statusCode, JSON.stringify(refused)).toBe(400);
    }
    expect((await agents.member.put(`/api/v1/case-categories/${code}`, body)).statusCode).toBe(403);
    const audit = await findAuditEntries(test.db, { action: 'case_category.update', entityId: code });
    expect(audit[0]).toMatchObject({ details: { attributes: ['depth_cm', 'lanes', 'hazards', 'seen_at', 'note'] } });
  });

  it('lists the item with metadata=true, and others with metadata=false', async () => {
    const services = (await get('services.json')).json<{ service_code: string; metadata: boolean }[]>();
    expect(services.find((service) => service.service_code === code)?.metadata).toBe(true);
    expect(services.find((service) => service.service_code === 'environment')?.metadata).toBe(false);
    expect((await get('services.xml')).body).toContain(`<service_code>${code}</service_code>`);
    expect((await get('services.xml')).body).toContain('<metadata>true</metadata>');
  });

  it('defines the attributes as the spec lays them out, in XML and JSON', async () => {
    const xml = await get(`services/${code}.xml`);
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toContain(
      `<service_definition><service_code>${code}</service_code><attributes><attribute><variable>true</variable>` +
        '<code>depth_cm</code><datatype>number</datatype><required>true</required>' +
        '<datatype_description>数字</datatype_description><order>1</order><description>坑深（厘米）</description>' +
        '<values></values></attribute>',
    );
    expect(xml.body).toContain(
      '<values><value><key>one</key><name>一条车道</name></value><value><key>all</key><name>全部车道</name></value>' +
        '</values>',
    );
    const json = (await get(`services/${code}.json`)).json<{ service_code: string; attributes: unknown[] }>();
    expect(json.service_code).toBe(code);
    expect(json.attributes).toHaveLength(5);
    expect(json.attributes[1]).toEqual({
      variable: true,
      code: 'lanes',
      datatype: 'singlevaluelist',
      required: true,
      datatype_description: '单选',
      order: 2,
      description: '占用车道：坑占了几条车道',
      values: [
        { key: 'one', name: '一条车道' },
        { key: 'all', name: '全部车道' },
      ],
    });
  });

  const roadRequest = (fields: Fields) =>
    postForm('requests.xml', { service_code: code, ...point, description: '路面塌陷一个大坑', ...fields });

  it('refuses a request missing a required attribute, or with a wrong answer, with a 400 naming it', async () => {
    expect(expectGeoReportError(await roadRequest({ 'attribute[lanes]': 'one' }), 400)).toContain('depth_cm');
    expect(
      expectGeoReportError(await roadRequest({ 'attribute[depth_cm]': '很深', 'attribute[lanes]': 'one' }), 400),
    ).toContain('depth_cm');
    const choice = expectGeoReportError(
      await roadRequest({ 'attribute[depth_cm]': '30', 'attribute[lanes]': 'two' }),
      400,
    );
    expect(choice).toContain('lanes');
    expect(choice).toContain('one');
    expect(
      expectGeoReportError(
        await roadRequest({ 'attribute[depth_cm]': '30', 'attribute[lanes]': 'one', 'attribute[seen_at]': '昨天' }),
        400,
      ),
    ).toContain('seen_at');
    const [made] = await test.db.select({ id: cases.id }).from(cases).where(eq(cases.categoryCode, code));
    expect(made).toBeUndefined();
  });

  it('stores the answers on the case, ignoring codes the service does not define', async () => {
    // A text answer may be long: up to 2000 characters.
    const note = '坑边有施工围挡，夜里看不清。'.repeat(100).slice(0, 2000);
    const response = await roadRequest({
      'attribute[depth_cm]': '30',
      'attribute[lanes]': 'all',
      'attribute[hazards]': ['water', 'night'],
      'attribute[seen_at]': '2026-12-06T21:30:00+08:00',
      'attribute[note]': note,
      'attribute[colour]': '灰色',
    });
    expect(response.statusCode, response.body).toBe(201);
    const made = await caseOfNumber(xmlValues(response.body, 'service_request_id')[0]!);
    expect(made.attributes).toEqual([
      { code: 'depth_cm', name: '坑深（厘米）', value: '30', text: '30' },
      { code: 'lanes', name: '占用车道', value: 'all', text: '全部车道' },
      { code: 'hazards', name: '伴随险情', value: ['water', 'night'], text: '积水、夜间无照明' },
      { code: 'seen_at', name: '发现时间', value: '2026-12-06T21:30:00+08:00', text: '2026-12-06T21:30:00+08:00' },
      { code: 'note', name: '补充说明', value: note, text: note },
    ]);
    expect(made.description).toBe('路面塌陷一个大坑');
  });

  it('asks the same questions of a case reported through the API', async () => {
    const body = { category: code, description: '路面塌陷', regionId: world.memberGrid.id };
    const missing = await agents.member.post('/api/v1/cases', { ...body, attributes: { lanes: 'one' } });
    expect(expectError(missing, 400, 'validation_failed')).toMatchObject({ details: { field: 'attributes.depth_cm' } });
    const wrong = await agents.member.post('/api/v1/cases', {
      ...body,
      attributes: { depth_cm: '12', lanes: 'one', hazards: ['water', 'fire'] },
    });
    expect(expectError(wrong, 400, 'validation_failed').message).toContain('伴随险情');
    const made = await agents.member.post('/api/v1/cases', {
      ...body,
      attributes: { depth_cm: '12.5', lanes: 'one', hazards: ['night'] },
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json<Case>().attributes.map((answer) => answer.text)).toEqual(['12.5', '一条车道', '夜间无照明']);
  });
});

describe('media_url: the photos of published requests', () => {
  /** A JPEG whose EXIF holds a GPS position, as phones write it. */
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from('GPSLatitude 30.2741 GPSLongitude 120.1551')]);
  const segment = (marker: number, content: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(content.length + 2, 2);
    return Buffer.concat([head, content]);
  };
  const jfif = segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'));
  const scan = Buffer.concat([
    segment(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
    Buffer.from([0x12, 0x34, 0xff, 0xd9]),
  ]);
  const jpeg = Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jfif,
    segment(0xe1, exif),
    segment(0xfe, Buffer.from('by 王')),
    scan,
  ]);

  const fetchMedia = (url: string) => test.app.inject({ method: 'GET', url: new URL(url).pathname });

  it('gives a published request’s photo at a public address, without its EXIF', async () => {
    const posted = await postMultipart(
      'requests.json',
      { service_code: 'environment', ...point, description: '窨井盖破损' },
      [jpeg],
    );
    expect(posted.statusCode, posted.body).toBe(201);
    const number = posted.json<{ service_request_id: string }[]>()[0]!.service_request_id;
    const [request] = (await get(`requests/${number}.json`)).json<{ media_url: string }[]>();
    expect(request!.media_url).toMatch(
      new RegExp(`/open311/v2/media/${number}/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}\\.jpg$`),
    );
    const photo = await fetchMedia(request!.media_url);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.headers['set-cookie']).toBeUndefined();
    expect(photo.rawPayload).toEqual(Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, scan]));
    expect(photo.rawPayload.includes('GPSLatitude')).toBe(false);
    // The same token under another request's number is no address at all.
    const other = await fileRequest({ description: '另一件' });
    const elsewhere = request!.media_url.replace(`/media/${number}/`, `/media/${other}/`);
    expect((await fetchMedia(elsewhere)).statusCode).toBe(404);
    expect((await fetchMedia(request!.media_url.replace(/[0-9a-f]{12}\.jpg$/, '000000000000.jpg'))).statusCode).toBe(
      404,
    );
  });

  it('never serves a photo of a case the county does not publish', async () => {
    const made = await reportCase(agents.member, { regionId: world.memberGrid.id });
    await addPhoto(
      test.db,
      test.app.context.files,
      systemActor('cli'),
      made.id,
      { fileName: '现场.jpg', content: jpeg },
      {
        perCase: 10,
        perAccount: 100,
        windowMinutes: 10,
      },
    );
    const [file] = await test.db
      .select({ publicToken: caseFiles.publicToken })
      .from(caseFiles)
      .where(and(eq(caseFiles.countyId, world.county.id), eq(caseFiles.caseId, made.id)));
    const url = `/open311/v2/media/${made.number}/${file!.publicToken}.jpg`;
    expectGeoReportError(await test.app.inject({ method: 'GET', url }), 404);
    // Once the county publishes the case, the same address shows the photo.
    await actAs(made.id, { action: 'accept' });
    await actAs(made.id, { action: 'publish' });
    expect((await test.app.inject({ method: 'GET', url })).statusCode).toBe(200);
  });

  it('gives a step’s photo as the media_url of its update', async () => {
    const number = await fileRequest({ description: '路灯不亮' });
    const { id } = await caseOfNumber(number);
    await actAs(id, { action: 'accept' });
    await actAs(id, { action: 'self_handle', result: '已更换灯泡，恢复照明' });
    // The handler adds the photo of the finished work with the step.
    const [event] = await test.db
      .select({ actorId: caseEvents.actorId })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, id), eq(caseEvents.action, 'self_handle')));
    await test.db.insert(caseFiles).values({
      countyId: world.county.id,
      id: crypto.randomUUID(),
      caseId: id,
      fileName: '处置后.jpg',
      contentType: 'image/jpeg',
      size: jpeg.length,
      storageKey: 'photos/none',
      sha256: '',
      createdBy: event!.actorId,
    });
    const updates = (
      await get('servicerequestupdates.json', { start_date: new Date(Date.now() - 60_000).toISOString() })
    ).json<{ service_request_id: string; status: string; media_url: string }[]>();
    const ours = updates.filter((update) => update.service_request_id === number);
    expect(ours.map((update) => update.media_url !== '')).toEqual([false, true]);
    expect(ours[1]!.media_url).toMatch(new RegExp(`/media/${number}/[0-9a-f-]{36}\\.jpg$`));
  });
});
