// The app's service worker. The server fills in CONFIG: the version (a hash of the kept
// files' contents), the files to keep, the offline page and where static files live.
const CONFIG = {};
const CACHE = "static-" + CONFIG.version;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(CONFIG.precache); }).then(function () {
      return self.skipWaiting();
    })
  );
});

// A new version replaces the old copies at once.
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(CONFIG.static)) {
    // Static files: the kept copy first; they change name or version with every deploy.
    event.respondWith(caches.match(request).then(function (kept) { return kept || fetch(request); }));
    return;
  }
  if (request.mode === "navigate") {
    // Pages always come from the server; without a connection, the offline page says so,
    // never the browser's error page.
    event.respondWith(fetch(request).catch(function () {
      return caches.match(CONFIG.offline, { ignoreSearch: true });
    }));
  }
});
