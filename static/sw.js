// Dossier's service worker (a template: scripts/precache.mjs fills in the build's version and
// files). On the first visit it caches the whole build, app and corpus, in one cache named by
// the build's version; from then on every request of the page is answered from that cache, so
// the reader opens, reads, searches and shows entities with the network cut. A new build has a
// new version: its worker caches the new build completely before it takes over, then deletes
// the old cache, and the page reloads, so an old app never meets a new corpus.
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `dossier-${VERSION}`;
// Requests in flight while caching (a large collection has thousands of files).
const AT_ONCE = 16;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Bypass the HTTP cache: the files must be this build's.
    for (let i = 0; i < FILES.length; i += AT_ONCE) {
      await cache.addAll(FILES.slice(i, i + AT_ONCE).map((f) => new Request(f, { cache: 'reload' })));
    }
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('dossier-') && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    return (await cache.match(request, { ignoreSearch: true })) || fetch(request);
  })());
});
