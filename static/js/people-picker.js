// The people type-ahead (documents/forms/people_picker.py): htmx fetches the matching people;
// this script moves a picked person into the list (hidden inputs, in order), reorders and removes.
(function () {
  "use strict";

  function pickedValues(picker) {
    return Array.prototype.map.call(picker.querySelectorAll("[data-picked] > li"), function (li) {
      return li.getAttribute("data-value");
    });
  }

  function button(label, attr, value) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "icon";
    b.setAttribute(attr, value);
    b.title = label;
    b.setAttribute("aria-label", label);
    b.textContent = attr === "data-remove" ? "\u00d7" : (value === "up" ? "\u2191" : "\u2193");
    return b;
  }

  function markOffered(picker) {
    var picked = pickedValues(picker);
    picker.querySelectorAll(".picker-option").forEach(function (option) {
      option.disabled = picked.indexOf(option.getAttribute("data-value")) !== -1;
    });
  }

  function pick(picker, option) {
    var list = picker.querySelector("[data-picked]");
    var multiple = picker.hasAttribute("data-multiple");
    var value = option.getAttribute("data-value");
    if (pickedValues(picker).indexOf(value) !== -1) return;
    if (!multiple) list.innerHTML = "";
    var li = document.createElement("li");
    li.setAttribute("data-value", value);
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = picker.getAttribute("data-name");
    input.value = value;
    var name = document.createElement("span");
    name.className = "picked-name";
    name.textContent = option.getAttribute("data-label");
    li.appendChild(input);
    li.appendChild(name);
    var labels = picker.dataset;
    if (picker.hasAttribute("data-ordered")) {
      li.appendChild(button(labels.labelUp, "data-move", "up"));
      li.appendChild(button(labels.labelDown, "data-move", "down"));
    }
    li.appendChild(button(labels.labelRemove, "data-remove", ""));
    list.appendChild(li);
    markOffered(picker);
    var search = picker.querySelector(".picker-search");
    if (!multiple) {
      // One person: the choice is made, close the list.
      picker.querySelector(".picker-results").innerHTML = "";
      if (search) search.value = "";
    } else if (search) {
      search.focus();
    }
  }

  document.addEventListener("click", function (event) {
    var picker = event.target.closest(".person-picker");
    if (!picker) return;
    var option = event.target.closest(".picker-option");
    if (option) { pick(picker, option); return; }
    var li = event.target.closest("[data-picked] > li");
    if (!li) return;
    if (event.target.closest("[data-remove]")) { li.remove(); markOffered(picker); return; }
    var move = event.target.closest("[data-move]");
    if (move && move.getAttribute("data-move") === "up" && li.previousElementSibling) {
      li.parentNode.insertBefore(li, li.previousElementSibling);
    } else if (move && move.getAttribute("data-move") === "down" && li.nextElementSibling) {
      li.parentNode.insertBefore(li.nextElementSibling, li);
    }
  });

  // Enter in the search box picks the first person offered instead of submitting the form.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.classList || !event.target.classList.contains("picker-search")) return;
    event.preventDefault();
    var picker = event.target.closest(".person-picker");
    var first = picker && picker.querySelector(".picker-option:not([disabled])");
    if (first) pick(picker, first);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = event.target.closest && event.target.closest(".person-picker");
    if (picker) markOffered(picker);
  });
})();
