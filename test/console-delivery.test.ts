import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { signedInPreloadMarkers } from '../src/shared/first-page.js';
import { createTestApp, sessionCookie, signIn, type TestApp } from './helpers.js';

/**
 * How the console's files reach the browser: a built console (a folder laid out as `vite build` writes it, with
 * the .br and .gz copies its precompress step adds) served by the real app.
 */
let testApp: TestApp;
let app: FastifyInstance;
let webRoot: string;
const script = `export const greeting = ${JSON.stringify('网格通 '.repeat(2_000))};\n`;
const scriptPath = '/assets/app-Bx3k9QzA.js';
// The signed-in page's code as the build names it in index.html (vite.config.ts): in comments the server opens.
const frameLink = '<link rel="modulepreload" href="/assets/signed-in-frame-C1a2b3.js">';
const regionLink = '<link rel="modulepreload" href="/assets/territory-page-D4e5f6.js">';

beforeAll(async () => {
  testApp = await createTestApp();
  webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'gridlink-web-'));
  fs.mkdirSync(path.join(webRoot, 'assets'));
  fs.writeFileSync(
    path.join(webRoot, 'index.html'),
    `<!doctype html><html><head><script type="module" src="${scriptPath}"></script>` +
      `<!--${signedInPreloadMarkers.frame} ${frameLink} --><!--${signedInPreloadMarkers.regionPage} ${regionLink} -->` +
      `</head><body></body></html>`,
  );
  fs.writeFileSync(path.join(webRoot, scriptPath), script);
  fs.writeFileSync(path.join(webRoot, `${scriptPath}.br`), brotliCompressSync(script));
  fs.writeFileSync(path.join(webRoot, `${scriptPath}.gz`), gzipSync(script));
  fs.writeFileSync(path.join(webRoot, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  app = await buildApp({ db: testApp.db, config: { ...testApp.config, webRoot } });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await testApp?.close();
  if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
});

function get(url: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers });
}

describe('the console’s scripts and styles', () => {
  it('sends the Brotli copy to a browser that accepts it, and says it varies by encoding', async () => {
    const response = await get(scriptPath, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.rawPayload.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(script);
  });

  it('sends the gzip copy to a client that knows only gzip, and the file itself to one that knows neither', async () => {
    const gzipped = await get(scriptPath, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(script);

    const plain = await get(scriptPath);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it('lets the browser keep a hashed file for a year without asking again', async () => {
    for (const encoding of ['br', 'gzip', 'identity']) {
      const response = await get(scriptPath, { 'accept-encoding': encoding });
      expect(response.headers['cache-control'], encoding).toBe('public, max-age=31536000, immutable');
    }
  });

  it('makes the browser ask again for files whose name does not change with their content', async () => {
    const icon = await get('/favicon.svg');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).not.toMatch(/immutable/);
    expect(icon.headers['cache-control']).toMatch(/max-age=0/);
  });

  it('keeps the security headers on the files it sends', async () => {
    const response = await get(scriptPath, { 'accept-encoding': 'br' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(String(response.headers['content-security-policy'])).toMatch(/default-src 'self'/);
  });
});

describe('the console’s page', () => {
  it('is never cached, so a new release’s file names reach the browser at once', async () => {
    for (const url of ['/', '/regions', '/cases/new']) {
      const response = await get(url, { 'accept-encoding': 'br' });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-store');
      expect(response.body, url).toContain(scriptPath);
    }
  });

  it('carries the style nonce of its own content security policy, different on each answer', async () => {
    const nonces = [];
    for (let answer = 0; answer < 2; answer += 1) {
      const response = await get('/regions');
      const nonce = /<meta name="csp-nonce" content="([^"]+)">/.exec(response.body)?.[1];
      expect(nonce).toBeTruthy();
      expect(String(response.headers['content-security-policy'])).toContain(`style-src 'self' 'nonce-${nonce}'`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  const scopeOf = (body: string) => {
    const written = /<meta name="first-page-scope" content="([^"]*)">/.exec(body)?.[1];
    return written === undefined ? undefined : JSON.parse(written.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  };

  it('carries the signed-in user’s first-page scope, so the boot script need not wait for the session', async () => {
    const village = await signIn(app, 'village');
    const response = await get('/', { cookie: `${sessionCookie}=${village.cookies[sessionCookie]}` });
    expect(scopeOf(response.body)).toEqual({
      regionId: village.session.regionId,
      regionCode: village.user.regionCode,
      abilities: village.session.abilities,
    });
    // A region and abilities only: nothing of the person.
    expect(response.body).not.toContain(village.user.displayName);
    expect(response.body).not.toContain(village.session.csrfToken);
  });

  it('names the signed-in page’s code for the browser to load with the page: the frame’s, and the region page’s on a region’s address', async () => {
    const village = await signIn(app, 'village');
    const cookie = { cookie: `${sessionCookie}=${village.cookies[sessionCookie]}` };
    for (const address of ['/', `/regions/${village.session.regionId}`]) {
      const page = (await get(address, cookie)).body;
      expect(page).toContain(frameLink);
      expect(page).toContain(regionLink);
      expect(page).not.toContain('<!--signed-in');
    }
    const casesPage = (await get('/cases', cookie)).body;
    expect(casesPage).toContain(frameLink);
    expect(casesPage).not.toContain(regionLink);
    // Signed out, the login page loads its own code first: the signed-in page's waits until it is idle.
    for (const signedOut of [await get('/'), await get('/', { cookie: `${sessionCookie}=forged-token` })]) {
      expect(signedOut.body).not.toContain(frameLink);
      expect(signedOut.body).not.toContain(regionLink);
    }
  });

  it('carries no scope without a live session', async () => {
    expect(scopeOf((await get('/')).body)).toBeUndefined();
    expect(scopeOf((await get('/', { cookie: `${sessionCookie}=forged-token` })).body)).toBeUndefined();
    const member = await signIn(app, 'member');
    const cookie = `${sessionCookie}=${member.cookies[sessionCookie]}`;
    expect((await member.delete('/api/v1/session')).statusCode).toBe(204);
    expect(scopeOf((await get('/regions', { cookie })).body)).toBeUndefined();
  });
});
