/* Accessibility settings: a disclosure in the header with a few reader preferences.
   Choices live in localStorage only (no cookies) and are applied before first paint by
   the small inline script in every page's <head> (settings-early.js, allowed by its hash). */
(function () {
  "use strict";
  var STORAGE_KEY = "a11y-settings";
  var NAMES = ["text-size", "contrast", "spacing", "reading"];
  var toggle = document.getElementById("settings-toggle");
  var panel = document.getElementById("settings-panel");
  var reset = document.getElementById("settings-reset");
  var status = document.getElementById("settings-status");
  if (!toggle || !panel) { return; }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "{}") || {}; }
    catch (error) { return {}; }
  }

  function save(settings) {
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(settings)); }
    catch (error) { /* Private browsing may refuse storage: the choice still applies to this page. */ }
  }

  function apply(settings) {
    NAMES.forEach(function (name) {
      var value = settings[name];
      if (value && value !== "default") {
        document.documentElement.setAttribute("data-" + name, value);
      } else {
        document.documentElement.removeAttribute("data-" + name);
      }
      var radios = panel.querySelectorAll('input[name="' + name + '"]');
      Array.prototype.forEach.call(radios, function (radio) {
        radio.checked = radio.value === (value || "default");
      });
    });
  }

  function labelFor(input) {
    var label = panel.querySelector('label[for="' + input.id + '"]');
    var legend = input.closest("fieldset").querySelector("legend");
    return legend.textContent + ": " + label.textContent;
  }

  function announce(message) {
    // Clear first so the same message is announced again if repeated.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  toggle.hidden = false;
  apply(load());

  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    panel.hidden = !open;
  });

  panel.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || input.type !== "radio") { return; }
    var settings = load();
    settings[input.name] = input.value;
    save(settings);
    apply(settings);
    announce(labelFor(input) + " chosen.");
  });

  reset.addEventListener("click", function () {
    save({});
    apply({});
    announce("Standard settings restored.");
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      panel.hidden = true;
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
})();
