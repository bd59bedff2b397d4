/* Overdue steps, as of the reader's own date. The page is built with the statuses of its
   build date (sitegen/model/build_date.py), which it states; a step whose target date has passed
   since then is marked "Overdue" here too, and the summary's date and count follow. It only
   ever moves the date forward, so a wrong clock cannot undo what the build found. */
(function () {
  "use strict";
  var summary = document.getElementById("progress-dates");
  if (!summary || !summary.hasAttribute("data-today") || !window.Intl) { return; }
  var now = new Date();
  var today = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map(function (part) { return String(part).padStart(2, "0"); }).join("-");
  if (today <= summary.getAttribute("data-today")) { return; }

  var steps = document.querySelectorAll("#list-items li[data-target]");
  Array.prototype.forEach.call(steps, function (step) {
    var status = step.querySelector(".step-status");
    if (step.getAttribute("data-status") === "done" || !status || step.getAttribute("data-target") >= today ||
        status.querySelector(".tag-overdue")) { return; }
    var tag = document.createElement("strong");
    tag.className = "tag tag-overdue";
    tag.textContent = "Overdue";
    status.append(" ", tag);
  });

  var overdue = document.querySelectorAll("#list-items .tag-overdue").length;
  Array.prototype.forEach.call(document.querySelectorAll("[data-overdue-count]"), function (count) {
    count.textContent = String(overdue);
  });
  var date = summary.querySelector("time");
  if (date) {
    date.setAttribute("datetime", today);
    date.textContent = now.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  }
  summary.setAttribute("data-today", today);
})();
