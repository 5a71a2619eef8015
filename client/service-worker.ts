/**
 * Offline practice: the built app shell and its assets are stored at install, so a phone
 * that has opened the game once can reload practice without a network. Built into /sw.js
 * by the service-worker plugin in vite.config.ts, which fills in the two placeholders.
 * Live-game traffic (Socket.IO, the API, health checks) never goes through the cache.
 */

// The DOM library has no service-worker types; these are the few members used here.
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ServiceWorkerScopeLike {
  readonly location: Location;
  readonly caches: CacheStorage;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEventLike) => void): void;
}

const scope = self as unknown as ServiceWorkerScopeLike;
const VERSION = '__PRECACHE_VERSION__';
const PRECACHE = '__PRECACHE_FILES__' as unknown as string[];
const CACHE = `backprop-arena-${VERSION}`;
const SHELL = '/';
const NAVIGATION_TIMEOUT_MS = 3500;
const NETWORK_ONLY = /^\/(socket\.io|api|healthz)(\/|$)/;

scope.addEventListener('install', (event) => {
  event.waitUntil(
    scope.caches
      .open(CACHE)
      // Past the HTTP cache: a stale index.html would name assets this version does not store.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    scope.caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('backprop-arena-') && key !== CACHE).map((key) => scope.caches.delete(key))))
      .then(() => scope.clients.claim()),
  );
});

async function fromCacheOrNetwork(request: Request): Promise<Response> {
  const cached = await scope.caches.match(request, { ignoreSearch: request.mode === 'navigate' });
  if (cached) return cached;
  const response = await fetch(request);
  // Assets are content-hashed, so a copy fetched later (a KaTeX woff font) never goes stale.
  if (response.ok && new URL(request.url).pathname.startsWith('/assets/')) {
    const copy = response.clone();
    void scope.caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

/**
 * The network's page when it answers; otherwise the stored shell. School Wi-Fi often
 * hangs rather than fails, so a slow answer also falls back after a few seconds.
 */
async function navigate(request: Request): Promise<Response> {
  const network = fetch(request);
  const shell = await scope.caches.match(SHELL);
  if (!shell) return network;
  const spare = shell.clone();
  const fallback = new Promise<Response>((resolve) => setTimeout(() => resolve(spare), NAVIGATION_TIMEOUT_MS));
  const answered = network.then((response) => (response.ok ? response : shell)).catch(() => shell);
  return Promise.race([answered, fallback]);
}

scope.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.location.origin || NETWORK_ONLY.test(url.pathname)) return;
  // Every route is the same single-page shell.
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
    return;
  }
  event.respondWith(fromCacheOrNetwork(request));
});
