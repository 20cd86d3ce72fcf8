import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import type { Database } from '../src/server/db/client.js';
import { createTestApp, expectError, signIn, type Agent, type TestApp } from './helpers.js';

let testApp: TestApp;
let town: Agent;

beforeAll(async () => {
  testApp = await createTestApp();
  town = await signIn(testApp.app, 'town');
});

afterAll(() => testApp?.close());

function get(url: string) {
  return testApp.app.inject({ method: 'GET', url });
}

type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: Record<string, Record<string, unknown>>;
};

/** Every `$ref` in the document, e.g. `#/components/schemas/Region`. */
function collectReferences(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => collectReferences(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string') found.push(inner);
      else collectReferences(inner, found);
    }
  }
  return found;
}

function resolvePointer(document: unknown, reference: string): unknown {
  return reference
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
}

describe('health', () => {
  it('answers liveness without a database question', async () => {
    const response = await get('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness when the database answers', async () => {
    const response = await get('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });
});

describe('public settings', () => {
  it('tells the console, before sign-in, that this is the demo installation', async () => {
    const response = await get('/api/v1/config');
    expect(response.statusCode).toBe(200);
    expect(response.json().isDemo).toBe(true);
  });
});

describe('readiness without a database', () => {
  it('answers 503 when the database does not answer', async () => {
    const unreachable = { execute: () => Promise.reject(new Error('connection refused')) } as unknown as Database;
    const app = await buildApp({ db: unreachable, config: testApp.config });
    try {
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expectError(response, 503, 'database_unavailable');
      expect(response.headers['retry-after']).toBeDefined();
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('API description', () => {
  it('serves an OpenAPI 3 document with the contract paths', async () => {
    const response = await get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    const document = response.json<OpenApiDocument>();
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(document.info.title).toBeTruthy();
    expect(document.info.version).toBeTruthy();
    for (const path of ['/api/v1/session', '/api/v1/regions/{id}', '/api/v1/regions']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect(Object.keys(document.paths['/api/v1/session']!)).toEqual(expect.arrayContaining(['get', 'post', 'delete']));
    expect(document.paths['/api/v1/regions/{id}']!.get).toBeDefined();
  });

  it('describes every operation with its responses and has no dangling references', async () => {
    const document = (await get('/api/openapi.json')).json<OpenApiDocument>();
    const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
    for (const [path, item] of Object.entries(document.paths)) {
      expect(path.startsWith('/')).toBe(true);
      for (const [method, operation] of Object.entries(item)) {
        if (!methods.has(method)) continue;
        expect(Object.keys(operation.responses ?? {}), `${method} ${path}`).not.toHaveLength(0);
      }
    }
    for (const reference of collectReferences(document)) {
      expect(resolvePointer(document, reference), reference).toBeDefined();
    }
  });

  it('serves browsable docs', async () => {
    let response = await get('/api/docs');
    if (response.statusCode >= 300 && response.statusCode < 400) response = await get(response.headers.location!);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toMatch(/swagger/i);
  });
});

describe('security headers', () => {
  it('sends a strict content security policy, no sniffing, no framing and HSTS', async () => {
    for (const url of ['/healthz', '/api/v1/session']) {
      const response = await get(url);
      const policy = String(response.headers['content-security-policy']);
      expect(policy).toMatch(/default-src 'self'/);
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      const forbidsFraming =
        /frame-ancestors 'none'/.test(policy) ||
        /^(deny|sameorigin)$/i.test(String(response.headers['x-frame-options']));
      expect(forbidsFraming).toBe(true);
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    }
  });
});

describe('errors', () => {
  it('answers an unknown API route with a JSON 404', async () => {
    const response = await get('/api/v1/no-such-thing');
    const error = expectError(response, 404, 'not_found');
    expect(error.message).toContain('/api/v1/no-such-thing');
    expect(response.headers['content-type']).toMatch(/application\/json/);
  });

  it('answers an unknown API route the same way for any method', async () => {
    const response = await town.post('/api/v1/no-such-thing', { any: 'thing' });
    expectError(response, 404, 'not_found');
  });

  it('answers malformed JSON at sign-in with 400, not 500', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "town", "password": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_request');
  });

  it('answers malformed JSON from a signed-in user with 400, not 500', async () => {
    const response = await town.request('PATCH', `/api/v1/regions/${town.user.regionId}`, '{"name": ', {
      'content-type': 'application/json',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toMatch(/bad_request|validation_failed/);
  });

  it('answers a body of the wrong shape with validation_failed and says what is wrong', async () => {
    const response = await town.patch(`/api/v1/regions/${town.user.regionId}`, { name: 42 });
    const error = expectError(response, 400, 'validation_failed');
    expect(error.message).toMatch(/name/);
  });

  it('answers an over-long query as the client’s error, without internals', async () => {
    const response = await town.get('/api/v1/regions/search?q=' + encodeURIComponent('x'.repeat(51)));
    expectError(response, 400, 'validation_failed');
    expect(response.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
