// Check-in changes made without a connection, kept on this device (IndexedDB) until the
// server has them, then sent in the order they were made (see recovery/sync.py).
//
// A change: {seq, id, account, kind, date, made_at, names, fields, label, state, message}.
// state is "unsent" until the server answers; a change it refuses stays, as "refused" with
// the server's reason, until the patient has read it.
(function () {
  "use strict";

  const DATABASE = "recovery-offline";
  const STORE = "changes";
  const BATCH = 20;

  let opening = null;
  let flushing = null;
  const listeners = [];

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        const request = indexedDB.open(DATABASE, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
        };
        request.onsuccess = function () {
          const db = request.result;
          // Signing out clears the site's storage: let it, and open afresh next time.
          db.onversionchange = function () { db.close(); opening = null; };
          resolve(db);
        };
        request.onerror = function () { opening = null; reject(request.error); };
      });
    }
    return opening;
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const transaction = db.transaction(STORE, mode);
        const request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function changed() {
    listeners.forEach(function (listener) { listener(); });
  }

  function add(change) {
    const kept = Object.assign({ state: "unsent", message: "" }, change);
    return run("readwrite", function (store) { return store.add(kept); }).then(function (seq) {
      changed();
      return seq;
    });
  }

  // In the order they were made: the store's keys count up.
  function all(account) {
    return run("readonly", function (store) { return store.getAll(); }).then(function (list) {
      return list.filter(function (change) { return change.account === account; });
    });
  }

  function forget(seqs) {
    return run("readwrite", function (store) {
      seqs.forEach(function (seq) { store.delete(seq); });
    }).then(changed);
  }

  function markRefused(pairs) {
    return run("readwrite", function (store) {
      pairs.forEach(function (pair) {
        store.put(Object.assign({}, pair[0], { state: "refused", message: pair[1] }));
      });
    });
  }

  // Django reads the token from the cookie, which outlives a page kept from before the
  // patient last signed in; the page's own copy is the fallback.
  function csrfToken(fallback) {
    const cookie = document.cookie.split("; ").find(function (part) {
      return part.indexOf("csrftoken=") === 0;
    });
    return cookie ? cookie.slice("csrftoken=".length) : fallback;
  }

  function post(target, batch) {
    const body = {
      account: target.account,
      changes: batch.map(function (change) {
        return {
          id: change.id,
          kind: change.kind,
          date: change.date,
          made_at: change.made_at,
          names: change.names,
          fields: change.fields,
        };
      }),
    };
    return fetch(target.url, {
      method: "POST",
      body: JSON.stringify(body),
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": csrfToken(target.csrf),
      },
    }).then(function (response) {
      if (response.type === "opaqueredirect") throw new Error("signed out");
      if (!response.ok) throw new Error("not sent: " + response.status);
      return response.json();
    });
  }

  // Sends what is unsent, a batch at a time, and records each answer; resolves with the
  // answers (each with its change), or rejects when the server could not be reached.
  function sendAll(target, answered) {
    return all(target.account).then(function (changes) {
      const batch = changes.filter(function (change) { return change.state === "unsent"; })
        .slice(0, BATCH);
      if (!batch.length) return answered;
      return post(target, batch).then(function (body) {
        const done = [];
        const refused = [];
        body.results.forEach(function (result, index) {
          const change = batch[index];
          result.change = change;
          answered.push(result);
          if (result.status === "saved" || result.status === "already") done.push(change.seq);
          else refused.push([change, result.message]);
        });
        return markRefused(refused)
          .then(function () { return forget(done); })
          .then(function () { return sendAll(target, answered); });
      });
    });
  }

  function flush(target) {
    if (!flushing) {
      flushing = sendAll(target, []).finally(function () { flushing = null; });
    }
    return flushing;
  }

  function newId() {
    if (window.crypto.randomUUID) return window.crypto.randomUUID();
    // Pages served over plain HTTP (a phone trying the app on a home network) lack
    // randomUUID; a version 4 UUID from the same random source.
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
      .join("-");
  }

  function unsentCount() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (list) {
      return list.filter(function (change) { return change.state === "unsent"; }).length;
    });
  }

  // Logging out deletes what this phone keeps (Clear-Site-Data): say so while something
  // logged here has not reached the server yet. The count is kept up to date beforehand,
  // so the question comes within the tap itself.
  let unsent = 0;
  function countUnsent() {
    return unsentCount().then(function (count) { unsent = count; }, function () { unsent = 0; });
  }
  listeners.push(countUnsent);
  countUnsent();

  document.addEventListener("submit", function (event) {
    if (!event.target.matches("form[data-logout]") || !unsent) return;
    const question = (unsent === 1 ? "1 change saved on this phone has" : unsent +
      " changes saved on this phone have") + " not been sent yet. Logging out deletes " +
      (unsent === 1 ? "it" : "them") + " from this phone. Log out anyway?";
    if (!window.confirm(question)) event.preventDefault();
  });

  window.CheckinQueue = {
    add: add,
    all: all,
    forget: forget,
    flush: flush,
    newId: newId,
    onChange: function (listener) { listeners.push(listener); },
  };
})();
