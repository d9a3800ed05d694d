// The work inbox (home page): "All" ticks or clears every row the leader may approve together.
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var form = box.getAttribute("data-select-all");
    box.addEventListener("change", function () {
      document.querySelectorAll('input[name="item"][form="' + form + '"]').forEach(function (item) {
        item.checked = box.checked;
      });
    });
  });
})();
