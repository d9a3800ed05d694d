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
})();
