/* Offline search over the site's own index (sitegen/shape/search_index.py says its files).
   The form works as a plain GET form; this script reads ?q=, puts the words back in the box
   and fetches only the parts of the index the query needs: the dictionary file of each
   word's first letters (start.json names them), a common word's document list, and the results shown. Words are
   stemmed as the build stemmed them (sitegen/shape/search_words.py: keep the two the same),
   a glossary expansion in the query also finds its abbreviation, and a word the site does
   not have is replaced by the closest one it has, with "Did you mean". Without JavaScript
   the page offers the A to Z. Only the number of results is announced. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var suggestion = document.getElementById("search-suggestion");
  var results = document.getElementById("search-results");
  var moreRow = document.getElementById("search-more-row");
  var more = document.getElementById("search-more");
  var fallback = document.getElementById("search-fallback");
  if (!form || !window.searchWords || !window.fetch || !window.URLSearchParams || !window.Promise || !window.atob) { return; }
  var base = form.getAttribute("data-index");
  var root = form.getAttribute("data-root");
  var perFile = parseInt(form.getAttribute("data-per-file"), 10) || 8;
  var SHOWN = 10;
  var files = {};

  fallback.hidden = true;

  function load(path) {
    if (!files[path]) {
      files[path] = window.fetch(base + path, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(path + ": " + response.status); }
        return response.json();
      });
    }
    return files[path];
  }

  var words = window.searchWords.words;
  var stem = window.searchWords.stem;

  // Letters to change, add, remove or swap to turn one word into the other.
  function distance(a, b) {
    var rows = [];
    for (var i = 0; i <= a.length; i += 1) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j += 1) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          best = Math.min(best, rows[i - 2][j - 2] + 1);
        }
        rows[i].push(best);
      }
    }
    return rows[a.length][b.length];
  }

  function closest(term, shard) {
    var limit = term.length <= 4 ? 1 : 2;
    var found = null;
    Object.keys(shard).forEach(function (other) {
      var d = distance(term, other);
      if (d <= limit && (!found || d < found.d || (d === found.d && shard[other][1] > shard[found.term][1]))) {
        found = { term: other, d: d };
      }
    });
    return found && found.term;
  }

  function decode(encoded, total) {
    var numbers = [];
    if (typeof encoded === "string") {
      var bits = window.atob(encoded);
      for (var i = 0; i < bits.length * 8; i += 1) {
        if (bits.charCodeAt(i >> 3) & (1 << (i & 7))) { numbers.push(i); }
      }
      return numbers;
    }
    var last = 0;
    (encoded || []).forEach(function (gap) { last += gap; numbers.push(last); });
    return numbers;
  }

  // The query as clauses: each a stem and the words it came from; "child sexual exploitation"
  // becomes the one clause "cse" when the glossary says so.
  function clauses(query, glossary) {
    var typed = words(query);
    var stems = typed.map(stem);
    var found = [];
    var i = 0;
    while (i < stems.length) {
      var matched = null;
      for (var g = 0; g < glossary.length && !matched; g += 1) {
        var phrase = glossary[g][1];
        if (phrase.length && stems.slice(i, i + phrase.length).join(" ") === phrase.join(" ")) {
          matched = { stem: glossary[g][0], word: typed.slice(i, i + phrase.length).join(" "), size: phrase.length };
        }
      }
      if (!matched) { matched = { stem: stems[i], word: typed[i], size: 1 }; }
      if (!found.some(function (c) { return c.stem === matched.stem; })) { found.push(matched); }
      i += matched.size;
    }
    return found;
  }

  // The dictionary file a stem is in: the longest of their names that it starts with.
  function shardOf(term, names) {
    for (var length = term.length; length > 0; length -= 1) {
      if (names[term.slice(0, length)]) { return "terms/" + term.slice(0, length) + ".json"; }
    }
    return null;
  }

  function lookUp(clause, names) {
    var file = shardOf(clause.stem, names);
    return (file ? load(file) : Promise.resolve({})).then(function (shard) {
      var term = Object.prototype.hasOwnProperty.call(shard, clause.stem) ? clause.stem : null;
      if (!term) {
        term = clause.stem.length > 3 && /^[a-z]+$/.test(clause.stem) ? closest(clause.stem, shard) : null;
        if (!term) { return null; }
        clause.correction = shard[term][0];
      }
      var entry = shard[term];
      var body = entry[2] === 0 ? load("postings/" + term + ".json") : Promise.resolve(entry[2]);
      return body.then(function (encoded) { return { body: encoded, title: entry[3] }; });
    });
  }

  function rank(found) {
    var scores = null;
    found.forEach(function (sets) {
      var title = {};
      decode(sets.title).forEach(function (n) { title[n] = true; });
      var next = {};
      decode(sets.body).forEach(function (n) {
        if (scores === null || Object.prototype.hasOwnProperty.call(scores, n)) {
          next[n] = (scores === null ? 0 : scores[n]) + (title[n] ? 3 : 1);
        }
      });
      scores = next;
    });
    return Object.keys(scores || {}).map(Number).sort(function (a, b) {
      return scores[b] - scores[a] || a - b;
    });
  }

  function show(numbers, from) {
    var wanted = numbers.slice(from, from + SHOWN);
    var names = {};
    wanted.forEach(function (n) { names[Math.floor(n / perFile)] = true; });
    return Promise.all(Object.keys(names).map(function (name) {
      return load("docs/" + name + ".json").then(function (docs) { return [Number(name), docs]; });
    })).then(function (loaded) {
      var docs = {};
      loaded.forEach(function (pair) { docs[pair[0]] = pair[1]; });
      wanted.forEach(function (n) {
        var doc = docs[Math.floor(n / perFile)][n % perFile];
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + doc[1];
        link.textContent = doc[0];
        li.append(link);
        if (doc[2]) {
          var what = document.createElement("p");
          what.className = "search-result-kind";
          what.textContent = doc[2];
          li.append(what);
        }
        var text = document.createElement("p");
        text.textContent = doc[3];
        li.append(text);
        results.append(li);
      });
      results.hidden = numbers.length === 0;
      moreRow.hidden = from + SHOWN >= numbers.length;
      more.onclick = function () {
        var first = results.children.length;
        show(numbers, from + SHOWN).then(function () {
          var next = results.children[first] && results.children[first].querySelector("a");
          if (next) { next.focus(); }
        });
      };
    });
  }

  function plural(count) { return count + (count === 1 ? " result" : " results"); }

  function search(query) {
    results.replaceChildren();
    suggestion.hidden = true;
    moreRow.hidden = true;
    return load("start.json").then(function (start) {
      var names = {};
      start.shards.forEach(function (name) { names[name] = true; });
      var wanted = clauses(query, start.glossary);
      if (!wanted.length) { status.textContent = ""; results.hidden = true; return null; }
      return Promise.all(wanted.map(function (clause) { return lookUp(clause, names); })).then(function (found) {
        var numbers = found.some(function (sets) { return sets === null; }) ? [] : rank(found);
        var corrected = wanted.filter(function (c) { return c.correction; });
        var said = query;
        if (corrected.length && numbers.length) {
          said = wanted.map(function (c) { return c.correction || c.word; }).join(" ");
          var link = document.createElement("a");
          link.href = "?q=" + encodeURIComponent(said);
          link.textContent = said;
          suggestion.replaceChildren("Did you mean ", link, "? Nothing matches “" + query + "”, so these are the results for “" + said + "”.");
          suggestion.hidden = false;
        }
        return show(numbers, 0).then(function () {
          status.textContent = plural(numbers.length) + " for “" + said + "”";
        });
      });
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  if (!query.trim()) { return; }
  search(query).catch(function () {
    fallback.hidden = false;
    status.textContent = "Search could not load. The A to Z and the main pages are listed below.";
  });
})();
