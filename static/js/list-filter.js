/* List filter (a timeline's, or any list's with years or themes): the year and theme links filter the list in place, without a page load.
   Without JavaScript the same links open the static page for each choice, so every view
   has a real address; with it, the address bar shows that same address (pushState), so a
   view can be shared and bookmarked, and back and forward work. Only the count of entries
   shown is announced (a polite live region), as GOV.UK's finders do. */
(function () {
  "use strict";
  var filter = document.getElementById("list-filter");
  var list = document.getElementById("list-items");
  if (!filter || !list || !window.history.pushState || !window.URL) { return; }

  var count = document.getElementById("list-count");
  var viewText = document.getElementById("list-view");
  var empty = document.getElementById("list-empty");
  var allUrl = new URL(filter.getAttribute("data-all-path"), window.location.href);
  var total = Number(filter.getAttribute("data-total"));
  var baseTitle = document.title;
  var fullListLoaded = list.children.length === total;
  var loading = null;

  function links(kind) {
    return Array.prototype.slice.call(filter.querySelectorAll("a[data-" + kind + "]"));
  }

  function current(kind) {
    var chosen = filter.querySelector("a[data-" + kind + "][aria-current]");
    var value = chosen ? chosen.getAttribute("data-" + kind) : "all";
    return value === "all" ? null : value;
  }

  var initial = { year: current("year"), theme: current("theme") };
  // The page title without the view name, so each view's title can be built like the static pages'.
  var plainTitle = initial.year || initial.theme ? baseTitle.split(" – ").slice(1).join(" – ") : baseTitle;

  function pathFor(state) {
    return new URL((state.year ? state.year + "/" : "") + (state.theme ? state.theme + "/" : ""), allUrl).href;
  }

  function stateFromPath(pathname) {
    var rest = pathname.slice(allUrl.pathname.length).split("/").filter(Boolean);
    var state = { year: null, theme: null };
    rest.forEach(function (part) {
      if (/^\d{4}$/.test(part)) { state.year = part; } else { state.theme = part; }
    });
    return state;
  }

  function themeLabel(slug) {
    var link = filter.querySelector('a[data-theme="' + slug + '"]');
    return link ? link.textContent.trim() : slug;
  }

  function viewName(state) {
    var parts = [];
    if (state.year) { parts.push(state.year); }
    if (state.theme) { parts.push(themeLabel(state.theme)); }
    return parts.join(", ");
  }

  // A per-year page holds only its own entries; fetch the full list once, from the "all" page.
  function ensureFullList() {
    if (fullListLoaded) { return Promise.resolve(); }
    if (!loading) {
      loading = window.fetch(allUrl.href, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var fresh = page.getElementById("list-items");
          Array.prototype.forEach.call(fresh.querySelectorAll("a[href]"), function (a) {
            a.setAttribute("href", new URL(a.getAttribute("href"), allUrl).href);
          });
          list.replaceChildren.apply(list, Array.prototype.map.call(fresh.children, function (item) {
            return document.importNode(item, true);
          }));
          fullListLoaded = true;
        });
    }
    return loading;
  }

  function matches(item, state) {
    var years = (item.getAttribute("data-years") || "").split(" ");
    var themes = (item.getAttribute("data-themes") || "").split(" ");
    return (!state.year || years.indexOf(state.year) !== -1) && (!state.theme || themes.indexOf(state.theme) !== -1);
  }

  function show(state) {
    var shown = 0;
    Array.prototype.forEach.call(list.children, function (item) {
      var visible = matches(item, state);
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    links("year").forEach(function (link) {
      var value = link.getAttribute("data-year");
      var target = { year: value === "all" ? null : value, theme: state.theme };
      link.setAttribute("href", pathFor(target));
      setCurrent(link, (value === "all" ? null : value) === state.year);
    });
    links("theme").forEach(function (link) {
      var value = link.getAttribute("data-theme");
      var target = { year: state.year, theme: value === "all" ? null : value };
      link.setAttribute("href", pathFor(target));
      setCurrent(link, (value === "all" ? null : value) === state.theme);
    });
    var name = viewName(state);
    count.textContent = shown + " " + (shown === 1 ? filter.getAttribute("data-one") : filter.getAttribute("data-many"));
    viewText.textContent = name ? "for " + name : viewText.getAttribute("data-all-text");
    empty.hidden = shown !== 0;
    document.title = name ? name + " – " + plainTitle : plainTitle;
    var section = document.querySelector('.site-nav a[data-section="' + filter.getAttribute("data-list-path") + '"]');
    if (section) { section.setAttribute("aria-current", name ? "true" : "page"); }
  }

  function setCurrent(link, isCurrent) {
    // "true", not "page": the year and the theme are each a current choice on one page.
    if (isCurrent) { link.setAttribute("aria-current", "true"); } else { link.removeAttribute("aria-current"); }
  }

  function choose(state, push) {
    return ensureFullList().then(function () {
      show(state);
      if (push) { window.history.pushState(state, "", pathFor(state)); }
    });
  }

  filter.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-year], a[data-theme]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    var state = stateFromPath(new URL(link.href).pathname);
    choose(state, true).catch(function () {
      window.location.href = link.href; // Offline or opened from disk: fall back to the static page.
    });
  });

  window.history.replaceState(initial, "", window.location.href);
  window.addEventListener("popstate", function (event) {
    var state = event.state || stateFromPath(window.location.pathname);
    choose(state, false).catch(function () { window.location.reload(); });
  });
})();
