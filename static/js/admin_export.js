// The catalog export page in the admin: "Select all" wired from a file, as the
// Content-Security-Policy refuses inline handlers (templates/admin/import_export/export.html).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const toggle = document.getElementById("select-all-toggle");
  if (toggle) toggle.addEventListener("change", window.onSelectToggleChange);
});
