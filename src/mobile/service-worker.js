/* global self, caches */
/**
 * The field app's service worker (served as /m/sw.js, scope /m/). The build writes the app shell's file list and a
 * version made from it into this template (vite.field-app.ts). Installing caches the whole shell, so the app opens
 * with no network; a new release installs beside the old one and removes its cache when it takes over. The API is
 * never cached here: the app keeps the grid's households and its queue in IndexedDB itself.
 */
const version = '__VERSION__';
const shell = [/* __SHELL__ */];
const cacheName = `gridlink-field-${version}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(shell.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('gridlink-field-') && name !== cacheName)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/m')) {
    // The page itself: the network's copy when there is one (a new release), the shell's when there is none.
    event.respondWith(
      fetch(request).catch(() => caches.match('/m/', { cacheName }).then((cached) => cached || Response.error())),
    );
    return;
  }
  // The build names its files by their content, so a cached copy is always the right one.
  event.respondWith(caches.match(request, { cacheName }).then((cached) => cached || fetch(request)));
});
