import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { replaceSession } from '../features/session/session-api';
import { regionQuery } from '../features/regions/regions-api';
import { arrivedAnswer, prefetch, prefetchAndRead, request } from './client';

/** A server that answers each GET with the body it is told, counting what it was asked. */
function fakeServer() {
  const asked: string[] = [];
  let answer: unknown = { who: 'first' };
  const fetchStub = vi.fn(async (url: string) => {
    asked.push(url);
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchStub);
  return {
    asked,
    answerWith: (body: unknown) => {
      answer = body;
    },
  };
}

describe('prefetched answers', () => {
  beforeEach(() => {
    replaceSession(new QueryClient(), null);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('are taken by the page’s own request instead of asking the server again', async () => {
    const server = fakeServer();
    prefetch('/regions', { parentId: 'village' });
    expect(await request('/regions', { query: { parentId: 'village' } })).toEqual({ who: 'first' });
    expect(server.asked).toEqual(['/api/v1/regions?parentId=village']);
  });

  it('are taken once: the next request for the same address asks the server', async () => {
    const server = fakeServer();
    prefetch('/notifications');
    await request('/notifications');
    server.answerWith({ who: 'later' });
    expect(await request('/notifications')).toEqual({ who: 'later' });
    expect(server.asked).toHaveLength(2);
  });

  it('can be read by the one who asked and still reach the page whole', async () => {
    fakeServer();
    expect(await prefetchAndRead('/session')).toEqual({ who: 'first' });
    expect(await request('/session')).toEqual({ who: 'first' });
  });

  it('are never given to the next user: signing out or in forgets them', async () => {
    const server = fakeServer();
    prefetch('/notifications');
    replaceSession(new QueryClient(), null);
    server.answerWith({ who: 'next user' });
    expect(await request('/notifications')).toEqual({ who: 'next user' });
    expect(server.asked).toHaveLength(2);
  });

  it('are not sent for the last user at the next start: signing out forgets their scope', () => {
    const stored = new Map([['gridlink.first-page-scope', '{"regionId":"village"}']]);
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => stored.get(key) ?? null,
      removeItem: (key: string) => stored.delete(key),
    });
    replaceSession(new QueryClient(), null);
    expect(stored.has('gridlink.first-page-scope')).toBe(false);
  });

  it('are not used once they may be out of date', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const server = fakeServer();
    prefetch('/config');
    vi.setSystemTime(Date.now() + 60_000);
    server.answerWith({ who: 'fresh' });
    expect(await request('/config')).toEqual({ who: 'fresh' });
    expect(server.asked).toHaveLength(2);
  });

  it('are given whole to a page that renders after they arrived, once, and not before they have', async () => {
    const server = fakeServer();
    prefetch('/regions/north');
    expect(arrivedAnswer('/regions/north')).toBeUndefined();
    await vi.waitFor(() => expect(arrivedAnswer('/regions/north')).toEqual({ who: 'first' }));
    expect(arrivedAnswer('/regions/north')).toBeUndefined();
    expect(server.asked).toEqual(['/api/v1/regions/north']);
  });

  it('that failed are left to the page’s own request, which reports the failure', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"error":{"code":"forbidden","message":"no"}}', { status: 403 }));
    prefetch('/regions/south');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(arrivedAnswer('/regions/south')).toBeUndefined();
    await expect(request('/regions/south')).rejects.toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('start a query with its data when they have arrived, so the page needs no second render for it', async () => {
    const server = fakeServer();
    await prefetchAndRead('/regions/east');
    const observer = new QueryObserver(new QueryClient(), regionQuery('east'));
    expect(observer.getCurrentResult()).toMatchObject({ status: 'success', data: { who: 'first' } });
    expect(server.asked).toHaveLength(1);
  });
});
