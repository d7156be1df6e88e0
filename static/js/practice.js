// The guided players: the breathing pacer and the stretch player. Their plans come from
// the server (recovery/practice/plans.py); this plays them by elapsed clock time, never by
// counting timer ticks, so a busy phone or a tab in the background cannot stretch a
// session: whatever the page was doing, what it shows next is where the clock says the
// practice is. When it ends, the session goes through the check-in's own queue
// (queue.js, recovery/sync.py): kept on the phone without a connection, added once.
(function () {
  "use strict";
  const root = document.querySelector("[data-practice]");
  if (!root) return;
  const plan = JSON.parse(document.getElementById("practice-plan").textContent);
  const breathing = root.dataset.practice === "breathing";
  const queue = window.CheckinQueue && window.indexedDB ? window.CheckinQueue : null;
  const MIN_LOGGED = 30; // seconds: a shorter practice stopped by hand is not logged

  function $(selector) { return root.querySelector(selector); }
  function panel(name) {
    ["setup", "running", "ask", "done"].forEach(function (other) {
      root.querySelector("[data-" + other + "]").hidden = other !== name;
    });
  }
  const announcer = $("[data-announce]");
  function announce(text) { announcer.textContent = text; }
  function setText(element, text) { if (element && element.textContent !== text) element.textContent = text; }

  // ---- The clock: seconds practised, paused time left out --------------------------------

  const clock = { running: false, since: 0, banked: 0, started: null };
  function practised() {
    return (clock.banked + (clock.running ? performance.now() - clock.since : 0)) / 1000;
  }
  function run() {
    clock.running = true;
    clock.since = performance.now();
    if (!clock.started) clock.started = new Date();
  }
  function hold() {
    if (!clock.running) return;
    clock.banked += performance.now() - clock.since;
    clock.running = false;
  }

  function clockText(seconds) {
    const whole = Math.max(0, Math.ceil(seconds));
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  // ---- Options: sound, vibration, the screen kept awake -----------------------------------

  const options = {};
  root.querySelectorAll("[data-option]").forEach(function (box) {
    options[box.dataset.option] = box;
  });
  if (!("vibrate" in navigator)) {
    root.querySelectorAll('[data-needs="vibrate"]').forEach(function (el) { el.hidden = true; });
  }
  const calm = window.matchMedia("(prefers-reduced-motion: reduce)");
  if (options.motion) options.motion.checked = !calm.matches;

  let audio = null;
  function tone(frequency) {
    if (!options.sound.checked) return;
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    audio = audio || new Context();
    const now = audio.currentTime;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0, now);
    gain.gain.linearRampToValueAtTime(0.12, now + 0.08);
    gain.gain.exponentialRampToValueAtTime(0.001, now + 0.7);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(now);
    oscillator.stop(now + 0.75);
  }
  function buzz(pattern) {
    if (options.vibrate && options.vibrate.checked && navigator.vibrate) navigator.vibrate(pattern);
  }

  let wakeLock = null;
  function keepAwake() {
    if (!("wakeLock" in navigator) || wakeLock) return;
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () { /* refused (low battery, say): the session goes on */ });
  }
  function letSleep() {
    if (wakeLock) wakeLock.release().catch(function () {});
    wakeLock = null;
  }

  // ---- Breathing: one cycle of phases, repeated -------------------------------------------

  const cycle = breathing ? plan.phases.reduce(function (sum, p) { return sum + p.seconds; }, 0) : 0;
  let length = 0; // seconds chosen

  function breathAt(seconds) {
    let into = seconds % cycle;
    const round = Math.floor(seconds / cycle);
    for (let i = 0; i < plan.phases.length; i += 1) {
      const phase = plan.phases[i];
      if (into < phase.seconds) return { index: i, round: round, phase: phase, into: into };
      into -= phase.seconds;
    }
    return { index: 0, round: round + 1, phase: plan.phases[0], into: 0 };
  }

  // How full the breath is, 0 to 1: filling on the in-breath, emptying on the out-breath,
  // held where it was during a hold.
  function fullness(at) {
    const share = at.into / at.phase.seconds;
    if (at.phase.kind === "in") return share;
    if (at.phase.kind === "out") return 1 - share;
    const before = plan.phases[(at.index + plan.phases.length - 1) % plan.phases.length];
    return before.kind === "in" ? 1 : 0;
  }

  const circle = $("[data-circle]");
  const bar = $("[data-bar]");
  let shownPhase = null;

  function showBreath(seconds) {
    const at = breathAt(seconds);
    const full = fullness(at);
    const moving = options.motion.checked;
    circle.hidden = !moving;
    bar.hidden = moving;
    circle.parentElement.classList.toggle("is-bar", !moving);
    if (moving) circle.style.transform = "scale(" + (0.45 + 0.55 * full).toFixed(3) + ")";
    else bar.value = Math.round(full * 1000);
    setText($("[data-words]"), at.phase.words + "…");
    setText($("[data-count]"), String(Math.floor(at.into) + 1));
    setText($("[data-left]"), clockText(length - seconds) + " left");
    const key = at.round + ":" + at.index;
    if (key !== shownPhase) {
      shownPhase = key;
      announce(at.phase.words);
      if (at.phase.kind === "in") { tone(396); buzz(150); }
      if (at.phase.kind === "out") { tone(297); buzz([150, 120, 150]); }
    }
  }

  // ---- Stretches: each stretch's steps, one after the other -------------------------------

  const steps = [];
  const stretchStarts = [];
  let planEnd = 0;
  if (!breathing) {
    plan.stretches.forEach(function (stretch, s) {
      stretchStarts.push(planEnd);
      stretch.steps.forEach(function (step) {
        steps.push(Object.assign({ stretch: s, start: planEnd }, step));
        planEnd += step.seconds;
      });
    });
  }
  // Where in the plan the patient is: practised time, plus whatever "skip" jumped over.
  // Each stretch of plan run through without a jump is a segment: [from, to).
  let jumped = 0;
  let segmentFrom = 0;
  const segments = [];
  function position() { return Math.min(planEnd, practised() + jumped); }

  function stepAt(at) {
    for (let i = 0; i < steps.length; i += 1) {
      if (at < steps[i].start + steps[i].seconds) return i;
    }
    return steps.length - 1;
  }

  let shownStep = -1;
  function showStretch(at) {
    const index = stepAt(at);
    const step = steps[index];
    const stretch = plan.stretches[step.stretch];
    setText($("[data-which]"), "Stretch " + (step.stretch + 1) + " of " + plan.stretches.length);
    setText($("[data-stretch-name]"), stretch.name);
    setText($("[data-words]"), step.words);
    setText($("[data-count]"), String(Math.max(1, Math.ceil(step.start + step.seconds - at))));
    setText($("[data-rep]"), step.count ? step.count : "");
    setText($("[data-instructions]"), stretch.instructions);
    const cautions = $("[data-cautions]");
    cautions.hidden = !stretch.cautions;
    setText(cautions.querySelector("span"), stretch.cautions);
    setText($("[data-left]"), clockText(planEnd - at) + " left in all");
    if (index !== shownStep) {
      shownStep = index;
      const seconds = step.seconds + " seconds";
      announce(step.kind === "ready" ? stretch.name + ". " + step.words + ", " + seconds
        : step.words + (step.count ? ", " + step.count : "") + ", " + seconds);
      if (step.kind === "hold") { tone(396); buzz(150); } else { tone(297); buzz([150, 120, 150]); }
    }
  }

  function skip() {
    const at = position();
    const next = stretchStarts.find(function (start) { return start > at; });
    if (next === undefined) return finish("done");
    segments.push([segmentFrom, at]);
    jumped += next - at;
    segmentFrom = next;
    frame();
  }

  function overlap(a, b, from, to) { return Math.max(0, Math.min(b, to) - Math.max(a, from)); }

  // Per stretch: seconds practised on it, and holds completed on each side.
  function stretchesDone() {
    return plan.stretches.map(function (stretch, s) {
      const from = stretchStarts[s];
      const to = s + 1 < stretchStarts.length ? stretchStarts[s + 1] : planEnd;
      const seconds = segments.reduce(function (sum, seg) { return sum + overlap(seg[0], seg[1], from, to); }, 0);
      const holds = {};
      steps.forEach(function (step) {
        if (step.stretch !== s || step.kind !== "hold") return;
        const whole = segments.some(function (seg) {
          return seg[0] <= step.start && seg[1] >= step.start + step.seconds - 0.001;
        });
        if (whole) holds[step.side || "both"] = (holds[step.side || "both"] || 0) + 1;
      });
      const counts = Object.keys(holds).map(function (side) { return holds[side]; });
      return { exercise: stretch.exercise, name: stretch.name, seconds: seconds,
        repetitions: counts.length ? Math.max.apply(null, counts) : null };
    });
  }

  // ---- Playing -------------------------------------------------------------------------

  const pauseButton = $('[data-action="pause"]');
  let ended = false;

  function total() { return breathing ? length : planEnd; }
  function reached() { return breathing ? practised() : position(); }

  function frame() {
    if (ended) return;
    const at = Math.min(reached(), total());
    if (breathing) showBreath(at); else showStretch(at);
    if (at >= total()) finish("done");
    else if (!clock.running) showPaused(true);
  }

  function loop() {
    frame();
    if (clock.running && !ended) window.requestAnimationFrame(loop);
  }
  // Animation frames stop in a background tab; this catches up on return, from the clock.
  window.setInterval(function () { if (clock.running) frame(); }, 500);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && clock.running) { keepAwake(); frame(); }
  });

  // The length last chosen on this device, in place of the catalog's usual one.
  const LENGTH_KEY = "pacer-minutes";
  function remembered() {
    try { return window.localStorage.getItem(LENGTH_KEY); } catch (error) { return null; }
  }
  if (breathing && remembered()) {
    const last = root.querySelector('input[name="minutes"][value="' + remembered() + '"]');
    if (last) last.checked = true;
  }

  function start() {
    if (breathing) {
      const chosen = root.querySelector('input[name="minutes"]:checked');
      length = Number(chosen ? chosen.value : plan.default_minutes) * 60;
      try { window.localStorage.setItem(LENGTH_KEY, String(length / 60)); } catch (error) { /* private */ }
    }
    panel("running");
    run();
    keepAwake();
    pauseButton.focus();
    loop();
  }

  // In the words' own place, so that nothing on the page moves.
  function showPaused(paused) {
    const pacer = $(".pacer");
    if (pacer) pacer.classList.toggle("is-paused", paused);
    if (paused) setText($("[data-words]"), "Paused: “Go on” when you are ready");
  }

  function pause() {
    if (ended) return;
    if (clock.running) {
      hold();
      letSleep();
      frame();
      pauseButton.textContent = "Go on";
      pauseButton.classList.replace("btn-primary", "btn-success");
      announce("Paused");
    } else {
      showPaused(false);
      run();
      keepAwake();
      pauseButton.textContent = "Pause";
      pauseButton.classList.replace("btn-success", "btn-primary");
      announce("Going on");
      loop();
    }
  }

  function minutesOf(seconds) { return Math.max(1, Math.round(seconds / 60)); }

  function tooShort(seconds) {
    return "Stopped after " + Math.round(seconds) + " seconds: under half a minute, so nothing was saved.";
  }

  // how: "done" (the end reached), "stopped" (by hand) or "hurts".
  function finish(how) {
    if (ended) return;
    hold();
    const at = Math.min(reached(), total());
    if (breathing) showBreath(at); else showStretch(at);
    ended = true;
    letSleep();
    if (breathing) {
      const seconds = Math.min(practised(), length);
      if (seconds < MIN_LOGGED) {
        return done("Stopped", tooShort(seconds));
      }
      const heading = how === "done" ? "Well done" : "Stopped early";
      return save([{ exercise: plan.exercise, name: plan.name, minutes: minutesOf(seconds),
        pace: plan.breaths_per_minute }]).then(function (result) { done(heading, result.words); });
    }
    segments.push([segmentFrom, position()]);
    const current = steps[stepAt(Math.min(position(), planEnd - 0.001))].stretch;
    const logged = stretchesDone().filter(function (s, index) {
      return s.seconds >= MIN_LOGGED || (how === "hurts" && index === current);
    }).map(function (s) {
      return { exercise: s.exercise, name: s.name, minutes: minutesOf(s.seconds), seconds: s.seconds,
        repetitions: s.repetitions, pain: null };
    });
    if (!logged.length) {
      return done("Stopped", tooShort(practised()));
    }
    // Saved the moment it ends: the pain question after it is optional, and a patient who
    // leaves without answering it has still done the routine.
    askPain(how, logged, current, save(logged));
  }

  // ---- The pain question, after stretches ------------------------------------------------

  let saving = null;  // the routine's save, until it is kept on this phone or sent
  function askPain(how, sessions, current, saved) {
    const seconds = sessions.reduce(function (sum, s) { return sum + s.seconds; }, 0);
    const title = how === "hurts" ? "Stopped: how much did it hurt?" : how === "done"
      ? "Routine done: " + minutesOf(seconds) + " min" : "Stopped early: " + minutesOf(seconds) + " min";
    const status = $("[data-ask-saved]");
    status.textContent = "Saving…";
    saving = saved;
    let answered = false;
    saved.then(function (result) {
      saving = null;
      status.textContent = result.words;  // the question stays: "This hurts" advice with it
      announce(result.words);
    });
    panel("ask");
    const heading = $("[data-ask-heading]");
    heading.textContent = title;
    $("[data-ask-words]").textContent = how === "hurts"
      ? "Rest, and leave this stretch out for now. If weakness in a leg or foot is getting " +
        "worse, go to an emergency department or call the emergency number now."
      : "How much pain was there during it? Optional: your answer goes with the session.";
    heading.focus();
    announce(heading.textContent);

    root.querySelectorAll("[data-pain]").forEach(function (button) {
      button.onclick = function () {
        if (answered) return;
        answered = true;
        const pain = button.dataset.pain === "" ? null : Number(button.dataset.pain);
        const closing = how === "done" ? "Well done" : how === "hurts" && pain !== null
          ? "Stopped, with the pain noted" : "Stopped";
        saved.then(function (result) {
          if (!result.saved) return done(how === "done" ? "Well done" : "Stopped", result.words);
          // "This hurts" answers for the stretch it stopped; the others did not hurt then.
          const own = result.sessions.filter(function (s, index) {
            return how !== "hurts" || plan.stretches[current].exercise === sessions[index].exercise;
          });
          if (pain === null || !own.length) return done(closing, result.words);
          return notePain(own, result.day, pain).then(function (noted) {
            if (noted.ok) own.forEach(function (s) { s.pain = pain; });
            // Kept on the phone with the routine, the pain needs no sentence of its own.
            const more = noted.queued && !result.sent ? "" : noted.words;
            done(closing, (sessionWords(result, result.sessions) + " " + more).trim());
          });
        });
      };
    });
  }

  // Pain noted on sessions already saved (or kept on this phone): in the queue after them.
  function notePain(sessions, day, pain) {
    const changes = sessions.map(function (s) {
      return { id: newId(), account: root.dataset.account, kind: "session_pain", date: day,
        made_at: new Date().toISOString(), names: [],
        label: "Pain during " + s.name + ": " + pain + "/10",
        fields: { session: s.id, pain_during: String(pain) } };
    });
    return deliver(changes).then(function (answers) {
      const refused = answers.filter(function (a) { return a.status === "refused"; });
      if (refused.length) return { ok: false, words: "The pain was not noted: " + refused[0].message };
      refreshCheckin(root.querySelector("[data-checkin]").getAttribute("href"));
      return { ok: true, words: "" };
    }, function () {
      if (queue) return { ok: true, queued: true, words: "The pain is kept on this phone until there is a connection." };
      return { ok: false, words: "The pain was not noted: the server could not be reached." };
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (!saving && !(clock.started && !ended)) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // ---- Saving: through the check-in's queue, once ----------------------------------------

  function localDay(date) {
    try {
      return new Intl.DateTimeFormat("en-CA", { timeZone: root.dataset.timezone, year: "numeric",
        month: "2-digit", day: "2-digit" }).format(date);
    } catch (error) {
      return date.toISOString().slice(0, 10);
    }
  }

  function newId() {
    if (queue) return queue.newId();
    return window.crypto.randomUUID();
  }

  function changeFor(session, day) {
    return {
      id: newId(),
      account: root.dataset.account,
      kind: "session",
      date: day,
      made_at: new Date().toISOString(),
      names: [],
      label: session.name + ", " + session.minutes + " min",
      fields: {
        "session-exercise": String(session.exercise),
        "session-minutes": String(session.minutes),
        "session-breaths_per_minute": session.pace ? String(session.pace) : "",
        "session-repetitions_per_side": session.repetitions ? String(session.repetitions) : "",
        "session-pain_during": session.pain === null || session.pain === undefined ? "" : String(session.pain),
      },
    };
  }

  function csrf() {
    const cookie = document.cookie.split("; ").find(function (part) { return part.indexOf("csrftoken=") === 0; });
    const field = root.querySelector("[name=csrfmiddlewaretoken]");
    return cookie ? cookie.slice("csrftoken=".length) : field && field.value;
  }

  const target = { account: root.dataset.account, url: root.dataset.sync, csrf: csrf() };

  // Without IndexedDB (some private windows) the changes go straight to the server.
  function sendNow(changes) {
    return fetch(target.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ account: target.account, changes: changes }),
    }).then(function (response) {
      if (!response.ok) throw new Error("not sent");
      return response.json();
    }).then(function (body) {
      return body.results.map(function (result, i) { return Object.assign({ change: changes[i] }, result); });
    });
  }

  // The server's answers to these changes. Fails when they could not be sent; with the queue
  // they are then kept on this phone (the check-in sends them when it can).
  function deliver(changes) {
    const kept = queue
      ? changes.reduce(function (chain, change) {
        return chain.then(function () { return queue.add(change); });
      }, Promise.resolve())
      : Promise.resolve();
    return kept.then(function () {
      return queue ? queue.flush(target) : sendNow(changes);
    }).then(function (answers) {
      return answers.filter(function (a) { return changes.some(function (c) { return a.change && c.id === a.change.id; }); });
    });
  }

  function sessionWords(result, sessions) {
    const names = sessions.map(function (s) {
      const time = s.seconds < 30 ? "under half a minute (saved as 1 min)" : s.minutes + " min";
      return s.name + ", " + time + (s.pain === null || s.pain === undefined ? "" : ", pain " + s.pain + "/10");
    }).join("; ");
    return (result.sent ? "Saved on the check-in: " : "Saved on this phone: ") + names + "." +
      (result.sent ? "" : " It goes to your check-in as soon as there is a connection (opening the check-in sends it).");
  }

  // Resolves, never fails, with {saved, sent, words, day, sessions: each with its change's id}.
  function save(sessions) {
    const day = localDay(clock.started || new Date());
    const changes = sessions.map(function (session) { return changeFor(session, day); });
    const saved = sessions.map(function (s, i) { return Object.assign({ id: changes[i].id }, s); });
    const link = $("[data-checkin]");
    link.href = day === localDay(new Date()) ? root.dataset.today : root.dataset.dayPrefix + day + "/";
    const result = { saved: true, sent: true, day: day, sessions: saved };
    return deliver(changes).then(function (answers) {
      const refused = answers.filter(function (a) { return a.status === "refused"; });
      if (refused.length) {
        return Object.assign(result, { saved: false, words: "Not saved: " +
          refused.map(function (a) { return a.message; }).join(" ") + " You can add it on the check-in by hand." });
      }
      refreshCheckin(link.getAttribute("href"));
      return Object.assign(result, { words: sessionWords(result, saved) });
    }, function () {
      if (queue) return Object.assign(result, { sent: false, words: sessionWords({ sent: false }, saved) });
      const names = saved.map(function (s) { return s.name + ", " + s.minutes + " min"; }).join("; ");
      return Object.assign(result, { saved: false, words: "Not saved: the server could not be " +
        "reached. Add it on the check-in by hand: " + names + "." });
    });
  }

  // The check-in kept for use offline now shows the new session too.
  function refreshCheckin(path) {
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "refresh", path: path });
  }

  function done(heading, words) {
    ended = true;
    panel("done");
    const title = $("[data-done-heading]");
    title.textContent = heading;
    $("[data-done-words]").textContent = words;
    title.focus();
    announce(heading + ". " + words);
  }

  // ---- Wiring ----------------------------------------------------------------------------

  root.addEventListener("click", function (event) {
    const button = event.target.closest("[data-action]");
    if (!button) return;
    const action = button.dataset.action;
    if (action === "start") start();
    else if (action === "pause") pause();
    else if (action === "stop") finish("stopped");
    else if (action === "skip") skip();
    else if (action === "hurts") finish("hurts");
  });

  // Space pauses and goes on, wherever the focus is but a control of its own.
  document.addEventListener("keydown", function (event) {
    if (event.key !== " " || !clock.started || ended) return;
    if (event.target.closest("button, a, input, select, textarea, summary")) return;
    event.preventDefault();
    pause();
  });

  panel("setup");
})();
