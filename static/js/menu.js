// The phone's menu: the toggler shows and hides it (in place of Bootstrap's script, which the
// site needed for this alone). Without JavaScript the menu stays open (app.css).
(function () {
  "use strict";
  const toggler = document.querySelector(".navbar-toggler");
  const menu = toggler && document.getElementById(toggler.getAttribute("aria-controls"));
  if (!menu) return;
  toggler.addEventListener("click", function () {
    const open = !menu.classList.contains("show");
    menu.classList.toggle("show", open);
    toggler.setAttribute("aria-expanded", String(open));
    toggler.setAttribute("aria-label", open ? "Hide menu" : "Show menu");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !menu.classList.contains("show")) return;
    menu.classList.remove("show");
    toggler.setAttribute("aria-expanded", "false");
    toggler.setAttribute("aria-label", "Show menu");
    toggler.focus();
  });
})();
