/* The live preview's own script: build.py serve adds it to every page it serves, from
   /__preview__/preview.js (allowed by the preview's Content-Security-Policy as 'self').
   It is never part of the built site.

   1. Reload when the site has been rebuilt. livereload's message can miss a page that was
      still loading when a build finished (a burst of saves), so the page also asks every
      300 ms which build is current.
   2. Keep the preview's messages in view. After a save the browser reloads the page where it
      was scrolled to, so a message at the top of the page (the problems that stopped the
      build, or the warnings that will stop it being published) would sit out of sight: the
      editor would see the page and no sign of a problem. So the preview restores the scroll
      position itself: a page with a message opens at the message, with focus on it (which
      makes a screen reader read it); a page without one opens where the editor was reading
      before the message appeared. */
(function () {
  "use strict";
  var notice = document.getElementById("preview-error") || document.getElementById("preview-warnings");
  var placeKey = "sitegen-preview-place:" + window.location.pathname;

  function remembered() {
    try { return window.sessionStorage.getItem(placeKey); } catch (error) { return null; }
  }

  function remember(value) {
    try { window.sessionStorage.setItem(placeKey, value); } catch (error) { /* Storage refused: the page opens at its top. */ }
  }

  function reloaded() {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length > 0 && (entries[0].type === "reload" || entries[0].type === "back_forward");
  }

  if ("scrollRestoration" in window.history) { window.history.scrollRestoration = "manual"; }
  var place = remembered();

  function settle() {
    if (notice) {
      notice.scrollIntoView({ block: "start" });
    } else if (place !== null && reloaded() && !window.location.hash) {
      window.scrollTo(0, Number(place));
    }
  }

  settle();
  if (notice) { notice.focus({ preventScroll: true }); }
  window.addEventListener("load", settle); // Again once pictures and fonts have their size.

  // Where the editor was reading. While a message shows, the place from before it is kept.
  window.addEventListener("pagehide", function () {
    if (!notice) { remember(String(window.scrollY)); }
  });

  var shown = document.querySelector('meta[name="sitegen-build"]');
  if (!shown || !window.fetch) { return; }
  window.setInterval(function () {
    window.fetch("/__preview__/build", { cache: "no-store" }).then(function (response) {
      return response.text();
    }).then(function (current) {
      if (current !== shown.content) { window.location.reload(); }
    }).catch(function () {});
  }, 300);
})();
