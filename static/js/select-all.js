// "Select all / none" above a table of checkboxes (documents/_select_all.html). Without this script
// the links reload the page with every row ticked (?pick=all) or none; with it they tick in place.
(function () {
  "use strict";

  function boxes(control) {
    var scope = document.querySelector(control.getAttribute("data-select-scope"));
    return scope ? scope.querySelectorAll("input[type=checkbox]:not([disabled])") : [];
  }

  function count(control) {
    var all = boxes(control);
    var ticked = Array.prototype.filter.call(all, function (box) { return box.checked; }).length;
    var out = control.querySelector("[data-select-count]");
    if (out) out.textContent = ticked + " / " + all.length;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-select-scope] [data-select]");
    if (!link) return;
    event.preventDefault();
    var control = link.closest("[data-select-scope]");
    var on = link.getAttribute("data-select") === "all";
    boxes(control).forEach(function (box) { box.checked = on; });
    count(control);
  });

  document.addEventListener("change", function (event) {
    if (!event.target.matches || !event.target.matches("input[type=checkbox]")) return;
    document.querySelectorAll("[data-select-scope]").forEach(function (control) {
      var scope = document.querySelector(control.getAttribute("data-select-scope"));
      if (scope && scope.contains(event.target)) count(control);
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-select-scope]").forEach(count);
  });
})();
