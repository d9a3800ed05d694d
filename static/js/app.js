// The registry's own script: small behaviours every page shares. No inline
// scripts anywhere (the Content-Security-Policy forbids them); features that
// need more put a module of their own beside this file.
(function () {
  "use strict";
  // htmx sends the CSRF token from <body hx-headers>; nothing else to set up here yet.
})();
