// The inventory's scan box, for a barcode scanner: the code, then Enter, then
// the next code at once. htmx posts the form (hx-post) and swaps the status
// line and the copy's row; this script only keeps the box ready for the next
// scan. The code is taken from the box the moment Enter is pressed and the box
// is cleared, so a second scan can be typed while the first is on its way; the
// form queues its requests (hx-sync "queue all") and each carries its own code.
// The form is `novalidate` for that reason: htmx would otherwise refuse to
// post a form whose (already cleared) required box is empty.
(function () {
  "use strict";

  function scanForm(element) {
    return element && element.closest ? element.closest("form#scan") : null;
  }

  // Capture phase on document: runs before htmx's own submit handler on the form.
  document.addEventListener("submit", function (event) {
    var form = scanForm(event.target);
    if (!form || !window.htmx) { return; }
    var box = form.querySelector("input[name=code]");
    if (!box.value.trim()) {
      // An Enter on an empty box (a scanner's double read): nothing to post.
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    event.scanCode = box.value;
    box.value = "";
    box.focus();
  }, true);

  document.addEventListener("htmx:configRequest", function (event) {
    var triggering = event.detail.triggeringEvent;
    if (scanForm(event.detail.elt) && triggering && typeof triggering.scanCode === "string") {
      event.detail.parameters.code = triggering.scanCode;
    }
  });

  // A row's "Seen with ..." button is a click elsewhere on the page: give the box its focus back.
  document.addEventListener("htmx:afterRequest", function (event) {
    var box = document.querySelector("form#scan input[name=code]");
    if (box && document.activeElement !== box && !scanForm(event.detail.elt)) { box.focus(); }
  });
})();
