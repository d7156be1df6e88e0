// The daily check-in. Everything works without this file (one submit saves the day); with
// it, every answer is saved as the patient goes, nothing typed is lost on leaving, and the
// page stays where the finger is.
(function () {
  "use strict";

  const entry = document.querySelector("form[data-autosave]");
  const announcer = document.getElementById("announcer");
  const STATES = {
    saving: "Saving…",
    saved: "Saved",
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
  let submitting = false;

  function sectionOf(element) {
    return element.closest("[data-section]");
  }

  const SUMMARY = {
    saving: "Saving…",
    saved: "All your answers are saved.",
    unsaved: "Not saved yet…",
    retrying: "Not saved: no connection. Trying again; keep this page open.",
    error: "Not saved: one answer needs another look.",
    stopped: "Not saved: reload the page to go on.",
  };
  const WORST_FIRST = ["stopped", "error", "retrying", "unsaved", "saving", "saved"];

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
        sectionsOf(names).forEach(function (section) {
          if (!sectionHasPending(section)) setState(section, "saved");
        });
        // The answer carries the notice only when a warning sign was answered.
        if ("alert" in result.body) showAlert(result.body.alert);
        if (result.body.alert) announce("Saved. This warning sign needs a doctor today.");
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
    return Array.from(pending).concat(Array.from(dirty)).some(function (name) {
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

  if (entry) {
    entry.addEventListener("change", function (event) { changed(event.target); });
    entry.addEventListener("input", function (event) {
      const field = event.target;
      if (field.type === "radio" || field.type === "checkbox" || !field.name) return;
      dirty.add(field.name);
      setState(sectionOf(field), "unsaved");
    });
    entry.addEventListener("submit", function () { submitting = true; });
    // Retry at once when the connection comes back.
    window.addEventListener("online", function () { if (pending.size) send(); });
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
    if (submitting) return;
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
  });

  fitSessionFields(document);
})();
