// The catalog export page in the admin: "Select all" without the inline handler that the
// Content-Security-Policy blocks, and a box with the id its label points at.
(function () {
  "use strict";
  document.querySelectorAll("input.select-toggle").forEach(function (box) {
    if (!box.id) box.id = box.name;
    box.addEventListener("change", function (event) {
      window.onSelectToggleChange(event);
    });
  });
})();
