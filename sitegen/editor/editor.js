// The editor works without this script; it only adds comfort:
// - brings the error summary (or a page's preview) into focus after a refused save (GOV.UK pattern), also where
//   the browser ignores `autofocus` on it;
// - a link in the summary moves focus into the field, not just scrolls to it;
// - after a change to a list, focus goes to the item changed (the address ends #item-N);
// - asks before leaving a form with changes not saved, and before removing an item.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  var preview = document.getElementById("preview-heading");
  // After Save, Move or Remove the list opens at the item (#item-3): focus goes there, not to the top.
  var item = /^#item-\d+$/.test(location.hash) ? document.getElementById(location.hash.slice(1)) : null;
  if (summary) { summary.focus(); } else if (preview) { preview.focus(); } else if (item) { item.focus(); }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    var group = field.closest("fieldset") || field.closest(".form-group") || field;
    group.scrollIntoView();
    field.focus({ preventScroll: true });
  });
  var dirty = false;
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
}());
