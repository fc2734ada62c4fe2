// The service worker of /tech: the page and its scripts, and the technician's last day, kept
// so that a reload without a network still shows the day (steps and photos taken then wait
// in the page's own queue). Network first, the cache when there is none. The server writes
// the build's version into VERSION, so a new build installs a new worker whose shell cache
// replaces the old one.
const VERSION = '__BUILD__';
const SHELL = `fieldfix-tech-shell-${VERSION}`;
// The day's data; not tied to a build, emptied by the page on sign-out.
const DATA = 'fieldfix-tech-data';
const SHELL_FILES = ['/tech', '/static/tech.js', '/static/outcome.js', '/static/offline.js', '/static/common.js',
  '/static/photos.js', '/static/conversation.js', '/static/navigate.js', '/static/sign.js', '/static/app.css', '/static/favicon.svg', '/api/messages/en', '/api/messages/zh-CN'];
// What is read through the cache: the shell, and the GETs the page loads the day with.
const KEPT = [/^\/tech$/, /^\/static\//, /^\/api\/tech\//, /^\/api\/skills$/, /^\/api\/messages\//, /^\/api\/photos\/[^/]+\/thumbnail$/];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names
      .filter((name) => name.startsWith('fieldfix-tech-shell-') && name !== SHELL)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

async function networkFirst(request, cacheName) {
  try {
    const answer = await fetch(request);
    if (answer.ok) {
      const cache = await caches.open(cacheName);
      await cache.put(request, answer.clone());
    }
    return answer;
  } catch (e) {
    const kept = await caches.match(request);
    if (kept) return kept;
    throw e;
  }
}

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (!KEPT.some((pattern) => pattern.test(path))) return;
  const shell = path === '/tech' || path.startsWith('/static/');
  event.respondWith(networkFirst(event.request, shell ? SHELL : DATA));
});
