import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/server/auth/actor.js';
import { addClient } from '../src/server/modules/open311/open311.service.js';
import { interiorPointOf } from './factories.js';
import { createTestApp, loadDemoWorld, type DemoWorld, type TestApp } from './helpers.js';

/**
 * An external Open311 client against a listening server, over real HTTP with Node's own encoders: what FixMyStreet
 * does when it sends a report (form-encoded, or multipart with photos), reads it back, posts a resident's update and
 * fetches the updates.
 */

let test: TestApp;
let world: DemoWorld;
let endpoint: string;
let apiKey: string;
let point: { lat: string; long: string };

beforeAll(async () => {
  test = await createTestApp();
  world = await loadDemoWorld(test.db);
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  endpoint = `http://127.0.0.1:${(test.app.server.address() as AddressInfo).port}/open311/v2/`;
  ({ key: apiKey } = await addClient(test.db, systemActor('cli'), { name: 'FixMyStreet', countyId: world.county.id }));
  const [long, lat] = interiorPointOf(world.memberGrid, world.childrenOf(world.memberGrid.id));
  point = { lat: String(lat), long: String(long) };
});

afterAll(() => test?.close());

const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('图')]);

/** One value of an element in an XML answer. */
function valueOf(xml: string, element: string): string | undefined {
  return new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];
}

describe('an Open311 client over HTTP', () => {
  it('files a form-encoded report, reads it back and follows its updates', async () => {
    const form = new URLSearchParams({
      api_key: apiKey,
      jurisdiction_id: world.county.code,
      service_code: 'environment',
      ...point,
      description: '人行道上的井盖松动了，踩上去会响',
      address_string: '和平路 12 号',
      first_name: '敏',
      last_name: '李',
      email: 'li@example.com',
    });
    const posted = await fetch(`${endpoint}requests.xml`, { method: 'POST', body: form });
    const answer = await posted.text();
    expect(posted.status, answer).toBe(201);
    expect(posted.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const id = valueOf(answer, 'service_request_id')!;
    expect(id).toMatch(new RegExp(`^${world.county.code}-\\d{8}-\\d{4}$`));

    const read = await fetch(`${endpoint}requests/${id}.json?jurisdiction_id=${world.county.code}`);
    const [request] = (await read.json()) as { description: string; status: string; address: string }[];
    expect(request).toMatchObject({
      description: '人行道上的井盖松动了，踩上去会响',
      status: 'open',
      address: '和平路 12 号',
    });

    const update = await fetch(`${endpoint}servicerequestupdates.xml`, {
      method: 'POST',
      body: new URLSearchParams({
        api_key: apiKey,
        jurisdiction_id: world.county.code,
        service_request_id: id,
        update_id_ext: '42',
        status: 'OPEN',
        updated_datetime: '2026-12-06T18:30:00+08:00',
        description: '今天又有人差点摔倒',
        first_name: '敏',
        last_name: '李',
      }),
    });
    const updateAnswer = await update.text();
    expect(update.status, updateAnswer).toBe(200);
    expect(valueOf(updateAnswer, 'update_id')).toMatch(/^[0-9a-f-]{36}$/);

    const updates = await fetch(`${endpoint}update.xml`);
    expect(await updates.text()).toContain('今天又有人差点摔倒');
  });

  it('files a multipart report with photos as Node’s FormData encodes it', async () => {
    const form = new FormData();
    form.append('api_key', apiKey);
    form.append('jurisdiction_id', world.county.code);
    form.append('service_code', 'environment');
    form.append('lat', point.lat);
    form.append('long', point.long);
    form.append('description', '河道里漂着垃圾 "很多" <塑料瓶>');
    form.append('photo1', new Blob([pngBytes], { type: 'image/png' }), '河道.png');
    form.append('photo2', new Blob([pngBytes], { type: 'image/png' }), 'river.png');
    const posted = await fetch(`${endpoint}requests.json`, { method: 'POST', body: form });
    const answer = (await posted.json()) as { service_request_id: string }[];
    expect(posted.status, JSON.stringify(answer)).toBe(201);
    const read = await fetch(`${endpoint}requests/${answer[0]!.service_request_id}.xml`);
    expect(valueOf(await read.text(), 'description')).toBe('河道里漂着垃圾 &quot;很多&quot; &lt;塑料瓶&gt;');
  });

  it('hears GeoReport errors, never a server error', async () => {
    const withoutKey = await fetch(`${endpoint}requests.xml`, {
      method: 'POST',
      body: new URLSearchParams({ service_code: 'environment', ...point, description: '无密钥' }),
    });
    expect(withoutKey.status).toBe(403);
    expect(await withoutKey.text()).toContain('<errors><error><code>403</code>');
    const unreadable = await fetch(`${endpoint}requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=broken' },
      body: '--broken\r\nno headers',
    });
    expect(unreadable.status).toBe(400);
    expect(await unreadable.json()).toEqual([{ code: 400, description: expect.any(String) }]);
    const plain = await fetch(`${endpoint}requests.xml`, { method: 'POST', body: 'just text' });
    expect(plain.status).toBeGreaterThanOrEqual(400);
    expect(plain.status).toBeLessThan(500);
    expect(await plain.text()).toContain('<errors>');
  });
});
