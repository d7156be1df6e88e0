// The app's service worker. The server fills in CONFIG: the version (a hash of the kept
// files' contents), the files to keep, the offline page, where static files live and the
// check-in's addresses.
const CONFIG = {};
const CACHE = "static-" + CONFIG.version;
// The check-in pages last loaded, for one signed-in account at a time.
const PAGES = "pages";
const ACCOUNT = "/account-of-kept-pages";
const KEPT_PAGES = 8;
const DAY_PAGE = new RegExp(CONFIG.day_page);

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(CONFIG.precache); }).then(function () {
      return self.skipWaiting();
    })
  );
});

// A new version replaces the old copies at once; kept pages stay until their account goes.
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== CACHE && name !== PAGES;
      }).map(function (name) {
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
    // Pages come from the server when it can be reached; without a connection, the
    // check-in as last loaded, or the offline page, never the browser's error page.
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(remember(url.pathname, response.clone()));
      return response;
    }).catch(function () {
      return keptCopy(url.pathname).then(function (page) {
        return page || caches.match(CONFIG.offline, { ignoreSearch: true });
      });
    }));
  }
});

// The check-in asks for a fresh copy of itself after saving, so an offline visit shows it.
self.addEventListener("message", function (event) {
  const path = event.data && event.data.type === "refresh" && event.data.path;
  if (!path || !DAY_PAGE.test(path)) return;
  event.waitUntil(fetch(path, { credentials: "same-origin" }).then(function (response) {
    return remember(path, response);
  }).catch(function () {}));
});

// Every page the server sends says who is signed in (X-Account, a name that means nothing
// elsewhere). Pages are kept for that account only: a page for nobody (signed out) or for
// another account forgets every kept page first, so a shared phone never shows them.
function remember(path, response) {
  if (response.type !== "basic") return Promise.resolve();
  const account = response.headers.get("X-Account");
  if (!account) return caches.delete(PAGES);
  return caches.open(PAGES).then(function (cache) {
    return cache.match(ACCOUNT).then(function (kept) {
      return kept ? kept.text() : null;
    }).then(function (keptAccount) {
      if (keptAccount === account) return cache;
      return caches.delete(PAGES).then(function () { return caches.open(PAGES); }).then(function (fresh) {
        return fresh.put(ACCOUNT, new Response(account)).then(function () { return fresh; });
      });
    });
  }).then(function (cache) {
    if (!response.ok || response.redirected || !DAY_PAGE.test(path)) return null;
    // Put last, so the oldest copy is the first key.
    return cache.delete(path).then(function () {
      return cache.put(path, response);
    }).then(function () { return forgetOldest(cache); });
  });
}

function forgetOldest(cache) {
  return cache.keys().then(function (keys) {
    const pages = keys.filter(function (key) { return new URL(key.url).pathname !== ACCOUNT; });
    return Promise.all(pages.slice(0, Math.max(0, pages.length - KEPT_PAGES)).map(function (key) {
      return cache.delete(key);
    }));
  });
}

// "Today" offline is today's check-in only if it was loaded today (in the patient's own
// time zone); otherwise the copy of that day's own page, if there is one.
function keptCopy(path) {
  return caches.open(PAGES).then(function (cache) {
    return cache.match(path, { ignoreVary: true, ignoreSearch: true }).then(function (kept) {
      if (!kept || path !== CONFIG.today) return kept;
      const today = localDate(kept.headers.get("X-Timezone"));
      if (today && kept.headers.get("X-Day") === today) return kept;
      return today ? cache.match(CONFIG.day_prefix + today + "/", { ignoreVary: true }) : undefined;
    });
  });
}

function localDate(timeZone) {
  try {
    // en-CA writes dates as YYYY-MM-DD, like the day pages' addresses.
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit",
    }).format(new Date());
  } catch (error) {
    return null;
  }
}
