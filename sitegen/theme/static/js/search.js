/* Offline search: loads the small JSON index of every page and entry, and lists matches for
   the words in ?q=. The form works as a plain GET form; without JavaScript the page lists
   every page instead. Only the number of results is announced. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var fallback = document.getElementById("search-fallback");
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var root = form.getAttribute("data-root");
  var index = null;

  fallback.hidden = true;

  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^a-z0-9]+/).filter(Boolean);
  }

  function score(record, terms) {
    var title = words(record.title).join(" ");
    var text = words(record.text).join(" ");
    var total = 0;
    for (var i = 0; i < terms.length; i += 1) {
      var inTitle = title.indexOf(terms[i]) !== -1;
      var inText = text.indexOf(terms[i]) !== -1;
      if (!inTitle && !inText) { return 0; }
      total += (inTitle ? 3 : 0) + (inText ? 1 : 0);
    }
    return total;
  }

  function render(query) {
    var terms = words(query);
    results.replaceChildren();
    if (!terms.length) {
      results.hidden = true;
      status.textContent = "";
      return;
    }
    var found = index
      .map(function (record) { return { record: record, score: score(record, terms) }; })
      .filter(function (item) { return item.score > 0; })
      .sort(function (a, b) { return b.score - a.score; });
    found.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + item.record.url;
      link.textContent = item.record.title;
      var text = document.createElement("p");
      text.textContent = item.record.text.length > 200 ? item.record.text.slice(0, 197) + "…" : item.record.text;
      li.append(link, text);
      results.append(li);
    });
    results.hidden = found.length === 0;
    status.textContent = found.length + (found.length === 1 ? " result" : " results") + " for “" + query + "”";
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  window.fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      index = data;
      render(query);
    })
    .catch(function () {
      fallback.hidden = false;
      status.textContent = "Search could not load. The main pages are listed below.";
    });
})();
