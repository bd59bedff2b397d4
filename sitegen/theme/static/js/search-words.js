/* Words as search sees them: the rules of sitegen/shape/search_words.py, line for line (the
   build stems what it indexes, this stems the reader's query; tests/test_search_index.py runs
   both over the site's vocabulary). Sets window.searchWords for search.js. */
(function () {
  "use strict";
  function words(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^a-z0-9]+/).filter(function (word) { return word.length > 1 || /^[0-9]$/.test(word); });
  }

  function endsWith(word, endings) {
    for (var i = 0; i < endings.length; i += 1) {
      if (word.slice(-endings[i].length) === endings[i]) { return true; }
    }
    return false;
  }

  function stem(word) {
    if (word.length < 4 || !/^[a-z]+$/.test(word)) { return word; }
    if (endsWith(word, ["ies"]) && word.length > 4) {
      word = word.slice(0, -3) + "y";
    } else if (endsWith(word, ["sses", "xes", "ches", "shes", "zes"])) {
      word = word.slice(0, -2);
    } else if (endsWith(word, ["s"]) && !endsWith(word, ["ss", "us", "is"])) {
      word = word.slice(0, -1);
    }
    var endings = ["ing", "ed"];
    for (var i = 0; i < endings.length; i += 1) {
      var rest = word.slice(0, -endings[i].length);
      if (endsWith(word, [endings[i]]) && rest.length >= 3 && /[aeiouy]/.test(rest) && !endsWith(word, ["eed"])) {
        word = rest.replace(/([bdfgkmnprt])\1$/, "$1");
        break;
      }
    }
    if (endsWith(word, ["e"]) && word.length > 4) { word = word.slice(0, -1); }
    return word;
  }

  window.searchWords = { words: words, stem: stem };
})();
