// The service worker that lets the app open and run with the network off (registered by
// public/boot.js). This is a template: scripts/post-build.cjs writes it into the release build with
// VERSION (a hash of every file of the build) and FILES (their names) filled in, so a new
// deployment is a new sw.js, which the browser notices by itself.
//
// - install: every file of this version goes into a cache of its own, fetched past the HTTP cache;
// - fetch: this version's files come from its cache (the page itself for any query string, e.g.
//   ?customers=…&embed=1), everything else (an extract named by ?data=) from the network;
// - activate: caches of older versions of the app at this same scope are deleted;
// - message 'skip-waiting': the page's "Reload to update" lets a waiting version take over.
'use strict';

const VERSION = '__C360_VERSION__';
const FILES = __C360_FILES__;

const SCOPE = self.registration.scope; // e.g. https://intranet.example/tools/c360/
const PREFIX = `c360:${SCOPE}:`;
const CACHE = PREFIX + VERSION;
const PAGE = new URL('index.html', SCOPE).href;
const URLS = new Set(FILES.map((f) => new URL(f, SCOPE).href));

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k)))),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  const path = url.origin + url.pathname;
  const isPage = request.mode === 'navigate' && (path === SCOPE || path === PAGE);
  if (!isPage && (url.search || !URLS.has(path))) return;
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(isPage ? PAGE : path)).then((hit) => hit || fetch(request)),
  );
});
