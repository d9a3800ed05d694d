// Print buttons (forms marked data-print): disable on submit and say that
// the ledger is being prepared, until the PDF arrives.
//
// A PDF comes back as a download, so the page never reloads to tell us it
// has arrived. The form carries a random ticket; the server sets a cookie
// `print_ticket` to that ticket on the PDF response (printing/asking.py),
// and this script watches for it. A large ledger instead redirects to its job
// page, which is a navigation and needs nothing here. The server dedupes a
// repeated print as well; this is what the person sees.
(function () {
  "use strict";
  var POLL_MS = 400;
  var GIVE_UP_MS = 5 * 60 * 1000;
  var COOKIE = "print_ticket";

  function newTicket() {
    var words = new Uint32Array(3);
    window.crypto.getRandomValues(words);
    return Array.prototype.map.call(words, function (w) { return w.toString(36); }).join("");
  }

  function readCookie(name) {
    var pairs = document.cookie ? document.cookie.split("; ") : [];
    for (var i = 0; i < pairs.length; i++) {
      var at = pairs[i].indexOf("=");
      if (pairs[i].slice(0, at) === name) { return decodeURIComponent(pairs[i].slice(at + 1)); }
    }
    return null;
  }

  function forgetCookie(name) {
    document.cookie = name + "=; Max-Age=0; path=/; SameSite=Strict";
  }

  function message() {
    var meta = document.querySelector('meta[name="print-progress"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function buttonsOf(form) {
    return form.querySelectorAll('button[type="submit"], button:not([type]), input[type="submit"]');
  }

  function finish(form) {
    delete form.dataset.printing;
    form.classList.remove("printing");
    buttonsOf(form).forEach(function (button) { button.disabled = false; button.removeAttribute("aria-busy"); });
    var note = form.querySelector(".print-progress");
    if (note) { note.remove(); }
  }

  function start(form) {
    var ticket = newTicket();
    var input = form.querySelector('input[name="print_ticket"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "print_ticket";
      form.appendChild(input);
    }
    input.value = ticket;
    form.dataset.printing = "1";
    form.classList.add("printing");
    var note = document.createElement("span");
    note.className = "print-progress";
    note.setAttribute("role", "status");
    note.textContent = message();
    form.appendChild(note);
    // Disabled after this event: a button disabled now would drop out of the submission.
    window.setTimeout(function () {
      buttonsOf(form).forEach(function (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); });
    }, 0);
    var began = Date.now();
    var timer = window.setInterval(function () {
      if (readCookie(COOKIE) === ticket || Date.now() - began > GIVE_UP_MS) {
        window.clearInterval(timer);
        forgetCookie(COOKIE);
        finish(form);
      }
    }, POLL_MS);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-print")) { return; }
    if (form.dataset.printing) {
      event.preventDefault();  // the second click of a double click
      return;
    }
    start(form);
  });

  // Back from the job page: the browser may restore this page as it was left, busy.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-print].printing").forEach(finish);
  });
})();
