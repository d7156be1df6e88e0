// Notifications on this browser (the reminders page): asks the browser's permission,
// subscribes through the app's service worker with the server's VAPID key, and tells the
// server where to send reminders. Each step says in words what happened.
(function () {
  "use strict";
  const panel = document.querySelector("[data-push]");
  if (!panel) return;
  const state = panel.querySelector("[data-push-state]");
  const message = panel.querySelector("[data-push-message]");
  const addButton = panel.querySelector("[data-push-add]");
  const stopButton = panel.querySelector("[data-push-stop]");
  const ANSWER_WITHIN = 20000; // ms; a push service out of reach never answers at all
  const WORDS = {
    unsupported: "This browser cannot show notifications from a website. On an iPhone or iPad, " +
      "add this site to the home screen (Share, then Add to Home Screen) and open it from there.",
    blocked: "Notifications are blocked for this site in this browser's settings. Allow them " +
      "there (the icon beside the address), then reload this page.",
    off: "This browser does not get reminders as notifications.",
    on: "This browser gets reminders as notifications.",
    elsewhere: "This browser's notifications are set up for another account or have lapsed: " +
      "set them up again for yours.",
    waiting: "Asking the browser…",
    dismissed: "Notifications were not allowed. Press the button again and choose Allow when " +
      "the browser asks.",
    timeout: "The browser's notification service did not answer. Check the connection and try " +
      "again." + (panel.hasAttribute("data-email-ok") ? " Email reminders still reach you." : ""),
    refused: "This browser could not set up notifications here (a private window cannot, for " +
      "one)." + (panel.hasAttribute("data-email-ok") ? " Email reminders still reach you." : ""),
    unsent: "The server could not be reached. Check the connection and try again.",
  };

  function say(text, where) {
    (where || state).textContent = text;
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function registration() {
    return navigator.serviceWorker.register("/service-worker.js").then(function () {
      return navigator.serviceWorker.ready;
    });
  }

  function csrfToken() {
    const cookie = document.cookie.split("; ").find(function (part) {
      return part.indexOf("csrftoken=") === 0;
    });
    const field = document.querySelector("[name=csrfmiddlewaretoken]");
    return cookie ? cookie.slice("csrftoken=".length) : field && field.value;
  }

  function send(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (!response.ok) throw new Error(answer.error || WORDS.unsent);
        return answer;
      });
    }, function () { throw new Error(WORDS.unsent); });
  }

  function keyBytes(text) {
    const padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  function sameKey(subscription, key) {
    const kept = subscription.options && subscription.options.applicationServerKey;
    if (!kept) return false;
    const a = new Uint8Array(kept);
    return a.length === key.length && a.every(function (byte, i) { return byte === key[i]; });
  }

  function withinTime(promise) {
    return Promise.race([promise, new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error("timeout")); }, ANSWER_WITHIN);
    })]);
  }

  // A subscription made with another server key (the server's was changed) cannot be kept.
  function subscription(worker) {
    const key = keyBytes(panel.dataset.key);
    return worker.pushManager.getSubscription().then(function (found) {
      if (found && sameKey(found, key)) return found;
      return (found ? found.unsubscribe() : Promise.resolve()).then(function () {
        return worker.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
      });
    });
  }

  function listed(endpoint) {
    let found = false;
    panel.querySelectorAll("[data-endpoint]").forEach(function (row) {
      const here = row.dataset.endpoint === endpoint;
      row.querySelector("[data-this-browser]").hidden = !here;
      found = found || here;
    });
    return found;
  }

  function show(current) {
    const here = Boolean(current && listed(current.endpoint));
    if (Notification.permission === "denied") say(WORDS.blocked);
    else say(here ? WORDS.on : current ? WORDS.elsewhere : WORDS.off);
    addButton.hidden = here || Notification.permission === "denied";
    stopButton.hidden = !here;
  }

  function failed(error) {
    addButton.disabled = stopButton.disabled = false;
    let text = WORDS.refused;
    if (error.message === "timeout") text = WORDS.timeout;
    else if (error.name === "Dismissed") text = WORDS.dismissed;
    else if (error.name === "NotAllowedError") {
      text = WORDS.blocked;
      addButton.hidden = true; // asking again cannot help until the settings change
    }
    else if (!(error instanceof DOMException) && error.message) text = error.message; // the server's
    say(text, message);
  }

  function add() {
    addButton.disabled = true;
    say(WORDS.waiting, message);
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") {
        const refusal = new Error(permission === "denied" ? WORDS.blocked : WORDS.dismissed);
        refusal.name = permission === "denied" ? "NotAllowedError" : "Dismissed";
        throw refusal;
      }
      return withinTime(registration().then(subscription));
    }).then(function (found) {
      return send(panel.dataset.subscribe, Object.assign(found.toJSON(), { turn_on: true }));
    }).then(function () {
      window.location.reload();
    }).catch(failed);
  }

  function stop() {
    stopButton.disabled = true;
    registration().then(function (worker) {
      return worker.pushManager.getSubscription();
    }).then(function (found) {
      if (!found) return null;
      return send(panel.dataset.forget, { endpoint: found.endpoint }).then(function () {
        return found.unsubscribe();
      });
    }).then(function () {
      window.location.reload();
    }).catch(failed);
  }

  if (!supported()) {
    say(WORDS.unsupported);
    return;
  }
  addButton.addEventListener("click", add);
  stopButton.addEventListener("click", stop);
  say(WORDS.off);
  addButton.hidden = false;
  registration().then(function (worker) {
    return worker.pushManager.getSubscription();
  }).then(show, function () { show(null); });
})();
