// The report's print button; printing from the browser's menu works as well.
(function () {
  "use strict";
  const button = document.querySelector("[data-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
