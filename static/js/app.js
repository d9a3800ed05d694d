// The registry's own script: small behaviours every page shares. No inline
// scripts anywhere (the Content-Security-Policy forbids them); features that
// need more put a module of their own beside this file.
(function () {
  "use strict";
  // htmx requests carry the CSRF token of a form already on the page (the
  // top bar's language form always has one), so no page has to repeat it.
  document.addEventListener("htmx:configRequest", function (event) {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field && !event.detail.headers["X-CSRFToken"]) {
      event.detail.headers["X-CSRFToken"] = field.value;
    }
  });

  // Below desktop width the navigation folds behind a "Menu" button (static/css/app.css).
  // Without this script it stays open and wraps, which is usable too.
  var bar = document.querySelector(".topbar");
  var toggle = bar && bar.querySelector(".navtoggle");
  var nav = bar && bar.querySelector(".mainnav");
  if (toggle && nav) {
    nav.id = nav.id || "mainnav";
    toggle.setAttribute("aria-controls", nav.id);
    toggle.setAttribute("aria-expanded", "false");
    toggle.hidden = false;
    document.documentElement.classList.add("js-nav");
    toggle.addEventListener("click", function () {
      var open = bar.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Wide tables scroll inside their box, never the page: each ledger table
  // gets a scrolling wrapper, also those htmx puts in later.
  function wrapTables(root) {
    var tables = root.querySelectorAll ? root.querySelectorAll("table.ledger") : [];
    Array.prototype.forEach.call(tables, function (table) {
      var parent = table.parentElement.classList;
      if (parent.contains("table-scroll") || parent.contains("table-wrap")) { return; }
      var box = document.createElement("div");
      box.className = "table-wrap";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  document.documentElement.classList.add("js-tables");
  wrapTables(document);
  document.addEventListener("htmx:load", function (event) { wrapTables(event.detail.elt); });
})();
