(function () {
  var allowed = { "text-size": ["large", "larger"], "contrast": ["high"], "spacing": ["wide"], "reading": ["dyslexia"] };
  try {
    var saved = JSON.parse(window.localStorage.getItem("a11y-settings") || "{}");
    for (var name in allowed) {
      if (allowed[name].indexOf(saved[name]) !== -1) {
        document.documentElement.setAttribute("data-" + name, saved[name]);
      }
    }
  } catch (error) { /* Storage blocked or unreadable: the standard settings apply. */ }
})();
