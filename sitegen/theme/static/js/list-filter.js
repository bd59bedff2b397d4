/* List filter (a timeline's, or any list's with years or themes): the year and theme links filter the list in place, without a page load.
   Without JavaScript the same links open the static page for each choice, so every view
   has a real address; with it, the address bar shows that same address (pushState), so a
   view can be shared and bookmarked, and back and forward work. Only the count of entries
   shown is announced (a polite live region), as GOV.UK's finders do.

   The site's addresses are relative (it works in a sub-folder or from a USB stick), so each
   page's links are written for the address it was opened at. pushState changes the address
   without loading a page, and the browser would then resolve every relative address (menu,
   footer, stylesheet, icon, feed, downloads, anything added later) from the new one: one
   folder off. So before the address can change, every relative address in the document is
   made absolute, resolved against the address it was written for, and so is every one added
   later. Same-page links (#main-content) are left as they are: they must stay on this page. */
(function () {
  "use strict";
  // Every attribute that holds an address the browser resolves against the page's address.
  var URL_ATTRIBUTES = ["href", "src", "srcset", "action", "formaction", "poster", "data", "cite"];
  var WITH_URLS = "[href], [src], [srcset], [action], [formaction], [poster], object[data], [cite]";
  var ABSOLUTE = /^(?:[a-z][a-z0-9+.\-]*:|\/\/)/i; // Has a scheme (https:, mailto:, data:) or a host.

  var filter = document.getElementById("list-filter");
  var list = document.getElementById("list-items");
  if (!filter || !list || !window.history.pushState || !window.URL) { return; }

  var pageUrl = document.baseURI; // The address this page's relative links were written for.
  keepAddressesWorking(pageUrl);

  var count = document.getElementById("list-count");
  var viewText = document.getElementById("list-view");
  var empty = document.getElementById("list-empty");
  var allUrl = new URL(filter.getAttribute("data-all-path"), pageUrl);
  var total = Number(filter.getAttribute("data-total"));
  var fullListLoaded = list.children.length === total;
  var canonical = document.querySelector('link[rel="canonical"]');
  var ogUrl = document.querySelector('meta[property="og:url"]');
  var printedFrom = document.querySelector(".site-footer .print-only");
  // The public address of the whole list (the canonical address is absolute, on the real site).
  var canonicalAll = canonical ? new URL(filter.getAttribute("data-all-path"), canonical.href) : null;
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
  // Each view's heading, title and count are built as the static pages' are (render/list_pages.py
  // ViewHeadings): "Timeline: 2021", "Timeline: drugs", "Timeline: drugs, 2021"; the whole list's own.
  var heading = document.getElementById("list-heading");
  var headingAll = filter.getAttribute("data-heading-all");
  var headingShort = filter.getAttribute("data-heading-short");
  var titleSuffix = filter.getAttribute("data-title-suffix") || "";

  function viewPath(state) {
    return (state.year ? state.year + "/" : "") + (state.theme ? state.theme + "/" : "");
  }

  function pathFor(state) {
    return new URL(viewPath(state), allUrl).href;
  }

  function stateFromPath(pathname) {
    var rest = pathname.slice(allUrl.pathname.length).split("/").filter(Boolean);
    var state = { year: null, theme: null };
    rest.forEach(function (part) {
      // "2021", or a financial year "2023-24" (shown as 2023/24).
      if (/^\d{4}(-\d{2})?$/.test(part)) { state.year = part; } else { state.theme = part; }
    });
    return state;
  }

  function themeLabel(slug) {
    var link = filter.querySelector('a[data-theme="' + slug + '"]');
    return link ? link.textContent.trim() : slug;
  }

  function headingFor(state) {
    var name = viewName(state);
    return name ? headingShort + ": " + name : headingAll;
  }

  // A theme's label as it reads in a sentence ("Drugs" -> "drugs"; "CSE" stays): in_a_sentence.
  function inASentence(label) {
    return /^.[a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label;
  }

  function viewName(state) {
    var parts = [];
    if (state.theme) { parts.push(inASentence(themeLabel(state.theme))); }
    if (state.year) { parts.push(state.year.replace("-", "/")); }
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
          makeAbsolute(fresh, allUrl.href); // Written for the whole list's address, not this one.
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
    var newHeading = headingFor(state);
    if (heading && headingAll !== null && headingShort !== null) {
      setTextKeepingPeriodsWhole(heading, newHeading);
      document.title = newHeading + titleSuffix;
    }
    var section = document.querySelector('.site-nav a[data-section="' + filter.getAttribute("data-list-path") + '"]');
    if (section) { section.setAttribute("aria-current", name ? "true" : "page"); }
    showAddress(state);
  }

  // Shared, bookmarked or printed, the page names the view it shows.
  function showAddress(state) {
    if (!canonicalAll) { return; }
    var before = canonical.getAttribute("href");
    var address = new URL(viewPath(state), canonicalAll).href;
    canonical.setAttribute("href", address);
    if (ogUrl) { ogUrl.setAttribute("content", address); }
    if (printedFrom) { printedFrom.textContent = printedFrom.textContent.replace(before, address); }
  }

  // As sitegen/render/typography.py does: a period like "2018–23" never breaks at its dash.
  function setTextKeepingPeriodsWhole(element, text) {
    var period = /(^|[^\w\/-])(\d{4}[-\u2011\u2013\u2014]\d{2}(?:\d{2})?)(?![\w\/-])/g;
    var parts = [], last = 0, match;
    while ((match = period.exec(text)) !== null) {
      var start = match.index + match[1].length;
      parts.push(document.createTextNode(text.slice(last, start)));
      var whole = document.createElement("span");
      whole.className = "nowrap";
      whole.textContent = match[2];
      parts.push(whole);
      last = start + match[2].length;
    }
    parts.push(document.createTextNode(text.slice(last)));
    var label = element.querySelector(".draft-label"); // The preview's "Draft" label stays.
    if (label) { parts.push(document.createTextNode(" "), label); }
    element.replaceChildren.apply(element, parts);
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

  // On a phone the choices are folded (the fold's summary shows) and, open, push the results
  // a screen or more down: after a choice the fold closes, the focus moves to its summary
  // (where the reader can choose again) and the filter's box, its count and the results
  // heading below it come into view.
  // The live count above is the one thing announced: the focus lands on a control, not text.
  var fold = document.getElementById("filter-fold");
  function bringResultsIntoView() {
    var summary = fold && fold.querySelector("summary");
    if (!fold || !fold.open || !summary || window.getComputedStyle(summary).display === "none") { return; }
    fold.open = false;
    summary.focus({ preventScroll: true });
    filter.scrollIntoView({ block: "start" });
  }

  filter.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-year], a[data-theme]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    event.preventDefault();
    var state = stateFromPath(new URL(link.href).pathname);
    choose(state, true).then(bringResultsIntoView).catch(function () {
      window.location.href = link.href; // Offline or opened from disk: fall back to the static page.
    });
  });

  window.history.replaceState(initial, "", window.location.href);
  // A same-page link adds an entry without a state: its view is the one its address names.
  window.addEventListener("popstate", function (event) {
    var state = event.state || stateFromPath(window.location.pathname);
    choose(state, false).catch(function () { window.location.reload(); });
  });

  function keepAddressesWorking(base) {
    makeAbsolute(document.documentElement, base);
    if (!window.MutationObserver) { return; }
    new window.MutationObserver(function (changes) {
      changes.forEach(function (change) {
        if (change.type === "attributes") { makeAbsolute(change.target, base); }
        Array.prototype.forEach.call(change.addedNodes, function (node) {
          if (node.nodeType === 1) { makeAbsolute(node, base); }
        });
      });
    }).observe(document.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: URL_ATTRIBUTES });
  }

  // Rewrites the relative addresses in `root` and below as absolute ones, resolved against `base`.
  function makeAbsolute(root, base) {
    var elements = Array.prototype.slice.call(root.querySelectorAll(WITH_URLS));
    if (root.matches(WITH_URLS)) { elements.push(root); }
    elements.forEach(function (element) {
      URL_ATTRIBUTES.forEach(function (name) {
        var value = element.getAttribute(name);
        if (value === null || (name === "data" && element.localName !== "object")) { return; }
        var absolute = name === "srcset" ? absoluteSrcset(value, base) : absoluteAddress(value, base);
        if (absolute !== value) { element.setAttribute(name, absolute); }
      });
    });
  }

  function absoluteAddress(value, base) {
    var address = value.trim();
    // Empty, or a place on this page (#main-content): right at any address, so left alone.
    if (address === "" || address.charAt(0) === "#" || ABSOLUTE.test(address)) { return value; }
    try { return new URL(address, base).href; } catch (error) { return value; }
  }

  // "small.png 1x, large.png 2x": each candidate's address is its first word.
  function absoluteSrcset(value, base) {
    return value.replace(/(^|,)(\s*)([^\s,](?:\S*[^\s,])?)/g, function (match, comma, space, address) {
      return comma + space + absoluteAddress(address, base);
    });
  }
})();
