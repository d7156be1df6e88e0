// The app's service worker. The server fills in CONFIG: the version (a hash of the kept
// files' contents), the files to keep, the offline page, where static files live and the
// check-in's addresses.
const CONFIG = {};
const CACHE = "static-" + CONFIG.version;
// The check-in pages last loaded, for one signed-in account at a time.
const PAGES = "pages";
const KEPT_PAGES = 12;
// When the server last answered for nobody signed in.
const SIGNED_OUT = "signed-out";
const SIGNED_OUT_KEY = "/signed-out";
const DAY_PAGE = new RegExp(CONFIG.day_page);
// The guided players work offline too; a routine's page is kept with its own choice of
// stretches (its query), so each kept routine is the one asked for.
const PRACTICE_PAGE = new RegExp(CONFIG.practice_page);

function pageKey(url) {
  return PRACTICE_PAGE.test(url.pathname) ? url.pathname + url.search : url.pathname;
}

function keptPage(path) {
  return DAY_PAGE.test(path) || PRACTICE_PAGE.test(path.split("?")[0]);
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(CONFIG.precache); }).then(function () {
      return self.skipWaiting();
    })
  );
});

// A new version replaces the old static copies at once; kept pages stay until their
// account goes.
self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.startsWith("static-") && name !== CACHE;
      }).map(function (name) {
        return caches.delete(name);
      }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // A form sent without a connection (settings, logging out) gets the offline page too.
    if (request.mode === "navigate") {
      event.respondWith(fetch(request).catch(offlinePage));
    }
    return;
  }
  if (url.pathname.startsWith(CONFIG.static)) {
    // Static files: the kept copy first; they change name or version with every deploy.
    event.respondWith(caches.match(request).then(function (kept) { return kept || fetch(request); }));
    return;
  }
  if (request.mode === "navigate") {
    // Pages come from the server when it can be reached; without a connection, the
    // check-in as last loaded, or the offline page, never the browser's error page.
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(remember(pageKey(url), response.clone()));
      return response;
    }).catch(function () {
      return keptCopy(pageKey(url)).then(function (page) { return page || offlinePage(); });
    }));
  }
});

// The kept offline page; if the browser dropped the kept files, a plain one all the same.
function offlinePage() {
  return caches.match(CONFIG.offline, { ignoreSearch: true }).then(function (kept) {
    return kept || new Response(
      "<!doctype html><html lang=en><meta name=viewport content='width=device-width'>" +
      "<title>No connection</title><h1>No connection</h1>" +
      "<p>This phone is offline. Nothing you saved is lost; try again when it is back online.",
      { headers: { "Content-Type": "text/html; charset=utf-8" } }
    );
  });
}

// The check-in asks for a fresh copy of itself after saving, so an offline visit shows it.
self.addEventListener("message", function (event) {
  const path = event.data && event.data.type === "refresh" && event.data.path;
  if (!path || !keptPage(path)) return;
  event.waitUntil(fetch(path, { credentials: "same-origin" }).then(function (response) {
    return remember(path, response);
  }).catch(function () {}));
});

// Every page the server sends says who is signed in (X-Account, a name that means nothing
// elsewhere; none when nobody is) and when it was served (X-Served-At). Pages are kept for
// one account only: a page for another account forgets the others, and a page for nobody
// forgets them all and leaves a mark, so that a copy that arrives late (asked for just
// before logging out) can never be shown: a shared phone shows no one else's check-in.
function remember(path, response) {
  if (response.type !== "basic") return Promise.resolve();
  const account = response.headers.get("X-Account");
  if (!account) return signedOut(response);
  return caches.open(PAGES).then(function (cache) {
    return forgetOthers(cache, account).then(function () {
      if (!response.ok || response.redirected || !keptPage(path)) return null;
      // Put last, so the oldest copy is the first key.
      return cache.delete(path).then(function () {
        return cache.put(path, response);
      }).then(function () { return forgetOldest(cache); });
    });
  });
}

function servedAt(response) {
  return Number(response && response.headers.get("X-Served-At")) || 0;
}

function signedOut(response) {
  const mark = new Response("", { headers: { "X-Served-At": String(servedAt(response)) } });
  return caches.delete(PAGES).then(function () { return caches.open(SIGNED_OUT); }).then(function (cache) {
    return cache.match(SIGNED_OUT_KEY).then(function (earlier) {
      return servedAt(earlier) > servedAt(mark) ? null : cache.put(SIGNED_OUT_KEY, mark);
    });
  });
}

function forgetOthers(cache, account) {
  return cache.keys().then(function (keys) {
    return Promise.all(keys.map(function (key) {
      return cache.match(key).then(function (kept) {
        return kept && kept.headers.get("X-Account") !== account ? cache.delete(key) : null;
      });
    }));
  });
}

function forgetOldest(cache) {
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(0, keys.length - KEPT_PAGES)).map(function (key) {
      return cache.delete(key);
    }));
  });
}

// A kept page is shown only while nothing served after it says that nobody, or someone
// else, is signed in.
function stillTheirs(cache, kept) {
  const account = kept.headers.get("X-Account");
  const time = servedAt(kept);
  return Promise.all([caches.match(SIGNED_OUT_KEY), cache.matchAll()]).then(function (found) {
    if (servedAt(found[0]) >= time) return false;
    return !found[1].some(function (other) {
      return other.headers.get("X-Account") !== account && servedAt(other) > time;
    });
  });
}

// "Today" offline is today's check-in only if it was loaded today (in the patient's own
// time zone); otherwise the copy of that day's own page, if there is one.
function keptCopy(path) {
  return caches.open(PAGES).then(function (cache) {
    const exact = path.indexOf("?") !== -1;
    return cache.match(path, { ignoreVary: true, ignoreSearch: !exact }).then(function (kept) {
      if (!kept || path !== CONFIG.today) return kept;
      const today = localDate(kept.headers.get("X-Timezone"));
      if (today && kept.headers.get("X-Day") === today) return kept;
      return today ? cache.match(CONFIG.day_prefix + today + "/", { ignoreVary: true }) : undefined;
    }).then(function (kept) {
      if (!kept) return undefined;
      return stillTheirs(cache, kept).then(function (theirs) { return theirs ? kept : undefined; });
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

// A reminder to check in (recovery/reminders/push.py): the server's words only, never
// anything the patient logged. A message that cannot be read still reminds.
self.addEventListener("push", function (event) {
  let message = {};
  try {
    message = (event.data && event.data.json()) || {};
  } catch (error) {
    message = {};
  }
  event.waitUntil(self.registration.showNotification(message.title || "Time for today's check-in", {
    body: message.body || "",
    tag: message.tag || "check-in-reminder",
    icon: CONFIG.icon,
    badge: CONFIG.icon,
    data: { url: message.url || CONFIG.today },
  }));
});

// A tap on the reminder opens the page it names (the check-in), or brings forward a window
// showing it already; only ever a page of this site.
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  const wanted = (event.notification.data && event.notification.data.url) || CONFIG.today;
  const target = new URL(wanted, self.location.origin);
  if (target.origin !== self.location.origin) return;
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
    const same = open.find(function (client) { return new URL(client.url).pathname === target.pathname; });
    return same ? same.focus() : self.clients.openWindow(target.href);
  }));
});
