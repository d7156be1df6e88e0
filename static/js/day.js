// The daily check-in. Everything works without this file (one submit saves the day); with
// it, every answer is saved as the patient goes, nothing typed is lost on leaving, the
// page stays where the finger is, and without a connection every change is kept on the
// phone (queue.js) and sent when the connection returns.
(function () {
  "use strict";

  const entry = document.querySelector("form[data-autosave]");
  const announcer = document.getElementById("announcer");
  const queue = window.CheckinQueue && window.indexedDB ? window.CheckinQueue : null;
  const STATES = {
    saving: "Saving…",
    saved: "Saved",
    queued: "Saved on this phone, not yet sent",
    unsaved: "Not saved yet",
    retrying: "Not saved: no connection, trying again…",
    error: "Not saved: see below",
    stopped: "Not saved: reload the page",
  };

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    // A fresh text node is announced even when the words repeat.
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  // ---- Autosave of the day's entry ---------------------------------------------------------

  const pending = new Set(); // names changed and not yet sent
  const dirty = new Set(); // names typed into and not yet changed (a text field still in focus)
  let inFlight = false;
  let retryDelay = 1000;
  let retryTimer = null;
  let stopped = false;
  // Offline: whether this page saved anything (its kept copy is then refreshed), whether
  // this device can keep changes at all, and the answers kept on it for this day.
  let savedSinceLoad = false;
  let queueBroken = false;
  let queuedNames = [];

  function sectionOf(element) {
    return element.closest("[data-section]");
  }

  const SUMMARY = {
    saving: "Saving…",
    saved: "All your answers are saved.",
    queued: "Saved on this phone, not yet sent. It goes when you are back online.",
    unsaved: "Not saved yet…",
    retrying: "Not saved: no connection. Trying again; keep this page open.",
    error: "Not saved: one answer needs another look.",
    stopped: "Not saved: reload the page to go on.",
  };
  const WORST_FIRST = ["stopped", "error", "retrying", "unsaved", "saving", "queued", "saved"];

  function setState(section, state) {
    if (!section) return;
    const label = section.querySelector("[data-save-state]");
    if (label) {
      label.dataset.state = state;
      label.textContent = STATES[state];
    }
    summarise();
  }

  // The bar at the bottom speaks for the whole check-in: its worst section's state.
  function summarise() {
    const summary = entry && entry.querySelector("[data-save-summary]");
    if (!summary) return;
    const states = Array.from(entry.querySelectorAll("[data-save-state]"))
      .map(function (label) { return label.dataset.state; })
      .filter(Boolean);
    const worst = WORST_FIRST.find(function (state) { return states.indexOf(state) !== -1; });
    if (!worst) return;
    summary.dataset.state = worst;
    summary.textContent = SUMMARY[worst];
  }

  function fieldsNamed(names) {
    return names.flatMap(function (name) {
      return Array.from(entry.querySelectorAll('[name="' + CSS.escape(name) + '"]'));
    });
  }

  function sectionsOf(names) {
    return new Set(fieldsNamed(names).map(sectionOf).filter(Boolean));
  }

  function clearErrors(names) {
    fieldsNamed(names).forEach(function (field) {
      field.classList.remove("is-invalid");
      field.removeAttribute("aria-invalid");
      const note = document.getElementById(field.name + "-autosave-error");
      if (note) note.remove();
    });
  }

  function showErrors(errors) {
    Object.keys(errors).forEach(function (name) {
      const fields = fieldsNamed([name]);
      if (!fields.length) return;
      const last = fields[fields.length - 1];
      fields.forEach(function (field) {
        field.classList.add("is-invalid");
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("aria-describedby", name + "-autosave-error");
      });
      const note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.id = name + "-autosave-error";
      note.textContent = errors[name].join(" ");
      (last.closest(".mb-3, fieldset") || last.parentNode).appendChild(note);
      setState(sectionOf(last), "error");
      announce("Not saved: " + note.textContent);
    });
  }

  function showAlert(html) {
    // A warning sign answered now is shown where the finger is, and at the top of the page.
    const here = entry.querySelector("[data-flags-alert]");
    const top = document.getElementById("red-flag-alert");
    if (here) here.innerHTML = html;
    if (top) top.innerHTML = html;
  }

  function send() {
    if (inFlight || stopped || !pending.size) return;
    if (keepOnDevice()) {
      queueEntry();
      return;
    }
    window.clearTimeout(retryTimer);
    retryTimer = null;
    inFlight = true;
    const names = Array.from(pending);
    pending.clear();
    const data = new FormData(entry);
    data.set("autosave", names.join(","));
    sectionsOf(names).forEach(function (section) { setState(section, "saving"); });
    fetch(entry.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "manual",
      keepalive: true,
      headers: { Accept: "application/json" },
    })
      .catch(function () {
        throw Object.assign(new Error("no connection"), { offline: true });
      })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 403) {
          // Signed out, or the page is too old for its security token.
          throw Object.assign(new Error("stopped"), { fatal: true });
        }
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (result) {
        retryDelay = 1000;
        clearErrors(names);
        if (result.status === 422) {
          showErrors(result.body.errors);
          return;
        }
        // A server error may pass, so it is tried again; a refused request would be refused
        // again, so it stops and says so.
        if (result.status !== 200) throw Object.assign(new Error("refused"), { fatal: result.status < 500 });
        savedSinceLoad = true;
        sectionsOf(names).forEach(function (section) {
          if (!sectionHasPending(section)) setState(section, "saved");
        });
        // The answer carries the notice only when a warning sign was answered.
        if ("alert" in result.body) showAlert(result.body.alert);
        if (result.body.alert) announce("Saved. This warning sign needs an emergency department now.");
        else announce("Saved.");
      })
      .catch(function (error) {
        names.forEach(function (name) { pending.add(name); });
        if (error.fatal) {
          stopped = true;
          sectionsOf(names).forEach(function (section) { setState(section, "stopped"); });
          announce("Not saved: reload the page to go on.");
          return;
        }
        if (error.offline && queue && !queueBroken) {
          // The server may not have it: keep it on this phone and send it from there.
          queueEntry();
          return;
        }
        sectionsOf(names).forEach(function (section) { setState(section, "retrying"); });
        retryTimer = window.setTimeout(send, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 30000);
      })
      .finally(function () {
        inFlight = false;
        if (pending.size && !retryTimer) send();
      });
  }

  function sectionHasPending(section) {
    return Array.from(pending).concat(Array.from(dirty), queuedNames).some(function (name) {
      return fieldsNamed([name]).some(function (field) { return sectionOf(field) === section; });
    });
  }

  function changed(field) {
    if (!field.name || field.name === "csrfmiddlewaretoken") return;
    dirty.delete(field.name);
    pending.add(field.name);
    setState(sectionOf(field), "unsaved");
    send();
  }

  // "None of these" and a warning sign cannot both be the answer: the last tap decides, on
  // the page before it is sent (the server keeps a sign over "None of these" all the same).
  const NONE = "no_warning_signs";
  function keepSignsExclusive(field) {
    if (field.type !== "checkbox" || !field.checked || !field.closest('[data-section="flags"]')) return;
    entry.querySelectorAll('[data-section="flags"] input[type="checkbox"]').forEach(function (other) {
      if (other !== field && (field.name === NONE || other.name === NONE)) other.checked = false;
    });
  }

  if (entry) {
    entry.addEventListener("change", function (event) {
      keepSignsExclusive(event.target);
      changed(event.target);
    });
    entry.addEventListener("input", function (event) {
      const field = event.target;
      if (field.type === "radio" || field.type === "checkbox" || !field.name) return;
      dirty.add(field.name);
      setState(sectionOf(field), "unsaved");
    });
    // Every tap is saved as it is made, so the button at the bottom saves nothing of its
    // own: it is "Done", and leads to the dashboard once the last answer is in. (Without
    // this file it stays "Save today", one submit for the whole day.)
    const doneButton = entry.querySelector("[data-done-href]");
    if (doneButton) doneButton.textContent = "Done";
    entry.addEventListener("submit", function (event) {
      event.preventDefault();
      Array.from(dirty).forEach(function (name) {
        const field = fieldsNamed([name])[0];
        if (field) changed(field);
      });
      leaveWhenSaved(0);
    });
    // Retry at once when the connection comes back.
    window.addEventListener("online", function () {
      if (pending.size) send();
    });
  }

  function leaveWhenSaved(waited) {
    if ((inFlight || (pending.size && !retryTimer)) && waited < 100) {
      window.setTimeout(function () { leaveWhenSaved(waited + 1); }, 100);
      return;
    }
    const summary = entry.querySelector("[data-save-summary]");
    const state = summary.dataset.state || "saved";
    if (state === "saved" && navigator.onLine) {
      // An add form typed into and not sent still asks before the page goes.
      window.location.assign(entry.querySelector("[data-done-href]").dataset.doneHref);
      return;
    }
    // Kept on this phone, or not saved: the patient stays, told where things stand.
    const invalid = entry.querySelector(".is-invalid");
    if (invalid) {
      invalid.focus({ preventScroll: true });
      invalid.scrollIntoView({ block: "center" });
    }
    announce(summary.textContent);
  }

  // Tapping the chosen score (or leg answer) again clears it, so a mistaken tap can be undone.
  let wasChecked = false;
  document.addEventListener("pointerdown", function (event) {
    const label = event.target.closest(".score-option, .reach-option");
    const radio = label && document.getElementById(label.htmlFor);
    wasChecked = Boolean(radio && radio.checked);
  });
  document.addEventListener("click", function (event) {
    const label = event.target.closest(".score-option, .reach-option");
    if (!label || !wasChecked) return;
    event.preventDefault();
    const radio = document.getElementById(label.htmlFor);
    radio.checked = false;
    wasChecked = false;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // ---- Nothing typed is lost on leaving ----------------------------------------------------

  const dirtyItemForms = new Set();
  document.addEventListener("input", function (event) {
    const form = event.target.closest(".item-form");
    if (form && !form.classList.contains("habits-form")) dirtyItemForms.add(form.action);
  });
  window.addEventListener("beforeunload", function (event) {
    if (pending.size || dirty.size || inFlight || dirtyItemForms.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // ---- Items: the answer comes back in place -----------------------------------------------

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    const form = event.detail.elt.closest("form");
    if (form) dirtyItemForms.delete(form.action);
  });
  // The replaced section keeps its place on screen: the browser's scroll anchoring loses
  // its anchor when the old section goes, and would otherwise jump.
  let sectionTop = null;
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    sectionTop = target && target.classList.contains("day-section")
      ? { id: target.id, top: target.getBoundingClientRect().top }
      : null;
  });
  document.body.addEventListener("htmx:afterSwap", function () {
    const section = sectionTop && document.getElementById(sectionTop.id);
    if (section) window.scrollBy(0, section.getBoundingClientRect().top - sectionTop.top);
    sectionTop = null;
  });

  // After settling: until then htmx keeps the old elements' classes on the new ones.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    // The section was replaced whole: find the new one by the old one's id.
    const id = event.detail.target && event.detail.target.id;
    const section = id && document.getElementById(id);
    if (!section || !section.classList.contains("day-section")) return;
    const invalid = section.querySelector(".is-invalid");
    if (invalid) {
      // An error takes the focus to the field to fix, scrolled into view if need be.
      invalid.focus({ preventScroll: true });
      invalid.scrollIntoView({ block: "nearest" });
      const note = section.querySelector(".invalid-feedback");
      announce("Not added: " + (note ? note.textContent.trim() : "check the form."));
      return;
    }
    const status = section.querySelector("[data-section-status]");
    if (status) {
      // The add form folded away above the finger: bring the result into view, no further.
      status.focus({ preventScroll: true });
      status.scrollIntoView({ block: "nearest" });
      announce(status.textContent.trim().replace(/\s+/g, " "));
    }
    fitSessionFields(section);
  });
  function keepTyped(event) {
    const form = event.detail.elt.closest("form");
    if (form && form.classList.contains("item-form")) dirtyItemForms.add(form.action);
  }
  document.body.addEventListener("htmx:sendError", function (event) {
    keepTyped(event);
    announce("Not sent: no connection. What you typed is still in the form.");
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    keepTyped(event);
    announce("Not saved: something went wrong. What you typed is still in the form.");
  });

  // ---- Sessions: the fields and the instructions that fit the chosen exercise ---------------

  function fitSessionFields(root) {
    const select = root.querySelector('select[name="session-exercise"]');
    if (!select) return;
    const option = select.options[select.selectedIndex];
    const kind = option ? option.dataset.kind : undefined;
    const reps = document.getElementById("div_id_session-repetitions_per_side");
    const pace = document.getElementById("div_id_session-breaths_per_minute");
    // Until an exercise is chosen, neither applies.
    if (reps) reps.hidden = !kind || kind === "breathing";
    if (pace) pace.hidden = kind !== "breathing";
    const info = root.querySelector("[data-exercise-info]");
    const guide = select.value && root.querySelector('[data-exercise="' + select.value + '"]');
    if (info) {
      info.hidden = !guide;
      info.innerHTML = guide ? guide.innerHTML : "";
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches('select[name="session-exercise"]')) {
      fitSessionFields(event.target.closest(".day-section") || document);
    }
    // Picking a medicine fills in its own unit and the patient's last dose of it (or
    // clears the amount, so another medicine's dose is never carried over).
    if (event.target.matches('select[name="medicine-medicine"]')) {
      const form = event.target.form;
      const option = event.target.options[event.target.selectedIndex];
      const data = (option && option.dataset) || {};
      const unit = form.querySelector('select[name="medicine-unit"]');
      const amount = form.querySelector('input[name="medicine-amount"]');
      if (unit) unit.value = data.lastUnit || data.unit || "";
      if (amount) amount.value = data.lastAmount || "";
      const need = data.lastNeed && form.querySelector('input[name="medicine-need"][value="' + data.lastNeed + '"]');
      if (need) need.checked = true;
      const typed = form.querySelector('input[name="medicine-new_medicine"]');
      if (typed && event.target.value) typed.value = "";
    }
  });

  // Typing a medicine not on the list means none of the list's.
  document.addEventListener("input", function (event) {
    if (!event.target.matches('input[name="medicine-new_medicine"]') || !event.target.value) return;
    const select = event.target.form.querySelector('select[name="medicine-medicine"]');
    if (select) select.value = "";
  });

  fitSessionFields(document);

  // ---- Without a connection: changes kept on this phone, sent when it comes back ---------

  const page = entry && {
    account: entry.dataset.account,
    day: entry.dataset.day,
    url: entry.dataset.sync,
    csrf: (entry.querySelector("[name=csrfmiddlewaretoken]") || {}).value,
  };
  const ITEM_KINDS = ["dose", "session", "food", "medicine", "supplement"];

  // A section may hold several kinds of item (medicines and other supplements share one).
  function sectionFor(kind) {
    return document.querySelector('.day-section[data-kinds~="' + kind + '"]') || document.getElementById(kind);
  }
  let flushTimer = null;
  let flushDelay = 2000;
  let signedOut = false;

  // While changes wait on the phone, new ones queue behind them so they arrive in order.
  function keepOnDevice() {
    return Boolean(queue && !queueBroken && (!navigator.onLine || queuedNames.length));
  }

  function fieldsOf(container) {
    const names = [];
    container.querySelectorAll("[name]").forEach(function (field) {
      if (field.name && field.name !== "csrfmiddlewaretoken" && names.indexOf(field.name) === -1) {
        names.push(field.name);
      }
    });
    return names;
  }

  // What the form would post, as the server's forms read it (several values as a list).
  function formFields(form) {
    const fields = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      fields[name] = name in fields ? [].concat(fields[name], value) : value;
    });
    return fields;
  }

  function fieldLabel(name) {
    const field = fieldsNamed([name])[0];
    if (!field) return name;
    const own = field.type !== "radio" && field.labels && field.labels[0];
    const fieldset = field.closest("fieldset");
    const legend = fieldset && fieldset.querySelector("legend");
    return ((own || legend || field).textContent || name).trim();
  }

  // Answers saved together on the server (warning signs, the legs) are kept together here.
  function withGroups(names) {
    const all = names.slice();
    names.forEach(function (name) {
      const group = fieldsNamed([name])[0];
      const section = group && group.closest("[data-group]");
      if (section) {
        fieldsOf(section).forEach(function (other) { if (all.indexOf(other) === -1) all.push(other); });
      }
    });
    return all;
  }

  function newChange(kind, fields, label, names) {
    return {
      id: queue.newId(),
      account: page.account,
      kind: kind,
      date: page.day,
      made_at: new Date().toISOString(),
      names: names,
      fields: fields,
      label: label,
    };
  }

  function queueEntry() {
    const names = Array.from(pending);
    pending.clear();
    const label = names.slice(0, 3).map(fieldLabel).join(", ") + (names.length > 3 ? "…" : "");
    const change = newChange("entry", formFields(entry), label, names);
    queuedNames = queuedNames.concat(withGroups(names));
    queue.add(change).then(function () {
      sectionsOf(names).forEach(function (section) {
        setState(section, "queued");
      });
      announce("Saved on this phone, not yet sent.");
      if (names.some(isRedFlag)) showFlagsNotice();
      flushSoon();
    }).catch(function () {
      // This browser keeps nothing (some private windows): go back to trying the server.
      queueBroken = true;
      names.forEach(function (name) { pending.add(name); });
      sectionsOf(names).forEach(function (section) { setState(section, "retrying"); });
      retryTimer = window.setTimeout(send, retryDelay);
    });
  }

  function isRedFlag(name) {
    const field = fieldsNamed([name])[0];
    return Boolean(field && field.closest('[data-section="flags"]'));
  }

  // The urgent message needs no server: a warning sign ticked offline shows it at once.
  function showFlagsNotice() {
    const template = document.getElementById("flags-notice");
    const ticked = Array.from(entry.querySelectorAll('[data-section="flags"] input:checked'))
      .filter(function (box) { return box.name !== NONE; });
    if (!template) return;
    if (!ticked.length) {
      const here = entry.querySelector("[data-flags-alert]");
      if (here) here.innerHTML = "";
      return;
    }
    const notice = template.content.cloneNode(true);
    notice.querySelector("[data-flag-list]").textContent = ticked.map(function (box) {
      const text = fieldLabel(box.name);
      return text.charAt(0).toLowerCase() + text.slice(1);
    }).join("; ");
    const holder = document.createElement("div");
    holder.appendChild(notice);
    showAlert(holder.innerHTML);
    announce("This warning sign needs an emergency department now.");
  }

  function queueItem(form) {
    if (!form.checkValidity()) {
      form.reportValidity();
      return;
    }
    const kind = form.dataset.kind || form.closest(".day-section").id;
    const key = form.querySelector('[name$="-key"]');
    const change = newChange(kind, formFields(form), itemLabel(form));
    if (key && key.value) change.id = key.value;
    queue.add(change).then(function () {
      form.reset();
      // A fresh key: the next item added here is another item, not this one again.
      if (key) key.value = queue.newId();
      const fold = form.closest("details");
      if (fold) fold.open = false;
      dirtyItemForms.delete(form.action);
      fitSessionFields(form.closest(".day-section"));
      sectionNote(kind, "Saved on this phone, not yet sent: " + change.label + ".");
      flushSoon();
    }).catch(function () {
      sectionNote(kind, "Not saved: this browser cannot keep it. What you typed is still in the form.");
    });
  }

  function itemLabel(form) {
    const parts = [];
    form.querySelectorAll("select, input[type=number], input[type=time]").forEach(function (field) {
      if (!field.value || field.closest("[hidden]")) return;
      if (field.tagName === "SELECT") parts.push(field.options[field.selectedIndex].text);
      // A label's text without crispy-forms' "required" star.
      else parts.push((field.labels[0] || field).textContent.replace("*", "").trim() + ": " + field.value);
    });
    return parts.join(", ") || "an item";
  }

  // Each habit whose box differs from what the server last had becomes one change.
  function queueHabits(form) {
    const boxes = Array.from(form.querySelectorAll("input[type=checkbox]"));
    const changes = boxes.filter(function (box) { return box.checked !== box.defaultChecked; })
      .map(function (box) {
        box.defaultChecked = box.checked;
        const label = box.labels.length ? box.labels[0].textContent.trim() : "A habit";
        return newChange("habit", { habit: box.value, done: box.checked ? "1" : "0" },
          (box.checked ? "" : "Unticked: ") + label);
      });
    if (!changes.length) return;
    changes.reduce(function (chain, change) {
      return chain.then(function () { return queue.add(change); });
    }, Promise.resolve()).then(function () {
      sectionNote("habits", "Saved on this phone, not yet sent.");
      flushSoon();
    }).catch(function () {
      sectionNote("habits", "Not saved: this browser cannot keep it.");
    });
  }

  function sectionNote(kind, text) {
    const section = sectionFor(kind);
    if (!section) return;
    let note = section.querySelector("[data-section-status]");
    if (!note) {
      note = document.createElement("div");
      note.setAttribute("role", "status");
      note.tabIndex = -1;
      note.dataset.sectionStatus = "";
      section.querySelector("h2").after(note);
    }
    note.className = "alert alert-warning py-2 mb-2";
    note.textContent = text;
    announce(text);
  }

  if (queue && page) {
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (navigator.onLine) return;
      const form = event.detail.elt.closest("form");
      const section = form && form.closest(".day-section");
      if (!section) return;
      event.preventDefault();
      if (form.classList.contains("habits-form")) queueHabits(form);
      else if (form.classList.contains("item-form")) queueItem(form);
      else sectionNote(section.id, "This needs a connection: try again when you are back online.");
    });
    document.body.addEventListener("htmx:sendError", function (event) {
      const form = event.detail.elt.closest("form");
      if (!form || queueBroken) return;
      if (form.classList.contains("habits-form")) queueHabits(form);
      else if (form.classList.contains("item-form")) queueItem(form);
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) savedSinceLoad = true;
    });
  }

  // ---- Sending what waits on the phone -------------------------------------------------

  function flushSoon() {
    if (navigator.onLine) flushNow();
  }

  function flushNow() {
    window.clearTimeout(flushTimer);
    flushTimer = null;
    queue.flush(page).then(function (answers) {
      flushDelay = 2000;
      signedOut = false;
      return afterSent(answers);
    }).catch(function (error) {
      // No connection yet, or signed out: the changes stay on the phone; try again later.
      signedOut = error && error.message === "signed out";
      flushTimer = window.setTimeout(flushNow, flushDelay);
      flushDelay = Math.min(flushDelay * 2, 60000);
    }).then(showQueue);
  }

  function afterSent(answers) {
    const here = answers.filter(function (answer) { return answer.change.date === page.day; });
    if (!here.length) return null;
    savedSinceLoad = true;
    const reset = [];
    let items = false;
    here.forEach(function (answer) {
      if (answer.change.kind !== "entry") items = true;
      else if (answer.status === "refused" || answer.status === "later") {
        reset.push.apply(reset, withGroups(answer.change.names));
      }
    });
    const refused = answers.filter(function (a) { return a.status === "refused" || a.status === "later"; });
    announce(refused.length ? "Sent, but " + refused.length + " not taken: see the top of the page." : "Sent.");
    return showServerCopy(reset, items);
  }

  // After sending, the page shows what the server now has: the urgent notice, the items,
  // and any answer it did not take; nothing the patient is typing is touched.
  function showServerCopy(names, items) {
    return fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("no copy");
        return response.text();
      })
      .then(function (html) {
        const fresh = new DOMParser().parseFromString(html, "text/html");
        const alert = fresh.getElementById("red-flag-alert");
        if (alert) document.getElementById("red-flag-alert").innerHTML = alert.innerHTML;
        const freshForm = fresh.querySelector("form[data-autosave]");
        names.filter(function (name) { return !pending.has(name) && !dirty.has(name); })
          .forEach(function (name) {
            const values = Array.from(freshForm.querySelectorAll('[name="' + CSS.escape(name) + '"]'))
              .filter(function (f) { return (f.type !== "radio" && f.type !== "checkbox") || f.checked; })
              .map(function (f) { return f.value; });
            applyValue(name, values);
          });
        if (items && !dirtyItemForms.size) {
          const mine = document.getElementById("day-items");
          const theirs = fresh.getElementById("day-items");
          if (mine && theirs) {
            mine.replaceWith(theirs);
            if (window.htmx) window.htmx.process(theirs);
            fitSessionFields(theirs);
          }
        }
        keepCopy();
      })
      .catch(function () { /* the page as it is still holds everything the patient did */ });
  }

  function applyValue(name, values) {
    fieldsNamed([name]).forEach(function (field) {
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = values.indexOf(field.value) !== -1;
      } else {
        field.value = values.length ? values[0] : "";
      }
    });
  }

  // The service worker keeps this page for use offline: a page that saved something asks
  // it for a fresh copy, so that a later offline visit shows what was saved.
  function keepCopy() {
    const worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "refresh", path: window.location.pathname });
    savedSinceLoad = false;
  }

  // ---- Showing what waits on the phone -------------------------------------------------

  function showQueue() {
    if (!queue || !page) return Promise.resolve();
    return queue.all(page.account).then(function (changes) {
      const unsent = changes.filter(function (c) { return c.state === "unsent"; });
      const here = unsent.filter(function (c) { return c.date === page.day; });
      queuedNames = [];
      here.filter(function (c) { return c.kind === "entry"; }).forEach(function (c) {
        queuedNames = queuedNames.concat(withGroups(c.names));
      });
      entry.querySelectorAll("[data-section]").forEach(function (section) {
        const label = section.querySelector("[data-save-state]");
        if (!label) return;
        if (sectionHasPending(section) && label.dataset.state !== "unsaved") setState(section, "queued");
        else if (label.dataset.state === "queued") setState(section, "saved");
      });
      const ours = changes.filter(function (c) { return c.date === page.day; });
      showItems(ours);
      // A refused item is shown in its own section; everything else at the top.
      showProblems(changes.filter(function (c) {
        return c.state === "refused" && !(c.date === page.day && ITEM_KINDS.indexOf(c.kind) !== -1);
      }), unsent);
    }).catch(function () { queueBroken = true; });
  }

  function dismissButton(change) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-dark tap-target";
    button.textContent = "OK";
    button.setAttribute("aria-label", "OK, remove this note");
    button.addEventListener("click", function () { queue.forget([change.seq]).then(showQueue); });
    return button;
  }

  // Items of this day still on the phone, and any the server did not take, with its reason.
  function showItems(ours) {
    const here = ours.filter(function (c) { return c.state === "unsent"; });
    ITEM_KINDS.forEach(function (kind) {
      const section = sectionFor(kind);
      if (!section) return;
      const mine = ours.filter(function (c) { return c.kind === kind; });
      let list = section.querySelector('[data-unsent="' + kind + '"]');
      if (!mine.length) {
        if (list) list.remove();
        return;
      }
      if (!list) {
        list = document.createElement("ul");
        list.className = "list-group mb-2 unsent-list";
        list.dataset.unsent = kind;
        const own = section.querySelector('form.item-form[data-kind="' + kind + '"]');
        const fold = (own && own.closest("details")) || section.querySelector("details.add-item");
        fold.parentNode.insertBefore(list, fold);
      }
      list.replaceChildren.apply(list, mine.map(function (change) {
        const item = document.createElement("li");
        item.className = "list-group-item";
        const what = document.createElement("div");
        what.textContent = change.label;
        const state = document.createElement("div");
        if (change.state === "refused") {
          item.className += " list-group-item-danger";
          state.className = "small mt-1";
          const lead = document.createElement("strong");
          lead.textContent = "Not added: ";
          const close = document.createElement("div");
          close.className = "mt-2";
          close.appendChild(dismissButton(change));
          state.append(lead, change.message, close);
        } else {
          state.className = "small unsent-state";
          state.textContent = "Saved on this phone, not yet sent";
        }
        item.append(what, state);
        return item;
      }));
    });
    const habits = document.getElementById("habits");
    const waiting = here.some(function (c) { return c.kind === "habit"; });
    const note = habits && habits.querySelector("[data-section-status]");
    if (habits && waiting && !note) sectionNote("habits", "Saved on this phone, not yet sent.");
  }

  function longDate(iso) {
    return new Date(iso + "T12:00:00").toLocaleDateString("en-GB", {
      weekday: "long", day: "numeric", month: "long",
    });
  }

  function showProblems(refused, unsent) {
    const box = document.getElementById("sync-problems");
    if (!box) return;
    const list = box.querySelector("ul");
    const lines = refused.map(function (change) {
      const item = document.createElement("li");
      item.className = "mb-1";
      const what = document.createElement("strong");
      what.textContent = longDate(change.date) + ", " + change.label + ": ";
      const why = document.createElement("span");
      why.textContent = change.message + " ";
      item.append(what, why, dismissButton(change));
      return item;
    });
    const elsewhere = unsent.filter(function (c) { return c.date !== page.day; });
    if (elsewhere.length) {
      const item = document.createElement("li");
      item.textContent = elsewhere.length + (elsewhere.length === 1 ? " change" : " changes") +
        " for other days saved on this phone, not yet sent.";
      lines.push(item);
    }
    if (signedOut && unsent.length) {
      const item = document.createElement("li");
      item.textContent = "You were signed out: sign in again to send what is saved on this phone.";
      lines.push(item);
    }
    list.replaceChildren.apply(list, lines);
    box.hidden = !lines.length;
    box.querySelector("h2").textContent = refused.length ? "Not taken by the server" : "Waiting to be sent";
  }

  function showConnection() {
    const note = document.getElementById("offline-note");
    if (note) note.hidden = navigator.onLine;
  }

  // Put back what this phone kept for this day on top of the page as it was last loaded.
  function restore() {
    return queue.all(page.account).then(function (changes) {
      changes.filter(function (c) { return c.state === "unsent" && c.date === page.day; })
        .forEach(function (change) {
          if (change.kind === "entry") {
            withGroups(change.names).forEach(function (name) {
              applyValue(name, [].concat(change.fields[name] === undefined ? [] : change.fields[name]));
            });
          } else if (change.kind === "habit") {
            const box = document.querySelector('#habits input[value="' + CSS.escape(change.fields.habit) + '"]');
            if (box) box.checked = box.defaultChecked = change.fields.done === "1";
          }
        });
      if (changes.some(function (c) { return c.kind === "entry" && c.state === "unsent" && c.date === page.day && c.names.some(isRedFlag); })) {
        showFlagsNotice();
      }
    });
  }

  if (queue && page) {
    queue.onChange(showQueue);
    window.addEventListener("online", function () { showConnection(); flushNow(); });
    window.addEventListener("offline", showConnection);
    window.addEventListener("pagehide", function () { if (savedSinceLoad) keepCopy(); });
    document.body.addEventListener("htmx:afterSettle", showQueue);
    showConnection();
    restore().then(showQueue).then(function () { if (navigator.onLine) flushNow(); })
      .catch(function () { queueBroken = true; });
  }
})();
