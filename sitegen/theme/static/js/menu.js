/* The compact menu on small screens: a disclosure button (the WAI-ARIA disclosure pattern).
   Without JavaScript the header has a "Menu" link to the list instead, which the stylesheet
   shows when it is the link's target (#site-menu). On wide screens the list is always shown
   and neither the link nor the button is. Escape closes the menu from the button or from
   inside it, and puts focus back on the button. */
(function () {
  "use strict";
  var nav = document.getElementById("site-menu");
  var toggle = document.getElementById("menu-toggle");
  var link = document.getElementById("menu-link");
  if (!nav || !toggle) { return; }

  function isOpen() {
    return toggle.getAttribute("aria-expanded") === "true";
  }

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  }

  nav.classList.add("menu-enhanced"); // From now on the button, not #site-menu in the address, opens it.
  toggle.hidden = false;
  if (link) { link.hidden = true; }
  // Opened by the no-JavaScript link before this script ran (or by a shared address): stay open.
  setOpen(window.location.hash === "#site-menu");

  toggle.addEventListener("click", function () {
    setOpen(!isOpen());
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !isOpen()) { return; }
    var focused = document.activeElement;
    if (focused !== toggle && !nav.contains(focused)) { return; }
    setOpen(false);
    toggle.focus();
  });
})();
