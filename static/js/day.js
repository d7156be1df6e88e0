// Enhancements for a day's page. Everything works without this file; it only
// saves taps and keeps the page tidy.
(function () {
  "use strict";

  // Show only the session fields that fit the chosen exercise's kind.
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
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches('select[name="session-exercise"]')) fitSessionFields(document);
  });

  // Tapping the chosen score again clears it, so a mistaken tap can be undone.
  let wasChecked = false;
  document.addEventListener("pointerdown", function (event) {
    const label = event.target.closest(".score-option");
    const radio = label && document.getElementById(label.htmlFor);
    wasChecked = Boolean(radio && radio.checked);
  });
  document.addEventListener("click", function (event) {
    const label = event.target.closest(".score-option");
    if (!label || !wasChecked) return;
    event.preventDefault();
    document.getElementById(label.htmlFor).checked = false;
    wasChecked = false;
  });

  // After an item is added or removed, say so where a screen reader and the eye will find it.
  document.body.addEventListener("htmx:afterSwap", function () {
    const status = document.querySelector("#day-items [role=status]");
    if (status) {
      status.tabIndex = -1;
      status.focus({ preventScroll: true });
    }
  });

  if (window.htmx) window.htmx.onLoad(fitSessionFields);
  fitSessionFields(document);
})();
