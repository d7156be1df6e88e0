// Preselects the browser's time zone on a form whose time zone is still the default,
// so that "today" is the patient's own day from the start.
(function () {
  "use strict";
  const select = document.querySelector("select[data-detect-timezone]");
  if (!select || select.value !== "UTC") return;
  let detected;
  try {
    detected = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (detected && Array.from(select.options).some((option) => option.value === detected)) {
    select.value = detected;
  }
})();
